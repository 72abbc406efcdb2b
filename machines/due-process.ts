/**
 * P22 `due-process`: complaint, resolution period and session, settlement review, hearing
 * (processes.md §3 P22; handbook L3731-3839, ch. 15.11 L13930-14128).
 *
 * Opened from outside by `DUE_PROCESS_FILED` (input.trigger) or by another chart's
 * `openProcess({ chart: 'due-process', input: { petitioner: 'district', filedOn } })`
 * (input.opener: initial-evaluation, annual-review, reassessment, iee). Both start in `filed`,
 * which routes at once: a parent's complaint gets the 30-day resolution period; a district's
 * complaint goes straight to the hearing (the resolution session is the parent-complaint
 * step, L3813-3816, L13933-13936; design default).
 *
 * Stay-put holds throughout: the current placement is kept unless the parties agree
 * (L3828-3833, L13799-13801). It is a status, not a dated act, so no clock declares it.
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
  type Role,
  type TimerEvent,
} from './contract';
import { mediationRequested } from './mediation';
import { lazyDefinition, once } from './lazy';

const parentSide: [Role, ...Role[]] = ['parent', 'adultStudent', 'surrogate'];
const districtSide = once(() => actorOf('district', 'selpa'));
const eitherParty = once(() => actorOf(...parentSide, 'district', 'selpa'));

// -----------------------------------------------------------------------------------------
// Events from outside
// -----------------------------------------------------------------------------------------

/**
 * A written complaint with the required content and a copy to the other side (L3801-3812),
 * filed within two years of when the issue was or should have been known (L3733-3737).
 * `occurredOn` is the date the other party (for a parent complaint, the district) received it.
 * initial-evaluation and iee accept this event too (district filings) and open this chart.
 */
export const dueProcessFiled = once(() => eventSchema('DUE_PROCESS_FILED', {
  actor: eitherParty(),
  petitioner: z.enum(['parent', 'district']),
}));
/** District's written response on the PWN form (L13956-13965). */
export const responseSent = once(() => eventSchema('RESPONSE_SENT', { actor: districtSide() }));
/** District's Notice of Insufficiency to OAH (L13966-13969). */
export const insufficiencyFiled = once(() => eventSchema('NOTICE_OF_INSUFFICIENCY_FILED', { actor: districtSide() }));
/** Resolution session held (L3818-3823, L13990-13998). */
export const sessionHeld = once(() => eventSchema('SESSION_HELD', { actor: eitherParty() }));
/** Both parties waive the session; only valid in writing (L3824-3825, L13999-14000). */
export const sessionWaived = once(() => eventSchema('SESSION_WAIVED', { actor: eitherParty(), inWritingByBoth: z.boolean() }));
/** Both parties agree to use the State mediation process instead (L13999-14001). */
export const mediationChosen = once(() => eventSchema('MEDIATION_CHOSEN', { actor: eitherParty() }));
/** Agreement signed by both parties and a district representative with authority (L14002-14005). */
export const settled = once(() => eventSchema('SETTLED', { actor: eitherParty() }));
/** Either party voids the agreement inside the review period (L14006-14007). */
export const agreementVoided = once(() => eventSchema('AGREEMENT_VOIDED', { actor: eitherParty() }));
/** The ALJ's written decision: final and binding (L3837, L13981-13985). */
export const decisionIssued = once(() => eventSchema('DECISION_ISSUED', {
  actor: actorOf('oah'),
  prevailing: z.enum(['district', 'parent']),
}));

const events = once(() => ({
  DUE_PROCESS_FILED: dueProcessFiled(),
  RESPONSE_SENT: responseSent(),
  NOTICE_OF_INSUFFICIENCY_FILED: insufficiencyFiled(),
  SESSION_HELD: sessionHeld(),
  SESSION_WAIVED: sessionWaived(),
  MEDIATION_CHOSEN: mediationChosen(),
  SETTLED: settled(),
  AGREEMENT_VOIDED: agreementVoided(),
  DECISION_ISSUED: decisionIssued(),
  MEDIATION_REQUESTED: mediationRequested(),
}));

