/**
 * The day index: built once per calendar, it answers every counting question in O(1).
 *
 * For each counted kind (days not excluded, school days, working days) it keeps a rank array
 * (how many such days precede each day of the span) and a select array (the offsets of those
 * days in order), so "the Nth counted day after X" is `select[rank[X + 1] + N - 1]`: one lookup
 * instead of a walk or a binary search. Day kinds follow the deadlines.md §1 table exactly.
 */
import { parseCalendar, type Calendar } from './calendar';
import { dayOfWeek, parseDayNumber, toIso } from './day-number';
import { CalendarCoverageError } from './errors';

export const IN_TERM = 1;
export const WEEKEND = 2;
export const HOLIDAY = 4;
export const CLOSURE = 8;
export const SCHOOL_DAY = 16;
export const WORKING_DAY = 32;
export const LONG_VACATION = 64;
/** Days between sessions or in a long vacation: not counted by "days excluding" rules. */
export const EXCLUDED = 128;

/** Rank/select pair over the span for one kind of counted day. */
export interface Ladder {
  /** rank[o] = number of counted days at offsets < o (length span + 1). */
  rank: Int32Array;
  /** select[k] = offset of the k-th counted day (0-based). */
  select: Int32Array;
}

/** A maximal run of skipped days with a reason, pre-formatted for explanations. */
export interface Segment {
  start: number;
  end: number;
  reason: string;
  /** `2026-12-19..2027-01-03 skipped: Winter break, long vacation`, written once per index. */
  line: string;
}

function segmentLine(start: number, end: number, reason: string): string {
  const span = start === end ? toIso(start) : `${toIso(start)}..${toIso(end)}`;
  return `${span} skipped: ${reason}`;
}

export interface IndexedTerm {
  start: number;
  end: number;
  endsSchoolYear: boolean;
}

export interface CalendarIndex {
  calendar: Calendar;
  spanStart: number;
  spanEnd: number;
  flags: Uint8Array;
  /** Term index per offset, −1 between sessions. */
  termOf: Int16Array;
  /** Closure index per offset (first listed wins), −1 none. */
  closureOf: Int16Array;
  terms: IndexedTerm[];
  counted: Ladder;
  school: Ladder;
  working: Ladder;
  /** Runs skipped by "days excluding" counts: days between sessions, long vacations. */
  excludedSegments: Segment[];
  /** Runs of non-school days holding at least one weekday (breaks, holidays, sessions' gaps). */
  nonSchoolSegments: Segment[];
  /** Runs of non-working days holding at least one holiday. */
  nonWorkingSegments: Segment[];
  /** `YYYY-MM-DD` per offset, so explanations format dates without arithmetic. */
  iso: string[];
}

const cache = new WeakMap<object, CalendarIndex>();

function ladder(flags: Uint8Array, bit: number): Ladder {
  const rank = new Int32Array(flags.length + 1);
  let total = 0;
  for (let o = 0; o < flags.length; o++) {
    rank[o] = total;
    if (flags[o] & bit) total++;
  }
  rank[flags.length] = total;
  const select = new Int32Array(total);
  for (let o = 0, k = 0; o < flags.length; o++) if (flags[o] & bit) select[k++] = o;
  return { rank, select };
}

/** Distinct names in first-seen order. */
function names(list: string[]): string {
  return [...new Set(list)].join(', ');
}

function gapReason(index: Pick<CalendarIndex, 'terms'>, nextTerm: number): string {
  const previous = index.terms[nextTerm - 1];
  return previous && !previous.endsSchoolYear ? 'days between sessions (intersession)' : 'days between sessions (summer)';
}

/** Collect maximal runs where `inRun(o)` holds, keep those `keep` accepts, and name them. */
function segments(
  length: number,
  inRun: (o: number) => boolean,
  breakBetween: (prev: number, o: number) => boolean,
  keep: (start: number, end: number) => boolean,
  reason: (start: number, end: number) => string,
  spanStart: number,
): Segment[] {
  const out: Segment[] = [];
  let o = 0;
  while (o < length) {
    if (!inRun(o)) {
      o++;
      continue;
    }
    const start = o;
    while (o + 1 < length && inRun(o + 1) && !breakBetween(o, o + 1)) o++;
    if (keep(start, o)) {
      const why = reason(start, o);
      out.push({ start: start + spanStart, end: o + spanStart, reason: why, line: segmentLine(start + spanStart, o + spanStart, why) });
    }
    o++;
  }
  return out;
}

