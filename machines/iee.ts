/**
 * P20 `iee`: a parent's request for an independent educational evaluation at public expense
 * (processes.md §3 P20; handbook L3697-3720, ch. 14.23 L12224-12396).
 *
 * The request may be oral or written and follows a disagreement with a district assessment
 * (L3699-3701, L12226-12228, L12372-12374); one IEE per disagreed assessment (L3702-3703,
 * L12241-12242). The district must, without unnecessary delay, either fund the IEE or file
 * for due process to defend its assessment (L12231-12234, L12378-12382). The handbook gives
 * no count: the `iee-decision` clock is the district policy `ieeDecisionWorkingDays` (B-23).
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
import { dueProcessFiled } from './due-process';
import { lazyDefinition, once } from './lazy';

const parentSide = once(() => actorOf('parent', 'adultStudent', 'surrogate'));
const districtSide = once(() => actorOf('district', 'selpa'));
/** The id of a district assessment record (never a name). */
const AssessmentId = once(() => z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/, 'must be an assessment id'));

// -----------------------------------------------------------------------------------------
// Events from outside
// -----------------------------------------------------------------------------------------

/** Oral or written request after disagreeing with a district assessment (L12372-12374). */
export const ieeRequested = once(() => eventSchema('IEE_REQUESTED', {
  actor: parentSide(),
  mode: z.enum(['oral', 'written']),
  assessmentId: AssessmentId().optional(),
}));
/** District agrees to fund the IEE; told by prior written notice (L12378-12380). */
export const fundingAgreed = once(() => eventSchema('FUNDING_AGREED', { actor: districtSide() }));
/** Parent's written choice of assessor and payment route, and the signed release (L12389-12394). */
export const assessorChosen = once(() => eventSchema('ASSESSOR_CHOSEN', { actor: parentSide() }));
/** The evaluator releases the results to the district (before payment, L12362-12363). */
export const ieeReportReceived = once(() => eventSchema('IEE_REPORT_RECEIVED', { actor: actorOf('district', 'parent', 'adultStudent', 'surrogate') }));
/** Decision on the district's complaint: was its assessment appropriate? (L3706-3709) */
export const ieeHearingDecision = once(() => eventSchema('HEARING_DECISION', {
  actor: actorOf('oah'),
  prevailing: z.enum(['district', 'parent']),
}));
/** IEP meeting that considers the IEE results (L12395-12396). */
export const ieeMeetingHeld = once(() => eventSchema('MEETING_HELD', { actor: districtSide() }));

const events = once(() => ({
  IEE_REQUESTED: ieeRequested(),
  FUNDING_AGREED: fundingAgreed(),
  DUE_PROCESS_FILED: dueProcessFiled(),
  ASSESSOR_CHOSEN: assessorChosen(),
  IEE_REPORT_RECEIVED: ieeReportReceived(),
  HEARING_DECISION: ieeHearingDecision(),
  MEETING_HELD: ieeMeetingHeld(),
}));

type External = { [K in keyof ReturnType<typeof events>]: z.infer<(ReturnType<typeof events>)[K]> }[keyof ReturnType<typeof events>];
type Timer<T extends string> = Omit<TimerEvent, 'type'> & { type: T };
export type IeeEvent = External | Timer<'IEE_DECISION_DUE'>;

// -----------------------------------------------------------------------------------------
// Context
// -----------------------------------------------------------------------------------------

export interface IeeContext {
  studentId: string;
  requestedOn: IsoDate;
  mode: 'oral' | 'written';
  assessmentId: string | null;
  fundingAgreedOn: IsoDate | null;
  dueProcessFiledOn: IsoDate | null;
  assessorChosenOn: IsoDate | null;
  reportReceivedOn: IsoDate | null;
  prevailing: 'district' | 'parent' | null;
  consideredOn: IsoDate | null;
}

/** The trigger fields the context needs (the interpreter has validated the whole event). */
const ieeTrigger = once(() => z.object({ occurredOn: IsoDate, mode: z.enum(['oral', 'written']), assessmentId: AssessmentId().optional() }));

function ieeContext(input: ProcessInput): IeeContext {
  const trigger = ieeTrigger().parse(input.trigger ?? {});
  return {
    studentId: input.student.id,
    requestedOn: trigger.occurredOn,
    mode: trigger.mode,
    assessmentId: trigger.assessmentId ?? null,
    fundingAgreedOn: null,
    dueProcessFiledOn: null,
    assessorChosenOn: null,
    reportReceivedOn: null,
    prevailing: null,
    consideredOn: null,
  };
}

// -----------------------------------------------------------------------------------------
// Chart
// -----------------------------------------------------------------------------------------

