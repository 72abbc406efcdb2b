import { describe, expect, it } from 'vitest';
import { runningClocks } from '../../../machines/clocks';
import { definition } from '../../../machines/initial-evaluation';
import { district, drive, parent, student, system } from './drive';

const referral = (on = '2026-10-05') => ({ trigger: { type: 'REFERRAL_RECEIVED', occurredOn: on, actor: parent }, student });
const notice = (form: string, to: unknown = 'parent') => expect.objectContaining({ type: 'sendNotice', params: expect.objectContaining({ form, to }) });
const timer = (type: string, occurredOn: string, rule: string, due = occurredOn) => ({ type, occurredOn, actor: system, clock: 'c', rule, due });

/** Referral → plan → consent, the common start. */
function consented(on = { referral: '2026-10-05', plan: '2026-10-14', consent: '2026-10-21' }) {
  return drive(definition, referral(on.referral))
    .send({ type: 'ASSESSMENT_PLAN_SENT', occurredOn: on.plan, actor: district, receivedByParentOn: on.plan })
    .send({ type: 'CONSENT_RECEIVED', occurredOn: on.consent, actor: parent });
}
function atServicesConsent() {
  return consented()
    .send({ type: 'ASSESSMENT_COMPLETED', occurredOn: '2026-11-30', actor: district })
    .send({ type: 'MEETING_NOTICE_SENT', occurredOn: '2026-12-01', actor: district, meetingOn: '2026-12-10' })
    .send({ type: 'MEETING_HELD', occurredOn: '2026-12-10', actor: district, eligible: true, iepDrafted: true });
}

describe('initial-evaluation: Appendix C1 (happy path)', () => {
  it('runs referral to services with the clocks and notices of each step', () => {
    const d = drive(definition, referral());
    expect(d.state()).toBe('referral-received');
    expect(d.clocks()).toEqual([{ id: 'assessmentPlan', rule: 'assessment-plan', from: '2026-10-05' }]);
    expect(d.actions).toEqual([
      { type: 'sendNotice', params: { form: 'IEP 18', to: 'parent', states: 'assessment-plan' } },
      { type: 'sendNotice', params: { form: 'NC 1', to: 'parent' } },
    ]);

    d.send({ type: 'ASSESSMENT_PLAN_SENT', occurredOn: '2026-10-14', actor: district, receivedByParentOn: '2026-10-14', delivery: 'hand' });
    expect(d.state()).toBe('awaiting-consent');
    expect(d.clocks()).toEqual([{ id: 'consentResponse', rule: 'consent-response', from: '2026-10-14' }]);
    expect(d.actions).toEqual([
      expect.objectContaining({ type: 'sendNotice', params: { form: 'NC 3', to: 'parent' } }),
      expect.objectContaining({ type: 'sendNotice', params: { form: 'NC 1', to: 'parent' } }),
    ]);

    d.send({ type: 'CONSENT_RECEIVED', occurredOn: '2026-10-21', actor: parent });
    expect(d.state()).toBe('evaluation.assessing');
    expect(d.clocks()).toEqual([{ id: 'initialIep', rule: 'initial-iep', from: '2026-10-21' }]);

    d.send({ type: 'ASSESSMENT_COMPLETED', occurredOn: '2026-11-30', actor: district });
    expect(d.state()).toBe('evaluation.meeting.scheduling');
    d.send({ type: 'MEETING_NOTICE_SENT', occurredOn: '2026-12-01', actor: district, meetingOn: '2026-12-10' });
    expect(d.state()).toBe('evaluation.meeting.noticed');
    expect(d.actions).toEqual([
      { type: 'sendNotice', params: { form: 'NC 6A', to: 'parent', purpose: 'initial' } },
      { type: 'sendNotice', params: { form: 'NC 1', to: 'parent' } },
    ]);
    expect(d.clocks().map((c) => c.id)).toEqual(['initialIep']);

    d.send({ type: 'MEETING_HELD', occurredOn: '2026-12-10', actor: district, eligible: true, iepDrafted: true });
    expect(d.state()).toBe('awaiting-services-consent');
    expect(d.actions).toEqual([
      notice('IEP 2A'),
      { type: 'requestSignature', params: { scope: 'attendance', signer: 'parent+lea', form: 'IEP 9B' } },
      { type: 'requestSignature', params: { scope: 'initial-services', signer: 'parent', form: 'IEP 9A' } },
    ]);
    expect(d.clocks()).toEqual([{ id: 'signatureFollowUp', rule: 'signature-follow-up', from: '2026-12-10' }]);

    d.send({ type: 'IEP_CONSENT_RECORDED', occurredOn: '2026-12-10', actor: parent, scope: 'all' });
    expect(d.state()).toBe('implementing');
    expect(d.actions).toEqual([notice('IEP 1', 'providers')]);
    expect(d.clocks()).toEqual([]);

    d.send({ type: 'SERVICES_STARTED', occurredOn: '2026-12-14', actor: district });
    expect(d.state()).toBe('implemented');
    expect(d.snapshot.status).toBe('done');
    expect(d.actions).toEqual([
      { type: 'openProcess', params: { chart: 'annual-review', input: { lastAnnualMeetingOn: '2026-12-10' } } },
      { type: 'openProcess', params: { chart: 'reassessment', input: { lastEligibilityMeetingOn: '2026-12-10', lastAssessedOn: '2026-12-10' } } },
      { type: 'openProcess', params: { chart: 'secondary-transition-and-majority', input: {} } },
    ]);
  });
});