type External = { [K in keyof ReturnType<typeof events>]: z.infer<(ReturnType<typeof events>)[K]> }[keyof ReturnType<typeof events>];
type Timer<T extends string> = Omit<TimerEvent, 'type'> & { type: T };
export type DueProcessEvent =
  | External
  | Timer<
      | 'RESOLUTION_PERIOD_DUE'
      | 'DUE_PROCESS_RESPONSE_DUE'
      | 'RESOLUTION_SESSION_DUE'
      | 'NOTICE_OF_INSUFFICIENCY_DUE'
      | 'RESOLUTION_AGREEMENT_REVIEW_DUE'
      | 'DUE_PROCESS_DECISION_DUE'
    >;

// -----------------------------------------------------------------------------------------
// Context
// -----------------------------------------------------------------------------------------

export interface DueProcessContext {
  studentId: string;
  petitioner: 'parent' | 'district';
  /** The complaint's receipt: trigger of every resolution-period clock. */
  complaintReceivedOn: IsoDate;
  /** Session held, waived in writing, or replaced by mediation. */
  sessionDone: boolean;
  agreementSignedOn: IsoDate | null;
  /** The 30-day resolution period's end (its due date), once it has passed. */
  resolutionPeriodEndedOn: IsoDate | null;
  /**
   * Trigger of the 45-day `due-process-decision` clock: the end of the resolution period
   * (B-24 default `dueProcessPeriodStart`), or the filing date of a district complaint,
   * which has no resolution period.
   */
  hearingPeriodFrom: IsoDate | null;
  decidedOn: IsoDate | null;
  prevailing: 'district' | 'parent' | null;
  /**
   * Acts and periods still open, by trigger date. Clearing one stops its clock without
   * leaving the state (the response and the NOI do not move the case).
   */
  owed: { response: IsoDate | null; insufficiency: IsoDate | null; resolutionPeriod: IsoDate | null };
}

/** What another chart hands this one in `openProcess({ chart: 'due-process', input })`. */
export const dueProcessOpener = once(() => z.object({
  petitioner: z.enum(['parent', 'district']),
  filedOn: IsoDate,
}));

function dueProcessContext(input: ProcessInput): DueProcessContext {
  const { petitioner, filedOn } = input.trigger
    ? dueProcessOpener().parse({ petitioner: input.trigger.petitioner, filedOn: input.trigger.occurredOn })
    : dueProcessOpener().parse(input.opener ?? {});
  const parentFiled = petitioner === 'parent';
  return {
    studentId: input.student.id,
    petitioner,
    complaintReceivedOn: filedOn,
    sessionDone: false,
    agreementSignedOn: null,
    resolutionPeriodEndedOn: null,
    hearingPeriodFrom: parentFiled ? null : filedOn,
    decidedOn: null,
    prevailing: null,
    owed: {
      response: parentFiled ? filedOn : null,
      insufficiency: parentFiled ? filedOn : null,
      resolutionPeriod: parentFiled ? filedOn : null,
    },
  };
}

type LateRule = 'due-process-response' | 'resolution-session' | 'due-process-decision';
const late = (rule: LateRule) => [
  { type: 'recordDelay' as const, params: { code: `${rule}-late` } },
  { type: 'escalate' as const, params: { to: ['caseManager' as const, 'spedDirector' as const] } },
];

/** The resolution-period clock: also declared on `agreement-review`, so a voided agreement knows whether the 30 days are over. */
const resolutionPeriodClock = {
  id: 'resolutionPeriod',
  rule: 'resolution-period',
  from: 'owed.resolutionPeriod',
  remind: 'none',
  onDue: 'RESOLUTION_PERIOD_DUE',
} as const;

// -----------------------------------------------------------------------------------------
// Chart
// -----------------------------------------------------------------------------------------

