/**
 * P14 `behavioral-emergency`: an emergency intervention (seclusion, behavioural restraint) was
 * used, or serious property damage occurred (L12533-12536). Emergency interventions answer only
 * sudden behaviour posing a clear and present danger of serious harm, never discipline or a
 * substitute for a BIP; prohibited methods are listed (L12468-12531).
 *
 * Two duties run side by side, so the root is parallel:
 * - region `notice`: the parent (and residential care provider, if any) within one school day
 *   (L12533-12536, L18502-18503; B-8 default "next school day"). The table puts this clock on
 *   `reported`, but the administrator's review may come first and must not cancel it;
 * - region `review`: the report goes to the administrator at once and is reviewed; without a
 *   BIP an IEP meeting is scheduled within two days (L12551-12553, L18480-18481; B-6 working
 *   days); with a BIP, new serious behaviour or an ineffective plan goes to the IEP team
 *   (L12557-12560).
 * The process ends when both are done.
 */
import { assign, setup } from 'xstate';
import { z } from 'zod';
import {
  ActorSchema,
  IsoDate,
  declaredEffects,
  eventSchema,
  type ProcessDefinition,
  type ProcessInput,
  type TimerEvent,
} from './contract';
import { lazyDefinition, once } from './lazy';

type Timer<T extends string> = Omit<TimerEvent, 'type'> & { type: T };

const schoolStaff = once(() => ActorSchema.extend({ role: z.enum(['district', 'nps']) }));

export const EmergencyInterventionUsed = once(() => eventSchema('EMERGENCY_INTERVENTION_USED', {
  actor: schoolStaff(),
  incidentId: z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/, 'must be an incident id'),
  intervention: z.enum(['seclusion', 'behavioral-restraint', 'other-emergency-intervention', 'serious-property-damage']),
  /** A residential care provider is also told (L12534-12535). */
  residentialCareProvider: z.boolean().optional(),
}));

export const behavioralEmergencyEvents = once(() => ({
  EMERGENCY_INTERVENTION_USED: EmergencyInterventionUsed(),
  PARENT_NOTIFIED: eventSchema('PARENT_NOTIFIED', {
    actor: schoolStaff(),
    method: z.enum(['phone', 'in-person', 'written', 'email']),
  }),
  /** The designated administrator's review of the BER (L12549-12550). */
  BER_REVIEWED: eventSchema('BER_REVIEWED', {
    actor: schoolStaff(),
    hasBip: z.boolean(),
    newSeriousBehavior: z.boolean().optional(),
    planIneffective: z.boolean().optional(),
  }),
  /** NC 6A, purpose "Behavioral Emergency" (L16575). */
  MEETING_SCHEDULED: eventSchema('MEETING_SCHEDULED', { actor: schoolStaff(), meetingOn: IsoDate }),
  /** The IEP team finds an FBA needed: assessment plan (NC 3) for consent, then a BIP on IEP 6G (L1009-1013, L18509-18513). */
  FBA_AGREED: eventSchema('FBA_AGREED', { actor: schoolStaff() }),
  /** No FBA: the team documents why (L12554-12556), so the reasons' document is required. */
  NO_FBA: eventSchema('NO_FBA', { actor: schoolStaff(), documentRef: z.string().min(1).max(128) }),
  /** With a BIP: the team decides whether to change it (L1004-1008, L12557-12560). */
  IEP_DECIDED: eventSchema('IEP_DECIDED', { actor: schoolStaff(), bipChanged: z.boolean() }),
}));

type ExternalEvent = z.infer<(ReturnType<typeof behavioralEmergencyEvents>)[keyof ReturnType<typeof behavioralEmergencyEvents>]>;
export type BehavioralEmergencyEvent = ExternalEvent | Timer<'BEHAVIOR_EMERGENCY_NOTICE_DUE' | 'BE_IEP_DUE'>;

export interface BehavioralEmergencyContext {
  incidentId: string;
  /** Trigger of `behavior-emergency-notice` and `behavior-emergency-iep` ("within two days of the behavioral emergency", L18480). */
  incidentOn: string;
  residentialCareProvider: boolean;
  parentNotifiedOn: string | null;
  reviewedOn: string | null;
  hasBip: boolean | null;
  meetingOn: string | null;
  bipChanged: boolean | null;
}

function openingContext(input: ProcessInput): BehavioralEmergencyContext {
  const t = EmergencyInterventionUsed().parse(input.trigger);
  return {
    incidentId: t.incidentId,
    incidentOn: t.occurredOn,
    residentialCareProvider: t.residentialCareProvider ?? false,
    parentNotifiedOn: null,
    reviewedOn: null,
    hasBip: null,
    meetingOn: null,
    bipChanged: null,
  };
}

const lateAct = (code: string) => [
  { type: 'recordDelay' as const, params: { code } },
  { type: 'escalate' as const, params: { to: ['caseManager' as const, 'spedDirector' as const] } },
];