describe('initial-evaluation: Appendix C2 (no response, district files)', () => {
  it('refuses NO_RESPONSE_RECORDED on the parent\'s last day and accepts it the day after', () => {
    const d = drive(definition, { trigger: { type: 'REFERRAL_RECEIVED', occurredOn: '2027-01-11', actor: district, referredBy: 'teacher', parentToldOn: '2027-01-08' }, student });
    expect(d.clocks()).toEqual([{ id: 'assessmentPlan', rule: 'assessment-plan', from: '2027-01-11' }]);
    d.send({ type: 'ASSESSMENT_PLAN_SENT', occurredOn: '2027-01-20', actor: district, receivedByParentOn: '2027-01-20' });
    d.send({ type: 'CONTACT_ATTEMPTED', occurredOn: '2027-01-27', actor: district, method: 'call' });
    d.send({ type: 'CONTACT_ATTEMPTED', occurredOn: '2027-02-01', actor: district, method: 'letter', proofOfService: true });
    d.refuse({ type: 'NO_RESPONSE_RECORDED', occurredOn: '2027-02-03', actor: district });
    d.send(timer('CONSENT_RESPONSE_DUE', '2027-02-04', 'consent-response', '2027-02-04'));
    expect(d.state()).toBe('awaiting-consent');
    expect(d.actions).toEqual([{ type: 'escalate', params: { to: ['caseManager'] } }]);
    d.refuse({ type: 'NO_RESPONSE_RECORDED', occurredOn: '2027-02-04', actor: district });
    d.send({ type: 'NO_RESPONSE_RECORDED', occurredOn: '2027-02-05', actor: district });
    expect(d.state()).toBe('no-response');
    expect(d.clocks()).toEqual([]);

    d.send({ type: 'DUE_PROCESS_FILED', occurredOn: '2027-02-10', actor: district, petitioner: 'district' });
    expect(d.state()).toBe('awaiting-hearing');
    expect(d.actions).toEqual([
      { type: 'openProcess', params: { chart: 'due-process', input: { petitioner: 'district', filedOn: '2027-02-10' } } },
    ]);
    d.send({ type: 'HEARING_DECISION', occurredOn: '2027-04-12', actor: { role: 'oah' }, prevailing: 'district' });
    expect(d.state()).toBe('evaluation.assessing');
    expect(d.clocks()).toEqual([{ id: 'initialIep', rule: 'initial-iep', from: '2027-04-12' }]);
  });

  it('closes without consent from no-response with a PWN, or when the parent prevails', () => {
    const silent = () =>
      drive(definition, referral())
        .send({ type: 'ASSESSMENT_PLAN_SENT', occurredOn: '2026-10-14', actor: district, receivedByParentOn: '2026-10-14' })
        .send(timer('CONSENT_RESPONSE_DUE', '2026-10-29', 'consent-response'))
        .send({ type: 'NO_RESPONSE_RECORDED', occurredOn: '2026-10-30', actor: district });
    const closed = silent().send({ type: 'CASE_CLOSED', occurredOn: '2026-11-02', actor: district });
    expect(closed.state()).toBe('closed-no-consent');
    expect(closed.actions).toEqual([notice('PWN')]);
    expect(silent().send({ type: 'CONSENT_RECEIVED', occurredOn: '2026-11-02', actor: parent }).state()).toBe('evaluation.assessing');
    const lost = silent()
      .send({ type: 'DUE_PROCESS_FILED', occurredOn: '2026-11-02', actor: district })
      .send({ type: 'HEARING_DECISION', occurredOn: '2027-01-12', actor: { role: 'oah' }, prevailing: 'parent' });
    expect(lost.state()).toBe('closed-no-consent');
  });
});