function build(calendar: Calendar): CalendarIndex {
  const day = (s: string) => parseDayNumber(s) as number;
  const terms: IndexedTerm[] = calendar.terms.map((t) => ({ start: day(t.start), end: day(t.end), endsSchoolYear: t.endsSchoolYear }));
  const spanStart = terms[0].start;
  const spanEnd = terms[terms.length - 1].end;
  const length = spanEnd - spanStart + 1;
  const flags = new Uint8Array(length);
  const termOf = new Int16Array(length).fill(-1);
  const closureOf = new Int16Array(length).fill(-1);

  terms.forEach((t, k) => {
    for (let d = t.start; d <= t.end; d++) {
      flags[d - spanStart] |= IN_TERM;
      termOf[d - spanStart] = k;
    }
  });
  calendar.closures.forEach((c, k) => {
    for (let d = day(c.start); d <= day(c.end); d++) {
      flags[d - spanStart] |= CLOSURE;
      if (closureOf[d - spanStart] < 0) closureOf[d - spanStart] = k;
    }
  });
  // A holiday outside the span cannot matter to any computation the calendar answers.
  for (const h of calendar.holidays) {
    const d = day(h);
    if (d >= spanStart && d <= spanEnd) flags[d - spanStart] |= HOLIDAY;
  }
  for (let o = 0; o < length; o++) {
    const dow = dayOfWeek(o + spanStart);
    if (dow === 0 || dow === 6) flags[o] |= WEEKEND;
    const f = flags[o];
    if (!(f & WEEKEND) && !(f & HOLIDAY)) flags[o] |= WORKING_DAY;
    if (f & IN_TERM && !(f & WEEKEND) && !(f & HOLIDAY) && !(f & CLOSURE)) flags[o] |= SCHOOL_DAY;
  }
  // Long vacation: a maximal run of non-school days inside one term (cut at its first and last
  // day) holding more than five weekdays — the handbook's "in excess of five school days" (L637-639).
  for (const t of terms) {
    let runStart = -1;
    let weekdays = 0;
    for (let d = t.start; d <= t.end + 1; d++) {
      const school = d > t.end || (flags[d - spanStart] & SCHOOL_DAY) !== 0;
      if (!school) {
        if (runStart < 0) runStart = d;
        if (!(flags[d - spanStart] & WEEKEND)) weekdays++;
        continue;
      }
      if (runStart >= 0 && weekdays > 5) for (let r = runStart; r < d; r++) flags[r - spanStart] |= LONG_VACATION;
      runStart = -1;
      weekdays = 0;
    }
  }
  for (let o = 0; o < length; o++) if (!(flags[o] & IN_TERM) || flags[o] & LONG_VACATION) flags[o] |= EXCLUDED;

  const iso = new Array<string>(length);
  for (let o = 0; o < length; o++) iso[o] = toIso(o + spanStart);

  const partial = { terms };
  const closureNames = (a: number, b: number) => {
    const list: string[] = [];
    for (let o = a; o <= b; o++) if (closureOf[o] >= 0) list.push(calendar.closures[closureOf[o]].name);
    return list;
  };
  const hasFreeHoliday = (a: number, b: number) => {
    for (let o = a; o <= b; o++) if (flags[o] & HOLIDAY && closureOf[o] < 0 && !(flags[o] & WEEKEND)) return true;
    return false;
  };
  const nextTermAfter = (o: number) => terms.findIndex((t) => t.start > o + spanStart);

  const excludedSegments = segments(
    length,
    (o) => (flags[o] & EXCLUDED) !== 0,
    (p, o) => termOf[p] !== termOf[o],
    () => true,
    (a, b) => {
      if (termOf[a] < 0) return gapReason(partial, nextTermAfter(a));
      const parts = closureNames(a, b);
      if (hasFreeHoliday(a, b)) parts.push('holiday');
      return `${names([...parts, 'long vacation'])}`;
    },
    spanStart,
  );
  const nonSchoolSegments = segments(
    length,
    (o) => !(flags[o] & SCHOOL_DAY),
    () => false,
    (a, b) => {
      for (let o = a; o <= b; o++) if (!(flags[o] & WEEKEND)) return true;
      return false;
    },
    (a, b) => {
      const parts = closureNames(a, b);
      if (hasFreeHoliday(a, b)) parts.push('holiday');
      for (let o = a; o <= b; o++) if (termOf[o] < 0) {
        parts.push(gapReason(partial, nextTermAfter(o)));
        break;
      }
      return names(parts);
    },
    spanStart,
  );
  const nonWorkingSegments = segments(
    length,
    (o) => !(flags[o] & WORKING_DAY),
    () => false,
    (a, b) => {
      for (let o = a; o <= b; o++) if (flags[o] & HOLIDAY && !(flags[o] & WEEKEND)) return true;
      return false;
    },
    (a, b) => {
      const within = closureNames(a, b);
      return within.length ? `holiday (${names(within)})` : 'holiday';
    },
    spanStart,
  );

  return {
    calendar,
    spanStart,
    spanEnd,
    flags,
    termOf,
    closureOf,
    terms,
    counted: ladder(flags.map((f) => (f & EXCLUDED ? 0 : 1)), 1),
    school: ladder(flags, SCHOOL_DAY),
    working: ladder(flags, WORKING_DAY),
    excludedSegments,
    nonSchoolSegments,
    nonWorkingSegments,
    iso,
  };
}

