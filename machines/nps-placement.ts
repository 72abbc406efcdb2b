/**
 * P23 `nps-placement`: placement in a certified nonpublic school or agency when no public
 * program can implement the IEP (processes.md §3 P23; handbook ch. 11 L8275-8536 and the
 * sample master contract L8714-9835).
 *
 * Opens on `NPS_NEEDED`, the IEP team's finding that a nonpublic placement is needed (an IEP
 * meeting precedes any NPS placement and public options come first, L8275-8287). The NPS's
 * own contractual notices are clocks while `placed`; an out-of-state placement owes CDE a
 * report within 15 days of the decision whatever state the placement has reached, so that
 * clock is declared on the chart's root.
 */
import { assign, setup } from 'xstate';
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

const lea = once(() => actorOf('district', 'selpa'));
const leaOrNps = once(() => actorOf('district', 'selpa', 'nps'));

// -----------------------------------------------------------------------------------------
// Events from outside
// -----------------------------------------------------------------------------------------

export const npsEvents = once(() => ({
  /** IEP team: NPS needed; `outOfState` when the chosen program is outside California (L8289-8310). */
  NPS_NEEDED: eventSchema('NPS_NEEDED', { actor: lea(), outOfState: z.boolean() }),
  /** Parent's written consent to the placement (L8424-8426). */
  PLACEMENT_CONSENTED: eventSchema('PLACEMENT_CONSENTED', { actor: actorOf('parent', 'adultStudent', 'surrogate') }),
  /** Report to CDE on an out-of-state placement (L8302-8310). */
  CDE_REPORT_SENT: eventSchema('CDE_REPORT_SENT', { actor: lea() }),
  /** Individual Services Agreement signed under the master contract (L8329-8331, L8714-8724). */
  ISA_EXECUTED: eventSchema('ISA_EXECUTED', { actor: lea() }),
  /** NPS suspended the pupil; `mdRequired` when the removal calls for a manifestation determination (L9178-9184). */
  NPS_SUSPENSION: eventSchema('NPS_SUSPENSION', { actor: leaOrNps(), mdRequired: z.boolean() }),
  /** NPS's written suspension notice reached the LEA (L9178-9181). */
  SUSPENSION_NOTICE_RECEIVED: eventSchema('SUSPENSION_NOTICE_RECEIVED', { actor: lea() }),
  /** NPS asked the LEA to schedule the MD meeting (L9181-9184). */
  MD_REQUESTED: eventSchema('MD_REQUESTED', { actor: leaOrNps() }),
  /** The family moved out of the district (L8494-8506). */
  RESIDENCE_CHANGED: eventSchema('RESIDENCE_CHANGED', { actor: actorOf('parent', 'adultStudent', 'surrogate', 'district', 'selpa', 'nps') }),
  /** NPS's written notice of the move reached the LEA (L9019-9020). */
  RESIDENCE_NOTICE_RECEIVED: eventSchema('RESIDENCE_NOTICE_RECEIVED', { actor: lea() }),
  /** The receiving district has the records, IEP and contract (L8501-8504, L8507-8509). */
  RECORDS_RECEIVED: eventSchema('RECORDS_RECEIVED', { actor: lea() }),
  /** IEP review: the NPS placement stays appropriate (L8519-8522). */
  STILL_APPROPRIATE: eventSchema('STILL_APPROPRIATE', { actor: lea() }),
  /** IEP review: not appropriate; public services only with the parent's consent (L8522-8526). */
  NOT_APPROPRIATE: eventSchema('NOT_APPROPRIATE', { actor: lea(), parentConsents: z.boolean() }),
  /** Notice to end the contract or ISA, for cause (L8359-8364, L8442-8445, L8894-8897). */
  TERMINATION_NOTICE_GIVEN: eventSchema('TERMINATION_NOTICE_GIVEN', {
    actor: leaOrNps(),
    reason: z.enum(['cause', 'publicClassAvailable']),
    parentAgreesToTransfer: z.boolean(),
  }),
  /** The ISA ends before the 20 days, by written agreement of both (L8903-8904). */
  TERMINATED: eventSchema('TERMINATED', { actor: leaOrNps(), agreedInWriting: z.boolean() }),
  /** IEP decision to return the pupil to a public school (L9397-9405). */
  RETURN_TO_PUBLIC: eventSchema('RETURN_TO_PUBLIC', { actor: lea() }),
}));

