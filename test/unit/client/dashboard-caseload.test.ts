/**
 * The dashboard's caseload without a browser (client/dashboard/caseload-view.js, calendar-days.js):
 * order by next deadline, the overdue / due-soon highlight and its 7-day edge, the filters a
 * form or an address carries. The page itself is test/integration/browser.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { SOON_DAYS, daysBetween, isDueSoon, monthsBetween, schoolYearOf, weekday } from '../../../client/dashboard/calendar-days.js';
import { caseloadCaption, caseloadHash, filterParams, sortByNextDeadline, urgencyOf } from '../../../client/dashboard/caseload-view.js';

const row = (studentId: string, nextDue: string | null, overdue = false) => ({ studentId, nextDue, overdue });

describe('caseload order and highlight', () => {
  it('sorts by next deadline, earliest first, cases without one last, ties by student id; the input stays as it was', () => {
    const rows = [row('s-c', null), row('s-b', '2026-12-10'), row('s-a', '2026-12-10'), row('s-d', '2026-11-30', true), row('s-e', null)];
    expect(sortByNextDeadline(rows).map((r) => r.studentId)).toEqual(['s-d', 's-a', 's-b', 's-c', 's-e']);
    expect(rows.map((r) => r.studentId)).toEqual(['s-c', 's-b', 's-a', 's-d', 's-e']);
  });

  it('overdue wins; due soon is within 7 calendar days of today, the 8th day is not', () => {
    const today = '2026-12-02';
    expect(SOON_DAYS).toBe(7);
    expect(urgencyOf(row('s', '2026-12-30', true), today)).toBe('overdue');
    expect(urgencyOf(row('s', '2026-12-02'), today)).toBe('soon');
    expect(urgencyOf(row('s', '2026-12-09'), today)).toBe('soon');
    expect(urgencyOf(row('s', '2026-12-10'), today)).toBeNull();
    expect(urgencyOf(row('s', null), today)).toBeNull();
    // Across a month and a year end, counted in days, not by the day of the month.
    expect(urgencyOf(row('s', '2027-01-04'), '2026-12-28')).toBe('soon');
    expect(isDueSoon('2027-01-05', '2026-12-28')).toBe(false);
  });

  it('calendar arithmetic on day numbers: DST, leap days, weekdays, school years', () => {
    expect(daysBetween('2026-03-07', '2026-03-09')).toBe(2); // over the spring-forward Sunday
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2); // 2028 is a leap year
    expect(daysBetween('2026-12-10', '2026-12-02')).toBe(-8);
    expect(weekday('2026-12-02')).toBe(3); // a Wednesday
    expect(schoolYearOf('2026-06-30')).toEqual({ from: '2025-07-01', to: '2026-06-30', label: '2025–26' });
    expect(schoolYearOf('2026-07-01').label).toBe('2026–27');
    expect(monthsBetween('2026-11-15', '2027-02-01')).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
  });
});

describe('caseload filters', () => {
  it('keeps the filled-in filters a form sends, trimmed; drops empty ones and names the API does not know', () => {
    const entries: Array<[string, unknown]> = [
      ['school', ' sch-1 '],
      ['caseManager', ''],
      ['district', 'd-north'],
      ['rule', 'initial-iep'],
      ['dueBy', '2026-12-31'],
      ['overdue', 'true'],
      ['token', 'secret'],
    ];
    expect(filterParams(entries)).toEqual({ school: 'sch-1', district: 'd-north', rule: 'initial-iep', dueBy: '2026-12-31', overdue: 'true' });
  });

  it('puts the filters in the address, so a filtered list can be bookmarked; no filter, no query', () => {
    expect(caseloadHash({ school: 'sch 1', overdue: 'false' })).toBe('#/caseload?school=sch+1&overdue=false');
    expect(caseloadHash({})).toBe('#/caseload');
    expect(caseloadHash({ school: '' })).toBe('#/caseload');
    expect(caseloadHash(null)).toBe('#/caseload');
  });

  it('says how many cases and what "due soon" means', () => {
    expect(caseloadCaption(1, '2026-12-02')).toBe('1 open case, by next deadline. Due soon = within 7 calendar days of 2026-12-02.');
    expect(caseloadCaption(0, '2026-12-02')).toMatch(/^0 open cases,/);
  });
});