describe('initial-evaluation: referral branches', () => {
  it('keeps the plan clock through a request for information and replaces its date on a written extension', () => {
    const d = drive(definition, referral()).send({ type: 'REFERRAL_INFO_REQUESTED', occurredOn: '2026-10-06', actor: district });
    expect(d.state()).toBe('referral-received');
    expect(d.clocks()).toEqual([{ id: 'assessmentPlan', rule: 'assessment-plan', from: '2026-10-05' }]);
    d.refuse({ type: 'PLAN_EXTENSION_AGREED', occurredOn: '2026-10-08', actor: parent, agreedDue: '2026-10-30', inWriting: false });
    d.send({ type: 'PLAN_EXTENSION_AGREED', occurredOn: '2026-10-08', actor: parent, agreedDue: '2026-10-30', inWriting: true });
    expect(d.snapshot.context.planDueOverride).toBe('2026-10-30');
  });

  it('records a late plan and escalates without leaving the state', () => {
    const d = drive(definition, referral()).send(timer('ASSESSMENT_PLAN_DUE', '2026-10-20', 'assessment-plan'));
    expect(d.state()).toBe('referral-received');
    expect(d.actions).toEqual([
      { type: 'recordDelay', params: { code: 'assessment-plan-late' } },
      { type: 'escalate', params: { to: ['caseManager', 'spedDirector'] } },
    ]);
    // A passed deadline never blocks the late act.
    d.send({ type: 'ASSESSMENT_PLAN_SENT', occurredOn: '2026-10-22', actor: district, receivedByParentOn: '2026-10-26', delivery: 'mail' });
    expect(d.state()).toBe('awaiting-consent');
    expect(d.actions).toContainEqual({ type: 'sendNotice', params: { form: 'Proof of Service', to: 'parent', purpose: 'assessment-plan' } });
    expect(d.clocks()).toEqual([{ id: 'consentResponse', rule: 'consent-response', from: '2026-10-26' }]);
  });

  it('ends with a PWN when the district declines to assess', () => {
    const d = drive(definition, referral()).send({ type: 'ASSESSMENT_DECLINED', occurredOn: '2026-10-12', actor: district });
    expect(d.state()).toBe('declined-by-district');
    expect(d.actions).toEqual([{ type: 'sendNotice', params: { form: 'PWN', to: 'parent', purpose: 'assessment-refused' } }]);
  });
});

describe('initial-evaluation: consent branches', () => {
  const planned = () =>
    drive(definition, referral()).send({ type: 'ASSESSMENT_PLAN_SENT', occurredOn: '2026-10-14', actor: district, receivedByParentOn: '2026-10-14' });

  it('needs no consent for a terminated parent, and needs documented efforts for an unlocatable one', () => {
    expect(planned().send({ type: 'CONSENT_NOT_REQUIRED', occurredOn: '2026-10-20', actor: district, reason: 'rights-terminated' }).state()).toBe(
      'evaluation.assessing',
    );
    const d = planned().refuse({ type: 'CONSENT_NOT_REQUIRED', occurredOn: '2026-10-20', actor: district, reason: 'parent-unlocatable' });
    d.send({ type: 'CONTACT_ATTEMPTED', occurredOn: '2026-10-21', actor: district, method: 'visit' });
    d.send({ type: 'CONSENT_NOT_REQUIRED', occurredOn: '2026-10-22', actor: district, reason: 'parent-unlocatable' });
    expect(d.state()).toBe('evaluation.assessing');
    expect(d.clocks()).toEqual([{ id: 'initialIep', rule: 'initial-iep', from: '2026-10-22' }]);
  });

  it('after a refusal takes due process, mediation, a later consent or closing', () => {
    const refused = () => planned().send({ type: 'CONSENT_REFUSED', occurredOn: '2026-10-20', actor: parent });
    expect(refused().state()).toBe('consent-refused');
    const mediation = refused().send({ type: 'MEDIATION_REQUESTED', occurredOn: '2026-10-26', actor: district });
    expect(mediation.state()).toBe('awaiting-hearing');
    expect(mediation.actions).toEqual([
      { type: 'openProcess', params: { chart: 'mediation', input: { requestedBy: 'district', requestedOn: '2026-10-26' } } },
    ]);
    expect(mediation.send({ type: 'CONSENT_RECEIVED', occurredOn: '2026-11-09', actor: parent }).state()).toBe('evaluation.assessing');
    expect(refused().send({ type: 'DUE_PROCESS_FILED', occurredOn: '2026-10-26', actor: district }).state()).toBe('awaiting-hearing');
    expect(refused().send({ type: 'CONSENT_RECEIVED', occurredOn: '2026-10-26', actor: parent }).state()).toBe('evaluation.assessing');
    const closed = refused().send({ type: 'CASE_CLOSED', occurredOn: '2026-10-26', actor: district });
    expect(closed.state()).toBe('closed-no-consent');
    expect(closed.actions).toEqual([]);
  });
});

