/**
 * P19 `surrogate-parent`: need review, search, interim and permanent appointment, yearly
 * evaluation, termination (processes.md §3 P19; ch. 12 L9863-10175, L3679-3685, L6309-6311).
 *
 * One instance follows one appointment episode. It opens on `SURROGATE_NEEDED` (the LEA
 * reviews eligibility, `need-review`) or `INTERIM_NEEDED` (no parent immediately available
 * for a student referred for assessment or placed on an interim basis, L10029-10036), and
 * from another instance's `openProcess` when a terminated surrogate must be replaced
 * (`opener.replacementNeededOn`, L10130-10132) or an interim one gives way to a permanent
 * one (`opener.appointedOn`, L10051).
 *
 * Authority (B-19 default `surrogateAuthority`): the LEA appoints, the SELPA director
 * terminates; appointment ends at 18 unless the adult student is conserved.
 */
import { assertEvent, assign, setup } from 'xstate';
import { z } from 'zod';
import { actorOf, declaredEffects, eventSchema, IsoDate, type ProcessDefinition, type ProcessInput, type TimerEvent } from './contract';
import { lazyDefinition, once } from './lazy';

const lea = once(() => actorOf('district'));
const leaOrSelpa = once(() => actorOf('district', 'selpa'));

// -----------------------------------------------------------------------------------------
// Events from outside
// -----------------------------------------------------------------------------------------

/** Findings of the eligibility review (NEED_DETERMINED), each with its handbook rule. */
export const NEED_FINDINGS = [
  'rightsLimitedByCourt', // L9871-9877: incl. dependency/wardship papers → appoint
  'parentWillAct', // L9878-9880: one parent holds rights and will act → not needed
  'whereaboutsUnknown', // L9881-9884: search first
  'parentRefuses', // L9888-9892: document, refer to court; stays under review
  'emancipatedOrMarriedMinor', // L9899-9902 → not needed
  'conservedAdult', // L9893-9896: the conservator may serve → appoint
] as const;
/** Why an interim assignment ends (L10039-10051); ineligibility: SELPA told in 5 working days (L10041-10046). */
export const INTERIM_END_REASONS = ['ineligibleForSpecialEducation', 'ineligibleForSurrogate', 'previousSelpaSurrogate', 'permanentAppointed'] as const;
/** Conditions for termination (L10079-10105). */
export const TERMINATION_CONDITIONS = [
  'wardshipEnded', // court notice, forwarded in 2 working days (L10079-10082)
  'parentRightsRestored', // court notice, forwarded in 2 working days (L10083-10086)
  'ageOfMajority', // L10087-10088 (B-19: unless conserved)
  'exitedSpecialEducation', // L10089-10090
  'parentResumed', // L10091-10092
  'unsatisfactoryEvaluation', // L10093-10096
  'allegedOffence', // L10097-10099: investigated, report ≤30 days (L10108-10111)
  'conflictOfInterest', // L10100-10103
  'unsafeAction', // L10104-10105: investigated as an allegation
] as const;
type TerminationCondition = (typeof TERMINATION_CONDITIONS)[number];

