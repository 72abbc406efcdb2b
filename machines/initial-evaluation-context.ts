/**
 * P01 `initial-evaluation`: its events (zod schemas, the router's validators), its context and
 * how an opening builds it. Kept beside the chart (initial-evaluation.ts) so each stays short.
 */
import { z } from 'zod';
import { ActorSchema, eventSchema, IsoDate, type ProcessInput, type TimerEvent } from './contract';
import { actorIn, consentEvents, ContactAttempted, DISTRICT_SIDE, PARENT_SIDE, type ContactAttempt } from './consent-request';
import { meetingHeldEvent, meetingStepEvents, newMeeting, type MeetingRecord } from './iep-meeting';
import { once } from './lazy';

const district = once(() => actorIn(DISTRICT_SIDE));
const parent = once(() => actorIn(PARENT_SIDE));

export const events = once(() => ({
  REFERRAL_RECEIVED: eventSchema('REFERRAL_RECEIVED', {
    actor: ActorSchema,
    referredBy: z.enum(['parent', 'teacher', 'staff', 'agency', 'professional', 'public']).optional(),
    /** Staff referrals: the day the parent was told of the intent to refer (L17661-17662). */
    parentToldOn: IsoDate.optional(),
  }),
  REFERRAL_INFO_REQUESTED: eventSchema('REFERRAL_INFO_REQUESTED', { actor: district() }),
  PLAN_EXTENSION_AGREED: eventSchema('PLAN_EXTENSION_AGREED', { actor: parent(), agreedDue: IsoDate, inWriting: z.boolean() }),
  ASSESSMENT_PLAN_SENT: eventSchema('ASSESSMENT_PLAN_SENT', {
    actor: district(),
    /** Hand delivery, signed receipt, or the Proof of Service date for mail (B-36). */
    receivedByParentOn: IsoDate,
    delivery: z.enum(['hand', 'mail', 'email']).optional(),
  }).refine((e) => e.receivedByParentOn >= e.occurredOn, { path: ['receivedByParentOn'], message: 'cannot be before the plan was sent' }),
  ASSESSMENT_DECLINED: eventSchema('ASSESSMENT_DECLINED', { actor: district() }),
  CONSENT_RECEIVED: eventSchema('CONSENT_RECEIVED', { actor: parent() }),
  CONSENT_NOT_REQUIRED: eventSchema('CONSENT_NOT_REQUIRED', {
    actor: district(),
    reason: z.enum(['parent-unlocatable', 'rights-terminated', 'court-appointee-consented']),
  }),
  CONSENT_REFUSED: consentEvents().CONSENT_REFUSED,
  NO_RESPONSE_RECORDED: consentEvents().NO_RESPONSE_RECORDED,
  CONTACT_ATTEMPTED: ContactAttempted(),
  DUE_PROCESS_FILED: eventSchema('DUE_PROCESS_FILED', { actor: district(), petitioner: z.literal('district').optional() }),
  MEDIATION_REQUESTED: eventSchema('MEDIATION_REQUESTED', { actor: district() }),
  CASE_CLOSED: eventSchema('CASE_CLOSED', { actor: district() }),
  HEARING_DECISION: eventSchema('HEARING_DECISION', {
    actor: actorIn(['oah', 'court', 'district']),
    prevailing: z.enum(['district', 'parent']),
  }),
  EVALUATION_DATE_AGREED: eventSchema('EVALUATION_DATE_AGREED', {
    actor: district(),
    agreedDue: IsoDate,
    /** The child enrolled here after the count began elsewhere, before that LEA decided (L581-588, L652-658). */
    transferredIn: z.boolean().optional(),
    inWriting: z.boolean(),
  }),
  /** `repeated`: staff record that the parent has repeatedly failed to produce the child (L589-590). */
  CHILD_NOT_PRODUCED: eventSchema('CHILD_NOT_PRODUCED', { actor: district(), repeated: z.boolean().optional() }),
  ASSESSMENT_COMPLETED: eventSchema('ASSESSMENT_COMPLETED', { actor: district() }),
  ...meetingStepEvents(),
  MEETING_HELD: meetingHeldEvent({ eligible: z.boolean().optional(), iepDrafted: z.boolean().optional() }),
  IEP_CONSENT_RECORDED: consentEvents().IEP_CONSENT_RECORDED,
  SIGNATURE_FOLLOW_UP_SENT: eventSchema('SIGNATURE_FOLLOW_UP_SENT', {
    actor: district(),
    letter: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  }),
  SERVICES_STARTED: eventSchema('SERVICES_STARTED', { actor: district() }),
}));