describe('initial-evaluation: evaluation exceptions', () => {
  it('takes an agreed date only for a child who transferred in, and exempts the clock on repeated non-production', () => {
    const d = consented();
    d.refuse({ type: 'EVALUATION_DATE_AGREED', occurredOn: '2026-11-02', actor: district, agreedDue: '2027-01-20', inWriting: true });
    d.send({ type: 'EVALUATION_DATE_AGREED', occurredOn: '2026-11-02', actor: district, agreedDue: '2027-01-20', inWriting: true, transferredIn: true });
    expect(d.snapshot.context.evaluationDueOverride).toBe('2027-01-20');
    d.send({ type: 'CHILD_NOT_PRODUCED', occurredOn: '2026-11-05', actor: district });
    expect(d.snapshot.context.clockExempt).toBe(false);
    d.send({ type: 'CHILD_NOT_PRODUCED', occurredOn: '2026-11-12', actor: district });
    expect(d.snapshot.context.clockExempt).toBe(true);
    expect(runningClocks(d.snapshot).map((c) => [c.decl.id, c.exempt, c.overrideDate])).toEqual([['initialIep', true, '2027-01-20']]);
    expect(d.state()).toBe('evaluation.assessing');
    expect(consented().send({ type: 'CHILD_NOT_PRODUCED', occurredOn: '2026-11-05', actor: district, repeated: true }).snapshot.context.clockExempt).toBe(true);
    d.send(timer('INITIAL_IEP_DUE', '2027-01-05', 'initial-iep'));
    expect(d.state()).toBe('evaluation.assessing');
    expect(d.actions).toEqual([
      { type: 'recordDelay', params: { code: 'initial-iep-late' } },
      { type: 'escalate', params: { to: ['caseManager', 'spedDirector'] } },
    ]);
  });

  it('refuses a meeting without notice, and without the parent unless attempts are documented', () => {
    const d = consented().send({ type: 'ASSESSMENT_COMPLETED', occurredOn: '2026-11-30', actor: district });
    d.refuse({ type: 'MEETING_HELD', occurredOn: '2026-12-10', actor: district, eligible: true, iepDrafted: true });
    d.send({ type: 'MEETING_NOTICE_SENT', occurredOn: '2026-12-01', actor: district, meetingOn: '2026-12-10' });
    d.refuse({ type: 'MEETING_HELD', occurredOn: '2026-12-10', actor: district, eligible: true, parentPresent: false });
    d.send({ type: 'MEETING_HELD', occurredOn: '2026-12-10', actor: district, eligible: true, parentPresent: false, attemptsDocumented: true });
    expect(d.state()).toBe('iep-pending');
    expect(d.clocks()).toEqual([{ id: 'iepAfterNeed', rule: 'iep-after-need', from: '2026-12-10' }]);
  });
});

