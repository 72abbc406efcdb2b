/**
 * Day kinds for people: the dashboard's calendar view and the notices' wording. Same index as
 * the engine, so what the dashboard shows is what the counts used.
 */
import type { Calendar } from './calendar';
import { CLOSURE, EXCLUDED, HOLIDAY, IN_TERM, indexCalendar, LONG_VACATION, SCHOOL_DAY, WEEKEND, WORKING_DAY, flagsAt } from './day-index';
import { toDayNumber } from './day-number';

export type DayKind = 'school-day' | 'weekend' | 'holiday' | 'closure' | 'long-vacation' | 'between-sessions' | 'not-covered';

export interface DayDescription {
  date: string;
  kind: DayKind;
  schoolDay: boolean;
  workingDay: boolean;
  /** Not counted by "days excluding" rules (between sessions or long vacation). */
  excluded: boolean;
  /** Name of the closure holding the day, if any. */
  closure?: string;
  holiday: boolean;
}

/** Throws CalendarCoverageError outside the calendar's span (never guessed). */
export function isSchoolDay(calendar: Calendar, iso: string): boolean {
  return (flagsAt(indexCalendar(calendar), toDayNumber(iso)) & SCHOOL_DAY) !== 0;
}

/** Monday–Friday and not a holiday; summer counts. Throws CalendarCoverageError outside the span. */
export function isWorkingDay(calendar: Calendar, iso: string): boolean {
  return (flagsAt(indexCalendar(calendar), toDayNumber(iso)) & WORKING_DAY) !== 0;
}

/**
 * One kind per day for display, most telling first: between sessions, long vacation, holiday,
 * closure, weekend, school day. Outside the span: `not-covered`.
 */
export function dayKind(calendar: Calendar, iso: string): DayKind {
  return describeDay(calendar, iso).kind;
}

export function describeDay(calendar: Calendar, iso: string): DayDescription {
  const index = indexCalendar(calendar);
  const day = toDayNumber(iso);
  if (day < index.spanStart || day > index.spanEnd) {
    return { date: iso, kind: 'not-covered', schoolDay: false, workingDay: false, excluded: false, holiday: false };
  }
  const f = index.flags[day - index.spanStart];
  const closureAt = index.closureOf[day - index.spanStart];
  const kind: DayKind = !(f & IN_TERM)
    ? 'between-sessions'
    : f & LONG_VACATION
      ? 'long-vacation'
      : f & HOLIDAY
        ? 'holiday'
        : f & CLOSURE
          ? 'closure'
          : f & WEEKEND
            ? 'weekend'
            : 'school-day';
  const out: DayDescription = {
    date: iso,
    kind,
    schoolDay: (f & SCHOOL_DAY) !== 0,
    workingDay: (f & WORKING_DAY) !== 0,
    excluded: (f & EXCLUDED) !== 0,
    holiday: (f & HOLIDAY) !== 0,
  };
  if (closureAt >= 0) out.closure = index.calendar.closures[closureAt].name;
  return out;
}
