/**
 * P21 `mediation`: the pre-hearing mediation conference (processes.md §3 P21; handbook
 * L3738-3769, ch. 4 appendix A).
 *
 * A written request by parent or district is filed with the Superintendent (OAH), with a
 * copy to the other party (L3757-3760). The conference is scheduled within 15 days and
 * completed within 30 days of receipt unless both parties extend (L3761-3763). Mediation is
 * voluntary and never a prerequisite to a hearing (L3742-3745, L3755-3756); it may also be
 * asked for during a due process case (L3792), when `due-process` opens this chart.
 */
import { assertEvent, assign, setup } from 'xstate';
import { z } from 'zod';
import {
  actorOf,
  declaredEffects,
  eventSchema,
  IsoDate,
  type ProcessDefinition,
  type ProcessInput,
  type TimerEvent,
} from './contract';
import { lazyDefinition, once } from './lazy';

/** Either party of the dispute; OAH records scheduling and outcomes too. */
const party = once(() => actorOf('parent', 'adultStudent', 'surrogate', 'district'));
const partyOrOah = once(() => actorOf('parent', 'adultStudent', 'surrogate', 'district', 'oah'));

// -----------------------------------------------------------------------------------------
// Events from outside
// -----------------------------------------------------------------------------------------

/**
 * Written request filed with the Superintendent (L3757-3760). `occurredOn` is the date of
 * receipt, from which both clocks count (L3761-3762). Also accepted by `due-process` in
 * `hearing`, which then opens this chart (L3792).
 */
export const mediationRequested = once(() => eventSchema('MEDIATION_REQUESTED', { actor: party() }));
/** The conference date is set (L3761-3762: "scheduled within fifteen (15) days"). */
export const mediationScheduled = once(() => eventSchema('MEDIATION_SCHEDULED', { actor: partyOrOah(), conferenceOn: IsoDate }));
/** Both parties agree to a later completion date (L3763: "unless both parties agree"). */
export const extensionAgreed = once(() => eventSchema('EXTENSION_AGREED', {
  actor: partyOrOah(),
  until: IsoDate,
  agreedByBoth: z.boolean(),
}));
/** The conference took place; with agreement a binding written agreement (L3764-3765). */
export const mediationHeld = once(() => eventSchema('MEDIATION_HELD', { actor: partyOrOah(), agreement: z.boolean() }));
/** The other party declines: mediation is voluntary (L3742-3745). */
export const mediationDeclined = once(() => eventSchema('MEDIATION_DECLINED', { actor: partyOrOah() }));

const events = once(() => ({
  MEDIATION_REQUESTED: mediationRequested(),
  MEDIATION_SCHEDULED: mediationScheduled(),
  EXTENSION_AGREED: extensionAgreed(),
  MEDIATION_HELD: mediationHeld(),
  MEDIATION_DECLINED: mediationDeclined(),
}));

type External = { [K in keyof ReturnType<typeof events>]: z.infer<(ReturnType<typeof events>)[K]> }[keyof ReturnType<typeof events>];
type Timer<T extends string> = Omit<TimerEvent, 'type'> & { type: T };
export type MediationEvent = External | Timer<'MEDIATION_SCHEDULE_DUE' | 'MEDIATION_COMPLETE_DUE'>;

// -----------------------------------------------------------------------------------------
// Context
// -----------------------------------------------------------------------------------------

export interface MediationContext {
  studentId: string;
  requestedOn: IsoDate;
  requestedBy: 'parent' | 'district';
  conferenceOn: IsoDate | null;
  /** Completion date both parties agreed to; replaces the computed 30-day due (L3763). */
  extendedTo: IsoDate | null;
  heldOn: IsoDate | null;
  agreement: boolean | null;
  /** Acts still owed, by trigger date; clearing one stops its clock. */
  owed: { schedule: IsoDate | null };
}

/** What another chart hands this one in `openProcess({ chart: 'mediation', input })`. */
export const mediationOpener = once(() => z.object({
  requestedOn: IsoDate,
  requestedBy: z.enum(['parent', 'district']).default('parent'),
}));

