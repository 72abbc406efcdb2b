/**
 * P05 `reassessment`: triennial, on request, or waived (processes.md P05; L933-971).
 *
 * Opened by initial-evaluation (services started) and by its own finals with
 * `{ lastEligibilityMeetingOn, lastAssessedOn }`; from outside by ELIGIBILITY_ON_FILE (a case
 * that joins with an IEP, dated its last eligibility meeting) or by a written
 * REASSESSMENT_REQUESTED when no instance is open (L938-940, L11011-11014).
 * The deadline is the earlier of `triennial` and `reassessment-iep` (B-13).
 */
import { assign, setup } from 'xstate';
import { z } from 'zod';
import type { RuleId } from '../deadlines/rule-ids';
import { declaredEffects, eventSchema, IsoDate, type ProcessDefinition, type ProcessInput, type TimerEvent } from './contract';
import { anniversary } from './annual-review';
import {
  actorIn,
  consentActions,
  consentEvents,
  consentGuards,
  consentRequestedState,
  ContactAttempted,
  DISTRICT_SIDE,
  newConsent,
  PARENT_SIDE,
  type ConsentEvent,
  type ConsentRecord,
  type ContactAttempt,
  type EmbeddedConfig,
} from './consent-request';
import { iepMeetingStates, meetingActions, meetingGuards, meetingHeldEvent, meetingStepEvents, newMeeting, type MeetingRecord } from './iep-meeting';
import { lazyDefinition, once } from './lazy';

const district = once(() => actorIn(DISTRICT_SIDE));
const parentOrTeacher = once(() => actorIn([...PARENT_SIDE, ...DISTRICT_SIDE]));

export const events = once(() => ({
  /** Onboarding: `occurredOn` is the date of the last (re)assessment eligibility meeting. */
  ELIGIBILITY_ON_FILE: eventSchema('ELIGIBILITY_ON_FILE', { actor: district(), lastAssessedOn: IsoDate.optional() }),
  REASSESSMENT_REQUESTED: eventSchema('REASSESSMENT_REQUESTED', {
    actor: parentOrTeacher(),
    /** Parent and LEA agreed in writing to reassess within the year (L935-936). */
    agreedInWriting: z.boolean().optional(),
    /** Only when the request opens the process: what is on file. */
    lastEligibilityMeetingOn: IsoDate.optional(),
    lastAssessedOn: IsoDate.optional(),
  }),
  WAIVER_SIGNED: eventSchema('WAIVER_SIGNED', { actor: district(), parentSigned: z.boolean(), leaSigned: z.boolean() }),
  NO_ADDITIONAL_DATA: eventSchema('NO_ADDITIONAL_DATA', { actor: district() }),
  ASSESSMENT_REQUESTED: eventSchema('ASSESSMENT_REQUESTED', { actor: actorIn(PARENT_SIDE) }),
  ASSESSMENT_PLAN_SENT: eventSchema('ASSESSMENT_PLAN_SENT', {
    actor: district(),
    receivedByParentOn: IsoDate,
    delivery: z.enum(['hand', 'mail', 'email']).optional(),
  }).refine((e) => e.receivedByParentOn >= e.occurredOn, { path: ['receivedByParentOn'], message: 'cannot be before the plan was sent' }),
  CONSENT_RECEIVED: consentEvents().CONSENT_RECEIVED,
  CONSENT_REFUSED: consentEvents().CONSENT_REFUSED,
  CONSENT_REQUEST_DELIVERED: consentEvents().CONSENT_REQUEST_DELIVERED,
  CONTACT_ATTEMPTED: ContactAttempted(),
  REASONABLE_MEASURES_EXHAUSTED: eventSchema('REASONABLE_MEASURES_EXHAUSTED', { actor: district() }),
  DUE_PROCESS_FILED: eventSchema('DUE_PROCESS_FILED', { actor: district(), petitioner: z.literal('district').optional() }),
  HEARING_DECISION: eventSchema('HEARING_DECISION', { actor: actorIn(['oah', 'court', 'district']), prevailing: z.enum(['district', 'parent']) }),
  REVIEW_WITHOUT_TESTING: eventSchema('REVIEW_WITHOUT_TESTING', { actor: district() }),
  ASSESSMENT_COMPLETED: eventSchema('ASSESSMENT_COMPLETED', { actor: district() }),
  ...meetingStepEvents(),
  /** Eligibility is the team's decision and ends or continues services: it must be stated. */
  MEETING_HELD: meetingHeldEvent({ eligible: z.boolean() }),
}));

