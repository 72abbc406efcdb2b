/**
 * The dashboard's case page without a browser (client/dashboard/case-reading.js): the next
 * deadline and each deadline's highlight, the auditor's replay stops, a timeline entry's
 * detail, and the event the record-an-event form builds (or the field it names).
 */
import { describe, expect, it } from 'vitest';
import { OTHER, ROLES, deadlineUrgency, detailText, eventFromForm, nextDeadline, replayStops, retryLines } from '../../../client/dashboard/case-reading.js';

const deadline = (rule: string, due: string | null, extra: Partial<{ overdue: boolean; status: string }> = {}) => ({ rule, due, overdue: false, status: 'pending', ...extra });

describe('deadlines on the case page', () => {
  it('the next deadline is the first pending one with a date (pending is sorted by the view)', () => {
    const view = { pending: [deadline('records-access', null), deadline('assessment-plan', '2026-12-16'), deadline('initial-iep', '2027-02-01')] };
    expect(nextDeadline(view)?.rule).toBe('assessment-plan');
    expect(nextDeadline({ pending: [deadline('records-access', null)] })).toBeNull();
  });

  it('overdue, due soon (pending and within 7 days of the district’s today), or nothing', () => {
    const today = '2026-12-02';
    expect(deadlineUrgency(deadline('a', '2026-11-30', { overdue: true }), today)).toBe('overdue');
    expect(deadlineUrgency(deadline('a', '2026-12-09'), today)).toBe('soon');
    expect(deadlineUrgency(deadline('a', '2026-12-10'), today)).toBeNull();
    expect(deadlineUrgency(deadline('a', '2026-12-05', { status: 'closed' }), today)).toBeNull();
    expect(deadlineUrgency(deadline('a', null), today)).toBeNull();
  });
});

describe('replay stops', () => {
  it('one stop per entry number, led by its event, in number order, even when entries share an instant', () => {
    const entries = [
      { seq: 2, at: '2026-10-05T16:00:00Z', kind: 'effect', type: 'sendNotice' },
      { seq: 1, at: '2026-10-05T16:00:00Z', kind: 'clock', type: 'CLOCK_STARTED' },
      { seq: 1, at: '2026-10-05T16:00:00Z', kind: 'event', type: 'REFERRAL_RECEIVED', occurredOn: '2026-10-05' },
      { seq: 2, at: '2026-10-05T16:00:00Z', kind: 'event', type: 'ASSESSMENT_PLAN_SENT', occurredOn: '2026-10-19' },
      { seq: 3, at: '2026-10-20T16:00:05Z', kind: 'clock', type: 'ASSESSMENT_PLAN_REMINDER' },
    ];
    expect(replayStops(entries)).toEqual([
      { at: '2026-10-05T16:00:00Z', seq: 1, label: '#1 REFERRAL_RECEIVED (occurred 2026-10-05) + 1 more' },
      { at: '2026-10-05T16:00:00Z', seq: 2, label: '#2 ASSESSMENT_PLAN_SENT (occurred 2026-10-19) + 1 more' },
      { at: '2026-10-20T16:00:05Z', seq: 3, label: '#3 ASSESSMENT_PLAN_REMINDER' },
    ]);
    expect(replayStops([])).toEqual([]);
  });

  it('a timeline entry’s detail on one line, objects as JSON', () => {
    expect(detailText({ calendar: 'demo-usd', version: '2', moved: [{ rule: 'assessment-plan', from: '2026-12-16', to: '2027-01-08' }] })).toBe(
      'calendar=demo-usd version=2 moved=[{"rule":"assessment-plan","from":"2026-12-16","to":"2027-01-08"}]',
    );
    expect(detailText(undefined)).toBe('');
  });
});

describe('the record-an-event form', () => {
  const base = { type: 'CONSENT_RECEIVED', otherType: '', occurredOn: '2026-11-30', role: 'parent', actorId: '', process: '', fields: '' };

  it('builds the event the API takes: type, occurredOn, actor, process, own fields', () => {
    expect(eventFromForm(base)).toEqual({ event: { type: 'CONSENT_RECEIVED', occurredOn: '2026-11-30', actor: { role: 'parent' } } });
    expect(eventFromForm({ ...base, type: OTHER, otherType: ' MEETING_HELD ', role: 'district', actorId: ' cm-7 ', process: 'iep-meeting#1', fields: '{"meetingOn":"2026-11-30"}' })).toEqual({
      event: { type: 'MEETING_HELD', occurredOn: '2026-11-30', actor: { role: 'district', id: 'cm-7' }, meetingOn: '2026-11-30', process: 'iep-meeting#1' },
    });
    expect(ROLES).toContain('adultStudent');
    expect(ROLES).not.toContain('system');
  });

  it('names the field that is wrong, and never lets the JSON override what the form sets', () => {
    expect(eventFromForm({ ...base, type: OTHER, otherType: 'consent received' })).toEqual({ field: 'type', message: 'type: choose an event type (UPPER_CASE)' });
    expect(eventFromForm({ ...base, occurredOn: '30/11/2026' })).toMatchObject({ field: 'occurredOn' });
    expect(eventFromForm({ ...base, fields: '{"meetingOn":' })).toEqual({ field: 'fields', message: 'fields: not valid JSON' });
    expect(eventFromForm({ ...base, fields: '["x"]' })).toMatchObject({ field: 'fields', message: expect.stringMatching(/^fields: must be a JSON object/) });
    expect(eventFromForm({ ...base, fields: '{"actor":{"role":"district"}}' })).toEqual({ field: 'fields', message: 'fields: actor is set by the form above, not in the JSON' });
  });
});

describe('effects being retried, on the case page', () => {
  const now = Date.parse('2026-12-02T18:42:00.000Z');
  const sendNotice = { activity: 'sendNotice', state: 'scheduled', attempt: 4, failing: true, lastFailureType: 'SmtpRefused', nextAttemptAt: '2026-12-02T18:42:10.000Z' };
  it('one line per failing effect, the next try in the reader’s zone (dated when not today)', () => {
    expect(retryLines([sendNotice], now, 'America/Los_Angeles')).toEqual([{ activity: 'sendNotice', text: 'sendNotice attempt 4, last failure SmtpRefused, next 10:42' }]);
    expect(retryLines([{ ...sendNotice, nextAttemptAt: '2026-12-03T17:00:00.000Z' }], now, 'America/Los_Angeles')[0].text).toBe('sendNotice attempt 4, last failure SmtpRefused, next 2026-12-03 09:00');
    expect(retryLines([{ ...sendNotice, state: 'started', nextAttemptAt: null }], now, 'UTC')[0].text).toBe('sendNotice attempt 4, last failure SmtpRefused, running now');
  });
  it('nothing for a first attempt running, a view without the field (replay, parent) or an empty list', () => {
    expect(retryLines([{ ...sendNotice, attempt: 1, failing: false, lastFailureType: null, nextAttemptAt: null, state: 'started' }], now, 'UTC')).toEqual([]);
    expect(retryLines(undefined, now)).toEqual([]);
    expect(retryLines([], now)).toEqual([]);
  });
});