export const surrogateEvents = once(() => ({
  /** A possible need: LEA, SELPA, court papers, or an NPS within 7 days (L9407-9409). */
  SURROGATE_NEEDED: eventSchema('SURROGATE_NEEDED', { actor: actorOf('district', 'selpa', 'nps', 'court') }),
  /** No parent immediately available for a referred or interim-placed student (L10029-10036). */
  INTERIM_NEEDED: eventSchema('INTERIM_NEEDED', { actor: actorOf('district', 'selpa', 'nps') }),
  /** The review's result; Appointment and Acceptance forms reviewed (L9867-9870). */
  NEED_DETERMINED: eventSchema('NEED_DETERMINED', { actor: leaOrSelpa(), finding: z.enum(NEED_FINDINGS) }),
  /** ≥3 documented attempts over three weeks by ≥2 methods found no parent (L9881-9887). */
  SEARCH_FAILED: eventSchema('SEARCH_FAILED', { actor: lea() }),
  PARENT_FOUND: eventSchema('PARENT_FOUND', { actor: lea() }),
  /** LEA director told the SELPA director of the interim need (L10030-10032). */
  SELPA_NOTIFIED: eventSchema('SELPA_NOTIFIED', { actor: lea() }),
  /** Interim surrogate assigned, forms signed (L10037-10038, L10143-10175). */
  INTERIM_ASSIGNED: eventSchema('INTERIM_ASSIGNED', { actor: leaOrSelpa() }),
  /** Appointment and Acceptance forms both signed (L10143-10175). */
  APPOINTED: eventSchema('APPOINTED', { actor: leaOrSelpa() }),
  /** Yearly evaluation held (L10052-10062). */
  EVALUATION_HELD: eventSchema('EVALUATION_HELD', { actor: leaOrSelpa(), satisfactory: z.boolean() }),
  INTERIM_ENDED: eventSchema('INTERIM_ENDED', { actor: leaOrSelpa(), reason: z.enum(INTERIM_END_REASONS) }),
  TERMINATION_CONDITION: eventSchema('TERMINATION_CONDITION', {
    actor: actorOf('district', 'selpa', 'court'),
    condition: z.enum(TERMINATION_CONDITIONS),
  }),
  /** The LEA forwarded the court's notice to the SELPA director (L10081-10082, L10085-10086). */
  COURT_NOTICE_FORWARDED: eventSchema('COURT_NOTICE_FORWARDED', { actor: lea() }),
  /** The LEA's investigation report reached the SELPA director (L10108-10111). */
  INVESTIGATION_REPORTED: eventSchema('INVESTIGATION_REPORTED', { actor: lea() }),
  /** SELPA director decides to terminate (L10112-10117), or not (RETAINED). */
  TERMINATION_DECIDED: eventSchema('TERMINATION_DECIDED', { actor: leaOrSelpa() }),
  RETAINED: eventSchema('RETAINED', { actor: leaOrSelpa() }),
  /** Written protest; the SELPA director's decision on it is final (L10126-10127). */
  PROTEST_FILED: eventSchema('PROTEST_FILED', { actor: actorOf('surrogate') }),
  /** Surrogate told by documented call or certified mail (L10118-10122). */
  SURROGATE_NOTIFIED: eventSchema('SURROGATE_NOTIFIED', {
    actor: leaOrSelpa(),
    method: z.enum(['documentedCall', 'certifiedMail']),
    studentStillEligible: z.boolean(),
  }),
}));
type External = { [K in keyof ReturnType<typeof surrogateEvents>]: z.infer<(ReturnType<typeof surrogateEvents>)[K]> }[keyof ReturnType<typeof surrogateEvents>];
type Timer<T extends string> = Omit<TimerEvent, 'type'> & { type: T };
export type SurrogateEvent =
  | External
  | Timer<'INTERIM_SURROGATE_NOTIFY_DUE' | 'INTERIM_SURROGATE_ASSIGN_DUE' | 'SURROGATE_REPLACEMENT_DUE'>
  | Timer<'SURROGATE_EVALUATION_DUE' | 'SURROGATE_COURT_NOTICE_DUE' | 'SURROGATE_INVESTIGATION_DUE'>
  | Timer<'SURROGATE_TERMINATION_DECISION_DUE' | 'SURROGATE_TERMINATION_NOTICE_DUE'>;

// -----------------------------------------------------------------------------------------
// Context
// -----------------------------------------------------------------------------------------

export interface SurrogateContext {
  studentId: string;
  openedOn: IsoDate;
  /** An interim assignment (L10029-10051): only these end in `interim-ended`. */
  interim: boolean;
  /** Opened to replace a terminated surrogate (L10130-10132). */
  replacement: boolean;
  finding: (typeof NEED_FINDINGS)[number] | null;
  courtReferralOn: IsoDate | null;
  interimNeededOn: IsoDate | null;
  appointedOn: IsoDate | null;
  /** Appointment or last evaluation: the `surrogate-evaluation` trigger (L10054-10056). */
  lastEvaluationOn: IsoDate | null;
  terminationCondition: TerminationCondition | null;
  /** The SELPA director has the information to decide on (L10114-10117). */
  informationReceivedOn: IsoDate | null;
  terminationDecidedOn: IsoDate | null;
  /** Written protest of the termination (L10126-10127). */
  protestFiledOn: IsoDate | null;
  /** Acts still owed, by trigger date; clearing one stops its clock without a state change. */
  owed: { selpaNotice: IsoDate | null; courtNoticeForward: IsoDate | null; investigationReport: IsoDate | null; replacement: IsoDate | null };
}