export const dueProcessMachine = once(() => setup({
  types: { context: {} as DueProcessContext, events: {} as DueProcessEvent, input: {} as ProcessInput },
  guards: {
    parentFiled: ({ context }) => context.petitioner === 'parent',
    districtFiled: ({ context }) => context.petitioner === 'district',
    /** L3824-3825: the session may be skipped only if both agree in writing. */
    waivedInWritingByBoth: ({ event }) => event.type === 'SESSION_WAIVED' && event.inWritingByBoth,
    /** A parent complaint whose 30 days have not ended: the case goes back to resolution. */
    periodRunningSessionDone: ({ context }) => context.owed.resolutionPeriod !== null && context.sessionDone,
    periodRunning: ({ context }) => context.owed.resolutionPeriod !== null,
  },
  actions: {
    ...declaredEffects,
    recordResponse: assign({ owed: ({ context }) => ({ ...context.owed, response: null }) }),
    closeInsufficiencyWindow: assign({ owed: ({ context }) => ({ ...context.owed, insufficiency: null }) }),
    recordSessionDone: assign({ sessionDone: true }),
    /** Timer event: `due` is the period's last day, from which the 45 days run (B-24). */
    endResolutionPeriod: assign(({ context, event }) => {
      assertEvent(event, 'RESOLUTION_PERIOD_DUE');
      return {
        resolutionPeriodEndedOn: event.due,
        hearingPeriodFrom: event.due,
        owed: { ...context.owed, resolutionPeriod: null },
      };
    }),
    recordAgreement: assign({ agreementSignedOn: ({ event }) => event.occurredOn }),
    /** A void after the 30 days: the 45 days run from the period's end (already recorded). */
    resumeHearingPeriod: assign({
      hearingPeriodFrom: ({ context }) => context.hearingPeriodFrom ?? context.resolutionPeriodEndedOn ?? context.complaintReceivedOn,
    }),
    recordDecision: assign(({ event }) => {
      assertEvent(event, 'DECISION_ISSUED');
      return { decidedOn: event.occurredOn, prevailing: event.prevailing };
    }),
  },
}).createMachine({
  id: 'due-process',
  context: ({ input }) => dueProcessContext(input),
  initial: 'filed',
  states: {
    filed: {
      meta: { status: 'complaint filed; stay-put in effect' },
      // NC 1 on receipt of a complaint (L3546; L10990 and L15762 on every filing: B-17 union).
      entry: [{ type: 'sendNotice', params: { form: 'NC 1', to: 'parent', purpose: 'due-process-complaint' } }],
      always: [
        { guard: 'parentFiled', target: 'resolution-period' },
        { guard: 'districtFiled', target: 'hearing' },
      ],
    },
    'resolution-period': {
      meta: {
        status: 'resolution period (30 days)',
        clocks: [
          // L3825-3826, L13976-13977: unresolved after 30 days, the hearing may go ahead.
          resolutionPeriodClock,
          // L13956-13965: the district's written response (PWN form) within 10 days.
          { id: 'dueProcessResponse', rule: 'due-process-response', from: 'owed.response', remind: 'default', onDue: 'DUE_PROCESS_RESPONSE_DUE' },
          // L13966-13969: the district may file an NOI within 15 days of receipt. Declared on the
          // period, not the session step: the right does not end when the session is held.
          { id: 'noticeOfInsufficiency', rule: 'notice-of-insufficiency', from: 'owed.insufficiency', remind: 'default', onDue: 'NOTICE_OF_INSUFFICIENCY_DUE' },
        ],
      },
      initial: 'scheduling',
      on: {
        RESOLUTION_PERIOD_DUE: { target: 'hearing', actions: 'endResolutionPeriod' },
        SETTLED: { target: 'agreement-review', actions: 'recordAgreement' },
        RESPONSE_SENT: {
          actions: [
            'recordResponse',
            { type: 'sendNotice', params: { form: 'PWN', to: 'parent', purpose: 'due-process-response' } },
          ],
        },
        DUE_PROCESS_RESPONSE_DUE: { actions: late('due-process-response') },
        NOTICE_OF_INSUFFICIENCY_FILED: { actions: 'closeInsufficiencyWindow' },
        // The NOI is optional ("may file"): its window closing is no delay.
        NOTICE_OF_INSUFFICIENCY_DUE: { actions: 'closeInsufficiencyWindow' },
      },
      states: {
        scheduling: {
          meta: {
            status: 'resolution session to be held within 15 days',
            clocks: [
              // L3818-3819, L13972-13975: session within 15 days of receiving the complaint.
              { id: 'resolutionSession', rule: 'resolution-session', from: 'complaintReceivedOn', remind: 'default', onDue: 'RESOLUTION_SESSION_DUE' },
            ],
          },
          // L14083-14128: letter proposing the session, with the intent form.
          entry: [{ type: 'sendNotice', params: { form: 'Resolution letter', to: 'parent', states: 'resolution-session' } }],
          on: {
            SESSION_HELD: { target: 'met', actions: 'recordSessionDone' },
            SESSION_WAIVED: { guard: 'waivedInWritingByBoth', target: 'met', actions: 'recordSessionDone' },
            // L13999-14001: the parties agree to State mediation instead of the session.
            MEDIATION_CHOSEN: {
              target: 'met',
              actions: [
                'recordSessionDone',
                {
                  type: 'openProcess',
                  params: ({ event }) => ({
                    chart: 'mediation',
                    input: { requestedOn: event.occurredOn, requestedBy: event.actor.role === 'district' ? 'district' : 'parent' },
                  }),
                },
              ],
            },
            RESOLUTION_SESSION_DUE: { actions: late('resolution-session') },
          },
        },
        met: {
          // L3818-3823, L13990-13998: parent, relevant IEP members, a district representative
          // with authority; no district attorney unless the parent brings one.
          meta: { status: 'resolution session done; settlement possible until the period ends' },
        },
      },
    },
    'agreement-review': {
      meta: {
        status: 'settlement signed: 3-business-day review',
        clocks: [
          // L14006-14007, L14066-14068 (B-15): either party may void within 3 business days.
          { id: 'resolutionAgreementReview', rule: 'resolution-agreement-review', from: 'agreementSignedOn', remind: 'none', onDue: 'RESOLUTION_AGREEMENT_REVIEW_DUE' },
          resolutionPeriodClock,
        ],
      },
      on: {
        AGREEMENT_VOIDED: [
          { guard: 'periodRunningSessionDone', target: 'resolution-period.met' },
          { guard: 'periodRunning', target: 'resolution-period' },
          { target: 'hearing', actions: 'resumeHearingPeriod' },
        ],
        // The 30 days may end during the review: remember it for a later void.
        RESOLUTION_PERIOD_DUE: { actions: 'endResolutionPeriod' },
        // L14027-14028, L14066-14068: binding; the district implements, parents ask OAH to dismiss.
        RESOLUTION_AGREEMENT_REVIEW_DUE: { target: 'settled' },
      },
    },
    hearing: {
      meta: {
        status: 'hearing: 45-day decision period',
        clocks: [
          // L13978-13985 (B-24): hearing and written order within the 45-day period.
          { id: 'dueProcessDecision', rule: 'due-process-decision', from: 'hearingPeriodFrom', remind: 'default', onDue: 'DUE_PROCESS_DECISION_DUE' },
        ],
      },
      on: {
        DECISION_ISSUED: { target: 'decided', actions: 'recordDecision' },
        SETTLED: { target: 'agreement-review', actions: 'recordAgreement' },
        // L3792: mediation at any point during the hearing.
        MEDIATION_REQUESTED: {
          actions: {
            type: 'openProcess',
            params: ({ event }) => ({
              chart: 'mediation',
              input: { requestedOn: event.occurredOn, requestedBy: event.actor.role === 'district' ? 'district' : 'parent' },
            }),
          },
        },
        DUE_PROCESS_DECISION_DUE: { actions: late('due-process-decision') },
      },
    },
    // L3837-3839: final and binding; either party may sue within 90 days (`civil-appeal`).
    decided: { type: 'final', meta: { status: 'hearing decision issued' } },
    settled: { type: 'final', meta: { status: 'settled: agreement binding' } },
  },
}));

export const definition: ProcessDefinition = lazyDefinition({
  id: 'due-process',
  version: '1.0.0',
  title: 'Due process complaint and hearing',
  cites: ['L3731-3839', 'L13930-14128'],
  startsOn: ['DUE_PROCESS_FILED'],
  eventTypes: ['DUE_PROCESS_FILED', 'RESPONSE_SENT', 'NOTICE_OF_INSUFFICIENCY_FILED', 'SESSION_HELD', 'SESSION_WAIVED', 'MEDIATION_CHOSEN', 'SETTLED', 'AGREEMENT_VOIDED', 'DECISION_ISSUED', 'MEDIATION_REQUESTED'],
}, () => ({ machine: dueProcessMachine(), events: events() }));
