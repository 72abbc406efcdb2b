/**
 * End-of-year limits (deadlines.md §3, L642-646, L670-672) and coverage (§1). demo-usd: the
 * 2026-27 term ends Thu 2027-06-03, the next starts Wed 2027-08-11, so the assessment-plan limit
 * is 08-11 + 10 = 08-21 and the initial-iep limit 08-11 + 30 = 09-10.
 */
import { describe, expect, it } from 'vitest';
import { CalendarCoverageError, computeDeadline, DeadlineInputError } from '../../../deadlines';
import { ask, demo } from './fixtures';

describe('assessment-plan end-of-year limit', () => {
  it.each([
    // [from, gap to 06-03, due, branch]; count: days left in the term, then 08-11 is the next day.
    ['2027-06-03', 0, '2027-08-21', 'end-of-year-limit'], // count 08-11 = 1 … 08-25 = 15
    ['2027-06-01', 2, '2027-08-21', 'end-of-year-limit'], // 06-02, 06-03 = 2; 08-23 = 15
    ['2027-05-31', 3, '2027-08-21', 'end-of-year-limit'], // 3 in June; 08-22 = 15, one day past the limit
    ['2027-05-30', 4, '2027-08-21', 'count'], // 4 in term; 08-21 = 15 = the limit: the count itself
    ['2027-05-25', 9, '2027-08-16', 'count'], // 9 in term; 08-16 = 15, before the limit
  ] as const)('referral %s (%i days before the end) → %s by %s', (from, _gap, due, branch) => {
    const r = ask({ rule: 'assessment-plan', from });
    expect([r.due, r.branch]).toEqual([due, branch]);
  });

  it('20 days before the end is inside the window, 21 is not', () => {
    expect(ask({ rule: 'assessment-plan', from: '2027-05-14' }).explanation).toContain(
      "end-of-year limit: the referral 2027-05-14 is 20 days before the term's last day 2027-06-03 (20 or less, policy assessmentPlanEndOfYearWindow): due no later than the next term's start 2027-08-11 + 10 days = 2027-08-21",
    );
    expect(ask({ rule: 'assessment-plan', from: '2027-05-13' }).explanation).toContain(
      "end-of-year limit: none, the referral 2027-05-13 is 21 days before the term's last day 2027-06-03 (more than 20, policy assessmentPlanEndOfYearWindow)",
    );
  });

  it('the window is a policy option (EC 56321(a) uses 10 days)', () => {
    // From 06-01 (gap 2): window 2 keeps the limit 08-21, window 1 drops it: count 08-23.
    expect(ask({ rule: 'assessment-plan', from: '2027-06-01', policy: { assessmentPlanEndOfYearWindow: 2 } }).due).toBe('2027-08-21');
    expect(ask({ rule: 'assessment-plan', from: '2027-06-01', policy: { assessmentPlanEndOfYearWindow: 1 } }).due).toBe('2027-08-23');
  });

  it('with no next term: answered when the count ends inside the term, refused otherwise', () => {
    // 2028-05-13 is 20 days before 2028-06-02: 05-14..05-28 = 15 → inside the last term.
    expect(ask({ rule: 'assessment-plan', from: '2028-05-13' }).due).toBe('2028-05-28');
    // 2028-05-25 (gap 8): only 8 counted days remain; the limit needs a next term the calendar lacks.
    expect(() => ask({ rule: 'assessment-plan', from: '2028-05-25' })).toThrowError(new CalendarCoverageError('2028-06-03'));
  });
});

describe('initial-iep end-of-year limit', () => {
  // Count from consent 2027-05-20: 05-21..06-03 = 14; 08-11 = 15; day 60 = 08-11 + 45 = 09-25.
  it.each([
    ['referral 30 days before the end: limit 09-10', '2027-05-04', '2027-05-20', {}, '2027-09-10', 'end-of-year-limit'],
    ['referral 31 days before the end: no limit', '2027-05-03', '2027-05-20', {}, '2027-09-25', 'count'],
    // Consent in summer before the next term: the limit applies; count would be 08-11 + 59 = 10-09.
    ['consent before the next term starts', '2027-05-20', '2027-08-10', {}, '2027-09-10', 'end-of-year-limit'],
    // Consent on the next term's first day: no limit; day 1 = 08-12, day 60 = 10-10.
    ['consent once the next term started', '2027-05-20', '2027-08-11', {}, '2027-10-10', 'count'],
    ['… unless the consent date is ignored', '2027-05-20', '2027-08-11', { endOfYearIepIgnoresConsentDate: true }, '2027-09-10', 'end-of-year-limit'],
    // Ignored consent after the limit itself (09-15 > 09-10): the limit is ignored; 09-16 + 59 = 11-14.
    ['a limit on or before the consent is ignored', '2027-05-20', '2027-09-15', { endOfYearIepIgnoresConsentDate: true }, '2027-11-14', 'count'],
    ['referral long before, default reading: no limit', '2027-03-01', '2027-05-20', {}, '2027-09-25', 'count'],
    ['… limit read from the consent (policy)', '2027-03-01', '2027-05-20', { endOfYearIepUsesConsentDate: true }, '2027-09-10', 'end-of-year-limit'],
    ['… UsesConsentDate makes IgnoresConsentDate moot', '2027-03-01', '2027-05-20', { endOfYearIepUsesConsentDate: true, endOfYearIepIgnoresConsentDate: true }, '2027-09-10', 'end-of-year-limit'],
  ] as const)('%s', (_label, referral, from, policy, due, branch) => {
    const r = ask({ rule: 'initial-iep', from, referral, policy });
    expect([r.due, r.branch]).toEqual([due, branch]);
  });

  it('explains why the limit does not apply after the next term started', () => {
    expect(ask({ rule: 'initial-iep', from: '2027-08-11', referral: '2027-05-20' }).explanation).toContain(
      'end-of-year limit: none, consent 2027-08-11 came after the next term started 2027-08-11 (policy endOfYearIepIgnoresConsentDate)',
    );
  });
});

