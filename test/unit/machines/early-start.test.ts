import { describe, expect, it } from 'vitest';
import { definition } from '../../../machines/early-start';
import { district, drive, parent, system } from './drive';

const esp = { role: 'esp' as const };
const e1 = { id: 'e1', birthDate: '2025-09-02', language: 'en' };
const e2 = { id: 'e2', birthDate: '2024-04-20', language: 'es' };
const e3 = { id: 'e3', birthDate: '2024-08-10', language: 'en' };

const act = (type: string, occurredOn: string, fields: Record<string, unknown> = {}, actor: { role: string } = esp) => ({
  type,
  occurredOn,
  actor,
  ...fields,
});
const timer = (type: string, clock: string, rule: string, due: string) => ({ type, occurredOn: due, actor: system, clock, rule, due });
const referral = (occurredOn: string, daysToThirdBirthday: number, receivedBy?: 'esp' | 'district') =>
  act('EARLY_START_REFERRAL_RECEIVED', occurredOn, { daysToThirdBirthday, ...(receivedBy ? { receivedBy } : {}) }, parent);
const late = (code: string) => [
  expect.objectContaining({ type: 'recordDelay', params: { code } }),
  expect.objectContaining({ type: 'escalate', params: { to: ['caseManager', 'spedDirector'] } }),
];
const openEvaluation = (input: Record<string, unknown>) =>
  expect.objectContaining({ type: 'openProcess', params: { chart: 'initial-evaluation', input } });

/** E1's path to an active IFSP (C8 rows 1-3). */
function e1Active(consent: Record<string, unknown> = { consent: 'all-except', except: ['svc-ot'] }) {
  const d = drive(definition, { trigger: referral('2026-09-21', 712), student: e1 });
  d.send(act('ASSESSMENT_CONSENT_RECORDED', '2026-09-25', { granted: true }, parent));
  d.send(act('EVALUATION_COMPLETED', '2026-10-20'));
  d.send(act('IFSP_MEETING_HELD', '2026-10-29', { eligible: true }));
  d.send(act('IFSP_CONSENT_RECORDED', '2026-10-29', consent, parent));
  return d;
}
/** E2 already served, reaching the transition (C8 rows 4-8). */
function e2Invited() {
  const d = drive(definition, { trigger: referral('2025-01-10', 830), student: e2 });
  d.send(act('ASSESSMENT_CONSENT_RECORDED', '2025-01-14', { granted: true }, parent));
  d.send(act('EVALUATION_COMPLETED', '2025-02-10'));
  d.send(act('IFSP_MEETING_HELD', '2025-02-20', { eligible: true }));
  d.send(act('IFSP_CONSENT_RECORDED', '2025-02-20', { consent: 'all' }, parent));
  d.send(timer('EARLY_START_30_MONTHS_DUE', 'earlyStart30Months', 'early-start-30-month-notice', '2026-10-20'));
  return d;
}

describe('early-start: routing by days to the third birthday', () => {
  it('more than 60 days: ESP intake, notice + Form AP, 45-day IFSP clock', () => {
    const d = drive(definition, { trigger: referral('2026-09-21', 61), student: e1 });
    expect(d.state()).toBe('intake.referred');
    expect(d.actions).toEqual([
      expect.objectContaining({ type: 'sendNotice', params: expect.objectContaining({ form: 'Early Start notice', to: 'parent', states: 'early-start-ifsp' }) }),
      expect.objectContaining({ type: 'requestSignature', params: { scope: 'early-start-assessment', signer: 'parent', form: 'IFSP AP' } }),
    ]);
    expect(d.clocks()).toEqual([{ id: 'earlyStartIfsp', rule: 'early-start-ifsp', from: '2026-09-21' }]);
  });

  it('45-60 days received by ESP: forward to the DOR within 2 days, then Part C evaluation', () => {
    const d = drive(definition, { trigger: referral('2027-06-16', 60), student: e3 });
    expect(d.state()).toBe('forwarding-to-dor');
    expect(d.clocks()).toEqual([{ id: 'earlyStartDorForward', rule: 'early-start-dor-forward', from: '2027-06-16' }]);
    d.send(timer('EARLY_START_DOR_FORWARD_DUE', 'earlyStartDorForward', 'early-start-dor-forward', '2027-06-18'));
    expect(d.actions).toEqual(late('early-start-dor-forward-late'));
    d.send(act('REFERRAL_FORWARDED_TO_DOR', '2027-06-21'));
    expect(d.state()).toBe('referred-to-dor');
    expect(d.actions).toEqual([openEvaluation({ source: 'early-start', partC: true, referralReceivedOn: '2027-06-16', birthDate: '2024-08-10' })]);
    expect(d.snapshot.status).toBe('done');
  });

  it('45 days received by the district: Part C evaluation at once', () => {
    const d = drive(definition, { trigger: referral('2027-06-16', 45, 'district'), student: e3 });
    expect(d.state()).toBe('referred-to-dor');
    expect(d.actions).toEqual([openEvaluation({ source: 'early-start', partC: true, referralReceivedOn: '2027-06-16', birthDate: '2024-08-10' })]);
  });

  it('under 45 days: the district with school-age clocks, no IFSP', () => {
    const d = drive(definition, { trigger: referral('2027-06-27', 44), student: e3 });
    expect(d.state()).toBe('referred-to-district');
    expect(d.actions).toEqual([openEvaluation({ source: 'early-start', referralReceivedOn: '2027-06-27' })]);
    expect(d.clocks()).toEqual([]);
  });
});

