import { describe, expect, it } from 'vitest';
import { runningClocks } from '../../../machines/clocks';
import { definition } from '../../../machines/private-school';
import { district, drive, parent, student, system } from './drive';

const dor = { role: 'dor' as const };
const ev = (type: string, occurredOn: string, extra: Record<string, unknown> = {}) => ({ type, occurredOn, actor: district, ...extra });
const timer = (type: string, clock: string, rule: string, due: string) => ({ type, occurredOn: due, actor: system, clock, rule, due });
const open = () => drive(definition, { trigger: { type: 'PRIVATE_SCHOOL_CHILD_FOUND', occurredOn: '2026-09-21', actor: parent }, student });
const consent = (dorInformationExchange: boolean) => ({ type: 'CONSENT_RECEIVED', occurredOn: '2026-10-07', actor: parent, dorInformationExchange });
const eligible = () =>
  open()
    .send(ev('ASSESSMENT_PLAN_SENT', '2026-10-01'))
    .send(consent(true))
    .send(ev('MEETING_HELD', '2026-11-17', { eligible: true }));
const intent = (value: string) => ({ type: 'ENROLMENT_INTENT_RECORDED', occurredOn: '2026-11-17', actor: parent, intent: value });
const servicesPlan = () => eligible().send(intent('notInterested'));
const late = (code: string) => [
  expect.objectContaining({ type: 'recordDelay', params: { code } }),
  expect.objectContaining({ type: 'escalate', params: { to: ['caseManager', 'spedDirector'] } }),
];

