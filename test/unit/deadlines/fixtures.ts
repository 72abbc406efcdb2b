/**
 * Shared test fixtures: the demo calendars and a one-line way to ask for a due date.
 * Weekdays used in the hand-worked comments (demo-usd 2026-27): 2026-10-05, 2026-11-23,
 * 2026-12-21, 2027-01-04, 2027-02-15, 2027-03-29 are Mondays; 2027-06-03 is the last day
 * (Thursday); 2027-08-11 (Wednesday) starts 2027-28; 2028-06-02 (Friday) ends it.
 */
import { computeDeadline, demoCalendars, parseCalendar, type Calendar, type DeadlineResult, type Policy, type RuleId } from '../../../deadlines';

export const demo = demoCalendars['demo-usd'];
export const snow = demoCalendars['demo-usd-snow'];
export const yearRound = demoCalendars['year-round-usd'];
export const extended = demoCalendars['demo-usd-extended'];

export interface Ask {
  rule: RuleId;
  from: string;
  referral?: string;
  policy?: Partial<Policy>;
  calendar?: Calendar | null;
}

export function ask(a: Ask): DeadlineResult {
  return computeDeadline(a.calendar === undefined ? demo : a.calendar, {
    rule: a.rule,
    from: a.from,
    ...(a.referral ? { referral: a.referral } : {}),
    ...(a.policy ? { policy: a.policy } : {}),
  });
}

/** A small calendar for edge cases; terms default to ending a school year. */
export function calendarOf(terms: Array<[string, string, boolean?]>, closures: Array<[string, string, string]> = [], holidays: string[] = []): Calendar {
  return parseCalendar({
    id: 'test-usd',
    name: 'Test district',
    terms: terms.map(([start, end, endsSchoolYear]) => ({ start, end, endsSchoolYear: endsSchoolYear ?? true })),
    closures: closures.map(([start, end, name]) => ({ start, end, name })),
    holidays,
  });
}
