import { describe, expect, it } from 'vitest';
import { definition } from '../../../machines/records-access';
import { district, drive, parent, student, system } from './drive';

const act = (type: string, occurredOn: string, fields: Record<string, unknown> = {}, actor: { role: string } = district) => ({
  type,
  occurredOn,
  actor,
  ...fields,
});
const timer = (type: string, clock: string, rule: string, due: string) => ({ type, occurredOn: due, actor: system, clock, rule, due });
const late = (code: string) => [
  expect.objectContaining({ type: 'recordDelay', params: { code } }),
  expect.objectContaining({ type: 'escalate', params: { to: ['caseManager', 'spedDirector'] } }),
];
const request = () =>
  drive(definition, { trigger: act('RECORDS_REQUEST_RECEIVED', '2026-11-20', { channel: 'written' }, parent), student });

describe('records-access', () => {
  it('an appointment does not stop the 5-business-day clock (B-18: the review is due)', () => {
    const d = request();
    d.send(act('APPOINTMENT_SET', '2026-11-23', { appointmentOn: '2026-11-30' }));
    expect(d.snapshot.context.appointmentOn).toBe('2026-11-30');
    expect(d.clocks()).toEqual([{ id: 'recordsAccess', rule: 'records-access', from: '2026-11-20' }]);
    d.send(timer('RECORDS_ACCESS_DUE', 'recordsAccess', 'records-access', '2026-12-01'));
    expect(d.actions).toEqual(late('records-access-late'));
    expect(d.state()).toBe('requested');
  });

  it('copies asked after the review start their own clock once; no copies closes', () => {
    const d = request();
    d.send(act('RECORDS_REVIEWED', '2026-11-30', { copiesRequested: false }));
    expect(d.clocks()).toEqual([]);
    d.send(act('COPIES_REQUESTED', '2026-12-01', {}, parent));
    expect(d.clocks()).toEqual([{ id: 'recordsCopies', rule: 'records-copies', from: '2026-12-01' }]);
    d.refuse(act('COPIES_REQUESTED', '2026-12-02', {}, parent));
    d.send(timer('RECORDS_COPIES_DUE', 'recordsCopies', 'records-copies', '2026-12-03'));
    expect(d.actions).toEqual(late('records-copies-late'));
    d.send(act('COPIES_SENT', '2026-12-04', { method: 'mail' }));
    expect(d.state()).toBe('closed');

    const none = request();
    none.send(act('RECORDS_REVIEWED', '2026-11-30', { copiesRequested: false }));
    none.send(act('NO_COPIES', '2026-11-30'));
    expect(none.state()).toBe('closed');
    expect(none.snapshot.status).toBe('done');
  });

  it('C14: request 2026-11-20, reviewed 2026-11-30 with copies asked, copies sent', () => {
    const d = request();
    expect(d.state()).toBe('requested');
    expect(d.clocks()).toEqual([{ id: 'recordsAccess', rule: 'records-access', from: '2026-11-20' }]);
    d.send(act('RECORDS_REVIEWED', '2026-11-30', { copiesRequested: true }));
    expect(d.state()).toBe('reviewed');
    expect(d.clocks()).toEqual([{ id: 'recordsCopies', rule: 'records-copies', from: '2026-11-30' }]);
    d.send(act('COPIES_SENT', '2026-12-02', { method: 'hand' }));
    expect(d.state()).toBe('closed');
    expect(d.clocks()).toEqual([]);
  });
});