export const ieeMachine = once(() => setup({
  types: { context: {} as IeeContext, events: {} as IeeEvent, input: {} as ProcessInput },
  guards: {
    /** Only the district's own complaint defends its assessment; a parent's opens a separate case. */
    districtFiled: ({ event }) => event.type === 'DUE_PROCESS_FILED' && event.petitioner === 'district',
    /** The hearing found the district's assessment appropriate (L3706-3709, L12235-12236). */
    districtPrevailed: ({ event }) => event.type === 'HEARING_DECISION' && event.prevailing === 'district',
    parentPrevailed: ({ event }) => event.type === 'HEARING_DECISION' && event.prevailing === 'parent',
  },
  actions: {
    ...declaredEffects,
    recordFunding: assign({ fundingAgreedOn: ({ event }) => event.occurredOn }),
    recordFiling: assign({ dueProcessFiledOn: ({ event }) => event.occurredOn }),
    recordAssessor: assign({ assessorChosenOn: ({ event }) => event.occurredOn }),
    recordReport: assign({ reportReceivedOn: ({ event }) => event.occurredOn }),
    recordDecision: assign(({ event }) => {
      assertEvent(event, 'HEARING_DECISION');
      return { prevailing: event.prevailing };
    }),
    recordConsidered: assign({ consideredOn: ({ event }) => event.occurredOn }),
  },
}).createMachine({
  id: 'iee',
  context: ({ input }) => ieeContext(input),
  initial: 'requested',
  states: {
    requested: {
      meta: {
        status: 'IEE requested: district to fund or file',
        clocks: [
          // L12231, L12378-12382: "without unnecessary delay", no count (B-23 policy).
          { id: 'ieeDecision', rule: 'iee-decision', from: 'requestedOn', remind: 'default', onDue: 'IEE_DECISION_DUE' },
        ],
      },
      // L12229-12230, L12375-12377: where to obtain an IEE and the criteria, on receipt.
      // The district may ask why but may not require a reason (L12237-12240): no event for it.
      entry: [{ type: 'sendNotice', params: { form: 'IEE policy', to: 'parent' } }],
      on: {
        FUNDING_AGREED: {
          target: 'agreed',
          actions: ['recordFunding', { type: 'sendNotice', params: { form: 'PWN', to: 'parent', purpose: 'iee-funded' } }],
        },
        // L12231-12234, L12381-12382: the district defends its assessment at a hearing.
        DUE_PROCESS_FILED: {
          guard: 'districtFiled',
          target: 'defending',
          actions: [
            'recordFiling',
            { type: 'sendNotice', params: { form: 'PWN', to: 'parent', purpose: 'iee-refused' } },
            {
              type: 'openProcess',
              params: ({ event }) => ({ chart: 'due-process', input: { petitioner: 'district', filedOn: event.occurredOn } }),
            },
          ],
        },
        IEE_DECISION_DUE: {
          actions: [
            { type: 'recordDelay', params: { code: 'iee-decision-late' } },
            { type: 'escalate', params: { to: ['caseManager', 'spedDirector'] } },
          ],
        },
      },
    },
    agreed: {
      meta: { status: 'IEE at public expense: parent chooses the assessor' },
      // L12383-12394: options discussed; parent picks any assessor meeting the criteria;
      // written confirmation of the choice and payment route, and a signed release.
      entry: [{ type: 'requestSignature', params: { scope: 'iee-release', signer: 'parent', form: 'A-3' } }],
      on: {
        ASSESSOR_CHOSEN: { actions: 'recordAssessor' },
        IEE_REPORT_RECEIVED: { target: 'consider', actions: 'recordReport' },
      },
    },
    defending: {
      meta: { status: 'district defends its assessment at a hearing' },
      on: {
        // The parent may still obtain an IEE, not at public expense (L3708-3709, L12235-12236).
        HEARING_DECISION: [
          { guard: 'districtPrevailed', target: 'denied', actions: 'recordDecision' },
          { guard: 'parentPrevailed', target: 'agreed', actions: ['recordDecision', 'recordFunding'] },
        ],
      },
    },
    consider: {
      // L12244-12251, L12395-12396: an IEP meeting considers the IEE if it meets the criteria.
      meta: { status: 'IEE report received: IEP meeting to consider it' },
      on: {
        MEETING_HELD: { target: 'considered', actions: 'recordConsidered' },
      },
    },
    denied: { type: 'final', meta: { status: 'district assessment upheld: no IEE at public expense' } },
    considered: { type: 'final', meta: { status: 'IEE considered by the IEP team' } },
  },
}));

export const definition: ProcessDefinition = lazyDefinition({
  id: 'iee',
  version: '1.0.0',
  title: 'Independent educational evaluation',
  cites: ['L3697-3720', 'L12224-12262', 'L12355-12396'],
  startsOn: ['IEE_REQUESTED'],
  eventTypes: ['IEE_REQUESTED', 'FUNDING_AGREED', 'DUE_PROCESS_FILED', 'ASSESSOR_CHOSEN', 'IEE_REPORT_RECEIVED', 'HEARING_DECISION', 'MEETING_HELD'],
}, () => ({ machine: ieeMachine(), events: events() }));
