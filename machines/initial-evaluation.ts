/**
 * P01 `initial-evaluation`: referral → assessment plan → consent → assessment → eligibility →
 * initial IEP → services (processes.md P01; handbook ch. 1, L455-823).
 *
 * Opened from outside by REFERRAL_RECEIVED (a written request, L511-513, L528-530; the date it
 * is in writing is the trigger, B-20), or by another chart with an opener: Early Start's
 * transition packet (`source: 'early-start'`, L1650-1658), a late Part C referral
 * (`partC: true`, L1771-1781), an out-of-state transfer (`outOfState: true`, B-22), a
 * private-school child (`privateSchool: true`, L11192-11196).
 */
import { assign, setup } from 'xstate';
import type { RuleId } from '../deadlines/rule-ids';
import { declaredEffects, type ClockDeclaration, type ProcessDefinition, type ProcessInput } from './contract';
import { iepConsentGuards } from './consent-request';
import { iepMeetingStates, meetingActions, meetingGuards, noticeMeeting } from './iep-meeting';
import { contextFrom, events, type InitialEvaluationContext, type InitialEvaluationEvent } from './initial-evaluation-context';
import { lazyDefinition, once } from './lazy';

export { events, type InitialEvaluationContext, type InitialEvaluationEvent };

// --- clocks --------------------------------------------------------------------------------

/** 15 days excluding breaks, end-of-year limit; a written extension replaces the date (L665-674, L668-669). */
const assessmentPlanClocks: ClockDeclaration[] = [
  { id: 'assessmentPlan', rule: 'assessment-plan', from: 'planClockFrom.schoolAge', dueOverride: 'planDueOverride', onDue: 'ASSESSMENT_PLAN_DUE' },
  {
    id: 'outOfStateAssessmentPlan',
    rule: 'out-of-state-assessment-plan',
    from: 'planClockFrom.outOfState',
    dueOverride: 'planDueOverride',
    onDue: 'OUT_OF_STATE_ASSESSMENT_PLAN_DUE',
  },
];
/** Part C late referral: assessment and IEP within 45 calendar days, summer included (L1771-1781, L1791-1798). */
const partCIepClock: ClockDeclaration = { id: 'partCIep', rule: 'early-start-ifsp', from: 'partCReferralOn', onDue: 'PART_C_IEP_DUE' };
/** One clock for assessment and meeting (L634-639, L6195-6198); earlier of it and the third birthday (L1804-1806). */
const initialIepClock: ClockDeclaration = {
  id: 'initialIep',
  rule: 'initial-iep',
  from: 'consentReceivedOn',
  referral: 'referralReceivedOn',
  dueOverride: 'evaluationDueOverride',
  exemptWhen: 'clockExempt',
  alsoRule: [{ rule: 'early-start-iep', from: 'earlyStartBirthDate' }],
  onDue: 'INITIAL_IEP_DUE',
};

// --- effects -------------------------------------------------------------------------------

/** A missed deadline: the legal state is unchanged, the delay is recorded and staff are told (§0). */
function late(rule: RuleId) {
  return [
    { type: 'recordDelay' as const, params: { code: `${rule}-late` } },
    { type: 'escalate' as const, params: { to: ['caseManager' as const, 'spedDirector' as const] } },
  ];
}
const pwn = (purpose: string) => ({ type: 'sendNotice' as const, params: { form: 'PWN' as const, to: 'parent' as const, purpose } });
const PART_C_IEP_DUE = { actions: late('early-start-ifsp') };
const planNotices = [
  'recordPlanSent' as const,
  { type: 'sendNotice' as const, params: { form: 'NC 3' as const, to: 'parent' as const } },
  { type: 'sendNotice' as const, params: { form: 'NC 1' as const, to: 'parent' as const } },
];

