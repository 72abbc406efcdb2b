/**
 * Hand-worked counting cases on the demo calendar (deadlines.md §2). Each comment shows the
 * count; day 0 is the trigger. Thanksgiving week (5 weekdays) is counted, winter break
 * 2026-12-19..2027-01-03 is a long vacation, summer 2027-06-04..08-10 is between sessions.
 */
import { describe, expect, it } from 'vitest';
import type { Policy, RuleId } from '../../../deadlines';
import { ask, calendarOf, yearRound } from './fixtures';

type Row = [label: string, rule: RuleId, from: string, due: string, actBy: string | null, policy?: Partial<Policy>];

const excluding: Row[] = [
  // 11-17..11-30 = 14 (Thanksgiving counted), 12-01 = 15.
  ['Thanksgiving week is counted', 'assessment-plan', '2026-11-16', '2026-12-01', '2026-12-01'],
  // 12-11..12-18 = 8; 12-19..01-03 skipped; 01-04..01-10 = 15 → Sunday, act by Friday.
  ['winter break is skipped', 'assessment-plan', '2026-12-10', '2027-01-10', '2027-01-08'],
  // Trigger inside the long vacation: day 1 is 01-04 (L674), day 15 is 01-18.
  ['trigger inside winter break', 'assessment-plan', '2026-12-23', '2027-01-18', '2027-01-18'],
  ['trigger on the last day of the long vacation', 'assessment-plan', '2027-01-03', '2027-01-18', '2027-01-18'],
  ['trigger on the last school day before it', 'assessment-plan', '2026-12-18', '2027-01-18', '2027-01-18'],
  // Trigger inside Thanksgiving closure: not a long vacation, 11-26..11-30 = 5, 12-01..12-10 = 15.
  ['trigger inside Thanksgiving closure', 'assessment-plan', '2026-11-25', '2026-12-10', '2026-12-10'],
  // Summer trigger: no end-of-year limit (between terms), day 1 = 08-11, day 15 = 08-25.
  ['trigger in summer', 'assessment-plan', '2027-07-01', '2027-08-25', '2027-08-25'],
  // Spring break 03-29..04-02 is 5 weekdays: counted. 03-23..03-31 = 9, 04-06 = 15 (C6).
  ['spring break counted', 'reassessment-plan', '2027-03-22', '2027-04-06', '2027-04-06'],
  // 12-02..12-18 = 17; skip; 01-04 = 18 … 01-16 = 30 (Saturday).
  ['parent request with the EC 56343.5 option', 'parent-request-meeting', '2026-12-01', '2027-01-16', '2027-01-15', { parentRequestExcludesVacations: true }],
  // Plain: 12-01 + 30 = 12-31, a winter-break Thursday but a working day (office open).
  ['parent request plain', 'parent-request-meeting', '2026-12-01', '2026-12-31', '2026-12-31'],
  // C1: 10-22..12-18 = 58, skip winter, 01-04 = 59, 01-05 = 60.
  ['initial IEP across Thanksgiving and winter', 'initial-iep', '2026-10-21', '2027-01-05', '2027-01-05'],
  // Referral 06-10 between sessions: no limit; day 1 = 08-11, day 60 = 10-09 (Saturday).
  ['initial IEP with a summer referral', 'initial-iep', '2027-06-20', '2027-10-09', '2027-10-08'],
  // B-2 option: plain 15 days, 12-25 is a holiday → act by 12-24.
  ['assessment plan as plain days (B-2)', 'assessment-plan', '2026-12-10', '2026-12-25', '2026-12-24', { assessmentPlanCalendarDays: true }],
];

