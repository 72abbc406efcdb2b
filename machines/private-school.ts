/**
 * P24 `private-school`: child find, evaluation and equitable services for a child placed by
 * the parents in a private school (processes.md §3 P24; handbook ch. 14.14 L11125-11270).
 *
 * "LEA" is the district where the private school is; "DOR" the district of residence
 * (L11138-11140). The LEA runs child find and the initial assessment (L11192-11196). This
 * chart keeps the assessment-plan and initial-IEP clocks itself (the brief's reading of
 * "open(initial-evaluation, privateSchool: true)": opening P01 as well would run the same two
 * clocks twice). After eligibility the DOR offers FAPE, unless the parents are clearly not
 * interested, when the LEA writes a services plan (L11215-11229).
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

const parentSide = once(() => actorOf('parent', 'adultStudent', 'surrogate'));
const lea = once(() => actorOf('district', 'selpa'));

// -----------------------------------------------------------------------------------------
// Events from outside
// -----------------------------------------------------------------------------------------

export const privateSchoolEvents = once(() => ({
  /** Written referral to the LEA where the private school is (L11192-11196, L511-530). */
  PRIVATE_SCHOOL_CHILD_FOUND: eventSchema('PRIVATE_SCHOOL_CHILD_FOUND', { actor: actorOf('parent', 'adultStudent', 'surrogate', 'district', 'dor') }),
  /** NC 3 and the DOR information-exchange release given to the parent (L720-724, L11196-11198). */
  ASSESSMENT_PLAN_SENT: eventSchema('ASSESSMENT_PLAN_SENT', { actor: lea() }),
  /** Written consent to assess; `dorInformationExchange` when the release was signed too. */
  CONSENT_RECEIVED: eventSchema('CONSENT_RECEIVED', { actor: parentSide(), dorInformationExchange: z.boolean() }),
  /** Eligibility IEP meeting, DOR invited (L11198-11211). */
  MEETING_HELD: eventSchema('MEETING_HELD', { actor: lea(), eligible: z.boolean() }),
  /** The parents' stated intent about public school (L11209-11211, L11215-11229). */
  ENROLMENT_INTENT_RECORDED: eventSchema('ENROLMENT_INTENT_RECORDED', {
    actor: actorOf('parent', 'adultStudent', 'surrogate', 'district', 'dor'),
    intent: z.enum(['enrol', 'unsure', 'notInterested']),
  }),
  /** ISP 1 signed, accepted or declined (L17315-17337). */
  SERVICES_PLAN_SIGNED: eventSchema('SERVICES_PLAN_SIGNED', { actor: parentSide(), accepted: z.boolean() }),
  /** The LEA's yearly services-plan review (L11242). */
  SERVICES_PLAN_REVIEWED: eventSchema('SERVICES_PLAN_REVIEWED', { actor: lea() }),
  /** Parent writes to the DOR asking for an IEP (L11238-11241). */
  IEP_REQUESTED: eventSchema('IEP_REQUESTED', { actor: parentSide() }),
  /** Parent returns the DOR's statement: stay private with the plan, or enrol (L11244-11257). */
  PARENT_STATEMENT_RETURNED: eventSchema('PARENT_STATEMENT_RETURNED', { actor: parentSide(), staysPrivate: z.boolean() }),
  /** The DOR forwarded the statement to the LEA (L11252-11253). */
  STATEMENT_FORWARDED: eventSchema('STATEMENT_FORWARDED', { actor: actorOf('dor', 'district') }),
}));

type External = { [K in keyof ReturnType<typeof privateSchoolEvents>]: z.infer<(ReturnType<typeof privateSchoolEvents>)[K]> }[keyof ReturnType<typeof privateSchoolEvents>];
type Timer<T extends string> = Omit<TimerEvent, 'type'> & { type: T };
export type PrivateSchoolEvent =
  | External
  | Timer<'ASSESSMENT_PLAN_DUE' | 'INITIAL_IEP_DUE' | 'SERVICES_PLAN_REVIEW_DUE' | 'PRIVATE_STATEMENT_FORWARD_DUE'>;

// -----------------------------------------------------------------------------------------
// Context
// -----------------------------------------------------------------------------------------

export interface PrivateSchoolContext {
  studentId: string;
  referralReceivedOn: IsoDate;
  planSentOn: IsoDate | null;
  consentReceivedOn: IsoDate | null;
  dorInformationExchange: boolean;
  eligible: boolean | null;
  intent: 'enrol' | 'unsure' | 'notInterested' | null;
  /** Last accepted or reviewed services plan: the `services-plan-review` trigger. */
  servicesPlanOn: IsoDate | null;
  /** Acts still owed, by trigger date; clearing one stops its clock without a state change. */
  owed: { assessmentPlan: IsoDate | null; statementForward: IsoDate | null };
}

/** What another chart hands this one in `openProcess({ chart: 'private-school', input })`. */
export const privateSchoolOpener = once(() => z.object({ referralReceivedOn: IsoDate }));