type Timer<T extends string> = Omit<TimerEvent, 'type'> & { type: T };
export type ReassessmentEvent =
  | { [K in keyof ReturnType<typeof events>]: z.infer<(ReturnType<typeof events>)[K]> }[keyof ReturnType<typeof events>]
  | ConsentEvent
  | Timer<'TRIENNIAL_DUE' | 'TRIENNIAL_REMINDER' | 'REASSESSMENT_PLAN_DUE' | 'REASSESSMENT_IEP_DUE'>;

export interface ReassessmentContext {
  lastEligibilityMeetingOn: IsoDate | null;
  /** Last (re)assessment: no other within a year unless agreed in writing (L935-936). */
  lastAssessedOn: IsoDate | null;
  reassessmentRequestedOn: IsoDate | null;
  /** How an opening request is answered: 'allowed', 'refused' (within a year), or null. */
  openingRequest: 'allowed' | 'refused' | null;
  consent: ConsentRecord;
  contactAttempts: ContactAttempt[];
  /** Consent, proceed or decision date: the reassessment IEP counts from it (B-13, B-11). */
  evaluationFrom: IsoDate | null;
  meeting: MeetingRecord;
  meetingOn: IsoDate | null;
  eligible: boolean | null;
  waiverOn: IsoDate | null;
  /** Requests received while a reassessment was already under way (joined to it). */
  requestsJoined: number;
  /** A hearing upheld the parent's refusal: no assessment without consent. */
  parentPrevailedOn: IsoDate | null;
}

const OpenerSchema = once(() => z.object({ lastEligibilityMeetingOn: IsoDate, lastAssessedOn: IsoDate.nullable().optional() }).passthrough());

function withinOneYear(lastAssessedOn: IsoDate | null, on: IsoDate): boolean {
  return lastAssessedOn !== null && on < anniversary(lastAssessedOn, 1);
}

function contextFrom(input: ProcessInput): ReassessmentContext {
  const t = input.trigger as (Record<string, unknown> & { type: string; occurredOn: string }) | null;
  const opener = t ? null : OpenerSchema().parse(input.opener ?? {});
  const request = t?.type === 'REASSESSMENT_REQUESTED';
  const lastEligibilityMeetingOn = t ? (request ? ((t.lastEligibilityMeetingOn as string | undefined) ?? null) : t.occurredOn) : opener!.lastEligibilityMeetingOn;
  const lastAssessedOn = ((t ? t.lastAssessedOn : opener!.lastAssessedOn) as string | null | undefined) ?? lastEligibilityMeetingOn;
  const refused = request && withinOneYear(lastAssessedOn, t!.occurredOn) && t!.agreedInWriting !== true;
  return {
    lastEligibilityMeetingOn,
    lastAssessedOn,
    reassessmentRequestedOn: request && !refused ? t!.occurredOn : null,
    openingRequest: request ? (refused ? 'refused' : 'allowed') : null,
    consent: newConsent('reassessment'),
    contactAttempts: [],
    evaluationFrom: null,
    meeting: newMeeting('reassessment'),
    meetingOn: null,
    eligible: null,
    waiverOn: null,
    requestsJoined: 0,
    parentPrevailedOn: null,
  };
}