type External = { [K in keyof ReturnType<typeof npsEvents>]: z.infer<(ReturnType<typeof npsEvents>)[K]> }[keyof ReturnType<typeof npsEvents>];
type Timer<T extends string> = Omit<TimerEvent, 'type'> & { type: T };
export type NpsEvent =
  | External
  | Timer<'NPS_OUT_OF_STATE_REPORT_DUE' | 'NPS_SUSPENSION_NOTICE_DUE' | 'NPS_MD_REQUEST_DUE'>
  | Timer<'NPS_RESIDENCE_NOTIFY_DUE' | 'NPS_RESIDENCE_REVIEW_DUE' | 'NPS_TERMINATION_NOTICE_DUE'>;

// -----------------------------------------------------------------------------------------
// Context
// -----------------------------------------------------------------------------------------

export interface NpsContext {
  studentId: string;
  decidedOn: IsoDate;
  outOfState: boolean;
  consentedOn: IsoDate | null;
  isaExecutedOn: IsoDate | null;
  residenceChangedOn: IsoDate | null;
  recordsReceivedOn: IsoDate | null;
  terminationNoticeOn: IsoDate | null;
  /** Acts still owed, by trigger date; clearing one stops its clock without a state change. */
  owed: {
    outOfStateReport: IsoDate | null;
    suspensionNotice: IsoDate | null;
    mdRequest: IsoDate | null;
    residenceNotice: IsoDate | null;
    residenceReview: IsoDate | null;
  };
}

/** What another chart hands this one in `openProcess({ chart: 'nps-placement', input })`. */
export const npsOpener = once(() => z.object({ decidedOn: IsoDate, outOfState: z.boolean().default(false) }));

function npsContext(input: ProcessInput): NpsContext {
  const { decidedOn, outOfState } = input.trigger
    ? npsOpener().parse({ decidedOn: input.trigger.occurredOn, outOfState: input.trigger.outOfState })
    : npsOpener().parse(input.opener ?? {});
  return {
    studentId: input.student.id,
    decidedOn,
    outOfState,
    consentedOn: null,
    isaExecutedOn: null,
    residenceChangedOn: null,
    recordsReceivedOn: null,
    terminationNoticeOn: null,
    owed: {
      outOfStateReport: outOfState ? decidedOn : null,
      suspensionNotice: null,
      mdRequest: null,
      residenceNotice: null,
      residenceReview: null,
    },
  };
}

type LateRule = 'nps-out-of-state-report' | 'nps-suspension-notice' | 'nps-md-request' | 'nps-residence-notify' | 'nps-residence-review';
const late = (rule: LateRule) => [
  { type: 'recordDelay' as const, params: { code: `${rule}-late` } },
  { type: 'escalate' as const, params: { to: ['caseManager' as const, 'spedDirector' as const] } },
];
/** An owed act is done: clearing its trigger date stops its clock. */
const done = (key: keyof NpsContext['owed']) => ({ context }: { context: NpsContext }) => ({ owed: { ...context.owed, [key]: null } });

// -----------------------------------------------------------------------------------------
// Chart
// -----------------------------------------------------------------------------------------

