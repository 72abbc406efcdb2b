import { describe, expect, it } from 'vitest';
import { definition } from '../../../machines/transfer-in';
import { district, drive, parent, student, system } from './drive';

const act = (type: string, occurredOn: string, fields: Record<string, unknown> = {}, actor: { role: string } = district) => ({
  type,
  occurredOn,
  actor,
  ...fields,
});
const enrol = (occurredOn: string, from: string, fields: Record<string, unknown> = {}) =>
  drive(definition, { trigger: act('ENROLLED_WITH_IEP', occurredOn, { from, sameAcademicYear: true, ...fields }, parent), student });
const recordsRequest = expect.objectContaining({
  type: 'sendNotice',
  params: expect.objectContaining({ form: 'A-1', to: 'formerLea', purpose: 'records-request' }),
});
const interimSignature = expect.objectContaining({
  type: 'requestSignature',
  params: { scope: 'interim-placement', signer: 'lea', form: 'IEP 11' },
});
const annualReview = (lastAnnualMeetingOn: string) =>
  expect.objectContaining({ type: 'openProcess', params: { chart: 'annual-review', input: { lastAnnualMeetingOn } } });

describe('transfer-in', () => {
  it('another California SELPA: records asked, IEP 11 signed, 30-day clock from enrolment', () => {
    const d = enrol('2026-09-14', 'other-ca-selpa');
    expect(d.state()).toBe('interim');
    expect(d.actions).toEqual([recordsRequest, interimSignature]);
    expect(d.clocks()).toEqual([{ id: 'transferIep', rule: 'transfer-iep', from: '2026-09-14' }]);
  });

  it('a late adoption is recorded, escalated and still accepted', () => {
    const d = enrol('2026-09-14', 'other-ca-selpa');
    d.send({ type: 'TRANSFER_IEP_DUE', occurredOn: '2026-10-14', actor: system, clock: 'transferIep', rule: 'transfer-iep', due: '2026-10-14' });
    expect(d.actions).toEqual([
      expect.objectContaining({ type: 'recordDelay', params: { code: 'transfer-iep-late' } }),
      expect.objectContaining({ type: 'escalate', params: { to: ['caseManager', 'spedDirector'] } }),
    ]);
    d.refuse(act('NEW_IEP_ADOPTED', '2026-10-20', { parentConsented: false }));
    d.send(act('NEW_IEP_ADOPTED', '2026-10-20', { parentConsented: true }));
    expect(d.state()).toBe('adopted');
    expect(d.actions).toEqual([annualReview('2026-10-20')]);
  });

  it('outside the same academic year: treated as another California transfer (design default)', () => {
    const d = enrol('2026-09-14', 'same-selpa', { sameAcademicYear: false });
    expect(d.state()).toBe('interim');
  });

  it('no parent available and an evaluation under way elsewhere: interim surrogate and evaluation opened', () => {
    const d = enrol('2026-09-14', 'other-ca-selpa', { parentAvailable: false, evaluationUnderWay: true });
    expect(d.actions).toEqual([
      recordsRequest,
      expect.objectContaining({
        type: 'openProcess',
        params: { chart: 'surrogate-parent', input: { interim: true, neededOn: '2026-09-14', reason: 'transfer' } },
      }),
      expect.objectContaining({
        type: 'openProcess',
        params: { chart: 'initial-evaluation', input: { source: 'transfer-in', transferredOn: '2026-09-14', evaluationUnderWay: true } },
      }),
      interimSignature,
    ]);
  });

  it('same SELPA: a new IEP needs parent and LEA agreement; an amendment needs a known anniversary', () => {
    const d = enrol('2027-02-22', 'same-selpa');
    expect(d.state()).toBe('same-selpa');
    expect(d.actions).toEqual([recordsRequest]);
    expect(d.clocks()).toEqual([]);
    d.refuse(act('AMENDMENT_SIGNED', '2027-03-01', {}, parent));
    d.refuse(act('NEW_IEP_ADOPTED', '2027-03-01', { parentConsented: false }));
    d.send(act('NEW_IEP_ADOPTED', '2027-03-01', { parentConsented: true }));
    expect(d.actions).toEqual([annualReview('2027-03-01')]);
  });

  it('out of state: comparable services; deciding to assess opens an initial evaluation from the enrolment date once', () => {
    const d = enrol('2027-01-19', 'out-of-state');
    expect(d.state()).toBe('interim-oos');
    expect(d.actions).toEqual([recordsRequest, interimSignature]);
    expect(d.clocks()).toEqual([]);
    d.send(act('ASSESSMENT_NEEDED', '2027-01-19'));
    expect(d.actions).toEqual([
      expect.objectContaining({
        type: 'openProcess',
        params: { chart: 'initial-evaluation', input: { source: 'transfer-in', outOfState: true, referralReceivedOn: '2027-01-19' } },
      }),
    ]);
    d.refuse(act('ASSESSMENT_NEEDED', '2027-01-25'));
    d.refuse(act('PRIOR_IEP_ADOPTED', '2027-03-01', { parentConsented: true }));
    d.send(act('NEW_IEP_ADOPTED', '2027-03-10', { parentConsented: true }));
    expect(d.state()).toBe('adopted');
  });
});

describe('transfer-in: Appendix C', () => {
  it('C9: other-California transfer adopted at a meeting; annual review from that meeting', () => {
    const d = enrol('2026-09-14', 'other-ca-selpa');
    expect(d.clocks()).toEqual([{ id: 'transferIep', rule: 'transfer-iep', from: '2026-09-14' }]);
    d.send(act('PRIOR_IEP_ADOPTED', '2026-10-08', { parentConsented: true }));
    expect(d.state()).toBe('adopted');
    expect(d.snapshot.status).toBe('done');
    expect(d.actions).toEqual([annualReview('2026-10-08')]);
    expect(d.clocks()).toEqual([]);
  });

  it('C9: same-SELPA transfer adopted by amendment keeps the old anniversary', () => {
    const d = enrol('2027-02-22', 'same-selpa', { lastAnnualMeetingOn: '2026-05-12' });
    d.send(act('AMENDMENT_SIGNED', '2027-03-01', {}, parent));
    expect(d.state()).toBe('adopted');
    expect(d.actions).toEqual([annualReview('2026-05-12')]);
  });

  it('C9: out-of-state student the district decides to assess (plan counted from enrolment, B-22)', () => {
    const d = enrol('2027-01-19', 'out-of-state');
    d.send(act('ASSESSMENT_NEEDED', '2027-01-19'));
    expect(d.state()).toBe('interim-oos');
    expect(d.snapshot.context.assessmentOpenedOn).toBe('2027-01-19');
  });
});