const schoolDays: Row[] = [
  // 11-19, 11-20 = 2; Thanksgiving skipped; 11-30..12-04 = 7; 12-07..12-09 = 10.
  ['MD across Thanksgiving', 'manifestation-determination', '2026-11-18', '2026-12-09', '2026-12-09'],
  // 12-15..12-18 = 4; winter; 01-04..01-08 = 9; 01-11 = 10.
  ['MD across winter break', 'manifestation-determination', '2026-12-14', '2027-01-11', '2027-01-11'],
  // B-4 option: 01-13 + 10 = 01-23 (Saturday).
  ['MD in calendar days (B-4)', 'manifestation-determination', '2027-01-13', '2027-01-23', '2027-01-22', { manifestationCalendarDays: true }],
  // 05-21 = 1; 05-24..28 = 6; 05-31..06-03 = 10; summer; 08-11..13 = 13; 08-16..20 = 18; 08-23, 08-24 = 20.
  ['expedited hearing across summer', 'expedited-hearing', '2027-05-20', '2027-08-24', '2027-08-24'],
  // From Saturday 03-27 (no school): the first school day on or after is 04-05 = day 1; 44 school days remain to 06-03; day 45 = 08-11.
  ['IAES from a non-school day', 'iaes-end', '2027-03-27', '2027-08-11', '2027-08-11'],
  ['IAES from a school day counts it as day 1', 'iaes-end', '2027-04-05', '2027-08-11', '2027-08-11'],
  // Friday before Thanksgiving week: next school day is Monday 11-30.
  ['next school day over Thanksgiving', 'behavior-emergency-notice', '2026-11-20', '2026-11-30', '2026-11-30'],
  ['next school day after the last day of the year', 'behavior-emergency-notice', '2027-06-03', '2027-08-11', '2027-08-11'],
  ['24-hour notice option (B-8)', 'behavior-emergency-notice', '2026-11-20', '2026-11-21', '2026-11-20', { behaviorNoticeWithin24Hours: true }],
  // 12-18 = 1; 01-04..08 = 6; 01-11..14 = 10.
  ['SCIA DOR contact over winter', 'scia-dor-contact', '2026-12-17', '2027-01-14', '2027-01-14'],
  // 10th day of suspension counting the first as day 1: 02-10, 11, 12 = 3; break; 02-22..26 = 8; 03-01 = 9; 03-02 = 10.
  ['NPS MD request counts the first day', 'nps-md-request', '2027-02-10', '2027-03-02', '2027-03-02'],
  // B-6 school-day option: 02-12 = 1, February break, 02-22 = 2 (C12).
  ['BER IEP as school days (B-6)', 'behavior-emergency-iep', '2027-02-11', '2027-02-22', '2027-02-22', { behaviorEmergencyIepSchoolDays: true }],
];

const workingDays: Row[] = [
  // 09-04 = 1; Labor Day 09-07 is a holiday; 09-08..09-11 = 5.
  ['records over Labor Day', 'records-access', '2026-09-03', '2026-09-11', '2026-09-11'],
  // Winter break days are working days; 12-25 is not: 12-23, 24, 28, 29, 30.
  ['records forward in winter break', 'records-forward', '2026-12-22', '2026-12-30', '2026-12-30'],
  // Summer counts: 07-02, 05, 06, 07, 08.
  ['records access in summer', 'records-access', '2027-07-01', '2027-07-08', '2027-07-08'],
  ['interim surrogate over Christmas', 'interim-surrogate-assign', '2026-12-23', '2026-12-31', '2026-12-31'],
  // 11-25 = 1; 26, 27 holidays; 11-30 = 2; 12-01 = 3.
  ['settlement review over Thanksgiving', 'resolution-agreement-review', '2026-11-24', '2026-12-01', '2026-12-01'],
  // 01-01 holiday; 01-04..01-08 = 5.
  ['revocation PWN over New Year', 'revocation-pwn', '2026-12-31', '2027-01-08', '2027-01-08'],
  ['revocation PWN with 3 days', 'revocation-pwn', '2026-12-31', '2027-01-06', '2027-01-06', { revocationPwnDays: 3 }],
  ['BER IEP over Thanksgiving holidays', 'behavior-emergency-iep', '2026-11-25', '2026-12-01', '2026-12-01'],
  // 12-11 = 1; 12-14..18 = 6; 12-21..24 = 10 (12-25 holiday not reached).
  ['signature follow-up default 10 working days', 'signature-follow-up', '2026-12-10', '2026-12-24', '2026-12-24'],
  ['early start referral over Christmas', 'early-start-referral', '2026-12-24', '2026-12-29', '2026-12-29'],
  // 11-26, 27 holidays: 11-30 = 1, 12-01 = 2; B-26 calendar option: 11-27, a holiday → act by 11-25.
  ['DOR forward, unitless days as working days (B-26)', 'early-start-dor-forward', '2026-11-25', '2026-12-01', '2026-12-01'],
  ['DOR forward, unitless days as calendar days', 'early-start-dor-forward', '2026-11-25', '2026-11-27', '2026-11-25', { unitlessDaysAreCalendarDays: true }],
];