function late(rule: RuleId) {
  return [
    { type: 'recordDelay' as const, params: { code: `${rule}-late` } },
    { type: 'escalate' as const, params: { to: ['caseManager' as const, 'spedDirector' as const] } },
  ];
}
const pwn = (purpose: string) => ({ type: 'sendNotice' as const, params: { form: 'PWN' as const, to: 'parent' as const, purpose } });
const planNotices = [
  'recordPlanDelivered' as const,
  { type: 'sendNotice' as const, params: { form: 'NC 3' as const, to: 'parent' as const } },
  { type: 'sendNotice' as const, params: { form: 'NC 1' as const, to: 'parent' as const } },
];
const planSent: EmbeddedConfig = [
  {
    guard: 'planMailed',
    target: 'awaiting-consent',
    actions: [...planNotices, { type: 'sendNotice', params: { form: 'Proof of Service', to: 'parent', purpose: 'assessment-plan' } }],
  },
  { target: 'awaiting-consent', actions: planNotices },
];
const reopen = (from: 'meetingOn' | 'waiverOn', assessed: 'meetingOn' | 'lastAssessedOn') => ({
  type: 'openProcess' as const,
  params: ({ context }: { context: ReassessmentContext }) => ({
    chart: 'reassessment',
    input: { lastEligibilityMeetingOn: context[from], lastAssessedOn: context[assessed] },
  }),
});

