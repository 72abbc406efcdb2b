import { describe, expect, it } from 'vitest';
import { definition } from '../../../machines/parent-requested-meeting';
import { district, drive, parent, student, system } from './drive';

const requested = (fields: Record<string, unknown> = {}, actor: { role: string } = parent) =>
  drive(definition, { trigger: { type: 'MEETING_REQUEST_RECEIVED', occurredOn: '2026-12-10', actor, ...fields }, student });

describe('parent-requested-meeting: Appendix C7', () => {
  it('keeps the 30-day clock from the written request until the meeting is held', () => {
    const d = requested();
    expect(d.state()).toBe('requested');
    expect(d.clocks()).toEqual([{ id: 'parentRequestMeeting', rule: 'parent-request-meeting', from: '2026-12-10' }]);
    d.send({ type: 'MEETING_NOTICE_SENT', occurredOn: '2026-12-14', actor: district, meetingOn: '2027-01-07' });
    expect(d.state()).toBe('meeting.noticed');
    expect(d.actions).toContainEqual({ type: 'sendNotice', params: { form: 'NC 6A', to: 'parent', purpose: 'parent-request' } });
    expect(d.clocks()).toEqual([{ id: 'parentRequestMeeting', rule: 'parent-request-meeting', from: '2026-12-10' }]);
    d.send({ type: 'MEETING_HELD', occurredOn: '2027-01-07', actor: district });
    expect(d.state()).toBe('held');
    expect(d.snapshot.status).toBe('done');
    expect(d.clocks()).toEqual([]);
  });

  it('records a late meeting in either state and still takes the late act', () => {
    const due = { type: 'PARENT_REQUEST_MEETING_DUE', occurredOn: '2027-01-09', actor: system, clock: 'parentRequestMeeting', rule: 'parent-request-meeting', due: '2027-01-09' };
    const late = [
      { type: 'recordDelay', params: { code: 'parent-request-meeting-late' } },
      { type: 'escalate', params: { to: ['caseManager', 'spedDirector'] } },
    ];
    expect(requested().send(due).actions).toEqual(late);
    const d = requested().send({ type: 'MEETING_NOTICE_SENT', occurredOn: '2026-12-14', actor: district, meetingOn: '2027-01-12' }).send(due);
    expect(d.actions).toEqual(late);
    expect(d.state()).toBe('meeting.noticed');
    expect(d.send({ type: 'MEETING_HELD', occurredOn: '2027-01-12', actor: district }).state()).toBe('held');
  });

  it('starts no clock for a teacher\'s request or a parent\'s spoken one', () => {
    expect(requested({ requestedBy: 'teacher' }, district).clocks()).toEqual([]);
    expect(requested({ inWriting: false }).clocks()).toEqual([]);
    const nps = drive(definition, { trigger: null, opener: { requestedBy: 'nps', requestedOn: '2027-02-01' }, student });
    expect(nps.state()).toBe('requested');
    expect(nps.clocks()).toEqual([]);
  });
});