/** What another instance hands this one in `openProcess({ chart: 'surrogate-parent', input })`. */
export const surrogateOpener = once(() => z.union([
  z.object({ replacementNeededOn: IsoDate }),
  z.object({ appointedOn: IsoDate }),
  // P9 transfer-in with no parent available: an interim surrogate (L10033-10036, processes.md P9 `enrolled`).
  z.object({ interim: z.literal(true), neededOn: IsoDate }),
]));

function surrogateContext(input: ProcessInput): SurrogateContext {
  const base: SurrogateContext = {
    studentId: input.student.id,
    openedOn: '',
    interim: false,
    replacement: false,
    finding: null,
    ...{ courtReferralOn: null, interimNeededOn: null, appointedOn: null, lastEvaluationOn: null },
    ...{ terminationCondition: null, informationReceivedOn: null, terminationDecidedOn: null, protestFiledOn: null },
    owed: { selpaNotice: null, courtNoticeForward: null, investigationReport: null, replacement: null },
  };
  if (input.trigger) {
    const on = IsoDate.parse(input.trigger.occurredOn);
    if (input.trigger.type !== 'INTERIM_NEEDED') return { ...base, openedOn: on };
    return { ...base, openedOn: on, interim: true, interimNeededOn: on, owed: { ...base.owed, selpaNotice: on } };
  }
  const opener = surrogateOpener().parse(input.opener ?? {});
  if ('neededOn' in opener) {
    // The same start as an INTERIM_NEEDED trigger: both interim clocks run from the need.
    const on = opener.neededOn;
    return { ...base, openedOn: on, interim: true, interimNeededOn: on, owed: { ...base.owed, selpaNotice: on } };
  }
  if ('replacementNeededOn' in opener) {
    const on = opener.replacementNeededOn;
    return { ...base, openedOn: on, replacement: true, owed: { ...base.owed, replacement: on } };
  }
  return { ...base, openedOn: opener.appointedOn, appointedOn: opener.appointedOn, lastEvaluationOn: opener.appointedOn };
}

/** Late act: record the delay, tell the LEA and, for SELPA acts, the SELPA director. */
const late = (code: string, selpa = false) => [
  { type: 'recordDelay' as const, params: { code: `${code}-late` } },
  { type: 'escalate' as const, params: { to: selpa ? ['spedDirector' as const, 'selpaDirector' as const] : ['caseManager' as const, 'spedDirector' as const] } },
];
const COURT_NOTICES: TerminationCondition[] = ['wardshipEnded', 'parentRightsRestored'];
const INVESTIGATED: TerminationCondition[] = ['allegedOffence', 'unsafeAction'];

// -----------------------------------------------------------------------------------------
// Chart
// -----------------------------------------------------------------------------------------