function mediationContext(input: ProcessInput): MediationContext {
  const { requestedOn, requestedBy } = input.trigger
    ? {
        requestedOn: input.trigger.occurredOn,
        requestedBy: (input.trigger.actor as { role?: string } | undefined)?.role === 'district' ? ('district' as const) : ('parent' as const),
      }
    : mediationOpener().parse(input.opener ?? {});
  return {
    studentId: input.student.id,
    requestedOn,
    requestedBy,
    conferenceOn: null,
    extendedTo: null,
    heldOn: null,
    agreement: null,
    owed: { schedule: requestedOn },
  };
}

const late = (rule: 'mediation-schedule' | 'mediation-complete') => [
  { type: 'recordDelay' as const, params: { code: `${rule}-late` } },
  { type: 'escalate' as const, params: { to: ['caseManager' as const, 'spedDirector' as const] } },
];

// -----------------------------------------------------------------------------------------
// Chart
// -----------------------------------------------------------------------------------------

export const mediationMachine = once(() => setup({
  types: { context: {} as MediationContext, events: {} as MediationEvent, input: {} as ProcessInput },
  guards: {
    reachedAgreement: ({ event }) => event.type === 'MEDIATION_HELD' && event.agreement,
    noAgreement: ({ event }) => event.type === 'MEDIATION_HELD' && !event.agreement,
    /** L3763: only both parties can extend the 30 days. */
    extendedByBoth: ({ event }) => event.type === 'EXTENSION_AGREED' && event.agreedByBoth,
  },
  actions: {
    ...declaredEffects,
    recordSchedule: assign(({ context, event }) => {
      assertEvent(event, 'MEDIATION_SCHEDULED');
      return { conferenceOn: event.conferenceOn, owed: { ...context.owed, schedule: null } };
    }),
    recordExtension: assign(({ event }) => {
      assertEvent(event, 'EXTENSION_AGREED');
      return { extendedTo: event.until };
    }),
    recordConference: assign(({ event }) => {
      assertEvent(event, 'MEDIATION_HELD');
      return { heldOn: event.occurredOn, agreement: event.agreement };
    }),
  },
}).createMachine({
  id: 'mediation',
  context: ({ input }) => mediationContext(input),
  initial: 'requested',
  states: {
    requested: {
      meta: {
        status: 'mediation requested: conference to be scheduled and held',
        clocks: [
          // L3761-3762: scheduled within 15 days of receipt of the request.
          { id: 'mediationSchedule', rule: 'mediation-schedule', from: 'owed.schedule', remind: 'default', onDue: 'MEDIATION_SCHEDULE_DUE' },
          // L3762-3763: completed within 30 days unless both parties agree to extend.
          {
            id: 'mediationComplete',
            rule: 'mediation-complete',
            from: 'requestedOn',
            dueOverride: 'extendedTo',
            remind: 'default',
            onDue: 'MEDIATION_COMPLETE_DUE',
          },
        ],
      },
      on: {
        MEDIATION_SCHEDULED: { actions: 'recordSchedule' },
        EXTENSION_AGREED: { guard: 'extendedByBoth', actions: 'recordExtension' },
        MEDIATION_HELD: [
          // L3764-3766: legally binding written agreement; discussions confidential.
          { guard: 'reachedAgreement', target: 'agreed', actions: 'recordConference' },
          // L3767-3769: the requester may now file for due process.
          { guard: 'noAgreement', target: 'failed', actions: 'recordConference' },
        ],
        MEDIATION_DECLINED: { target: 'failed' },
        MEDIATION_SCHEDULE_DUE: { actions: late('mediation-schedule') },
        MEDIATION_COMPLETE_DUE: { actions: late('mediation-complete') },
      },
    },
    agreed: { type: 'final', meta: { status: 'mediated agreement (binding)' } },
    failed: { type: 'final', meta: { status: 'no mediated agreement: requester may file for due process' } },
  },
}));

export const definition: ProcessDefinition = lazyDefinition({
  id: 'mediation',
  version: '1.0.0',
  title: 'Pre-hearing mediation',
  cites: ['L3738-3769', 'L3792', 'L3861-3868'],
  startsOn: ['MEDIATION_REQUESTED'],
  eventTypes: ['MEDIATION_REQUESTED', 'MEDIATION_SCHEDULED', 'EXTENSION_AGREED', 'MEDIATION_HELD', 'MEDIATION_DECLINED'],
}, () => ({ machine: mediationMachine(), events: events() }));
