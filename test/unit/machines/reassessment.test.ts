import { describe, expect, it } from 'vitest';
import { runningClocks } from '../../../machines/clocks';
import { definition } from '../../../machines/reassessment';
import { district, drive, parent, student, system } from './drive';

const timer = (type: string, occurredOn: string, rule: string, due = occurredOn) => ({ type, occurredOn, actor: system, clock: 'c', rule, due });
const onFile = (on: string) => drive(definition, { trigger: { type: 'ELIGIBILITY_ON_FILE', occurredOn: on, actor: district }, student });
const planSent = () =>
  onFile('2024-01-20')
    .send(timer('TRIENNIAL_REMINDER', '2026-11-21', 'triennial', '2027-01-20'))
    .send({ type: 'ASSESSMENT_PLAN_SENT', occurredOn: '2026-11-23', actor: district, receivedByParentOn: '2026-11-24', delivery: 'mail' });

describe('reassessment: Appendix C6', () => {
  it('student T: silent parent, reasonable measures, continued; the earlier of the two clocks is the deadline', () => {
    const d = onFile('2024-01-20');
    expect(d.state()).toBe('cycle.waiting');
    expect(d.clocks()).toEqual([{ id: 'triennial', rule: 'triennial', from: '2024-01-20' }]);
    // The plan goes out three months ahead, before the 60-day reminder.
    d.send({ type: 'ASSESSMENT_PLAN_SENT', occurredOn: '2026-10-19', actor: district, receivedByParentOn: '2026-10-19' });
    expect(d.state()).toBe('cycle.awaiting-consent');
    expect(d.actions).toEqual([
      { type: 'sendNotice', params: { form: 'NC 3', to: 'parent' } },
      { type: 'sendNotice', params: { form: 'NC 1', to: 'parent' } },
      { type: 'requestSignature', params: { scope: 'reassessment', signer: 'parent', form: 'NC 3' } },
    ]);
    expect(d.clocks()).toEqual([
      { id: 'triennial', rule: 'triennial', from: '2024-01-20' },
      { id: 'consentResponse', rule: 'consent-response', from: '2026-10-19' },
    ]);
    d.send({ type: 'CONTACT_ATTEMPTED', occurredOn: '2026-10-27', actor: district, method: 'call' });
    d.refuse({ type: 'REASONABLE_MEASURES_EXHAUSTED', occurredOn: '2026-11-02', actor: district });
    d.send(timer('CONSENT_RESPONSE_DUE', '2026-11-03', 'consent-response'));
    d.send({ type: 'CONTACT_ATTEMPTED', occurredOn: '2026-11-03', actor: district, method: 'letter', proofOfService: true });
    d.send({ type: 'CONTACT_ATTEMPTED', occurredOn: '2026-11-10', actor: district, method: 'visit' });
    d.send({ type: 'REASONABLE_MEASURES_EXHAUSTED', occurredOn: '2026-11-16', actor: district });
    expect(d.state()).toBe('cycle.evaluation.assessing');
    expect(d.clocks()).toEqual([
      { id: 'triennial', rule: 'triennial', from: '2024-01-20' },
      { id: 'reassessmentIep', rule: 'reassessment-iep', from: '2026-11-16' },
    ]);
    const iep = runningClocks(d.snapshot).find((c) => c.decl.id === 'reassessmentIep')!;
    expect(iep.also).toEqual([{ rule: 'triennial', fromDate: '2024-01-20' }]);
    // The table's rows between: assessment done, meeting noticed (not listed in C6).
    d.send({ type: 'ASSESSMENT_COMPLETED', occurredOn: '2026-12-18', actor: district })
      .send({ type: 'MEETING_NOTICE_SENT', occurredOn: '2027-01-04', actor: district, meetingOn: '2027-01-12' })
      .send({ type: 'MEETING_HELD', occurredOn: '2027-01-12', actor: district, eligible: true });
    expect(d.state()).toBe('continued');
    expect(d.actions).toContainEqual({
      type: 'openProcess',
      params: { chart: 'reassessment', input: { lastEligibilityMeetingOn: '2027-01-12', lastAssessedOn: '2027-01-12' } },
    });
  });

  it('student W: a written waiver ends the cycle; the next three years run from the waiver (B-14)', () => {
    const d = onFile('2024-05-05');
    d.refuse({ type: 'WAIVER_SIGNED', occurredOn: '2027-03-03', actor: district, parentSigned: true, leaSigned: false });
    d.send({ type: 'WAIVER_SIGNED', occurredOn: '2027-03-03', actor: district, parentSigned: true, leaSigned: true });
    expect(d.state()).toBe('waived');
    expect(d.actions).toEqual([
      { type: 'openProcess', params: { chart: 'reassessment', input: { lastEligibilityMeetingOn: '2027-03-03', lastAssessedOn: '2024-05-05' } } },
    ]);
  });

  it('student R: a written request opens the process in reviewing-data with the plan clock', () => {
    const d = drive(definition, {
      trigger: { type: 'REASSESSMENT_REQUESTED', occurredOn: '2027-03-22', actor: parent, lastEligibilityMeetingOn: '2025-04-10' },
      student,
    });
    expect(d.state()).toBe('cycle.reviewing-data');
    expect(d.clocks()).toEqual([
      { id: 'triennial', rule: 'triennial', from: '2025-04-10' },
      { id: 'reassessmentPlan', rule: 'reassessment-plan', from: '2027-03-22' },
    ]);
    d.send(timer('REASSESSMENT_PLAN_DUE', '2027-04-06', 'reassessment-plan'));
    expect(d.actions).toContainEqual({ type: 'recordDelay', params: { code: 'reassessment-plan-late' } });
  });
});