export const machine = once(() => setup({
  types: {
    context: {} as InitialEvaluationContext,
    events: {} as InitialEvaluationEvent,
    input: {} as ProcessInput,
  },
  guards: {
    ...meetingGuards,
    ...iepConsentGuards,
    openedMidEvaluation: ({ context }) => context.transferredIn,
    /** The parent agreed in writing to a later date (L668-669). */
    extensionAgreedInWriting: ({ event }) =>
      event.type === 'PLAN_EXTENSION_AGREED' && event.inWriting && event.agreedDue > event.occurredOn,
    /** Unlocatable needs reasonable efforts on record (L692-701). */
    consentNotRequired: ({ context, event }) =>
      event.type === 'CONSENT_NOT_REQUIRED' && (event.reason !== 'parent-unlocatable' || context.contactAttempts.length > 0),
    /** The due is the parent's last day (L726): silence counts only from the day after. */
    afterConsentResponseDue: ({ context, event }) =>
      context.consentResponseDue !== null && event.occurredOn > context.consentResponseDue,
    districtPrevails: ({ event }) => event.type === 'HEARING_DECISION' && event.prevailing === 'district',
    parentPrevails: ({ event }) => event.type === 'HEARING_DECISION' && event.prevailing === 'parent',
    /** Transfer exception: the parent and the new LEA agree a date in writing (L581-588, L652-658). */
    evaluationDateAgreed: ({ context, event }) =>
      event.type === 'EVALUATION_DATE_AGREED' &&
      (event.transferredIn === true || context.transferredIn) &&
      event.inWriting &&
      event.agreedDue > event.occurredOn,
    /** "Repeatedly fails or refuses to produce the child" (L589-590, L659): the second time, or stated so. */
    notProducedRepeatedly: ({ context, event }) =>
      context.notProducedCount >= 1 || (event.type === 'CHILD_NOT_PRODUCED' && event.repeated === true),
    isEligible: ({ context }) => context.eligible === true,
    eligibleWithDraftedIep: ({ context }) => context.eligible === true && context.iepDrafted === true,
    planMailed: ({ event }) => event.type === 'ASSESSMENT_PLAN_SENT' && event.delivery === 'mail',
    heldWithDraftedIep: ({ event }) => event.type === 'MEETING_HELD' && event.iepDrafted === true,
    /** Letters 1, 2, 3 in order (L18552-18664). */
    nextFollowUpLetter: ({ context, event }) =>
      event.type === 'SIGNATURE_FOLLOW_UP_SENT' && event.letter === context.followUpLetters + 1,
  },
  actions: {
    ...declaredEffects,
    ...meetingActions,
    recordInfoRequest: assign({ infoRequestedOn: ({ event }) => event.occurredOn }),
    recordPlanExtension: assign({ planDueOverride: ({ event }) => (event.type === 'PLAN_EXTENSION_AGREED' ? event.agreedDue : null) }),
    recordPlanSent: assign(({ event }) =>
      event.type === 'ASSESSMENT_PLAN_SENT' ? { planSentOn: event.occurredOn, planReceivedOn: event.receivedByParentOn } : {},
    ),
    recordConsentResponseDue: assign({ consentResponseDue: ({ event }) => ('due' in event ? event.due : null) }),
    recordContactAttempt: assign({
      contactAttempts: ({ context, event }) =>
        event.type === 'CONTACT_ATTEMPTED' ? [...context.contactAttempts, { on: event.occurredOn, method: event.method }] : context.contactAttempts,
    }),
    /** Consent date, or the decision date when a hearing lets the district assess (L736-737, B-11). */
    recordConsent: assign({ consentReceivedOn: ({ event }) => event.occurredOn }),
    recordEvaluationDate: assign({
      evaluationDueOverride: ({ event }) => (event.type === 'EVALUATION_DATE_AGREED' ? event.agreedDue : null),
    }),
    countNotProduced: assign({ notProducedCount: ({ context }) => context.notProducedCount + 1 }),
    exemptInitialIepClock: assign({ clockExempt: true }),
    recordEligibilityMeeting: assign(({ event }) => {
      if (event.type !== 'MEETING_HELD') return {};
      const eligible = event.eligible === true;
      return {
        eligibilityMeetingOn: event.occurredOn,
        meetingOn: event.occurredOn,
        eligible,
        iepDrafted: event.iepDrafted === true,
        // The team's determination that the pupil needs services starts the 30 days (L648-651).
        needDeterminedOn: eligible ? event.occurredOn : null,
      };
    }),
    recordIepMeeting: assign({ meetingOn: ({ event }) => event.occurredOn, iepDrafted: true }),
    startSignatureFollowUp: assign({ signatureFollowUpFrom: ({ context }) => context.meetingOn }),
    recordFollowUpLetter: assign(({ context, event }) => {
      const letters = context.followUpLetters + 1;
      return { followUpLetters: letters, signatureFollowUpFrom: letters < 3 ? event.occurredOn : null };
    }),
    recordServicesConsent: assign(({ event }) =>
      event.type === 'IEP_CONSENT_RECORDED' ? { consentScope: event.scope, excludedComponents: event.except ?? [] } : {},
    ),
  },
}).createMachine({
  id: 'initial-evaluation',
  context: ({ input }) => contextFrom(input),
  initial: 'opening',
  states: {
    // Where the process starts: the referral, or the evaluation a transfer brings (L581-588).
    opening: {
      always: [{ guard: 'openedMidEvaluation', target: 'evaluation' }, { target: 'referral-received' }],
    },
    'referral-received': {
      meta: { status: 'assessment plan due', clocks: [...assessmentPlanClocks, partCIepClock] },
      // Notice of receipt of referral and procedural safeguards (L3544, L10987, L17689-17720).
      entry: [
        { type: 'sendNotice', params: { form: 'IEP 18', to: 'parent', states: 'assessment-plan' } },
        { type: 'sendNotice', params: { form: 'NC 1', to: 'parent' } },
      ],
      on: {
        // Incomplete referral: the source is contacted, the clock keeps running (L533-535).
        REFERRAL_INFO_REQUESTED: { actions: ['recordInfoRequest'] },
        PLAN_EXTENSION_AGREED: { guard: 'extensionAgreedInWriting', actions: ['recordPlanExtension'] },
        // Plan with the safeguards; by mail with a Proof of Service (L720-724, L4454-4473).
        ASSESSMENT_PLAN_SENT: [
          {
            guard: 'planMailed',
            target: 'awaiting-consent',
            actions: [...planNotices, { type: 'sendNotice', params: { form: 'Proof of Service', to: 'parent', purpose: 'assessment-plan' } }],
          },
          { target: 'awaiting-consent', actions: planNotices },
        ],
        // No assessment: prior written notice of the reasons (L536-539, L544-569).
        ASSESSMENT_DECLINED: { target: 'declined-by-district', actions: [pwn('assessment-refused')] },
        ASSESSMENT_PLAN_DUE: { actions: late('assessment-plan') },
        OUT_OF_STATE_ASSESSMENT_PLAN_DUE: { actions: late('out-of-state-assessment-plan') },
        PART_C_IEP_DUE,
      },
    },
    'awaiting-consent': {
      // The parent has at least 15 days from receipt (L726; B-36 for mailed plans).
      meta: {
        status: 'awaiting consent',
        clocks: [{ id: 'consentResponse', rule: 'consent-response', from: 'planReceivedOn', onDue: 'CONSENT_RESPONSE_DUE' }, partCIepClock],
      },
      on: {
        // Assessment may begin at once (L727-728).
        CONSENT_RECEIVED: { target: 'evaluation', actions: ['recordConsent'] },
        CONSENT_NOT_REQUIRED: { guard: 'consentNotRequired', target: 'evaluation', actions: ['recordConsent'] },
        CONSENT_REFUSED: { target: 'consent-refused' },
        // The parent's last day: stored for the silence guard; staff are reminded.
        CONSENT_RESPONSE_DUE: { actions: ['recordConsentResponseDue', { type: 'escalate', params: { to: ['caseManager'] } }] },
        NO_RESPONSE_RECORDED: { guard: 'afterConsentResponseDue', target: 'no-response' },
        CONTACT_ATTEMPTED: { actions: ['recordContactAttempt'] },
        PART_C_IEP_DUE,
      },
    },
    // Silence: no assessment (L540, L725); the district may file for due process (L605-608).
    'no-response': {
      meta: { status: 'no response to assessment plan', clocks: [partCIepClock] },
      on: {
        CONSENT_RECEIVED: { target: 'evaluation', actions: ['recordConsent'] },
        DUE_PROCESS_FILED: {
          target: 'awaiting-hearing',
          actions: [
            { type: 'openProcess', params: ({ event }) => ({ chart: 'due-process', input: { petitioner: 'district', filedOn: event.occurredOn } }) },
          ],
        },
        CASE_CLOSED: { target: 'closed-no-consent', actions: [pwn('no-consent-case-closed')] },
        CONTACT_ATTEMPTED: { actions: ['recordContactAttempt'] },
        PART_C_IEP_DUE,
      },
    },
    // Refusal: mediation or due process; assess only if the district prevails (L735-737).
    'consent-refused': {
      meta: { status: 'consent refused', clocks: [partCIepClock] },
      on: {
        DUE_PROCESS_FILED: {
          target: 'awaiting-hearing',
          actions: [
            { type: 'openProcess', params: ({ event }) => ({ chart: 'due-process', input: { petitioner: 'district', filedOn: event.occurredOn } }) },
          ],
        },
        MEDIATION_REQUESTED: {
          target: 'awaiting-hearing',
          actions: [
            { type: 'openProcess', params: ({ event }) => ({ chart: 'mediation', input: { requestedBy: 'district', requestedOn: event.occurredOn } }) },
          ],
        },
        CONSENT_RECEIVED: { target: 'evaluation', actions: ['recordConsent'] },
        CASE_CLOSED: { target: 'closed-no-consent' },
        PART_C_IEP_DUE,
      },
    },
    'awaiting-hearing': {
      meta: { status: 'awaiting hearing decision', clocks: [partCIepClock] },
      on: {
        HEARING_DECISION: [
          // The decision date acts as the consent date (B-11).
          { guard: 'districtPrevails', target: 'evaluation', actions: ['recordConsent'] },
          { guard: 'parentPrevails', target: 'closed-no-consent' },
        ],
        // Design default: a parent may still consent (e.g. after mediation) before the decision.
        CONSENT_RECEIVED: { target: 'evaluation', actions: ['recordConsent'] },
        PART_C_IEP_DUE,
      },
    },
    evaluation: {
      meta: { status: 'evaluation under way', clocks: [initialIepClock, partCIepClock] },
      initial: 'assessing',
      on: {
        INITIAL_IEP_DUE: { actions: late('initial-iep') },
        PART_C_IEP_DUE,
      },
      states: {
        // Assessments by qualified staff (L739-778).
        assessing: {
          meta: { status: 'assessing' },
          on: {
            EVALUATION_DATE_AGREED: { guard: 'evaluationDateAgreed', actions: ['recordEvaluationDate'] },
            CHILD_NOT_PRODUCED: [
              { guard: 'notProducedRepeatedly', actions: ['countNotProduced', 'exemptInitialIepClock'] },
              { actions: ['countNotProduced'] },
            ],
            // Written report(s) (L804-820).
            ASSESSMENT_COMPLETED: { target: 'meeting' },
          },
        },
        // Eligibility is an IEP-team decision with the parent (L825-835); report and
        // eligibility documentation go to the parent (L718-719).
        meeting: iepMeetingStates({
          purpose: 'initial',
          onDone: '#initial-evaluation.eligibility-decided',
          onHeld: [
            'recordEligibilityMeeting',
            { type: 'sendNotice', params: { form: 'IEP 2A', to: 'parent', purpose: 'assessment-report-and-eligibility' } },
          ],
        }),
      },
    },
    'eligibility-decided': {
      meta: { status: 'eligibility decided' },
      always: [
        { guard: 'eligibleWithDraftedIep', target: 'awaiting-services-consent' },
        { guard: 'isEligible', target: 'iep-pending' },
        // Not eligible: prior written notice; IEP 9A agree/disagree box (L17267-17268).
        { target: 'not-eligible', actions: [pwn('not-eligible')] },
      ],
    },
    'iep-pending': {
      // IEP meeting within 30 days of the determination of need (L648-651).
      meta: { status: 'IEP meeting due', clocks: [{ id: 'iepAfterNeed', rule: 'iep-after-need', from: 'needDeterminedOn', onDue: 'IEP_AFTER_NEED_DUE' }, partCIepClock] },
      on: {
        MEETING_NOTICE_SENT: { actions: noticeMeeting(undefined, 'initial').actions },
        MEETING_HELD: { guard: 'heldWithDraftedIep', target: 'awaiting-services-consent', actions: ['recordIepMeeting'] },
        IEP_AFTER_NEED_DUE: { actions: [{ type: 'recordDelay', params: { code: 'iep-after-need-late' } }] },
        PART_C_IEP_DUE,
      },
    },
    'awaiting-services-consent': {
      meta: {
        status: 'awaiting consent to services',
        // Follow-up letters at the district's interval (policy `signatureFollowUpDays`).
        clocks: [{ id: 'signatureFollowUp', rule: 'signature-follow-up', from: 'signatureFollowUpFrom', remind: 'none', onDue: 'SIGNATURE_FOLLOW_UP_DUE' }],
      },
      entry: ['startSignatureFollowUp', { type: 'requestSignature', params: { scope: 'initial-services', signer: 'parent', form: 'IEP 9A' } }],
      on: {
        IEP_CONSENT_RECORDED: [
          { guard: 'consentAll', target: 'implementing', actions: ['recordServicesConsent'] },
          // Consented parts start without delay (L3642-3644); no due process for initial services (B-12).
          { guard: 'consentPartial', target: 'implementing', actions: ['recordServicesConsent'] },
          // No services, district not in breach, no IEP owed, no due process (L609-623, L3639-3641).
          { guard: 'consentNone', target: 'declined-services', actions: ['recordServicesConsent', pwn('services-declined')] },
        ],
        CONSENT_REFUSED: { target: 'declined-services', actions: [pwn('services-declined')] },
        // Signed IEP letters; silence is not consent (L18552-18664, L613-623).
        SIGNATURE_FOLLOW_UP_SENT: {
          guard: 'nextFollowUpLetter',
          actions: ['recordFollowUpLetter', { type: 'sendNotice', params: { form: 'Signed IEP letter', to: 'parent' } }],
        },
        SIGNATURE_FOLLOW_UP_DUE: { actions: [{ type: 'escalate', params: { to: ['caseManager'] } }] },
      },
    },
    // Copies to every provider (L6378-6379); services from the projected start (L6362-6364).
    implementing: {
      meta: { status: 'implementing IEP' },
      entry: [{ type: 'sendNotice', params: { form: 'IEP 1', to: 'providers', purpose: 'iep-copy' } }],
      on: { SERVICES_STARTED: { target: 'implemented' } },
    },
    implemented: {
      type: 'final',
      meta: { status: 'services started' },
      // The annual cycle from the IEP meeting (L6381), the triennial from the eligibility meeting (L935-937).
      entry: [
        { type: 'openProcess', params: ({ context }) => ({ chart: 'annual-review', input: { lastAnnualMeetingOn: context.meetingOn } }) },
        {
          type: 'openProcess',
          params: ({ context }) => ({
            chart: 'reassessment',
            input: { lastEligibilityMeetingOn: context.eligibilityMeetingOn, lastAssessedOn: context.eligibilityMeetingOn },
          }),
        },
        { type: 'openProcess', params: { chart: 'secondary-transition-and-majority', input: {} } },
      ],
    },
    'declined-by-district': { type: 'final', meta: { status: 'assessment declined by district' } },
    'closed-no-consent': { type: 'final', meta: { status: 'closed without consent' } },
    'not-eligible': { type: 'final', meta: { status: 'not eligible' } },
    'declined-services': { type: 'final', meta: { status: 'services declined' } },
  },
}));