const plainAndDates: Row[] = [
  ['consent response: 15 calendar days', 'consent-response', '2026-12-20', '2027-01-04', '2027-01-04'],
  // Early Start ignores breaks: 12-20 + 45 = 02-03.
  ['Early Start IFSP through winter break', 'early-start-ifsp', '2026-12-20', '2027-02-03', '2027-02-03'],
  ['same-day discipline notice', 'discipline-decision-notice', '2027-01-13', '2027-01-13', '2027-01-13'],
  // 04-20 + 90: 04-30 (10), 05-31 (41), 06-30 (71), 07-19 (90).
  ['civil appeal 90 days', 'civil-appeal', '2027-04-20', '2027-07-19', '2027-07-19'],
  ['due process decision, resolution end as day 1 (B-24 option)', 'due-process-decision', '2027-03-03', '2027-04-16', '2027-04-16', { dueProcessPeriodStartsOnResolutionEnd: true }],
  ['NPS residence 24-hour option (B-32)', 'nps-residence-notify', '2027-03-15', '2027-03-16', '2027-03-16', { npsResidenceNoticeWithin24Hours: true }],
  ['initial IEP as plain 60 days (B-1)', 'initial-iep', '2026-10-21', '2026-12-20', '2026-12-18', { initialIepCalendarDays: true }],
  // Leap days: 29 February → 28 February only in a year without one.
  ['annual review from 29 February', 'annual-review', '2027-02-28', '2028-02-28', '2028-02-28'],
  ['triennial from 29 February', 'triennial', '2028-02-29', '2031-02-28', null],
  ['16th birthday on 29 February in a leap year', 'transition-plan', '2012-02-29', '2028-02-29', '2028-02-29'],
  ['18th birthday of a 29 February child', 'age-of-majority', '2008-02-29', '2026-02-28', null],
  ['third birthday of a 29 February child', 'early-start-iep', '2024-02-29', '2027-02-28', '2027-02-26'],
  ['30-month notice at a month end', 'early-start-30-month-notice', '2024-08-31', '2027-02-28', '2027-02-26'],
  ['30-month notice into a leap February', 'early-start-30-month-notice', '2025-08-31', '2028-02-29', '2028-02-29'],
  ['IFSP review at a month end', 'ifsp-review', '2026-08-31', '2027-02-28', '2027-02-26'],
  ['IFSP review from 31 March', 'ifsp-review', '2027-03-31', '2027-09-30', '2027-09-30'],
  // L6800-6826: the month of the 22nd birthday decides.
  ['age-out, 22 in August: no new fiscal year', 'age-out', '2005-08-15', '2027-06-30', '2027-06-30'],
  // 2027-12-31 is the district's New Year holiday (observed): act by 12-30.
  ['age-out, 22 in November: December 31', 'age-out', '2005-11-02', '2027-12-31', '2027-12-30'],
  ['age-out, 22 in November with the exception', 'age-out', '2005-11-02', '2028-06-30', null, { ageOutOctDecEndOfFiscalYear: true }],
  ['age-out, born 29 February', 'age-out', '2004-02-29', '2026-06-30', null],
  ['postsecondary: December exit → June two years on', 'postsecondary-follow-up', '2027-12-31', '2029-06-30', null],
  ['postsecondary: June 30 exit → next June', 'postsecondary-follow-up', '2027-06-30', '2028-06-30', null],
  ['postsecondary: July 1 exit is the next school year', 'postsecondary-follow-up', '2027-07-01', '2029-06-30', null],
];

describe.each([
  ['days excluding', excluding],
  ['school days', schoolDays],
  ['working days', workingDays],
  ['plain days and date rules', plainAndDates],
])('%s', (_family, rows) => {
  it.each(rows)('%s: %s from %s → %s', (_label, rule, from, due, actBy, policy) => {
    const referral = rule === 'initial-iep' ? (from === '2027-06-20' ? '2027-06-10' : '2026-10-05') : undefined;
    const result = ask({ rule, from, referral, policy });
    expect(result.due).toBe(due);
    expect(result.actBy).toBe(actBy);
  });
});

