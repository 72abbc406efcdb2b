/**
 * P04 `annual-review`: review progress, goals and placement at least once a year
 * (processes.md P04; L6381-6400, L6421-6427).
 *
 * Opened by initial-evaluation, transfer-in or the previous annual review with
 * `{ lastAnnualMeetingOn }`; a case already on an IEP when it joins the product opens it with
 * ANNUAL_IEP_ON_FILE dated the last annual meeting. The prior IEP stays in force until a new
 * one is consented (L3828-3833 is stay-put proper, during proceedings only).
 */
import { assign, enqueueActions, setup } from 'xstate';
import { z } from 'zod';
import type { RuleId } from '../deadlines/rule-ids';
import {
  declaredEffects,
  eventSchema,
  IsoDate,
  type ClockDeclaration,
  type ProcessDefinition,
  type ProcessInput,
  type TimerEvent,
} from './contract';
import { actorIn, consentEvents, DISTRICT_SIDE, iepConsentGuards, PARENT_SIDE } from './consent-request';
import {
  iepMeetingStates,
  meetingActions,
  meetingGuards,
  meetingHeldEvent,
  meetingStepEvents,
  newMeeting,
  noticeMeeting,
  type MeetingRecord,
} from './iep-meeting';
import { lazyDefinition, once } from './lazy';

const district = once(() => actorIn(DISTRICT_SIDE));

export const events = once(() => ({
  /** Onboarding: the case already has an IEP; `occurredOn` is the date of its last annual meeting. */
  ANNUAL_IEP_ON_FILE: eventSchema('ANNUAL_IEP_ON_FILE', { actor: district() }),
  /** An early review, before the reminder (a teacher or the district asks). */
  MEETING_REQUESTED: eventSchema('MEETING_REQUESTED', { actor: actorIn([...DISTRICT_SIDE, ...PARENT_SIDE]) }),
  ...meetingStepEvents(),
  MEETING_HELD: meetingHeldEvent({
    /** ESY decision (IEP 7A-2, L13844-13848). */
    esyNeeded: z.boolean().optional(),
    /** IEP 6D post-secondary transition plan included (L6365-6371). */
    transitionPlanIncluded: z.boolean().optional(),
    /** Statement that rights transfer at 18 (L6372-6374). */
    majorityStatementIncluded: z.boolean().optional(),
  }),
  IEP_CONSENT_RECORDED: consentEvents().IEP_CONSENT_RECORDED,
  SIGNATURE_FOLLOW_UP_SENT: eventSchema('SIGNATURE_FOLLOW_UP_SENT', {
    actor: district(),
    letter: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  }),
  DUE_PROCESS_FILED: eventSchema('DUE_PROCESS_FILED', {
    actor: district(),
    petitioner: z.literal('district').optional(),
    /** The refused (or unsigned) part is needed for FAPE (L3645-3648). */
    neededForFape: z.boolean().optional(),
  }),
  NOT_PURSUED: eventSchema('NOT_PURSUED', { actor: district() }),
}));

type Timer<T extends string> = Omit<TimerEvent, 'type'> & { type: T };
export type AnnualReviewEvent =
  | { [K in keyof ReturnType<typeof events>]: z.infer<(ReturnType<typeof events>)[K]> }[keyof ReturnType<typeof events>]
  | Timer<'ANNUAL_REVIEW_DUE' | 'ANNUAL_REVIEW_REMINDER' | 'SIGNATURE_FOLLOW_UP_DUE'>;

export interface AnnualReviewContext {
  /** The meeting the anniversary counts from (L6381). */
  lastAnnualMeetingOn: IsoDate;
  birthDate: IsoDate;
  meeting: MeetingRecord;
  /** This cycle's annual meeting. */
  meetingOn: IsoDate | null;
  esyNeeded: boolean | null;
  consentScope: 'all' | 'partial' | 'none' | null;
  excludedComponents: string[];
  followUpLetters: number;
  signatureFollowUpFrom: IsoDate | null;
}

const OpenerSchema = once(() => z.object({ lastAnnualMeetingOn: IsoDate }).passthrough());