describe('private-school (P24)', () => {
  it('opens in located: receipt and safeguards notices, plan clock from the referral', () => {
    const d = open();
    expect(d.state()).toBe('located');
    expect(d.actions).toEqual([
      expect.objectContaining({ type: 'sendNotice', params: expect.objectContaining({ form: 'IEP 18', to: 'parent' }) }),
      expect.objectContaining({ type: 'sendNotice', params: expect.objectContaining({ form: 'NC 1', to: 'parent' }) }),
    ]);
    expect(d.clocks()).toEqual([{ id: 'assessmentPlan', rule: 'assessment-plan', from: '2026-09-21' }]);
  });

  it('plan sent: NC 3, NC 1 and the DOR release; the plan clock stops; late plan is recorded', () => {
    const d = open().send(timer('ASSESSMENT_PLAN_DUE', 'assessmentPlan', 'assessment-plan', '2026-10-06'));
    expect(d.actions).toEqual(late('assessment-plan-late'));
    d.send(ev('ASSESSMENT_PLAN_SENT', '2026-10-07'));
    expect(d.clocks()).toEqual([]);
    expect(d.actions).toEqual([
      expect.objectContaining({ params: expect.objectContaining({ form: 'NC 3' }) }),
      expect.objectContaining({ params: expect.objectContaining({ form: 'NC 1' }) }),
      expect.objectContaining({ type: 'requestSignature', params: { scope: 'dor-information-exchange', signer: 'parent', form: 'A-3' } }),
    ]);
  });

  it('consent starts the initial-IEP clock with the referral date and invites the DOR only with the release', () => {
    const d = open().send(consent(true));
    expect(d.clocks()).toEqual([{ id: 'initialIep', rule: 'initial-iep', from: '2026-10-07' }]);
    expect(runningClocks(d.snapshot)[0].referralDate).toBe('2026-09-21');
    expect(d.actions).toEqual([expect.objectContaining({ type: 'sendNotice', params: expect.objectContaining({ form: 'NC 6A', to: 'dor' }) })]);
    const noRelease = open().send(consent(false));
    expect(noRelease.actions).toEqual([]);
    expect(noRelease.snapshot.context.dorInformationExchange).toBe(false);
    noRelease.send(timer('INITIAL_IEP_DUE', 'initialIep', 'initial-iep', '2026-12-06'));
    expect(noRelease.actions).toEqual(late('initial-iep-late'));
  });

  it('not eligible: PWN and final', () => {
    const d = open().send(consent(true)).send(ev('MEETING_HELD', '2026-11-17', { eligible: false }));
    expect(d.state()).toBe('not-eligible');
    expect(d.actions).toEqual([expect.objectContaining({ type: 'sendNotice', params: expect.objectContaining({ form: 'PWN' }) })]);
  });

  it.each(['enrol', 'unsure'])('eligible, parent intent %s → the DOR offers FAPE', (value) => {
    expect(eligible().send(intent(value)).state()).toBe('fape-offered');
  });

  it('parents clearly not interested: certification, ISP 1, review clock from the accepted plan', () => {
    const d = servicesPlan();
    expect(d.state()).toBe('services-plan');
    expect(d.actions).toEqual([
      expect.objectContaining({
        type: 'requestSignature',
        params: { scope: 'not-enrolling', signer: 'parent', form: 'Certification not to enroll' },
      }),
      expect.objectContaining({ type: 'requestSignature', params: { scope: 'services-plan', signer: 'parent', form: 'ISP 1' } }),
    ]);
    expect(d.clocks()).toEqual([]);
    d.send({ type: 'SERVICES_PLAN_SIGNED', occurredOn: '2026-11-17', actor: parent, accepted: true });
    expect(d.clocks()).toEqual([{ id: 'servicesPlanReview', rule: 'services-plan-review', from: '2026-11-17' }]);
  });

  it('a declined plan starts no review clock', () => {
    const d = servicesPlan().send({ type: 'SERVICES_PLAN_SIGNED', occurredOn: '2026-11-17', actor: parent, accepted: false });
    expect(d.clocks()).toEqual([]);
  });

  it('a review restarts the yearly clock and asks for a new ISP 1; a late review is recorded', () => {
    const d = servicesPlan().send({ type: 'SERVICES_PLAN_SIGNED', occurredOn: '2026-11-17', actor: parent, accepted: true });
    d.send(timer('SERVICES_PLAN_REVIEW_DUE', 'servicesPlanReview', 'services-plan-review', '2027-11-17'));
    expect(d.actions).toEqual(late('services-plan-review-late'));
    d.send(ev('SERVICES_PLAN_REVIEWED', '2027-11-20'));
    expect(d.clocks()).toEqual([{ id: 'servicesPlanReview', rule: 'services-plan-review', from: '2027-11-20' }]);
    expect(d.actions).toEqual([expect.objectContaining({ type: 'requestSignature', params: expect.objectContaining({ form: 'ISP 1' }) })]);
  });

  it('a statement to stay private must be forwarded within the clock; wanting to enrol offers FAPE', () => {
    const d = servicesPlan().send({ type: 'PARENT_STATEMENT_RETURNED', occurredOn: '2027-09-01', actor: parent, staysPrivate: true });
    expect(d.state()).toBe('services-plan');
    expect(d.clocks()).toEqual([{ id: 'privateStatementForward', rule: 'private-statement-forward', from: '2027-09-01' }]);
    d.send(timer('PRIVATE_STATEMENT_FORWARD_DUE', 'privateStatementForward', 'private-statement-forward', '2027-09-06'));
    expect(d.actions).toEqual(late('private-statement-forward-late'));
    d.send({ type: 'STATEMENT_FORWARDED', occurredOn: '2027-09-07', actor: dor });
    expect(d.clocks()).toEqual([]);
    const enrol = servicesPlan().send({ type: 'PARENT_STATEMENT_RETURNED', occurredOn: '2027-09-01', actor: parent, staysPrivate: false });
    expect(enrol.state()).toBe('fape-offered');
  });

  it('a written IEP request to the DOR offers FAPE', () => {
    expect(servicesPlan().send({ type: 'IEP_REQUESTED', occurredOn: '2027-01-10', actor: parent }).state()).toBe('fape-offered');
  });

  it('replays Appendix C19 (private school part) to services-plan with the review clock', () => {
    const d = open();
    expect(d.clocks().map((c) => [c.rule, c.from])).toEqual([['assessment-plan', '2026-09-21']]);
    d.send(consent(true)); // C19 lists no separate plan step: the consent closes the plan clock too
    expect(d.clocks().map((c) => [c.rule, c.from])).toEqual([['initial-iep', '2026-10-07']]);
    d.send(ev('MEETING_HELD', '2026-11-17', { eligible: true }))
      .send(intent('notInterested'))
      .send({ type: 'SERVICES_PLAN_SIGNED', occurredOn: '2026-11-17', actor: parent, accepted: true });
    expect(d.state()).toBe('services-plan');
    expect(d.clocks().map((c) => [c.rule, c.from])).toEqual([['services-plan-review', '2026-11-17']]);
  });
});