export const definition: ProcessDefinition = lazyDefinition({
  id: 'initial-evaluation',
  version: '1.0.0',
  title: 'Initial evaluation',
  cites: ['L455-461', 'L511-539', 'L577-590', 'L605-674', 'L692-737', 'L804-835', 'L3639-3644', 'L6195-6198'],
  startsOn: ['REFERRAL_RECEIVED'],
  eventTypes: ['REFERRAL_RECEIVED', 'REFERRAL_INFO_REQUESTED', 'PLAN_EXTENSION_AGREED', 'ASSESSMENT_PLAN_SENT', 'ASSESSMENT_DECLINED', 'CONSENT_RECEIVED', 'CONSENT_NOT_REQUIRED', 'CONSENT_REFUSED', 'NO_RESPONSE_RECORDED', 'CONTACT_ATTEMPTED', 'DUE_PROCESS_FILED', 'MEDIATION_REQUESTED', 'CASE_CLOSED', 'HEARING_DECISION', 'EVALUATION_DATE_AGREED', 'CHILD_NOT_PRODUCED', 'ASSESSMENT_COMPLETED', 'MEETING_NOTICE_SENT', 'PARENT_RESPONSE', 'EXCUSAL_REQUESTED', 'EXCUSAL_SIGNED', 'RECORDING_NOTICE', 'MEETING_HELD', 'IEP_CONSENT_RECORDED', 'SIGNATURE_FOLLOW_UP_SENT', 'SERVICES_STARTED'],
}, () => ({ machine: machine(), events: events() }));