type Timer<T extends string> = Omit<TimerEvent, 'type'> & { type: T };
export type InitialEvaluationEvent =
  | { [K in keyof ReturnType<typeof events>]: z.infer<(ReturnType<typeof events>)[K]> }[keyof ReturnType<typeof events>]
  | Timer<
      | 'ASSESSMENT_PLAN_DUE'
      | 'OUT_OF_STATE_ASSESSMENT_PLAN_DUE'
      | 'CONSENT_RESPONSE_DUE'
      | 'INITIAL_IEP_DUE'
      | 'PART_C_IEP_DUE'
      | 'IEP_AFTER_NEED_DUE'
      | 'SIGNATURE_FOLLOW_UP_DUE'
    >;

export interface InitialEvaluationContext {
  referralReceivedOn: IsoDate;
  source: 'referral' | 'early-start' | 'transfer-in' | 'private-school';
  /** Opened by transfer-in for a child enrolled mid-evaluation (L581-588). */
  transferredIn: boolean;
  /** The assessment-plan clock's trigger: school-age referral, or out-of-state enrolment (B-22). */
  planClockFrom: { schoolAge: IsoDate | null; outOfState: IsoDate | null };
  /** Part C late referral (34-35 months): assessment and IEP on the 45-day count (L1771-1781). */
  partCReferralOn: IsoDate | null;
  /** From Early Start: the IEP must also be in effect on the third birthday (L1804-1806). */
  earlyStartBirthDate: IsoDate | null;
  /** Incomplete referral: the day the source was asked for more (L533-535). */
  infoRequestedOn: IsoDate | null;
  planDueOverride: IsoDate | null;
  planSentOn: IsoDate | null;
  planReceivedOn: IsoDate | null;
  consentResponseDue: IsoDate | null;
  consentReceivedOn: IsoDate | null;
  contactAttempts: ContactAttempt[];
  evaluationDueOverride: IsoDate | null;
  clockExempt: boolean;
  notProducedCount: number;
  meeting: MeetingRecord;
  eligibilityMeetingOn: IsoDate | null;
  /** The meeting that produced the IEP: the annual cycle counts from it. */
  meetingOn: IsoDate | null;
  needDeterminedOn: IsoDate | null;
  eligible: boolean | null;
  iepDrafted: boolean | null;
  consentScope: 'all' | 'partial' | 'none' | null;
  excludedComponents: string[];
  followUpLetters: number;
  signatureFollowUpFrom: IsoDate | null;
}

/** What other charts hand this one (early-start, transfer-in, private-school); extra keys are ignored. */
const OpenerSchema = once(() => z
  .object({
    referralReceivedOn: IsoDate.optional(),
    source: z.enum(['early-start', 'transfer-in', 'private-school']).optional(),
    partC: z.boolean().optional(),
    outOfState: z.boolean().optional(),
    privateSchool: z.boolean().optional(),
    birthDate: IsoDate.optional(),
    /** Enrolled mid-evaluation from another LEA (L581-588): counted from enrolment unless a date is agreed. */
    evaluationUnderWay: z.boolean().optional(),
    transferredOn: IsoDate.optional(),
  })
  .passthrough()
  .refine((o) => o.referralReceivedOn ?? o.transferredOn, { path: ['referralReceivedOn'], message: 'is required' }));

export function contextFrom(input: ProcessInput): InitialEvaluationContext {
  const opener = input.trigger ? null : OpenerSchema().parse(input.opener ?? {});
  const referralReceivedOn = input.trigger ? input.trigger.occurredOn : (opener!.referralReceivedOn ?? opener!.transferredOn)!;
  const source = opener?.privateSchool ? 'private-school' : (opener?.source ?? 'referral');
  const outOfState = opener?.outOfState === true;
  const midEvaluation = opener?.evaluationUnderWay === true;
  return {
    referralReceivedOn,
    source,
    transferredIn: midEvaluation,
    planClockFrom: { schoolAge: outOfState ? null : referralReceivedOn, outOfState: outOfState ? referralReceivedOn : null },
    partCReferralOn: opener?.partC ? referralReceivedOn : null,
    earlyStartBirthDate: source === 'early-start' ? (opener?.birthDate ?? input.student.birthDate) : null,
    infoRequestedOn: null,
    planDueOverride: null,
    planSentOn: null,
    planReceivedOn: null,
    consentResponseDue: null,
    consentReceivedOn: midEvaluation ? referralReceivedOn : null,
    contactAttempts: [],
    evaluationDueOverride: null,
    clockExempt: false,
    notProducedCount: 0,
    meeting: newMeeting('initial'),
    eligibilityMeetingOn: null,
    meetingOn: null,
    needDeterminedOn: null,
    eligible: null,
    iepDrafted: null,
    consentScope: null,
    excludedComponents: [],
    followUpLetters: 0,
    signatureFollowUpFrom: null,
  };
}

