import { describe, expect, it } from 'vitest';
import { anniversary, definition } from '../../../machines/annual-review';
import { district, drive, parent, student, system } from './drive';

const timer = (type: string, occurredOn: string, rule = 'annual-review') => ({ type, occurredOn, actor: system, clock: 'annualReview', rule, due: '2026-11-04' });
const opened = (on = '2025-11-04') => drive(definition, { trigger: null, opener: { lastAnnualMeetingOn: on }, student });
const toConsent = (d = opened()) =>
  d
    .send(timer('ANNUAL_REVIEW_REMINDER', '2026-09-05'))
    .send({ type: 'MEETING_NOTICE_SENT', occurredOn: '2026-10-14', actor: district, meetingOn: '2026-10-28' })
    .send({ type: 'MEETING_HELD', occurredOn: '2026-10-28', actor: district, esyNeeded: false });

describe('annual-review: Appendix C5 (excusal, then renewed)', () => {
  it('prepares on the reminder, excuses OT, renews and opens the next review from the meeting', () => {
    const d = drive(definition, { trigger: { type: 'ANNUAL_IEP_ON_FILE', occurredOn: '2025-11-04', actor: district }, student });
    expect(d.state()).toBe('cycle.waiting');
    expect(d.clocks()).toEqual([{ id: 'annualReview', rule: 'annual-review', from: '2025-11-04' }]);
    d.send(timer('ANNUAL_REVIEW_REMINDER', '2026-09-05'));
    expect(d.state()).toBe('cycle.preparing');
    expect(d.actions).toEqual([{ type: 'sendNotice', params: { form: 'RPT 4', to: 'teachers' } }]);
    d.send({ type: 'MEETING_NOTICE_SENT', occurredOn: '2026-10-14', actor: district, meetingOn: '2026-10-28' });
    expect(d.state()).toBe('cycle.meeting.noticed');
    expect(d.actions).toContainEqual({ type: 'sendNotice', params: { form: 'NC 6A', to: 'parent', purpose: 'annual' } });
    d.send({ type: 'EXCUSAL_REQUESTED', occurredOn: '2026-10-19', actor: district, member: 'ot', areaDiscussed: false })
      .send({ type: 'EXCUSAL_SIGNED', occurredOn: '2026-10-20', actor: parent, member: 'ot' })
      .send({ type: 'EXCUSAL_SIGNED', occurredOn: '2026-10-21', actor: district, member: 'ot' });
    expect(d.snapshot.context.meeting.excused).toEqual(['ot']);
    expect(d.clocks()).toEqual([{ id: 'annualReview', rule: 'annual-review', from: '2025-11-04' }]);
    d.send({ type: 'MEETING_HELD', occurredOn: '2026-10-28', actor: district, esyNeeded: false });
    expect(d.state()).toBe('awaiting-consent');
    expect(d.snapshot.context).toMatchObject({ meetingOn: '2026-10-28', esyNeeded: false });
    expect(d.actions).toContainEqual({ type: 'requestSignature', params: { scope: 'later-iep', signer: 'parent', form: 'IEP 9A' } });
    expect(d.clocks()).toEqual([{ id: 'signatureFollowUp', rule: 'signature-follow-up', from: '2026-10-28' }]);
    d.send({ type: 'IEP_CONSENT_RECORDED', occurredOn: '2026-10-28', actor: parent, scope: 'all' });
    expect(d.state()).toBe('renewed');
    expect(d.actions).toEqual([{ type: 'openProcess', params: { chart: 'annual-review', input: { lastAnnualMeetingOn: '2026-10-28' } } }]);
  });
});