export const machine = once(() => setup({
  types: {
    context: {} as ReassessmentContext,
    events: {} as ReassessmentEvent,
    input: {} as ProcessInput,
  },
  guards: {
    ...meetingGuards,
    ...consentGuards,
    openedByAllowedRequest: ({ context }) => context.openingRequest === 'allowed',
    openedByRefusedRequest: ({ context }) => context.openingRequest === 'refused',
    /** Not more than once a year unless parent and LEA agree in writing (L935-936; B-34). */
    requestAllowed: ({ context, event }) =>
      event.type === 'REASSESSMENT_REQUESTED' && (!withinOneYear(context.lastAssessedOn, event.occurredOn) || event.agreedInWriting === true),
    /** Written agreement of parent and LEA that a reassessment is unnecessary (L936-937). */
    waiverAgreed: ({ event }) => event.type === 'WAIVER_SIGNED' && event.parentSigned && event.leaSigned,
    planMailed: ({ event }) => event.type === 'ASSESSMENT_PLAN_SENT' && event.delivery === 'mail',
    /** Documented measures and the parent's 15 days over (L3649-3651, L726). */
    reasonableMeasuresDocumented: ({ context, event }) =>
      context.contactAttempts.length > 0 && context.consent.responseDue !== null && event.occurredOn > context.consent.responseDue,
    districtPrevails: ({ event }) => event.type === 'HEARING_DECISION' && event.prevailing === 'district',
    parentPrevails: ({ event }) => event.type === 'HEARING_DECISION' && event.prevailing === 'parent',
    isEligible: ({ context }) => context.eligible === true,
    /** Eligibility cannot end without a reassessment (L943, L873-874). */
    stillEligible: ({ event }) => event.type === 'MEETING_HELD' && event.eligible,
  },
  actions: {
    ...declaredEffects,
    ...meetingActions,
    ...consentActions,
    recordRequest: assign({ reassessmentRequestedOn: ({ event }) => event.occurredOn }),
    recordPlanDelivered: assign({
      consent: ({ event }) => newConsent('reassessment', event.type === 'ASSESSMENT_PLAN_SENT' ? event.receivedByParentOn : null),
    }),
    recordContactAttempt: assign({
      contactAttempts: ({ context, event }) =>
        event.type === 'CONTACT_ATTEMPTED' ? [...context.contactAttempts, { on: event.occurredOn, method: event.method }] : context.contactAttempts,
    }),
    startEvaluation: assign({ evaluationFrom: ({ event }) => event.occurredOn }),
    recordReassessmentMeeting: assign(({ event }) =>
      event.type === 'MEETING_HELD' ? { meetingOn: event.occurredOn, eligible: event.eligible } : {},
    ),
    recordWaiver: assign({ waiverOn: ({ event }) => event.occurredOn }),
    recordRequestJoined: assign({ requestsJoined: ({ context }) => context.requestsJoined + 1 }),
    recordDecision: assign({ parentPrevailedOn: ({ event }) => event.occurredOn }),
  },
}).createMachine({
  id: 'reassessment',
  context: ({ input }) => contextFrom(input),
  initial: 'opening',
  states: {
    // A request that opens the process is answered at once; otherwise the cycle waits.
    opening: {
      always: [
        { guard: 'openedByAllowedRequest', target: 'cycle.reviewing-data' },
        { guard: 'openedByRefusedRequest', target: 'cycle.waiting', actions: [pwn('reassessment-refused')] },
        { target: 'cycle' },
      ],
    },
    cycle: {
      meta: {
        status: 'reassessment cycle',
        clocks: [{ id: 'triennial', rule: 'triennial', from: 'lastEligibilityMeetingOn', remind: 'default', onReminder: 'TRIENNIAL_REMINDER', onDue: 'TRIENNIAL_DUE' }],
      },
      initial: 'waiting',
      on: {
        TRIENNIAL_DUE: { actions: late('triennial') },
        // A request while one is under way joins it (and must not open a second instance).
        REASSESSMENT_REQUESTED: { actions: ['recordRequestJoined'] },
        WAIVER_SIGNED: { guard: 'waiverAgreed', target: 'waived', actions: ['recordWaiver'] },
      },
      states: {
        waiting: {
          meta: { status: 'triennial pending' },
          on: {
            TRIENNIAL_REMINDER: { target: 'reviewing-data' },
            // The team may review the data and propose a plan before the reminder (C6: plan 3 months ahead).
            ASSESSMENT_PLAN_SENT: planSent,
            REASSESSMENT_REQUESTED: [
              { guard: 'requestAllowed', target: 'reviewing-data', actions: ['recordRequest'] },
              { actions: [pwn('reassessment-refused')] },
            ],
          },
        },
        // Existing data, classroom assessments, observations, parent input; no consent needed (L945-951, L702-706).
        'reviewing-data': {
          meta: {
            status: 'reviewing existing data',
            clocks: [{ id: 'reassessmentPlan', rule: 'reassessment-plan', from: 'reassessmentRequestedOn', onDue: 'REASSESSMENT_PLAN_DUE' }],
          },
          on: {
            NO_ADDITIONAL_DATA: { target: 'no-assessment-notice' },
            // Plan with the safeguards (L3545); mailed with a Proof of Service (L4454-4473).
            ASSESSMENT_PLAN_SENT: planSent,
            REASSESSMENT_PLAN_DUE: { actions: late('reassessment-plan') },
          },
        },
        // Decision, reason, and the right to ask for an assessment (L967-971).
        'no-assessment-notice': {
          meta: { status: 'no further assessment proposed' },
          entry: [pwn('no-additional-data')],
          on: {
            ASSESSMENT_REQUESTED: { target: 'reviewing-data', actions: ['recordRequest'] },
            MEETING_NOTICE_SENT: {
              actions: [
                'recordMeetingNotice',
                { type: 'sendNotice', params: { form: 'NC 6A', to: 'parent', purpose: 'reassessment' } },
                { type: 'sendNotice', params: { form: 'NC 1', to: 'parent' } },
              ],
            },
            MEETING_HELD: { guard: 'stillEligible', target: '#reassessment.confirmed-without-testing', actions: ['recordReassessmentMeeting'] },
          },
        },
        'awaiting-consent': consentRequestedState({
          scope: 'reassessment',
          vocabulary: 'written',
          outcomes: {
            granted: { target: 'evaluation', actions: ['startEvaluation'] },
            refused: 'refused',
          },
          on: {
            CONTACT_ATTEMPTED: { actions: ['recordContactAttempt'] },
            // Silence after documented reasonable measures: the district may proceed (L3649-3651).
            REASONABLE_MEASURES_EXHAUSTED: { guard: 'reasonableMeasuresDocumented', target: 'evaluation', actions: ['startEvaluation'] },
          },
        }),
        refused: {
          meta: { status: 'reassessment consent refused' },
          on: {
            CONSENT_RECEIVED: { target: 'evaluation', actions: ['startEvaluation'] },
            // Design default: the district may use due process, as for an initial assessment.
            DUE_PROCESS_FILED: {
              actions: [
                { type: 'openProcess', params: ({ event }) => ({ chart: 'due-process', input: { petitioner: 'district', filedOn: event.occurredOn } }) },
              ],
            },
            // The decision date acts as the consent date (B-11).
            HEARING_DECISION: [
              { guard: 'districtPrevails', target: 'evaluation', actions: ['startEvaluation'] },
              { guard: 'parentPrevails', actions: ['recordDecision'] },
            ],
            REVIEW_WITHOUT_TESTING: { target: 'no-assessment-notice' },
          },
        },
        evaluation: {
          meta: {
            status: 'reassessment under way',
            clocks: [
              {
                id: 'reassessmentIep',
                rule: 'reassessment-iep',
                from: 'evaluationFrom',
                alsoRule: [{ rule: 'triennial', from: 'lastEligibilityMeetingOn' }],
                onDue: 'REASSESSMENT_IEP_DUE',
              },
            ],
          },
          initial: 'assessing',
          on: { REASSESSMENT_IEP_DUE: { actions: late('reassessment-iep') } },
          states: {
            assessing: { meta: { status: 'assessing' }, on: { ASSESSMENT_COMPLETED: { target: 'meeting' } } },
            // Eligibility is a team decision (L825-827); IEP changes go through annual-review consent.
            meeting: iepMeetingStates({
              purpose: 'reassessment',
              onDone: [{ guard: 'isEligible', target: '#reassessment.continued' }, { target: '#reassessment.exit-proposed' }],
              onHeld: ['recordReassessmentMeeting'],
            }),
          },
        },
      },
    },
    continued: { type: 'final', meta: { status: 'eligibility continued' }, entry: [reopen('meetingOn', 'meetingOn')] },
    'exit-proposed': {
      type: 'final',
      meta: { status: 'no longer eligible' },
      entry: [{ type: 'openProcess', params: ({ context }) => ({ chart: 'exit', input: { reason: 'not-eligible', decidedOn: context.meetingOn } }) }],
    },
    'confirmed-without-testing': { type: 'final', meta: { status: 'eligibility confirmed without testing' }, entry: [reopen('meetingOn', 'lastAssessedOn')] },
    // The next three years run from the waiver (B-14 default `triennialAfterWaiverFrom: waiverDate`).
    waived: { type: 'final', meta: { status: 'reassessment waived' }, entry: [reopen('waiverOn', 'lastAssessedOn')] },
  },
}));