describe('reassessment: branches', () => {
  it('refuses a second reassessment within a year with a PWN unless agreed in writing', () => {
    const d = drive(definition, { trigger: null, opener: { lastEligibilityMeetingOn: '2026-12-10', lastAssessedOn: '2026-12-10' }, student });
    d.send({ type: 'REASSESSMENT_REQUESTED', occurredOn: '2027-03-01', actor: parent });
    expect(d.state()).toBe('cycle.waiting');
    expect(d.actions).toEqual([{ type: 'sendNotice', params: { form: 'PWN', to: 'parent', purpose: 'reassessment-refused' } }]);
    d.send({ type: 'REASSESSMENT_REQUESTED', occurredOn: '2027-03-08', actor: parent, agreedInWriting: true });
    expect(d.state()).toBe('cycle.reviewing-data');
    // Another request while one is under way joins it.
    d.send({ type: 'REASSESSMENT_REQUESTED', occurredOn: '2027-03-09', actor: parent });
    expect(d.snapshot.context.requestsJoined).toBe(1);
    const opening = drive(definition, {
      trigger: { type: 'REASSESSMENT_REQUESTED', occurredOn: '2027-03-01', actor: parent, lastAssessedOn: '2026-12-10' },
      student,
    });
    expect(opening.state()).toBe('cycle.waiting');
    expect(opening.actions).toEqual([{ type: 'sendNotice', params: { form: 'PWN', to: 'parent', purpose: 'reassessment-refused' } }]);
  });

  it('with no further data: PWN, then a meeting confirms eligibility, or the parent asks for assessment', () => {
    const review = () => onFile('2024-01-20').send(timer('TRIENNIAL_REMINDER', '2026-11-21', 'triennial')).send({ type: 'NO_ADDITIONAL_DATA', occurredOn: '2026-11-25', actor: district });
    const d = review();
    expect(d.state()).toBe('cycle.no-assessment-notice');
    expect(d.actions).toEqual([{ type: 'sendNotice', params: { form: 'PWN', to: 'parent', purpose: 'no-additional-data' } }]);
    d.send({ type: 'MEETING_NOTICE_SENT', occurredOn: '2026-12-01', actor: district, meetingOn: '2026-12-09' });
    d.refuse({ type: 'MEETING_HELD', occurredOn: '2026-12-09', actor: district, eligible: false });
    d.send({ type: 'MEETING_HELD', occurredOn: '2026-12-09', actor: district, eligible: true });
    expect(d.state()).toBe('confirmed-without-testing');
    expect(d.actions).toEqual([
      { type: 'openProcess', params: { chart: 'reassessment', input: { lastEligibilityMeetingOn: '2026-12-09', lastAssessedOn: '2024-01-20' } } },
    ]);
    const asked = review().send({ type: 'ASSESSMENT_REQUESTED', occurredOn: '2026-12-01', actor: parent });
    expect(asked.state()).toBe('cycle.reviewing-data');
    expect(asked.clocks()).toContainEqual({ id: 'reassessmentPlan', rule: 'reassessment-plan', from: '2026-12-01' });
  });

  it('after a refusal: consent, due process, hearing decision or review without testing', () => {
    expect(planSent().actions).toContainEqual({ type: 'sendNotice', params: { form: 'Proof of Service', to: 'parent', purpose: 'assessment-plan' } });
    const refused = () => planSent().send({ type: 'CONSENT_REFUSED', occurredOn: '2026-11-25', actor: parent });
    expect(refused().state()).toBe('cycle.refused');
    const filed = refused().send({ type: 'DUE_PROCESS_FILED', occurredOn: '2026-12-02', actor: district });
    expect(filed.state()).toBe('cycle.refused');
    expect(filed.actions).toEqual([{ type: 'openProcess', params: { chart: 'due-process', input: { petitioner: 'district', filedOn: '2026-12-02' } } }]);
    expect(filed.send({ type: 'HEARING_DECISION', occurredOn: '2026-12-14', actor: { role: 'oah' }, prevailing: 'parent' }).state()).toBe('cycle.refused');
    const won = refused().send({ type: 'HEARING_DECISION', occurredOn: '2026-12-14', actor: { role: 'oah' }, prevailing: 'district' });
    expect(won.clocks()).toContainEqual({ id: 'reassessmentIep', rule: 'reassessment-iep', from: '2026-12-14' });
    expect(refused().send({ type: 'CONSENT_RECEIVED', occurredOn: '2026-12-02', actor: parent }).state()).toBe('cycle.evaluation.assessing');
    expect(refused().send({ type: 'REVIEW_WITHOUT_TESTING', occurredOn: '2026-12-02', actor: district }).state()).toBe('cycle.no-assessment-notice');
  });

  it('consent starts the reassessment IEP clock; not eligible proposes exit; late dues are recorded', () => {
    const d = planSent().send({ type: 'CONSENT_RECEIVED', occurredOn: '2026-11-30', actor: parent });
    expect(d.clocks()).toContainEqual({ id: 'reassessmentIep', rule: 'reassessment-iep', from: '2026-11-30' });
    d.send(timer('TRIENNIAL_DUE', '2027-01-20', 'triennial'));
    expect(d.actions).toContainEqual({ type: 'recordDelay', params: { code: 'triennial-late' } });
    d.send(timer('REASSESSMENT_IEP_DUE', '2027-01-20', 'reassessment-iep'));
    expect(d.actions).toContainEqual({ type: 'recordDelay', params: { code: 'reassessment-iep-late' } });
    d.send({ type: 'ASSESSMENT_COMPLETED', occurredOn: '2027-01-22', actor: district })
      .send({ type: 'MEETING_NOTICE_SENT', occurredOn: '2027-01-22', actor: district, meetingOn: '2027-01-29' })
      .send({ type: 'MEETING_HELD', occurredOn: '2027-01-29', actor: district, eligible: false });
    expect(d.state()).toBe('exit-proposed');
    expect(d.actions).toContainEqual({ type: 'openProcess', params: { chart: 'exit', input: { reason: 'not-eligible', decidedOn: '2027-01-29' } } });
  });
});