export const npsPlacementMachine = once(() => setup({
  types: { context: {} as NpsContext, events: {} as NpsEvent, input: {} as ProcessInput },
  guards: {
    /** L8359-8364, L8442-8445: never because a public class opened, unless the parent agrees. */
    lawfulTermination: ({ event }) =>
      event.type === 'TERMINATION_NOTICE_GIVEN' && (event.reason === 'cause' || event.parentAgreesToTransfer),
    parentConsents: ({ event }) => event.type === 'NOT_APPROPRIATE' && event.parentConsents,
    parentDoesNotConsent: ({ event }) => event.type === 'NOT_APPROPRIATE' && !event.parentConsents,
    /** L8903-8904: an ISA ends without notice only if both agree in writing. */
    endedByWrittenAgreement: ({ event }) => event.type === 'TERMINATED' && event.agreedInWriting,
    outOfStateReportOwed: ({ context }) => context.owed.outOfStateReport !== null,
  },
  actions: {
    ...declaredEffects,
    recordConsent: assign({ consentedOn: ({ event }) => event.occurredOn }),
    recordIsa: assign({ isaExecutedOn: ({ event }) => event.occurredOn }),
    recordCdeReport: assign(done('outOfStateReport')),
    recordSuspension: assign(({ context, event }) => ({
      owed: {
        ...context.owed,
        suspensionNotice: event.occurredOn,
        mdRequest: event.type === 'NPS_SUSPENSION' && event.mdRequired ? event.occurredOn : context.owed.mdRequest,
      },
    })),
    recordSuspensionNotice: assign(done('suspensionNotice')),
    recordMdRequest: assign(done('mdRequest')),
    recordMove: assign(({ context, event }) => ({
      residenceChangedOn: event.occurredOn,
      owed: { ...context.owed, residenceNotice: event.occurredOn },
    })),
    recordResidenceNotice: assign(done('residenceNotice')),
    recordRecords: assign(({ context, event }) => ({
      recordsReceivedOn: event.occurredOn,
      owed: { ...context.owed, residenceReview: event.occurredOn },
    })),
    /** The review is held; the proposal waits for the parent's consent (stay-put meanwhile). */
    recordReviewHeld: assign(done('residenceReview')),
    recordTerminationNotice: assign({ terminationNoticeOn: ({ event }) => event.occurredOn }),
  },
}).createMachine({
  id: 'nps-placement',
  context: ({ input }) => npsContext(input),
  initial: 'iep-decision',
  meta: {
    clocks: [
      // L8302-8305: the IEP team reports an out-of-state placement to CDE within 15 days of the decision.
      { id: 'npsOutOfStateReport', rule: 'nps-out-of-state-report', from: 'owed.outOfStateReport', remind: 'default', onDue: 'NPS_OUT_OF_STATE_REPORT_DUE' },
    ],
  },
  on: {
    CDE_REPORT_SENT: { guard: 'outOfStateReportOwed', actions: 'recordCdeReport' },
    NPS_OUT_OF_STATE_REPORT_DUE: { actions: late('nps-out-of-state-report') },
  },
  states: {
    'iep-decision': {
      // L8284-8287, L7807-7813: the district, with the parent, selects the NPS.
      meta: { status: 'NPS needed: parent consent to the placement' },
      on: {
        PLACEMENT_CONSENTED: { target: 'contracting', actions: 'recordConsent' },
      },
    },
    contracting: {
      // L8329-8331, L8714-8724: an ISA under the master contract for the IEP period; the NPS
      // may decline the pupil (L9145-9148); attendance before signature: per diem up to 90 days,
      // appeal after 60, mediated contract within 30 (L8401-8414; `nps-contract` is not a rule id).
      meta: { status: 'contracting with the NPS' },
      on: {
        ISA_EXECUTED: { target: 'placed', actions: 'recordIsa' },
      },
    },
    placed: {
      // Progress reports (L8455-8476, L9287-9293), yearly evaluation and consideration of a
      // return (L8338-8347, L9430-9435), make-up sessions (L9355-9359): no rule ids yet.
      meta: {
        status: 'placed at the NPS',
        clocks: [
          // L9178-9181: written notice of each suspension within 5 days.
          { id: 'npsSuspensionNotice', rule: 'nps-suspension-notice', from: 'owed.suspensionNotice', remind: 'default', onDue: 'NPS_SUSPENSION_NOTICE_DUE' },
          // L9181-9184 (B-4): MD meeting requested no later than the 10th day of suspension.
          { id: 'npsMdRequest', rule: 'nps-md-request', from: 'owed.mdRequest', remind: 'default', onDue: 'NPS_MD_REQUEST_DUE' },
        ],
      },
      on: {
        NPS_SUSPENSION: { actions: 'recordSuspension' },
        SUSPENSION_NOTICE_RECEIVED: { actions: 'recordSuspensionNotice' },
        MD_REQUESTED: { actions: 'recordMdRequest' },
        NPS_SUSPENSION_NOTICE_DUE: { actions: late('nps-suspension-notice') },
        NPS_MD_REQUEST_DUE: { actions: late('nps-md-request') },
        RESIDENCE_CHANGED: { target: 'residence-review', actions: 'recordMove' },
        TERMINATION_NOTICE_GIVEN: { guard: 'lawfulTermination', target: 'terminating', actions: 'recordTerminationNotice' },
        // L6550-6559, L9397-9405: transition plan to the public school.
        RETURN_TO_PUBLIC: { target: 'returned' },
      },
    },
    'residence-review': {
      meta: {
        status: 'family moved: receiving district reviews the placement',
        clocks: [
          // L9019-9020 (B-32): NPS tells the LEA in writing; the engine's rule sets the count.
          { id: 'npsResidenceNotify', rule: 'nps-residence-notify', from: 'owed.residenceNotice', remind: 'none', onDue: 'NPS_RESIDENCE_NOTIFY_DUE' },
          // L8507-8509: IEP review within 15 working days of receiving the records.
          { id: 'npsResidenceReview', rule: 'nps-residence-review', from: 'owed.residenceReview', remind: 'default', onDue: 'NPS_RESIDENCE_REVIEW_DUE' },
        ],
      },
      on: {
        RESIDENCE_NOTICE_RECEIVED: { actions: 'recordResidenceNotice' },
        RECORDS_RECEIVED: { actions: 'recordRecords' },
        // L8519-8522: the receiving district negotiates a new contract.
        STILL_APPROPRIATE: { target: 'contracting' },
        NOT_APPROPRIATE: [
          { guard: 'parentConsents', target: 'moved-to-public' },
          // Without consent the change is only proposed (PWN, L548-569); the placement stays.
          {
            guard: 'parentDoesNotConsent',
            actions: ['recordReviewHeld', { type: 'sendNotice', params: { form: 'PWN', to: 'parent', purpose: 'nps-placement-change' } }],
          },
        ],
        NPS_RESIDENCE_NOTIFY_DUE: { actions: late('nps-residence-notify') },
        NPS_RESIDENCE_REVIEW_DUE: { actions: late('nps-residence-review') },
      },
    },
    terminating: {
      meta: {
        status: 'contract ending: 20 days notice',
        clocks: [
          // L8363-8364, L8894-8897: 20 calendar days' written notice; the contract then ends.
          { id: 'npsTerminationNotice', rule: 'nps-termination-notice', from: 'terminationNoticeOn', remind: 'default', onDue: 'NPS_TERMINATION_NOTICE_DUE' },
        ],
      },
      on: {
        TERMINATED: { guard: 'endedByWrittenAgreement', target: 'ended' },
        NPS_TERMINATION_NOTICE_DUE: { target: 'ended' },
      },
    },
    returned: { type: 'final', meta: { status: 'returned to a public school' } },
    'moved-to-public': { type: 'final', meta: { status: 'receiving district serves the pupil' } },
    ended: {
      type: 'final',
      meta: { status: 'NPS contract ended: IEP meeting for a new placement' },
      entry: [{ type: 'escalate', params: { to: ['caseManager', 'spedDirector'] } }],
    },
  },
}));

export const definition: ProcessDefinition = lazyDefinition({
  id: 'nps-placement',
  version: '1.0.0',
  title: 'Nonpublic school or agency placement',
  cites: ['L8275-8310', 'L8329-8364', 'L8401-8445', 'L8494-8536', 'L8894-8904', 'L9017-9026', 'L9145-9148', 'L9178-9184'],
  startsOn: ['NPS_NEEDED'],
  eventTypes: ['NPS_NEEDED', 'PLACEMENT_CONSENTED', 'CDE_REPORT_SENT', 'ISA_EXECUTED', 'NPS_SUSPENSION', 'SUSPENSION_NOTICE_RECEIVED', 'MD_REQUESTED', 'RESIDENCE_CHANGED', 'RESIDENCE_NOTICE_RECEIVED', 'RECORDS_RECEIVED', 'STILL_APPROPRIATE', 'NOT_APPROPRIATE', 'TERMINATION_NOTICE_GIVEN', 'TERMINATED', 'RETURN_TO_PUBLIC'],
}, () => ({ machine: npsPlacementMachine(), events: npsEvents() }));
