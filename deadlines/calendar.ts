/**
 * The school calendar document (deadlines.md §1), validated with zod. A malformed calendar is
 * refused with a DeadlineInputError naming the field (`terms[1].start: overlaps terms[0]`).
 *
 * The schemas are module constants but not exported values: deadlines/ is preloaded into the
 * workflow sandbox's shared context (worker/create-worker.ts), and the SDK deep-freezes every
 * value a preloaded module exports. A frozen zod schema fails on first use (zod defines
 * `safeParse` on the instance lazily and resets its regexes' `lastIndex`), so callers reach the
 * schema through `calendarSchema()`, which the freeze does not call.
 */
import { z } from 'zod';
import { parseDayNumber } from './day-number';
import { DeadlineInputError } from './errors';

/** Longest span one calendar may describe; keeps the day index small (one entry per day). */
export const MAX_CALENDAR_SPAN_DAYS = 40 * 366;

const CalendarDate = z.string().refine((s) => parseDayNumber(s) !== null, {
  message: 'must be a real date written YYYY-MM-DD',
});

const TermSchema = z
  .object({
    start: CalendarDate,
    end: CalendarDate,
    /** Only a term that ends a school year triggers the end-of-year rules (deadlines.md §1). */
    endsSchoolYear: z.boolean().default(true),
    name: z.string().min(1).max(120).optional(),
  })
  .strict();

const ClosureSchema = z
  .object({
    start: CalendarDate,
    end: CalendarDate,
    name: z.string().min(1).max(120),
  })
  .strict();

const CalendarSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be an id (letters, digits, . _ -)'),
    name: z.string().min(1).max(200),
    /** Zone used to turn a timestamp trigger into a date before counting (deadlines.md §1). */
    timeZone: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/, 'must be an IANA time zone name')
      .default('America/Los_Angeles'),
    /** Publication version; every open case records the version it was computed with (§5). */
    version: z.string().min(1).max(64).optional(),
    terms: z.array(TermSchema).min(1, 'must list at least one term'),
    closures: z.array(ClosureSchema).default([]),
    holidays: z.array(CalendarDate).default([]),
  })
  .strict();

/** The calendar document's schema, for request bodies that embed a calendar (API, CLI). */
export function calendarSchema(): typeof CalendarSchema {
  return CalendarSchema;
}

export type Calendar = z.output<typeof CalendarSchema>;
export type CalendarInput = z.input<typeof CalendarSchema>;
export type Term = Calendar['terms'][number];
export type Closure = Calendar['closures'][number];

function pathText(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

/** Order, overlap and containment rules zod's shape cannot express (deadlines.md §1). */
function checkStructure(cal: Calendar): void {
  const day = (s: string) => parseDayNumber(s) as number;
  cal.terms.forEach((term, i) => {
    if (day(term.end) < day(term.start)) throw new DeadlineInputError(`terms[${i}].end`, `${term.end} is before start ${term.start}`);
    if (i === 0) return;
    const prev = cal.terms[i - 1];
    if (day(term.start) < day(prev.start)) {
      throw new DeadlineInputError(`terms[${i}].start`, `before terms[${i - 1}] (terms must be in date order)`);
    }
    if (day(term.start) <= day(prev.end)) throw new DeadlineInputError(`terms[${i}].start`, `overlaps terms[${i - 1}]`);
  });
  const spanStart = day(cal.terms[0].start);
  const spanEnd = day(cal.terms[cal.terms.length - 1].end);
  if (spanEnd - spanStart + 1 > MAX_CALENDAR_SPAN_DAYS) {
    throw new DeadlineInputError(`terms[${cal.terms.length - 1}].end`, 'the calendar spans more than 40 years');
  }
  cal.closures.forEach((closure, i) => {
    const start = day(closure.start);
    const end = day(closure.end);
    if (end < start) throw new DeadlineInputError(`closures[${i}].end`, `${closure.end} is before start ${closure.start}`);
    const home = cal.terms.findIndex((t) => day(t.start) <= start && start <= day(t.end));
    if (home < 0) throw new DeadlineInputError(`closures[${i}]`, 'outside every term');
    const term = cal.terms[home];
    if (end > day(term.end)) {
      throw new DeadlineInputError(`closures[${i}].end`, `past the end of terms[${home}] (${term.end}); a closure lies inside one term`);
    }
  });
}

/**
 * Validate a calendar document. Throws DeadlineInputError whose `field` is the path of the
 * first problem (`terms[1].start`, `closures[2]`, `holidays[0]`).
 */
export function parseCalendar(json: unknown): Calendar {
  const parsed = CalendarSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    let path = [...issue.path];
    let message = issue.message;
    if (issue.code === 'unrecognized_keys') {
      path = [...path, issue.keys[0]];
      message = 'is not a calendar field';
    } else if (issue.code === 'invalid_type' && issue.input === undefined) {
      message = 'is required';
    }
    throw new DeadlineInputError(pathText(path) || 'calendar', message);
  }
  checkStructure(parsed.data);
  return parsed.data;
}