describe('early-start: intake', () => {
  it('refused assessment consent closes the case', () => {
    const d = drive(definition, { trigger: referral('2026-09-21', 712), student: e1 });
    d.send(act('ASSESSMENT_CONSENT_RECORDED', '2026-09-25', { granted: false }, parent));
    expect(d.state()).toBe('closed-no-consent');
    expect(d.clocks()).toEqual([]);
  });

  it('a late IFSP escalates; documented exceptional circumstances stop that and give an interim IFSP', () => {
    const d = drive(definition, { trigger: referral('2026-09-21', 712), student: e1 });
    d.send(act('ASSESSMENT_CONSENT_RECORDED', '2026-09-25', { granted: true }, parent));
    const due = timer('EARLY_START_IFSP_DUE', 'earlyStartIfsp', 'early-start-ifsp', '2026-11-05');
    expect(d.snapshot.can(due as never)).toBe(true);
    d.send(act('EXCEPTIONAL_DELAY_DOCUMENTED', '2026-10-30'));
    expect(d.state()).toBe('intake.interim');
    expect(d.snapshot.context.clockExempt).toBe(true);
    expect(d.actions).toEqual([expect.objectContaining({ type: 'sendNotice', params: expect.objectContaining({ form: 'Notice of delay', to: 'parent' }) })]);
    d.refuse(due);
    d.send(act('EVALUATION_COMPLETED', '2026-11-20'));
    expect(d.state()).toBe('intake.ifsp-meeting');
    expect(d.actions).toEqual([expect.objectContaining({ type: 'sendNotice', params: expect.objectContaining({ form: 'IFSP NOM', to: ['parent', 'team'] }) })]);
  });

  it('a non-exempt late IFSP records the delay', () => {
    const d = drive(definition, { trigger: referral('2026-09-21', 712), student: e1 });
    d.send(timer('EARLY_START_IFSP_DUE', 'earlyStartIfsp', 'early-start-ifsp', '2026-11-05'));
    expect(d.actions).toEqual(late('early-start-ifsp-late'));
    expect(d.state()).toBe('intake.referred');
  });

  it('not eligible: written notice of refusal, final', () => {
    const d = drive(definition, { trigger: referral('2026-09-21', 712), student: e1 });
    d.send(act('ASSESSMENT_CONSENT_RECORDED', '2026-09-25', { granted: true }, parent));
    d.send(act('EVALUATION_COMPLETED', '2026-10-20'));
    d.send(act('IFSP_MEETING_HELD', '2026-10-29', { eligible: false }));
    expect(d.state()).toBe('not-eligible');
    expect(d.actions).toEqual([expect.objectContaining({ type: 'sendNotice', params: expect.objectContaining({ form: 'Early Start notice', purpose: 'refusal' }) })]);
  });

  it('no consent to any IFSP service: declined', () => {
    const d = drive(definition, { trigger: referral('2026-09-21', 712), student: e1 });
    d.send(act('ASSESSMENT_CONSENT_RECORDED', '2026-09-25', { granted: true }, parent));
    d.send(act('EVALUATION_COMPLETED', '2026-10-20'));
    d.send(act('IFSP_MEETING_HELD', '2026-10-29', { eligible: true }));
    expect(d.actions).toEqual([expect.objectContaining({ type: 'requestSignature', params: { scope: 'ifsp-services', signer: 'parent', form: 'IFSP 9' } })]);
    d.send(act('IFSP_CONSENT_RECORDED', '2026-10-30', { consent: 'none' }, parent));
    expect(d.state()).toBe('declined');
  });
});