describe('explanations', () => {
  it('name the skipped long vacation exactly as deadlines.md shows it', () => {
    const r = ask({ rule: 'assessment-plan', from: '2026-12-10' });
    expect(r.explanation[0]).toBe(
      'Assessment plan due 2027-01-10 (act by 2027-01-08): 15 days after the referral received 2026-12-10, not counting days between sessions or long vacations',
    );
    expect(r.explanation).toContain('2026-12-19..2027-01-03 skipped: Winter break, long vacation');
    expect(r.explanation).toContain('rule assessment-plan: Assessment plan — L665-674');
    expect(r.explanation).toContain('trigger: referral received 2026-12-10 (day 0)');
    expect(r.explanation).toContain('act by 2027-01-08: 2027-01-10 is a Sunday; the due date is not moved, staff act on the last working day before it');
  });

  it('say where the count restarts for a trigger inside an excluded run (L674)', () => {
    expect(ask({ rule: 'assessment-plan', from: '2026-12-23' }).explanation).toContain('the count starts when school reconvenes: day 1 is 2027-01-04 (L674)');
  });

  it('list school-day breaks and holidays for working days', () => {
    expect(ask({ rule: 'manifestation-determination', from: '2026-11-18' }).explanation).toContain('2026-11-21..2026-11-29 skipped: Thanksgiving break');
    expect(ask({ rule: 'records-access', from: '2026-11-20' }).explanation).toContain('2026-11-26..2026-11-29 skipped: holiday (Thanksgiving break)');
    expect(ask({ rule: 'records-access', from: '2026-09-03' }).explanation).toContain('2026-09-05..2026-09-07 skipped: holiday');
  });

  it('note the 29 February fallback and the Appendix B reading', () => {
    expect(ask({ rule: 'triennial', from: '2028-02-29' }).explanation).toContain('2028-02-29 has no such day in 2031-02: the month\'s last day 2031-02-28 is used');
    expect(ask({ rule: 'behavior-emergency-iep', from: '2027-02-11' }).explanation).toContain('reading: "within two days" has no unit: working days (design default B-6)');
  });
});

describe('year-round calendar (several terms a year)', () => {
  it('an intersession is skipped and an intermediate term has no end-of-year limit', () => {
    // Term 1 ends Fri 2026-09-18 (endsSchoolYear false): 09-17, 09-18 = 2; intersession
    // 09-19..10-11 skipped; 10-12 = 3 … 10-24 = 15 (Saturday).
    const r = ask({ calendar: yearRound, rule: 'assessment-plan', from: '2026-09-16' });
    expect([r.due, r.actBy, r.branch]).toEqual(['2026-10-24', '2026-10-23', 'count']);
    expect(r.explanation).toContain("end-of-year limit: none, the referral's term (to 2026-09-18) does not end a school year");
    expect(r.explanation).toContain('2026-09-19..2026-10-11 skipped: days between sessions (intersession)');
  });

  it('the last term of the year triggers the limit: next term start + 10', () => {
    // Term 4 ends Fri 2027-06-25, next starts Mon 2027-07-12 → limit 07-22. Count: 06-25 = 1,
    // 07-12 = 2 … 07-25 = 15, later than the limit.
    const r = ask({ calendar: yearRound, rule: 'assessment-plan', from: '2027-06-24' });
    expect([r.due, r.branch]).toEqual(['2027-07-22', 'end-of-year-limit']);
  });

  it('a long recess inside a term is skipped', () => {
    // Recess Mon 2027-02-15..Fri 02-26 (run 02-13..02-28): 02-11, 02-12 = 2; 03-01 = 3 … 03-13 = 15.
    expect(ask({ calendar: yearRound, rule: 'assessment-plan', from: '2027-02-10' }).due).toBe('2027-03-13');
  });
});

describe('a calendar whose first day is a Saturday', () => {
  it('gives no actBy when the walk back leaves the span', () => {
    const cal = calendarOf([['2026-08-15', '2027-06-03']]);
    // consent-response: 07-31 + 15 = 08-15 (Saturday, first day); 08-14 is outside the span.
    expect(ask({ calendar: cal, rule: 'consent-response', from: '2026-07-31' }).actBy).toBeNull();
  });
});
