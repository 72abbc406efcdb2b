import { describe, expect, it } from 'vitest';
import { definition } from '../../../machines/records-forward';
import { district, drive, student, system } from './drive';

const request = (occurredOn: string) => ({
  type: 'RECORDS_FORWARD_REQUESTED',
  occurredOn,
  actor: district,
  requestingAgencyId: 'lea-042',
});

describe('records-forward', () => {
  it('C9: request 2026-09-15 runs the 5-working-day clock; sent with the A-5 cover letter', () => {
    const d = drive(definition, { trigger: request('2026-09-15'), student });
    expect(d.state()).toBe('requested');
    expect(d.snapshot.context.requestingAgencyId).toBe('lea-042');
    expect(d.clocks()).toEqual([{ id: 'recordsForward', rule: 'records-forward', from: '2026-09-15' }]);
    d.send({ type: 'RECORDS_SENT', occurredOn: '2026-09-21', actor: district });
    expect(d.state()).toBe('sent');
    expect(d.snapshot.status).toBe('done');
    expect(d.actions).toEqual([
      expect.objectContaining({ type: 'sendNotice', params: expect.objectContaining({ form: 'A-5', purpose: 'records-forward' }) }),
    ]);
    expect(d.clocks()).toEqual([]);
  });

  it('late: delay recorded and escalated, sending still accepted', () => {
    const d = drive(definition, { trigger: request('2026-09-15'), student });
    d.send({ type: 'RECORDS_FORWARD_DUE', occurredOn: '2026-09-22', actor: system, clock: 'recordsForward', rule: 'records-forward', due: '2026-09-22' });
    expect(d.state()).toBe('requested');
    expect(d.actions).toEqual([
      expect.objectContaining({ type: 'recordDelay', params: { code: 'records-forward-late' } }),
      expect.objectContaining({ type: 'escalate', params: { to: ['caseManager', 'spedDirector'] } }),
    ]);
    d.send({ type: 'RECORDS_SENT', occurredOn: '2026-09-24', actor: district });
    expect(d.state()).toBe('sent');
  });
});
