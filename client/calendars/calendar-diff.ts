/**
 * What changes between two versions of a district calendar, day by day, as the deadline engine
 * sees the days (deadlines/calendar-view.ts): school days gained and lost (school-day counts
 * move), long vacations (the "days excluding breaks of more than five school days" rules,
 * L637-639, move), holidays (working-day counts move) and the span the calendar covers. Pure.
 */
import { describeDay, indexCalendar, toIso, type Calendar } from '../../deadlines';

export interface DaySpan {
  start: string;
  end: string;
}

/** Changed school days grouped for people: a run spans weekends and other non-school days. */
export interface SchoolDayRun extends DaySpan {
  days: number;
}

export interface CalendarDiff {
  calendarId: string;
  fromVersion: string;
  toVersion: string;
  schoolDays: { added: string[]; removed: string[]; addedRuns: SchoolDayRun[]; removedRuns: SchoolDayRun[] };
  longVacations: { added: DaySpan[]; removed: DaySpan[]; changed: Array<{ from: DaySpan; to: DaySpan }> };
  holidays: { added: string[]; removed: string[] };
  coverage: { from: DaySpan; to: DaySpan };
}

function longVacations(calendar: Calendar): DaySpan[] {
  const index = indexCalendar(calendar);
  const spans: DaySpan[] = [];
  let open: DaySpan | null = null;
  for (let d = index.spanStart; d <= index.spanEnd; d++) {
    const iso = toIso(d);
    if (describeDay(calendar, iso).kind === 'long-vacation') {
      if (open) open.end = iso;
      else open = { start: iso, end: iso };
    } else if (open) {
      spans.push(open);
      open = null;
    }
  }
  if (open) spans.push(open);
  return spans;
}

const overlaps = (a: DaySpan, b: DaySpan) => a.start <= b.end && b.start <= a.end;
const sameSpan = (a: DaySpan, b: DaySpan) => a.start === b.start && a.end === b.end;

function vacationChanges(before: DaySpan[], after: DaySpan[]): CalendarDiff['longVacations'] {
  const gone = before.filter((a) => !after.some((b) => sameSpan(a, b)));
  const come = after.filter((b) => !before.some((a) => sameSpan(a, b)));
  const changed: Array<{ from: DaySpan; to: DaySpan }> = [];
  // A vacation that moved or grew is one change, not a removal and an unrelated addition.
  for (const from of [...gone]) {
    const to = come.find((b) => overlaps(from, b));
    if (!to) continue;
    changed.push({ from, to });
    gone.splice(gone.indexOf(from), 1);
    come.splice(come.indexOf(to), 1);
  }
  return { added: come, removed: gone, changed };
}

function setChanges(before: string[], after: string[]): { added: string[]; removed: string[] } {
  const a = new Set(before);
  const b = new Set(after);
  return { added: [...b].filter((d) => !a.has(d)).sort(), removed: [...a].filter((d) => !b.has(d)).sort() };
}

/** Adds `iso` to the open run, or opens one; returns the run now open. */
function extendRun(runs: SchoolDayRun[], open: SchoolDayRun | null, iso: string): SchoolDayRun {
  if (open) {
    open.end = iso;
    open.days++;
    return open;
  }
  const run = { start: iso, end: iso, days: 1 };
  runs.push(run);
  return run;
}

export function diffCalendars(from: Calendar, to: Calendar): CalendarDiff {
  const a = indexCalendar(from);
  const b = indexCalendar(to);
  const schoolDays: CalendarDiff['schoolDays'] = { added: [], removed: [], addedRuns: [], removedRuns: [] };
  let addRun: SchoolDayRun | null = null;
  let removeRun: SchoolDayRun | null = null;
  for (let d = Math.min(a.spanStart, b.spanStart); d <= Math.max(a.spanEnd, b.spanEnd); d++) {
    const iso = toIso(d);
    // Outside a calendar's span describeDay says not-covered, not a school day: coverage counts too.
    const wasSchool = describeDay(from, iso).schoolDay;
    const isSchool = describeDay(to, iso).schoolDay;
    if (isSchool && !wasSchool) {
      schoolDays.added.push(iso);
      addRun = extendRun(schoolDays.addedRuns, addRun, iso);
    } else if (wasSchool && !isSchool) {
      schoolDays.removed.push(iso);
      removeRun = extendRun(schoolDays.removedRuns, removeRun, iso);
    }
    // A run goes on across days off in both versions (weekends, a break) and ends at any
    // school day that is not part of it.
    if (isSchool && wasSchool) addRun = removeRun = null;
    else if (isSchool) removeRun = null;
    else if (wasSchool) addRun = null;
  }
  return {
    calendarId: to.id,
    fromVersion: from.version ?? '1',
    toVersion: to.version ?? '1',
    schoolDays,
    longVacations: vacationChanges(longVacations(from), longVacations(to)),
    holidays: setChanges(from.holidays, to.holidays),
    coverage: { from: { start: toIso(a.spanStart), end: toIso(a.spanEnd) }, to: { start: toIso(b.spanStart), end: toIso(b.spanEnd) } },
  };
}

/** True when no day counts differently (names of breaks aside). */
export function isEmptyDiff(diff: CalendarDiff): boolean {
  const { schoolDays: s, longVacations: v, holidays: h, coverage: c } = diff;
  return !s.added.length && !s.removed.length && !v.added.length && !v.removed.length && !v.changed.length && !h.added.length && !h.removed.length && sameSpan(c.from, c.to);
}