/**
 * The index of a calendar, built once per calendar object (WeakMap cache). The calendar is
 * validated on first use, so an unchecked JSON object cannot produce a wrong index.
 */
export function indexCalendar(calendar: Calendar): CalendarIndex {
  const hit = cache.get(calendar);
  if (hit) return hit;
  const index = build(parseCalendar(calendar));
  cache.set(calendar, index);
  return index;
}

/** `YYYY-MM-DD` of a day, from the index's table when inside the span. */
export function isoOf(index: CalendarIndex | null, dayNumber: number): string {
  if (index && dayNumber >= index.spanStart && dayNumber <= index.spanEnd) return index.iso[dayNumber - index.spanStart];
  return toIso(dayNumber);
}

export function covers(index: CalendarIndex, dayNumber: number): boolean {
  return dayNumber >= index.spanStart && dayNumber <= index.spanEnd;
}

/** Term index holding the day, −1 between sessions or outside the span. */
export function termAt(index: CalendarIndex, dayNumber: number): number {
  return covers(index, dayNumber) ? index.termOf[dayNumber - index.spanStart] : -1;
}

export function flagsAt(index: CalendarIndex, dayNumber: number): number {
  if (!covers(index, dayNumber)) throw new CalendarCoverageError(toIso(dayNumber));
  return index.flags[dayNumber - index.spanStart];
}

/**
 * The day on which a count of `n` days of `ladder`'s kind, starting with `firstDay` as the first
 * candidate, reaches n. Throws CalendarCoverageError naming the first day outside the span the
 * walk would have examined.
 */
export function nthCountedFrom(index: CalendarIndex, which: Ladder, firstDay: number, n: number): number {
  if (firstDay < index.spanStart) throw new CalendarCoverageError(toIso(firstDay));
  if (firstDay > index.spanEnd) throw new CalendarCoverageError(toIso(firstDay));
  const k = which.rank[firstDay - index.spanStart] + n - 1;
  if (k >= which.select.length) throw new CalendarCoverageError(toIso(index.spanEnd + 1));
  return which.select[k] + index.spanStart;
}

/** Last day of `ladder`'s kind on or before `dayNumber`, or null if that needs a day outside the span. */
export function lastCountedOnOrBefore(index: CalendarIndex, which: Ladder, dayNumber: number): number | null {
  if (dayNumber < index.spanStart || dayNumber > index.spanEnd) return null;
  const k = which.rank[dayNumber - index.spanStart + 1] - 1;
  return k < 0 ? null : which.select[k] + index.spanStart;
}

/** How many days of the ladder's kind lie in [a, b] (both inside the span). */
export function countBetween(index: CalendarIndex, which: Ladder, a: number, b: number): number {
  return which.rank[b - index.spanStart + 1] - which.rank[a - index.spanStart];
}

/** Segments that intersect [a, b], clipped to it. */
export function segmentsWithin(list: Segment[], a: number, b: number): Segment[] {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].end < a) lo = mid + 1;
    else hi = mid;
  }
  const out: Segment[] = [];
  for (let i = lo; i < list.length && list[i].start <= b; i++) {
    const s = list[i];
    if (s.start >= a && s.end <= b) out.push(s);
    else {
      const start = Math.max(s.start, a);
      const end = Math.min(s.end, b);
      out.push({ start, end, reason: s.reason, line: segmentLine(start, end, s.reason) });
    }
  }
  return out;
}