function contextFrom(input: ProcessInput): AnnualReviewContext {
  const lastAnnualMeetingOn = input.trigger ? input.trigger.occurredOn : OpenerSchema().parse(input.opener ?? {}).lastAnnualMeetingOn;
  return {
    lastAnnualMeetingOn,
    birthDate: input.student.birthDate,
    meeting: newMeeting('annual'),
    meetingOn: null,
    esyNeeded: null,
    consentScope: null,
    excludedComponents: [],
    followUpLetters: 0,
    signatureFollowUpFrom: null,
  };
}

/** The same month and day `years` later; 29 February becomes 28 February in a common year (deadlines.md §2). */
export function anniversary(date: IsoDate, years: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number);
  const year = y + years;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const day = m === 2 && d === 29 && !leap ? 28 : d;
  return `${year}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const annualReviewClock: ClockDeclaration = {
  id: 'annualReview',
  rule: 'annual-review',
  from: 'lastAnnualMeetingOn',
  // 60 and 30 calendar days before: time to schedule the meeting (§0 defaults).
  remind: 'default',
  onReminder: 'ANNUAL_REVIEW_REMINDER',
  onDue: 'ANNUAL_REVIEW_DUE',
};

function late(rule: RuleId) {
  return [
    { type: 'recordDelay' as const, params: { code: `${rule}-late` } },
    { type: 'escalate' as const, params: { to: ['caseManager' as const, 'spedDirector' as const] } },
  ];
}

const openNextReview = {
  type: 'openProcess' as const,
  params: ({ context }: { context: AnnualReviewContext }) => ({
    chart: 'annual-review',
    input: { lastAnnualMeetingOn: context.meetingOn ?? context.lastAnnualMeetingOn },
  }),
};

type MeetingHeld = Extract<AnnualReviewEvent, { type: 'MEETING_HELD' }>;

export const machine = once(() => setup({
  types: {
    context: {} as AnnualReviewContext,
    events: {} as AnnualReviewEvent,
    input: {} as ProcessInput,
  },
  guards: {
    ...meetingGuards,
    ...iepConsentGuards,
    /** The IEP in effect until the next review covers the 16th birthday: IEP 6D required (L6365, B-3). */
    iepCovers16thBirthday: ({ context, event }) =>
      event.type === 'MEETING_HELD' && anniversary(context.birthDate, 16) <= anniversary(event.occurredOn, 1),
    /** The 17th birthday falls before the next review: the majority statement is due (L6372-6374). */
    majorityStatementDue: ({ context, event }) =>
      event.type === 'MEETING_HELD' && anniversary(context.birthDate, 17) <= anniversary(event.occurredOn, 1),
    nextFollowUpLetter: ({ context, event }) =>
      event.type === 'SIGNATURE_FOLLOW_UP_SENT' && event.letter === context.followUpLetters + 1,
    refusedPartNeededForFape: ({ event }) => event.type === 'DUE_PROCESS_FILED' && event.neededForFape === true,
  },
  actions: {
    ...declaredEffects,
    ...meetingActions,
    recordAnnualMeeting: assign(({ event }) =>
      event.type === 'MEETING_HELD' ? { meetingOn: event.occurredOn, esyNeeded: event.esyNeeded ?? null } : {},
    ),
    /** Agenda items the team must cover (P04 `cycle › meeting`); a missing one goes to staff. */
    checkAgenda: enqueueActions(({ event, check, enqueue }) => {
      const held = event as MeetingHeld;
      const missing =
        (check('iepCovers16thBirthday') && held.transitionPlanIncluded !== true) ||
        (check('majorityStatementDue') && held.majorityStatementIncluded !== true);
      if (missing) enqueue({ type: 'escalate', params: { to: ['caseManager', 'spedDirector'] } });
    }),
    startSignatureFollowUp: assign({ signatureFollowUpFrom: ({ context }) => context.meetingOn }),
    recordFollowUpLetter: assign(({ context, event }) => {
      const letters = context.followUpLetters + 1;
      return { followUpLetters: letters, signatureFollowUpFrom: letters < 3 ? event.occurredOn : null };
    }),
    recordConsent: assign(({ event }) =>
      event.type === 'IEP_CONSENT_RECORDED' ? { consentScope: event.scope, excludedComponents: event.except ?? [] } : {},
    ),
  },
}).createMachine({
  id: 'annual-review',
  context: ({ input }) => contextFrom(input),
  initial: 'cycle',
  states: {
    cycle: {
      meta: { status: 'annual review cycle', clocks: [annualReviewClock] },
      initial: 'waiting',
      // Late: recorded and escalated; the prior IEP stays in force.
      on: { ANNUAL_REVIEW_DUE: { actions: late('annual-review') } },
      states: {
        waiting: {
          meta: { status: 'IEP in force' },
          on: {
            ANNUAL_REVIEW_REMINDER: { target: 'preparing' },
            MEETING_REQUESTED: { target: 'preparing' },
          },
        },
        // Teacher input before the meeting on RPT 4 (L17519-17523).
        preparing: {
          meta: { status: 'preparing annual review' },
          entry: [{ type: 'sendNotice', params: { form: 'RPT 4', to: 'teachers' } }],
          on: { MEETING_NOTICE_SENT: noticeMeeting('meeting.noticed', 'annual') },
        },
        // Progress, ESY, testing, EL review, NPS, transition plan and majority statement (P04 agenda).
        meeting: iepMeetingStates({
          purpose: 'annual',
          onDone: '#annual-review.awaiting-consent',
          onHeld: ['recordAnnualMeeting', 'checkAgenda'],
        }),
      },
    },
    'awaiting-consent': {
      meta: {
        status: 'awaiting consent to IEP',
        // Signed IEP letters at the district's interval (policy `signatureFollowUpDays`; none in the handbook).
        clocks: [{ id: 'signatureFollowUp', rule: 'signature-follow-up', from: 'signatureFollowUpFrom', remind: 'none', onDue: 'SIGNATURE_FOLLOW_UP_DUE' }],
      },
      entry: ['startSignatureFollowUp', { type: 'requestSignature', params: { scope: 'later-iep', signer: 'parent', form: 'IEP 9A' } }],
      on: {
        IEP_CONSENT_RECORDED: [
          { guard: 'consentAll', target: 'renewed', actions: ['recordConsent'] },
          // Consented parts run, the rest stays under the prior IEP (L18569-18573; design default).
          { guard: 'consentPartial', target: 'renewed-partial', actions: ['recordConsent'] },
          // The prior IEP continues; unsigned parts cannot be implemented (L18567-18568).
          { guard: 'consentNone', actions: ['recordConsent'] },
        ],
        SIGNATURE_FOLLOW_UP_SENT: {
          guard: 'nextFollowUpLetter',
          actions: ['recordFollowUpLetter', { type: 'sendNotice', params: { form: 'Signed IEP letter', to: 'parent' } }],
        },
        SIGNATURE_FOLLOW_UP_DUE: { actions: [{ type: 'escalate', params: { to: ['caseManager'] } }] },
        // A refused part needed for FAPE: the district must file (L3645-3648, L18655-18657).
        DUE_PROCESS_FILED: {
          guard: 'refusedPartNeededForFape',
          target: 'disputed',
          actions: [
            { type: 'openProcess', params: ({ event }) => ({ chart: 'due-process', input: { petitioner: 'district', filedOn: event.occurredOn } }) },
          ],
        },
        NOT_PURSUED: { target: 'lapsed' },
      },
    },
    renewed: { type: 'final', meta: { status: 'IEP renewed' }, entry: [openNextReview] },
    // Design default: the next anniversary still counts from this meeting.
    'renewed-partial': { type: 'final', meta: { status: 'IEP renewed in part' }, entry: [openNextReview] },
    disputed: { type: 'final', meta: { status: 'IEP disputed' } },
    lapsed: { type: 'final', meta: { status: 'IEP not consented; prior IEP continues' }, entry: [openNextReview] },
  },
}));

export const definition: ProcessDefinition = lazyDefinition({
  id: 'annual-review',
  version: '1.0.0',
  title: 'Annual IEP review',
  cites: ['L6381-6400', 'L6421-6427', 'L3645-3648', 'L17519-17523', 'L18552-18664'],
  startsOn: ['ANNUAL_IEP_ON_FILE'],
  eventTypes: ['ANNUAL_IEP_ON_FILE', 'MEETING_REQUESTED', 'MEETING_NOTICE_SENT', 'PARENT_RESPONSE', 'EXCUSAL_REQUESTED', 'EXCUSAL_SIGNED', 'RECORDING_NOTICE', 'MEETING_HELD', 'IEP_CONSENT_RECORDED', 'SIGNATURE_FOLLOW_UP_SENT', 'DUE_PROCESS_FILED', 'NOT_PURSUED'],
}, () => ({ machine: machine(), events: events() }));