describe('initial-evaluation: eligibility and services', () => {
  const meetingHeld = (fields: Record<string, unknown>) =>
    consented()
      .send({ type: 'ASSESSMENT_COMPLETED', occurredOn: '2026-11-30', actor: district })
      .send({ type: 'MEETING_NOTICE_SENT', occurredOn: '2026-12-01', actor: district, meetingOn: '2026-12-10' })
      .send({ type: 'MEETING_HELD', occurredOn: '2026-12-10', actor: district, ...fields });

  it('ends not eligible with a PWN', () => {
    const d = meetingHeld({ eligible: false });
    expect(d.state()).toBe('not-eligible');
    expect(d.actions).toContainEqual({ type: 'sendNotice', params: { form: 'PWN', to: 'parent', purpose: 'not-eligible' } });
  });

  it('holds the IEP meeting within 30 days of the need when the IEP was not drafted', () => {
    const d = meetingHeld({ eligible: true, iepDrafted: false });
    expect(d.state()).toBe('iep-pending');
    d.send(timer('IEP_AFTER_NEED_DUE', '2027-01-09', 'iep-after-need'));
    expect(d.actions).toEqual([{ type: 'recordDelay', params: { code: 'iep-after-need-late' } }]);
    d.send({ type: 'MEETING_NOTICE_SENT', occurredOn: '2027-01-11', actor: district, meetingOn: '2027-01-14' });
    d.refuse({ type: 'MEETING_HELD', occurredOn: '2027-01-14', actor: district });
    d.send({ type: 'MEETING_HELD', occurredOn: '2027-01-14', actor: district, iepDrafted: true });
    expect(d.state()).toBe('awaiting-services-consent');
    expect(d.clocks()).toEqual([{ id: 'signatureFollowUp', rule: 'signature-follow-up', from: '2027-01-14' }]);
    d.send({ type: 'IEP_CONSENT_RECORDED', occurredOn: '2027-01-15', actor: parent, scope: 'all' });
    expect(d.send({ type: 'SERVICES_STARTED', occurredOn: '2027-01-19', actor: district }).actions[0]).toEqual({
      type: 'openProcess',
      params: { chart: 'annual-review', input: { lastAnnualMeetingOn: '2027-01-14' } },
    });
  });

  it('sends Signed IEP letters 1-2-3 in order, restarting the follow-up interval', () => {
    const d = atServicesConsent();
    d.refuse({ type: 'SIGNATURE_FOLLOW_UP_SENT', occurredOn: '2026-12-14', actor: district, letter: 2 });
    d.send(timer('SIGNATURE_FOLLOW_UP_DUE', '2026-12-24', 'signature-follow-up'));
    expect(d.actions).toEqual([{ type: 'escalate', params: { to: ['caseManager'] } }]);
    d.send({ type: 'SIGNATURE_FOLLOW_UP_SENT', occurredOn: '2027-01-04', actor: district, letter: 1 });
    expect(d.actions).toContainEqual({ type: 'sendNotice', params: { form: 'Signed IEP letter', to: 'parent' } });
    expect(d.clocks()).toEqual([{ id: 'signatureFollowUp', rule: 'signature-follow-up', from: '2027-01-04' }]);
    d.send({ type: 'SIGNATURE_FOLLOW_UP_SENT', occurredOn: '2027-01-19', actor: district, letter: 2 });
    d.send({ type: 'SIGNATURE_FOLLOW_UP_SENT', occurredOn: '2027-02-02', actor: district, letter: 3 });
    expect(d.clocks()).toEqual([]);
    d.refuse({ type: 'SIGNATURE_FOLLOW_UP_SENT', occurredOn: '2027-02-16', actor: district, letter: 3 });
  });

  it('C3: partial consent implements the rest; refusal ends with a PWN and no due process', () => {
    const a = atServicesConsent().send({ type: 'IEP_CONSENT_RECORDED', occurredOn: '2027-02-11', actor: parent, scope: 'partial', except: ['counselling'] });
    expect(a.state()).toBe('implementing');
    expect(a.snapshot.context.excludedComponents).toEqual(['counselling']);
    expect(a.snapshot.context.consentScope).toBe('partial');
    expect(a.all.some((x) => x.type === 'openProcess' && (x.params as { chart: string }).chart === 'due-process')).toBe(false);
    expect(a.send({ type: 'SERVICES_STARTED', occurredOn: '2027-02-22', actor: district }).state()).toBe('implemented');

    const b = atServicesConsent().send({ type: 'IEP_CONSENT_RECORDED', occurredOn: '2027-03-12', actor: parent, scope: 'none' });
    expect(b.state()).toBe('declined-services');
    expect(b.actions).toEqual([{ type: 'sendNotice', params: { form: 'PWN', to: 'parent', purpose: 'services-declined' } }]);
    expect(b.snapshot.status).toBe('done');
    expect(atServicesConsent().send({ type: 'CONSENT_REFUSED', occurredOn: '2027-03-12', actor: parent }).state()).toBe('declined-services');
  });

  it('C3: replays student A to implemented with the referral, consent and meeting dates of the table', () => {
    const d = consented({ referral: '2026-11-30', plan: '2026-12-07', consent: '2026-12-14' });
    expect(d.clocks()).toEqual([{ id: 'initialIep', rule: 'initial-iep', from: '2026-12-14' }]);
    expect(d.snapshot.context.referralReceivedOn).toBe('2026-11-30');
    d.send({ type: 'ASSESSMENT_COMPLETED', occurredOn: '2027-02-01', actor: district })
      .send({ type: 'MEETING_NOTICE_SENT', occurredOn: '2027-02-01', actor: district, meetingOn: '2027-02-09' })
      .send({ type: 'MEETING_HELD', occurredOn: '2027-02-09', actor: district, eligible: true, iepDrafted: true })
      .send({ type: 'IEP_CONSENT_RECORDED', occurredOn: '2027-02-11', actor: parent, scope: 'partial', except: ['counselling'] })
      .send({ type: 'SERVICES_STARTED', occurredOn: '2027-02-22', actor: district });
    expect(d.state()).toBe('implemented');
    expect(d.clocks()).toEqual([]);
  });
});