describe('early-start: active IFSP', () => {
  it('reviews restart their clocks; withdrawn services are recorded', () => {
    const d = e1Active({ consent: 'all' });
    expect(d.snapshot.context.declinedServices).toEqual([]);
    d.send(act('REVIEW_HELD', '2027-04-20', { annual: false }));
    expect(d.clocks()).toEqual(
      expect.arrayContaining([
        { id: 'ifspReview', rule: 'ifsp-review', from: '2027-04-20' },
        { id: 'ifspAnnual', rule: 'ifsp-annual', from: '2026-10-29' },
      ]),
    );
    d.send(act('REVIEW_HELD', '2027-10-20', { annual: true }));
    expect(d.clocks()).toEqual(expect.arrayContaining([{ id: 'ifspAnnual', rule: 'ifsp-annual', from: '2027-10-20' }]));
    d.send(act('REVIEW_REQUESTED', '2027-11-02', {}, parent));
    expect(d.actions).toEqual([expect.objectContaining({ type: 'sendNotice', params: expect.objectContaining({ form: 'IFSP NOM', purpose: 'review' }) })]);
    d.send(timer('IFSP_REVIEW_DUE', 'ifspReview', 'ifsp-review', '2028-04-20'));
    expect(d.actions).toEqual(late('ifsp-review-late'));
    d.send(act('CONSENT_WITHDRAWN', '2027-11-10', { services: ['svc-pt'] }, parent));
    expect(d.snapshot.context.declinedServices).toEqual(['svc-pt']);
  });

  it('a transition conference without the district does not count', () => {
    const d = e2Invited();
    d.send(act('TRANSITION_CONFERENCE_HELD', '2026-11-16', { districtAttended: false }));
    expect(d.state()).toBe('active.reviews.periodic|active.transition.invited');
    expect(d.actions).toEqual([expect.objectContaining({ type: 'escalate', params: { to: ['caseManager', 'spedDirector'] } })]);
    d.send(act('TRANSITION_CONFERENCE_HELD', '2026-11-20', { districtAttended: true, mayBeIneligible: true }, district));
    expect(d.state()).toBe('active.reviews.periodic|active.transition.packet');
    expect(d.actions).toContainEqual(
      expect.objectContaining({ type: 'sendNotice', params: expect.objectContaining({ to: ['parent', 'providers'], purpose: 'other-services-conference' }) }),
    );
  });

  it('setting the conference date stops its 30-day clock; late dates are recorded', () => {
    const d = e2Invited();
    d.send(timer('EARLY_START_TRANSITION_DATE_SET_DUE', 'earlyStartTransitionDateSet', 'early-start-transition-date-set', '2026-11-19'));
    expect(d.actions).toEqual(late('early-start-transition-date-set-late'));
    d.send(act('TRANSITION_DATE_SET', '2026-11-23'));
    expect(d.clocks().map((c) => c.id)).not.toContain('earlyStartTransitionDateSet');
    d.refuse(act('TRANSITION_DATE_SET', '2026-11-24'));
    d.send(timer('EARLY_START_TRANSITION_DUE', 'earlyStartTransition', 'early-start-transition', '2027-01-20'));
    expect(d.actions).toEqual(late('early-start-transition-late'));
  });

  it('not eligible for preschool, or three without an IEP, ends Early Start (both regions)', () => {
    const toAwaiting = () => {
      const d = e2Invited();
      d.send(act('TRANSITION_CONFERENCE_HELD', '2026-11-16', { districtAttended: true }));
      d.send(act('PACKET_SENT', '2026-11-20'));
      return d;
    };
    const a = toAwaiting();
    a.send(act('NOT_ELIGIBLE_FOR_PRESCHOOL', '2027-02-09', {}, district));
    expect(a.state()).toBe('exited-not-eligible');
    expect(a.snapshot.status).toBe('done');
    const b = toAwaiting();
    b.send(timer('EARLY_START_IEP_DUE', 'earlyStartIep', 'early-start-iep', '2027-04-20'));
    expect(b.state()).toBe('exited-at-3');
    expect(b.actions).toEqual(late('early-start-iep-late'));
    expect(b.clocks()).toEqual([]);
  });
});