export const definition: ProcessDefinition = lazyDefinition({
  id: 'reassessment',
  version: '1.0.0',
  title: 'Reassessment (triennial, on request, waiver)',
  cites: ['L933-971', 'L702-706', 'L3649-3651', 'L642-644', 'L6195-6198'],
  startsOn: ['ELIGIBILITY_ON_FILE', 'REASSESSMENT_REQUESTED'],
  eventTypes: ['ELIGIBILITY_ON_FILE', 'REASSESSMENT_REQUESTED', 'WAIVER_SIGNED', 'NO_ADDITIONAL_DATA', 'ASSESSMENT_REQUESTED', 'ASSESSMENT_PLAN_SENT', 'CONSENT_RECEIVED', 'CONSENT_REFUSED', 'CONSENT_REQUEST_DELIVERED', 'CONTACT_ATTEMPTED', 'REASONABLE_MEASURES_EXHAUSTED', 'DUE_PROCESS_FILED', 'HEARING_DECISION', 'REVIEW_WITHOUT_TESTING', 'ASSESSMENT_COMPLETED', 'MEETING_NOTICE_SENT', 'PARENT_RESPONSE', 'EXCUSAL_REQUESTED', 'EXCUSAL_SIGNED', 'RECORDING_NOTICE', 'MEETING_HELD'],
}, () => ({ machine: machine(), events: events() }));