export const surrogateParentMachine = once(() => setup({
  types: { context: {} as SurrogateContext, events: {} as SurrogateEvent, input: {} as ProcessInput },
  guards: {
    openedAsInterim: ({ context }) => context.interim && context.appointedOn === null,
    openedAsReplacement: ({ context }) => context.replacement && context.appointedOn === null,
    openedAsAppointed: ({ context }) => context.appointedOn !== null,
    needsAppointment: ({ event }) =>
      event.type === 'NEED_DETERMINED' && (event.finding === 'rightsLimitedByCourt' || event.finding === 'conservedAdult'),
    notNeeded: ({ event }) =>
      event.type === 'NEED_DETERMINED' && (event.finding === 'parentWillAct' || event.finding === 'emancipatedOrMarriedMinor'),
    whereaboutsUnknown: ({ event }) => event.type === 'NEED_DETERMINED' && event.finding === 'whereaboutsUnknown',
    parentRefuses: ({ event }) => event.type === 'NEED_DETERMINED' && event.finding === 'parentRefuses',
    isInterim: ({ context }) => context.interim,
    permanentAppointed: ({ context, event }) =>
      context.interim && event.type === 'INTERIM_ENDED' && event.reason === 'permanentAppointed',
    studentStillEligible: ({ event }) => event.type === 'SURROGATE_NOTIFIED' && event.studentStillEligible,
    isReplacement: ({ context }) => context.replacement,
  },
  actions: {
    ...declaredEffects,
    recordFinding: assign(({ event }) => {
      assertEvent(event, 'NEED_DETERMINED');
      return { finding: event.finding };
    }),
    recordCourtReferral: assign({ courtReferralOn: ({ event }) => event.occurredOn }),
    recordInterimNeed: assign(({ context, event }) => ({
      interim: true,
      interimNeededOn: event.occurredOn,
      owed: { ...context.owed, selpaNotice: event.occurredOn },
    })),
    recordSelpaNotice: assign({ owed: ({ context }) => ({ ...context.owed, selpaNotice: null }) }),
    recordAppointment: assign(({ context, event }) => ({
      appointedOn: event.occurredOn,
      lastEvaluationOn: event.occurredOn,
      owed: { ...context.owed, selpaNotice: null, replacement: null },
    })),
    markInterim: assign({ interim: true }),
    recordEvaluation: assign({ lastEvaluationOn: ({ event }) => event.occurredOn }),
    /** Court notices must first be forwarded; allegations first investigated; else the SELPA has the information now. */
    recordCondition: assign(({ context, event }) => {
      assertEvent(event, 'TERMINATION_CONDITION');
      const court = COURT_NOTICES.includes(event.condition);
      const investigated = INVESTIGATED.includes(event.condition);
      return {
        terminationCondition: event.condition,
        informationReceivedOn: court || investigated ? null : event.occurredOn,
        owed: {
          ...context.owed,
          courtNoticeForward: court ? event.occurredOn : null,
          investigationReport: investigated ? event.occurredOn : null,
        },
      };
    }),
    recordForward: assign(({ context, event }) => ({ informationReceivedOn: event.occurredOn, owed: { ...context.owed, courtNoticeForward: null } })),
    recordInvestigation: assign(({ context, event }) => ({ informationReceivedOn: event.occurredOn, owed: { ...context.owed, investigationReport: null } })),
    clearTermination: assign(({ context }) => ({
      terminationCondition: null,
      informationReceivedOn: null,
      owed: { ...context.owed, courtNoticeForward: null, investigationReport: null },
    })),
    recordDecision: assign({ terminationDecidedOn: ({ event }) => event.occurredOn }),
    recordProtest: assign({ protestFiledOn: ({ event }) => event.occurredOn }),
  },
}).createMachine({
  id: 'surrogate-parent',
  context: ({ input }) => surrogateContext(input),
  initial: 'need-review',
  states: {
    'need-review': {
      meta: { status: 'surrogate need under review' },
      // Openers route at once: interim need, replacement after a termination, or a
      // permanent appointment that ended an interim one.
      always: [
        { guard: 'openedAsInterim', target: 'interim' },
        { guard: 'openedAsReplacement', target: 'appointing' },
        { guard: 'openedAsAppointed', target: 'active' },
      ],
      on: {
        NEED_DETERMINED: [
          { guard: 'needsAppointment', target: 'appointing', actions: 'recordFinding' },
          { guard: 'notNeeded', target: 'not-needed', actions: 'recordFinding' },
          { guard: 'whereaboutsUnknown', target: 'searching', actions: 'recordFinding' },
          // L9888-9892: documented, referred to the court; the SELPA director may suggest the
          // social worker ask the court to remove the parent's rights. Stays under review.
          {
            guard: 'parentRefuses',
            actions: ['recordFinding', 'recordCourtReferral', { type: 'escalate', params: { to: ['spedDirector', 'selpaDirector'] } }],
          },
        ],
        INTERIM_NEEDED: { target: 'interim', actions: 'recordInterimNeed' },
      },
    },
    searching: {
      // L9881-9884: ≥3 attempts over three weeks, ≥2 methods (`surrogate-search` is not a rule id yet).
      meta: { status: 'searching for a parent' },
      on: {
        SEARCH_FAILED: { target: 'appointing' },
        PARENT_FOUND: { target: 'not-needed' },
      },
    },
    interim: {
      meta: {
        status: 'interim surrogate to be assigned',
        clocks: [
          // L10030-10032: LEA director tells the SELPA director within two working days.
          { id: 'interimSurrogateNotify', rule: 'interim-surrogate-notify', from: 'owed.selpaNotice', remind: 'default', onDue: 'INTERIM_SURROGATE_NOTIFY_DUE' },
          // L10037-10038: assigned within five working days, as surrogates are available.
          { id: 'interimSurrogateAssign', rule: 'interim-surrogate-assign', from: 'interimNeededOn', remind: 'default', onDue: 'INTERIM_SURROGATE_ASSIGN_DUE' },
        ],
      },
      on: {
        SELPA_NOTIFIED: { actions: 'recordSelpaNotice' },
        INTERIM_ASSIGNED: { target: 'active', actions: 'recordAppointment' },
        INTERIM_SURROGATE_NOTIFY_DUE: { actions: late('interim-surrogate-notify') },
        INTERIM_SURROGATE_ASSIGN_DUE: { actions: late('interim-surrogate-assign') },
      },
    },
    appointing: {
      meta: {
        status: 'surrogate being appointed',
        clocks: [
          // L10130-10132: a replacement within two working days (runs only for a replacement).
          { id: 'surrogateReplacement', rule: 'surrogate-replacement', from: 'owed.replacement', remind: 'default', onDue: 'SURROGATE_REPLACEMENT_DUE' },
        ],
      },
      // L9911-9941, L9964-9966: trained, screened volunteer with no conflict and not an agency
      // employee (L9417-9421, L9928-9935); LEA signs the Appointment form (L10158), the
      // surrogate the Acceptance form (L10160-10172).
      entry: [{ type: 'requestSignature', params: { scope: 'surrogate-appointment', signer: 'lea', form: 'Surrogate appointment' } }],
      on: {
        APPOINTED: { target: 'active', actions: 'recordAppointment' },
        // L10130-10131: "an interim or new surrogate parent" for a replacement.
        INTERIM_ASSIGNED: { guard: 'isReplacement', target: 'active', actions: ['markInterim', 'recordAppointment'] },
        SURROGATE_REPLACEMENT_DUE: { actions: late('surrogate-replacement') },
      },
    },
    active: {
      meta: {
        status: 'surrogate acting for the student',
        clocks: [
          // L10054-10056: evaluated at least annually (refresher training L9996-9998 has no rule id yet).
          { id: 'surrogateEvaluation', rule: 'surrogate-evaluation', from: 'lastEvaluationOn', remind: 'default', onDue: 'SURROGATE_EVALUATION_DUE' },
        ],
      },
      // Same record rights as a parent (L10022-10025).
      on: {
        // An unsatisfactory evaluation leads to support first (L10063-10066); termination only
        // through TERMINATION_CONDITION. Re-entering restarts the yearly clock.
        EVALUATION_HELD: { target: 'active', reenter: true, actions: 'recordEvaluation' },
        TERMINATION_CONDITION: { target: 'termination-review', actions: 'recordCondition' },
        INTERIM_ENDED: [
          {
            // L10051: the permanent surrogate is a new appointment episode, opened as such.
            guard: 'permanentAppointed',
            target: 'interim-ended',
            actions: {
              type: 'openProcess',
              params: ({ event }) => ({ chart: 'surrogate-parent', input: { appointedOn: event.occurredOn } }),
            },
          },
          { guard: 'isInterim', target: 'interim-ended' },
        ],
        SURROGATE_EVALUATION_DUE: { actions: late('surrogate-evaluation') },
      },
    },
    'termination-review': {
      meta: {
        status: 'termination under review by the SELPA director',
        clocks: [
          { id: 'surrogateCourtNotice', rule: 'surrogate-court-notice', from: 'owed.courtNoticeForward', remind: 'default', onDue: 'SURROGATE_COURT_NOTICE_DUE' },
          { id: 'surrogateInvestigation', rule: 'surrogate-investigation', from: 'owed.investigationReport', remind: 'default', onDue: 'SURROGATE_INVESTIGATION_DUE' },
          // L10114-10117: decide within five working days of the information.
          { id: 'surrogateTerminationDecision', rule: 'surrogate-termination-decision', from: 'informationReceivedOn', remind: 'default', onDue: 'SURROGATE_TERMINATION_DECISION_DUE' },
        ],
      },
      on: {
        COURT_NOTICE_FORWARDED: { actions: 'recordForward' },
        INVESTIGATION_REPORTED: { actions: 'recordInvestigation' },
        // A late decision is still lawful: the decision clock only records the delay.
        TERMINATION_DECIDED: { target: 'terminated', actions: 'recordDecision' },
        RETAINED: { target: 'active', actions: 'clearTermination' },
        SURROGATE_COURT_NOTICE_DUE: { actions: late('surrogate-court-notice') },
        SURROGATE_INVESTIGATION_DUE: { actions: late('surrogate-investigation') },
        SURROGATE_TERMINATION_DECISION_DUE: { actions: late('surrogate-termination-decision', true) },
      },
    },
    terminated: {
      meta: {
        status: 'terminated: surrogate to be told',
        clocks: [
          // L10118-10122: surrogate told within five working days of the decision.
          { id: 'surrogateTerminationNotice', rule: 'surrogate-termination-notice', from: 'terminationDecidedOn', remind: 'default', onDue: 'SURROGATE_TERMINATION_NOTICE_DUE' },
        ],
      },
      // L10128-10129: the LEA tells the student; records come back (L10026-10028).
      entry: [{ type: 'sendNotice', params: { form: 'Decision notice', to: 'student', purpose: 'surrogate-terminated' } }],
      on: {
        PROTEST_FILED: { actions: 'recordProtest' },
        SURROGATE_NOTIFIED: [
          {
            // L10130-10132: a student still eligible gets an interim or new surrogate.
            guard: 'studentStillEligible',
            target: 'ended',
            actions: {
              type: 'openProcess',
              params: ({ event }) => ({ chart: 'surrogate-parent', input: { replacementNeededOn: event.occurredOn } }),
            },
          },
          { target: 'ended' },
        ],
        SURROGATE_TERMINATION_NOTICE_DUE: { actions: late('surrogate-termination-notice', true) },
      },
    },
    'not-needed': { type: 'final', meta: { status: 'no surrogate needed' } },
    'interim-ended': { type: 'final', meta: { status: 'interim assignment ended' } },
    ended: { type: 'final', meta: { status: 'appointment ended' } },
  },
}));

export const definition: ProcessDefinition = lazyDefinition({
  id: 'surrogate-parent',
  version: '1.0.0',
  title: 'Surrogate parent',
  cites: ['L3679-3685', 'L6309-6311', 'L9407-9421', 'L9866-9902', 'L10022-10132', 'L10143-10175'],
  startsOn: ['SURROGATE_NEEDED', 'INTERIM_NEEDED'],
  eventTypes: ['SURROGATE_NEEDED', 'INTERIM_NEEDED', 'NEED_DETERMINED', 'SEARCH_FAILED', 'PARENT_FOUND', 'SELPA_NOTIFIED', 'INTERIM_ASSIGNED', 'APPOINTED', 'EVALUATION_HELD', 'INTERIM_ENDED', 'TERMINATION_CONDITION', 'COURT_NOTICE_FORWARDED', 'INVESTIGATION_REPORTED', 'TERMINATION_DECIDED', 'RETAINED', 'PROTEST_FILED', 'SURROGATE_NOTIFIED'],
}, () => ({ machine: surrogateParentMachine(), events: surrogateEvents() }));
