import { describe, expect, it } from 'vitest';
import { definition } from '../../../machines/revocation-of-services';
import { district, drive, parent, student, system } from './drive';

const received = () => drive(definition, { trigger: { type: 'REVOCATION_RECEIVED', occurredOn: '2027-02-22', actor: parent, inWriting: true }, student });

describe('revocation-of-services: Appendix C4', () => {
  it('sends Form 27 and NC 1, stops services on the stated date and opens exit', () => {
    const d = received();
    expect(d.state()).toBe('received');
    expect(d.clocks()).toEqual([{ id: 'revocationPwn', rule: 'revocation-pwn', from: '2027-02-22' }]);
    d.send({ type: 'PWN_SENT', occurredOn: '2027-02-25', actor: district, stopOn: '2027-03-05' });
    expect(d.state()).toBe('pwn-sent');
    expect(d.clocks()).toEqual([]);
    expect(d.actions).toEqual([
      { type: 'sendNotice', params: { form: 'RPT 6/Form 27', to: 'parent', purpose: 'revocation' } },
      { type: 'sendNotice', params: { form: 'NC 1', to: 'parent' } },
    ]);
    d.refuse({ type: 'SERVICES_STOPPED', occurredOn: '2027-03-04', actor: district });
    d.send({ type: 'SERVICES_STOPPED', occurredOn: '2027-03-05', actor: district });
    expect(d.state()).toBe('services-ended');
    expect(d.actions).toEqual([{ type: 'openProcess', params: { chart: 'exit', input: { reason: 'revocation', exitOn: '2027-03-05' } } }]);
    expect(d.snapshot.status).toBe('done');
  });

  it('is opened only by a written revocation', () => {
    expect(definition.startsOn).toEqual(['REVOCATION_RECEIVED']);
    expect(definition.events.REVOCATION_RECEIVED.safeParse({ type: 'REVOCATION_RECEIVED', occurredOn: '2027-02-22', actor: parent, inWriting: false }).success).toBe(false);
  });

  it('records a late notice and escalates', () => {
    const d = received().send({ type: 'REVOCATION_PWN_DUE', occurredOn: '2027-03-01', actor: system, clock: 'revocationPwn', rule: 'revocation-pwn', due: '2027-03-01' });
    expect(d.state()).toBe('received');
    expect(d.actions).toEqual([
      { type: 'recordDelay', params: { code: 'revocation-pwn-late' } },
      { type: 'escalate', params: { to: ['caseManager', 'spedDirector'] } },
    ]);
  });
});