function privateSchoolContext(input: ProcessInput): PrivateSchoolContext {
  const referralReceivedOn = input.trigger
    ? IsoDate.parse(input.trigger.occurredOn)
    : privateSchoolOpener().parse(input.opener ?? {}).referralReceivedOn;
  return {
    studentId: input.student.id,
    referralReceivedOn,
    planSentOn: null,
    consentReceivedOn: null,
    dorInformationExchange: false,
    eligible: null,
    intent: null,
    servicesPlanOn: null,
    owed: { assessmentPlan: referralReceivedOn, statementForward: null },
  };
}

type LateRule = 'assessment-plan' | 'initial-iep' | 'services-plan-review' | 'private-statement-forward';
const late = (rule: LateRule) => [
  { type: 'recordDelay' as const, params: { code: `${rule}-late` } },
  { type: 'escalate' as const, params: { to: ['caseManager' as const, 'spedDirector' as const] } },
];

// -----------------------------------------------------------------------------------------
// Chart
// -----------------------------------------------------------------------------------------

export const privateSchoolMachine = once(() => setup({
  types: { context: {} as PrivateSchoolContext, events: {} as PrivateSchoolEvent, input: {} as ProcessInput },
  guards: {
    exchangeConsented: ({ event }) => event.type === 'CONSENT_RECEIVED' && event.dorInformationExchange,
    isEligible: ({ event }) => event.type === 'MEETING_HELD' && event.eligible,
    notEligible: ({ event }) => event.type === 'MEETING_HELD' && !event.eligible,
    /** L11228-11229: the DOR offers FAPE if the parent intends to enrol or seems unsure. */
    mayEnrol: ({ event }) => event.type === 'ENROLMENT_INTENT_RECORDED' && event.intent !== 'notInterested',
    clearlyNotInterested: ({ event }) => event.type === 'ENROLMENT_INTENT_RECORDED' && event.intent === 'notInterested',
    staysPrivate: ({ event }) => event.type === 'PARENT_STATEMENT_RETURNED' && event.staysPrivate,
    wantsToEnrol: ({ event }) => event.type === 'PARENT_STATEMENT_RETURNED' && !event.staysPrivate,
  },
  actions: {
    ...declaredEffects,
    recordPlanSent: assign(({ context, event }) => ({
      planSentOn: event.occurredOn,
      owed: { ...context.owed, assessmentPlan: null },
    })),
    /** A consent also proves the plan reached the parent: the plan clock stops if still open. */
    recordConsent: assign(({ context, event }) => {
      assertEvent(event, 'CONSENT_RECEIVED');
      return {
        consentReceivedOn: event.occurredOn,
        dorInformationExchange: event.dorInformationExchange,
        owed: { ...context.owed, assessmentPlan: null },
      };
    }),
    recordEligibility: assign(({ event }) => {
      assertEvent(event, 'MEETING_HELD');
      return { eligible: event.eligible };
    }),
    recordIntent: assign(({ event }) => {
      assertEvent(event, 'ENROLMENT_INTENT_RECORDED');
      return { intent: event.intent };
    }),
    recordServicesPlan: assign(({ context, event }) => {
      assertEvent(event, 'SERVICES_PLAN_SIGNED');
      return { servicesPlanOn: event.accepted ? event.occurredOn : context.servicesPlanOn };
    }),
    recordReview: assign({ servicesPlanOn: ({ event }) => event.occurredOn }),
    recordStatement: assign(({ context, event }) => ({ owed: { ...context.owed, statementForward: event.occurredOn } })),
    recordForward: assign(({ context }) => ({ owed: { ...context.owed, statementForward: null } })),
  },
}).createMachine({
  id: 'private-school',
  context: ({ input }) => privateSchoolContext(input),
  initial: 'located',
  states: {
    located: {
      meta: {
        status: 'child find: LEA assesses',
        clocks: [
          // L665-674: plan within 15 days of the referral, excluding long breaks.
          { id: 'assessmentPlan', rule: 'assessment-plan', from: 'owed.assessmentPlan', remind: { workingDaysBefore: 5 }, onDue: 'ASSESSMENT_PLAN_DUE' },
          // L634-648: eligibility and IEP meeting within 60 days of consent (end-of-year rule needs the referral).
          {
            id: 'initialIep',
            rule: 'initial-iep',
            from: 'consentReceivedOn',
            referral: 'referralReceivedOn',
            remind: { workingDaysBefore: 5 },
            onDue: 'INITIAL_IEP_DUE',
          },
        ],
      },
      // Receipt of referral and safeguards at the first referral (L3544, L10987).
      entry: [
        { type: 'sendNotice', params: { form: 'IEP 18', to: 'parent', states: 'assessment-plan' } },
        { type: 'sendNotice', params: { form: 'NC 1', to: 'parent' } },
      ],
      on: {
        ASSESSMENT_PLAN_SENT: {
          actions: [
            'recordPlanSent',
            { type: 'sendNotice', params: { form: 'NC 3', to: 'parent' } },
            { type: 'sendNotice', params: { form: 'NC 1', to: 'parent' } },
            // L11196-11198: written consent to exchange information with the DOR.
            { type: 'requestSignature', params: { scope: 'dor-information-exchange', signer: 'parent', form: 'A-3' } },
          ],
        },
        CONSENT_RECEIVED: [
          // L11207-11211: after the written consent the LEA invites the DOR to the eligibility meeting.
          {
            guard: 'exchangeConsented',
            actions: ['recordConsent', { type: 'sendNotice', params: { form: 'NC 6A', to: 'dor', purpose: 'dor-invitation' } }],
          },
          { actions: 'recordConsent' },
        ],
        MEETING_HELD: [
          { guard: 'isEligible', target: 'eligibility-met', actions: 'recordEligibility' },
          {
            guard: 'notEligible',
            target: 'not-eligible',
            actions: ['recordEligibility', { type: 'sendNotice', params: { form: 'PWN', to: 'parent', purpose: 'not-eligible' } }],
          },
        ],
        ASSESSMENT_PLAN_DUE: { actions: late('assessment-plan') },
        INITIAL_IEP_DUE: { actions: late('initial-iep') },
      },
    },
    'eligibility-met': {
      // L11198-11206: one joint or coordinated LEA/DOR meeting.
      meta: { status: 'eligible: parents decide about public school' },
      on: {
        ENROLMENT_INTENT_RECORDED: [
          { guard: 'mayEnrol', target: 'fape-offered', actions: 'recordIntent' },
          {
            // L11215-11227: the DOR asks the parents to certify they will not enrol.
            guard: 'clearlyNotInterested',
            target: 'services-plan',
            actions: [
              'recordIntent',
              { type: 'requestSignature', params: { scope: 'not-enrolling', signer: 'parent', form: 'Certification not to enroll' } },
            ],
          },
        ],
      },
    },
    'services-plan': {
      meta: {
        status: 'services plan from the LEA',
        clocks: [
          // L11242: the LEA reviews the services plan annually (triennial via P05 is not opened here).
          { id: 'servicesPlanReview', rule: 'services-plan-review', from: 'servicesPlanOn', remind: 'default', onDue: 'SERVICES_PLAN_REVIEW_DUE' },
          // L11252-11253: the DOR forwards the parent's statement within 3 business days.
          { id: 'privateStatementForward', rule: 'private-statement-forward', from: 'owed.statementForward', remind: 'default', onDue: 'PRIVATE_STATEMENT_FORWARD_DUE' },
        ],
      },
      // L17315-17337: ISP 1 accepted or declined and signed; services within the proportionate share.
      entry: [{ type: 'requestSignature', params: { scope: 'services-plan', signer: 'parent', form: 'ISP 1' } }],
      on: {
        SERVICES_PLAN_SIGNED: { actions: 'recordServicesPlan' },
        SERVICES_PLAN_REVIEWED: { target: 'services-plan', reenter: true, actions: 'recordReview' },
        IEP_REQUESTED: { target: 'fape-offered' },
        PARENT_STATEMENT_RETURNED: [
          { guard: 'staysPrivate', actions: 'recordStatement' },
          // L11255-11257: option (b), the parent wants an IEP meeting to enrol.
          { guard: 'wantsToEnrol', target: 'fape-offered' },
        ],
        STATEMENT_FORWARDED: { actions: 'recordForward' },
        SERVICES_PLAN_REVIEW_DUE: { actions: late('services-plan-review') },
        PRIVATE_STATEMENT_FORWARD_DUE: { actions: late('private-statement-forward') },
      },
    },
    // L11228-11229, L11238-11241: the DOR develops an IEP and offers FAPE.
    'fape-offered': { type: 'final', meta: { status: 'DOR to offer FAPE' } },
    'not-eligible': { type: 'final', meta: { status: 'not eligible' } },
  },
}));

export const definition: ProcessDefinition = lazyDefinition({
  id: 'private-school',
  version: '1.0.0',
  title: 'Parentally placed private-school child',
  cites: ['L11125-11270', 'L17308-17345'],
  startsOn: ['PRIVATE_SCHOOL_CHILD_FOUND'],
  eventTypes: ['PRIVATE_SCHOOL_CHILD_FOUND', 'ASSESSMENT_PLAN_SENT', 'CONSENT_RECEIVED', 'MEETING_HELD', 'ENROLMENT_INTENT_RECORDED', 'SERVICES_PLAN_SIGNED', 'SERVICES_PLAN_REVIEWED', 'IEP_REQUESTED', 'PARENT_STATEMENT_RETURNED', 'STATEMENT_FORWARDED'],
}, () => ({ machine: privateSchoolMachine(), events: privateSchoolEvents() }));