export const behavioralEmergencyMachine = once(() => setup({
  types: { context: {} as BehavioralEmergencyContext, events: {} as BehavioralEmergencyEvent, input: {} as ProcessInput },
  guards: {
    noBip: ({ event }) => event.type === 'BER_REVIEWED' && !event.hasBip,
    bipNeedsReview: ({ event }) =>
      event.type === 'BER_REVIEWED' && event.hasBip && (event.newSeriousBehavior === true || event.planIneffective === true),
    reasonsDocumented: ({ event }) => event.type === 'NO_FBA' && (event.documentRef ?? '').length > 0,
  },
  actions: {
    ...declaredEffects,
    recordReview: assign(({ context, event }) =>
      event.type === 'BER_REVIEWED' ? { reviewedOn: event.occurredOn, hasBip: event.hasBip } : context,
    ),
  },
}).createMachine({
  id: 'behavioral-emergency',
  context: ({ input }) => openingContext(input),
  type: 'parallel',
  states: {
    notice: {
      initial: 'owed',
      states: {
        owed: {
          meta: {
            status: 'parent notice owed',
            clocks: [
              { id: 'behaviorEmergencyNotice', rule: 'behavior-emergency-notice', from: 'incidentOn', remind: 'default', onDue: 'BEHAVIOR_EMERGENCY_NOTICE_DUE' },
            ],
          },
          on: {
            PARENT_NOTIFIED: { target: 'given', actions: assign({ parentNotifiedOn: ({ event }) => event.occurredOn }) },
            BEHAVIOR_EMERGENCY_NOTICE_DUE: { actions: lateAct('behavior-emergency-notice-late') },
          },
        },
        given: { type: 'final', meta: { status: 'parent notified' } },
      },
    },
    review: {
      initial: 'reported',
      states: {
        reported: {
          // Completed at once, forwarded to the designated administrator, copies to the file, the
          // DOR and the special education director (L12536-12550, L18487-18519).
          meta: { status: 'report with administrator' },
          entry: [
            { type: 'sendNotice', params: { form: 'BER', to: ['district', 'dor'], purpose: 'behavioral-emergency-report' } },
            { type: 'escalate', params: { to: ['spedDirector'] } },
          ],
          on: {
            BER_REVIEWED: [
              { guard: 'noBip', target: 'scheduling', actions: 'recordReview' },
              { guard: 'bipNeedsReview', target: 'bip-review', actions: 'recordReview' },
              { target: 'filed', actions: 'recordReview' },
            ],
          },
        },
        scheduling: {
          meta: {
            status: 'IEP meeting to schedule',
            clocks: [{ id: 'beIep', rule: 'behavior-emergency-iep', from: 'incidentOn', remind: 'default', onDue: 'BE_IEP_DUE' }],
          },
          on: {
            MEETING_SCHEDULED: {
              target: 'review',
              actions: [
                assign({ meetingOn: ({ event }) => event.meetingOn }),
                { type: 'sendNotice', params: { form: 'NC 6A', to: 'parent', purpose: 'behavioral-emergency' } },
              ],
            },
            BE_IEP_DUE: { actions: lateAct('behavior-emergency-iep-late') },
          },
        },
        review: {
          // The IEP team reviews the report, the need for an FBA and for an interim plan (L1000-1003, L12551-12556).
          meta: { status: 'IEP team review' },
          on: {
            FBA_AGREED: {
              target: 'fba-opened',
              actions: { type: 'openProcess', params: { chart: 'consent-request', input: { scope: 'fba', signer: 'parent', form: 'NC 3' } } },
            },
            NO_FBA: { guard: 'reasonsDocumented', target: 'reviewed' },
          },
        },
        'bip-review': {
          meta: { status: 'BIP review by IEP team' },
          on: { IEP_DECIDED: { target: 'reviewed', actions: assign({ bipChanged: ({ event }) => event.bipChanged }) } },
        },
        filed: { type: 'final', meta: { status: 'report filed' } },
        'fba-opened': { type: 'final', meta: { status: 'FBA consent requested' } },
        reviewed: { type: 'final', meta: { status: 'reviewed by IEP team' } },
      },
    },
  },
}));

export const definition: ProcessDefinition = lazyDefinition({
  id: 'behavioral-emergency',
  version: '1.0.0',
  title: 'Behavioural emergency report and review',
  cites: ['L12468-12560', 'L18440-18519', 'L983-1016'],
  startsOn: ['EMERGENCY_INTERVENTION_USED'],
  eventTypes: ['EMERGENCY_INTERVENTION_USED', 'PARENT_NOTIFIED', 'BER_REVIEWED', 'MEETING_SCHEDULED', 'FBA_AGREED', 'NO_FBA', 'IEP_DECIDED'],
}, () => ({ machine: behavioralEmergencyMachine(), events: behavioralEmergencyEvents() }));