describe('initial-evaluation: opened by another chart', () => {
  it('Part C late referral runs the 45-day IEP clock beside the school-age clocks', () => {
    const d = drive(definition, { trigger: null, opener: { source: 'early-start', partC: true, referralReceivedOn: '2027-06-16', birthDate: '2024-08-10' }, student });
    expect(d.state()).toBe('referral-received');
    expect(d.clocks()).toEqual([
      { id: 'assessmentPlan', rule: 'assessment-plan', from: '2027-06-16' },
      { id: 'partCIep', rule: 'early-start-ifsp', from: '2027-06-16' },
    ]);
    d.send(timer('PART_C_IEP_DUE', '2027-07-31', 'early-start-ifsp'));
    expect(d.actions).toContainEqual({ type: 'recordDelay', params: { code: 'early-start-ifsp-late' } });
  });

  it('Early Start packet: the initial IEP also counts to the third birthday', () => {
    const d = drive(definition, { trigger: null, opener: { source: 'early-start', referralReceivedOn: '2026-11-20', birthDate: '2024-04-20' }, student })
      .send({ type: 'ASSESSMENT_PLAN_SENT', occurredOn: '2026-11-24', actor: district, receivedByParentOn: '2026-11-24' })
      .send({ type: 'CONSENT_RECEIVED', occurredOn: '2026-12-03', actor: parent });
    const [clock] = runningClocks(d.snapshot);
    expect(clock.decl.alsoRule).toEqual([{ rule: 'early-start-iep', from: 'earlyStartBirthDate' }]);
    expect(clock.also).toEqual([{ rule: 'early-start-iep', fromDate: '2024-04-20' }]);
    expect(clock.referralDate).toBe('2026-11-20');
  });

  it('out-of-state transfer uses its own plan rule; a transfer mid-evaluation starts in evaluation', () => {
    const oos = drive(definition, { trigger: null, opener: { source: 'transfer-in', outOfState: true, referralReceivedOn: '2027-01-19' }, student });
    expect(oos.clocks()).toEqual([{ id: 'outOfStateAssessmentPlan', rule: 'out-of-state-assessment-plan', from: '2027-01-19' }]);
    const mid = drive(definition, { trigger: null, opener: { source: 'transfer-in', transferredOn: '2027-01-19', evaluationUnderWay: true }, student });
    expect(mid.state()).toBe('evaluation.assessing');
    expect(mid.clocks()).toEqual([{ id: 'initialIep', rule: 'initial-iep', from: '2027-01-19' }]);
    mid.send({ type: 'EVALUATION_DATE_AGREED', occurredOn: '2027-01-22', actor: district, agreedDue: '2027-03-01', inWriting: true });
    expect(mid.snapshot.context.evaluationDueOverride).toBe('2027-03-01');
  });
});