describe('coverage (deadlines.md §1)', () => {
  it('answers a trigger the day before the first term when the count stays inside', () => {
    // Day 1 = 2026-08-12 (first day), day 15 = 08-26.
    expect(ask({ rule: 'assessment-plan', from: '2026-08-11' }).due).toBe('2026-08-26');
  });

  it('refuses with the first day outside the span that the count would examine', () => {
    expect(() => ask({ rule: 'assessment-plan', from: '2026-08-10' })).toThrowError('calendar does not cover 2026-08-11');
    // 05-31, 06-01, 06-02 are the last working days; the 4th would be 06-05 but 06-03 is examined first.
    expect(() => ask({ rule: 'records-access', from: '2028-05-30' })).toThrowError('calendar does not cover 2028-06-03');
    expect(() => ask({ rule: 'iaes-end', from: '2030-01-07' })).toThrowError('calendar does not cover 2030-01-07');
    const e = (() => {
      try {
        ask({ rule: 'records-access', from: '2028-05-30' });
      } catch (err) {
        return err;
      }
    })();
    expect(e).toBeInstanceOf(CalendarCoverageError);
    expect((e as CalendarCoverageError).date).toBe('2028-06-03');
  });

  it('rules that need no calendar accept any date; actBy is null outside the span', () => {
    expect(ask({ rule: 'consent-response', from: '2030-01-01' })).toMatchObject({ due: '2030-01-16', actBy: null });
    expect(ask({ rule: 'consent-response', from: '2028-05-20' })).toMatchObject({ due: '2028-06-04', actBy: null });
    expect(ask({ rule: 'consent-response', from: '2028-05-18' })).toMatchObject({ due: '2028-06-02', actBy: '2028-06-02' });
    expect(ask({ rule: 'annual-review', from: '1999-06-01', calendar: null })).toMatchObject({ due: '2000-06-01', actBy: null });
  });

  it('a calendar rule without a calendar is bad input', () => {
    expect(() => ask({ rule: 'assessment-plan', from: '2026-10-05', calendar: null })).toThrowError(
      new DeadlineInputError('calendar', "assessment-plan counts on the school calendar: give the district's calendar"),
    );
    // The policy can make a plain rule need the calendar.
    expect(() => ask({ rule: 'parent-request-meeting', from: '2026-10-05', calendar: null, policy: { parentRequestExcludesVacations: true } })).toThrowError(/calendar/);
  });
});

describe('bad input (deadlines.md §4)', () => {
  const bad: Array<[string, () => unknown, string, string]> = [
    ['unknown rule', () => computeDeadline(demo, { rule: 'nope' as any, from: '2026-10-05' }), 'rule', 'unknown rule "nope"'],
    ['malformed date', () => ask({ rule: 'assessment-plan', from: '2026-10-5' }), 'from', 'must be a date written YYYY-MM-DD, got "2026-10-5"'],
    ['impossible date', () => ask({ rule: 'assessment-plan', from: '2027-02-29' }), 'from', '2027-02-29 is not a real calendar date'],
    ['missing referral', () => ask({ rule: 'initial-iep', from: '2026-10-21' }), 'referral', 'initial-iep needs the date the referral was received'],
    ['referral given to another rule', () => ask({ rule: 'assessment-plan', from: '2026-10-21', referral: '2026-10-05' }), 'referral', 'only initial-iep takes a referral date, not assessment-plan'],
    ['referral after consent', () => ask({ rule: 'initial-iep', from: '2026-10-21', referral: '2026-10-22' }), 'referral', '2026-10-22 is after the consent date 2026-10-21'],
    ['bad referral date', () => ask({ rule: 'initial-iep', from: '2026-10-21', referral: '2026-13-01' }), 'referral', '2026-13-01 is not a real calendar date'],
    ['unknown policy', () => ask({ rule: 'assessment-plan', from: '2026-10-05', policy: { nope: true } as any }), 'policy.nope', 'unknown policy option'],
    ['bad policy value', () => ask({ rule: 'assessment-plan', from: '2026-10-05', policy: { assessmentPlanEndOfYearWindow: 2.5 } }), 'policy.assessmentPlanEndOfYearWindow', ''],
    ['policy out of range', () => ask({ rule: 'revocation-pwn', from: '2026-10-05', policy: { revocationPwnDays: 0 } }), 'policy.revocationPwnDays', ''],
    ['conflicting options', () => ask({ rule: 'behavior-emergency-iep', from: '2026-10-05', policy: { behaviorEmergencyIepSchoolDays: true, behaviorEmergencyIepCalendarDays: true } }), 'policy.behaviorEmergencyIepCalendarDays', 'cannot be combined with behaviorEmergencyIepSchoolDays'],
  ];
  it.each(bad)('%s', (_label, run, field, detail) => {
    let error: unknown;
    try {
      run();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DeadlineInputError);
    expect((error as DeadlineInputError).field).toBe(field);
    if (detail) expect((error as DeadlineInputError).detail).toBe(detail);
  });

  it('a referral on the consent day is accepted', () => {
    expect(ask({ rule: 'initial-iep', from: '2026-10-21', referral: '2026-10-21' }).due).toBe('2027-01-05');
  });
});