describe('early-start: Appendix C', () => {
  it('C8 E1: referral, Form AP, IFSP with one service declined, review clocks from the IFSP', () => {
    const d = drive(definition, { trigger: referral('2026-09-21', 712), student: e1 });
    expect(d.clocks()).toEqual([{ id: 'earlyStartIfsp', rule: 'early-start-ifsp', from: '2026-09-21' }]);
    d.send(act('ASSESSMENT_CONSENT_RECORDED', '2026-09-25', { granted: true }, parent));
    expect(d.state()).toBe('intake.evaluating');
    d.send(act('EVALUATION_COMPLETED', '2026-10-20'));
    d.send(act('IFSP_MEETING_HELD', '2026-10-29', { eligible: true }));
    d.send(act('IFSP_CONSENT_RECORDED', '2026-10-29', { consent: 'all-except', except: ['svc-ot'] }, parent));
    expect(d.state()).toBe('active.reviews.periodic|active.transition.pre-notice');
    expect(d.snapshot.context.declinedServices).toEqual(['svc-ot']);
    expect(d.clocks()).toEqual([
      { id: 'ifspReview', rule: 'ifsp-review', from: '2026-10-29' },
      { id: 'ifspAnnual', rule: 'ifsp-annual', from: '2026-10-29' },
      { id: 'earlyStart30Months', rule: 'early-start-30-month-notice', from: '2025-09-02' },
    ]);
  });

  it('C8 E2: 30-month notice, window, conference, packet → district P01, IEP in effect', () => {
    const d = e2Invited();
    expect(d.state()).toBe('active.reviews.periodic|active.transition.invited');
    expect(d.actions).toEqual([
      expect.objectContaining({
        type: 'sendNotice',
        params: expect.objectContaining({ form: 'Early Start notice', to: ['district', 'parent'], purpose: 'transition-invitation' }),
      }),
    ]);
    expect(d.clocks()).toEqual(
      expect.arrayContaining([
        { id: 'earlyStartTransitionDateSet', rule: 'early-start-transition-date-set', from: '2026-10-20' },
        { id: 'earlyStartTransition', rule: 'early-start-transition', from: '2024-04-20' },
      ]),
    );
    // The window opens on its `earliest` date (2026-10-20), the same day as the 30-month notice.
    d.send({ ...timer('EARLY_START_TRANSITION_OPEN', 'earlyStartTransition', 'early-start-transition', '2027-01-20'), occurredOn: '2026-10-20' });
    expect(d.snapshot.context.transitionWindowOpenOn).toBe('2026-10-20');
    d.send(act('TRANSITION_CONFERENCE_HELD', '2026-11-16', { districtAttended: true }));
    expect(d.state()).toBe('active.reviews.periodic|active.transition.packet');
    expect(d.actions).toEqual([expect.objectContaining({ type: 'requestSignature', params: { scope: 'transition-packet', signer: 'parent', form: 'IFSP 7' } })]);
    d.send(act('PACKET_SENT', '2026-11-20'));
    expect(d.state()).toBe('active.reviews.periodic|active.transition.awaiting-iep');
    expect(d.actions).toEqual([openEvaluation({ source: 'early-start', referralReceivedOn: '2026-11-20', birthDate: '2024-04-20' })]);
    expect(d.clocks()).toEqual(expect.arrayContaining([{ id: 'earlyStartIep', rule: 'early-start-iep', from: '2024-04-20' }]));
    d.send(act('IEP_IN_EFFECT', '2027-02-09', {}, district));
    expect(d.state()).toBe('transitioned-to-iep');
    expect(d.snapshot.status).toBe('done');
    expect(d.clocks()).toEqual([]);
  });

  it('C8 E3: 55 days before the third birthday goes the DOR path on the 45-day Part C count', () => {
    const d = drive(definition, { trigger: referral('2027-06-16', 55), student: e3 });
    d.send(act('REFERRAL_FORWARDED_TO_DOR', '2027-06-17'));
    expect(d.state()).toBe('referred-to-dor');
    expect(d.actions).toEqual([openEvaluation({ source: 'early-start', partC: true, referralReceivedOn: '2027-06-16', birthDate: '2024-08-10' })]);
  });
});