describe('annual-review: branches', () => {
  it('records a late review and keeps the cycle; an early request starts preparing', () => {
    const d = opened().send(timer('ANNUAL_REVIEW_DUE', '2026-11-04'));
    expect(d.state()).toBe('cycle.waiting');
    expect(d.actions).toEqual([
      { type: 'recordDelay', params: { code: 'annual-review-late' } },
      { type: 'escalate', params: { to: ['caseManager', 'spedDirector'] } },
    ]);
    expect(opened().send({ type: 'MEETING_REQUESTED', occurredOn: '2026-03-02', actor: district }).state()).toBe('cycle.preparing');
  });

  it('partial consent renews in part; none keeps waiting under the prior IEP; not pursued lapses', () => {
    const partial = toConsent().send({ type: 'IEP_CONSENT_RECORDED', occurredOn: '2026-11-02', actor: parent, scope: 'partial', except: ['counselling'] });
    expect(partial.state()).toBe('renewed-partial');
    expect(partial.snapshot.context.excludedComponents).toEqual(['counselling']);
    expect(partial.actions).toEqual([{ type: 'openProcess', params: { chart: 'annual-review', input: { lastAnnualMeetingOn: '2026-10-28' } } }]);
    const none = toConsent().send({ type: 'IEP_CONSENT_RECORDED', occurredOn: '2026-11-02', actor: parent, scope: 'none' });
    expect(none.state()).toBe('awaiting-consent');
    expect(none.snapshot.context.consentScope).toBe('none');
    const lapsed = none.send({ type: 'NOT_PURSUED', occurredOn: '2026-12-15', actor: district });
    expect(lapsed.state()).toBe('lapsed');
    expect(lapsed.actions[0]).toEqual({ type: 'openProcess', params: { chart: 'annual-review', input: { lastAnnualMeetingOn: '2026-10-28' } } });
  });

  it('files due process only for a refused part needed for FAPE', () => {
    const d = toConsent().send({ type: 'IEP_CONSENT_RECORDED', occurredOn: '2026-11-02', actor: parent, scope: 'none' });
    d.refuse({ type: 'DUE_PROCESS_FILED', occurredOn: '2026-11-20', actor: district });
    d.send({ type: 'DUE_PROCESS_FILED', occurredOn: '2026-11-20', actor: district, neededForFape: true });
    expect(d.state()).toBe('disputed');
    expect(d.actions).toEqual([{ type: 'openProcess', params: { chart: 'due-process', input: { petitioner: 'district', filedOn: '2026-11-20' } } }]);
  });

  it('follows up with letters 1-2-3 and stops the interval after the third', () => {
    const d = toConsent();
    d.send({ type: 'SIGNATURE_FOLLOW_UP_SENT', occurredOn: '2026-11-12', actor: district, letter: 1 });
    expect(d.actions).toContainEqual({ type: 'sendNotice', params: { form: 'Signed IEP letter', to: 'parent' } });
    d.send({ type: 'SIGNATURE_FOLLOW_UP_SENT', occurredOn: '2026-11-26', actor: district, letter: 2 })
      .send({ type: 'SIGNATURE_FOLLOW_UP_SENT', occurredOn: '2026-12-10', actor: district, letter: 3 });
    expect(d.clocks()).toEqual([]);
    d.send({ type: 'SIGNATURE_FOLLOW_UP_DUE', occurredOn: '2026-12-01', actor: system, clock: 'signatureFollowUp', rule: 'signature-follow-up', due: '2026-12-01' });
  });

  it('alerts staff when an IEP covering the 16th birthday has no transition plan (C13 student M)', () => {
    const m = { ...student, birthDate: '2011-01-15' };
    const held = (fields: Record<string, unknown>) =>
      drive(definition, { trigger: null, opener: { lastAnnualMeetingOn: '2025-09-30' }, student: m })
        .send({ type: 'MEETING_REQUESTED', occurredOn: '2026-09-01', actor: district })
        .send({ type: 'MEETING_NOTICE_SENT', occurredOn: '2026-09-15', actor: district, meetingOn: '2026-09-30' })
        .send({ type: 'MEETING_HELD', occurredOn: '2026-09-30', actor: district, ...fields });
    expect(held({}).actions).toContainEqual({ type: 'escalate', params: { to: ['caseManager', 'spedDirector'] } });
    expect(held({ transitionPlanIncluded: true }).actions.filter((a) => a.type === 'escalate')).toEqual([]);
    // A younger student's IEP needs neither the plan nor the majority statement.
    expect(toConsent().actions.filter((a) => a.type === 'escalate')).toEqual([]);
  });

  it('counts anniversaries like the deadline contract, 29 February included', () => {
    expect(anniversary('2011-01-15', 16)).toBe('2027-01-15');
    expect(anniversary('2024-02-29', 1)).toBe('2025-02-28');
    expect(anniversary('2024-02-29', 4)).toBe('2028-02-29');
  });
});
