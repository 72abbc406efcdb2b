/**
 * Plain calendar dates as integer day numbers: days since 1970-01-01 (deadlines.md §2: "no time
 * zone arithmetic"). Pure integer arithmetic (Howard Hinnant's civil-date algorithms), no `Date`,
 * so it is exact, fast and the same inside the Temporal workflow sandbox.
 */
import { DeadlineInputError } from './errors';

/** Day number of a proleptic Gregorian date (month 1-12). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Year, month (1-12) and day of a day number. */
export function civilFromDays(dayNumber: number): { year: number; month: number; day: number } {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1000000;
}

/** Day number of `YYYY-MM-DD`, or null when the text is not a real date (2027-02-30). */
export function parseDayNumber(iso: unknown): number | null {
  if (typeof iso !== 'string' || iso.length !== 10 || iso[4] !== '-' || iso[7] !== '-') return null;
  const year = digit(iso, 0) * 1000 + digit(iso, 1) * 100 + digit(iso, 2) * 10 + digit(iso, 3);
  const month = digit(iso, 5) * 10 + digit(iso, 6);
  const day = digit(iso, 8) * 10 + digit(iso, 9);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return daysFromCivil(year, month, day);
}

export function isIsoDate(value: unknown): value is string {
  return parseDayNumber(value) !== null;
}

/** Day number of `YYYY-MM-DD`; a malformed date is a DeadlineInputError naming `field`. */
export function toDayNumber(iso: string, field = 'date'): number {
  const n = parseDayNumber(iso);
  if (n === null) {
    throw new DeadlineInputError(
      field,
      /^\d{4}-\d{2}-\d{2}$/.test(String(iso)) ? `${String(iso)} is not a real calendar date` : `must be a date written YYYY-MM-DD, got ${JSON.stringify(iso)}`,
    );
  }
  return n;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

/** `YYYY-MM-DD` of a day number (years 0-9999). */
export function toIso(dayNumber: number): string {
  const { year, month, day } = civilFromDays(dayNumber);
  const y = year < 1000 ? `${year}`.padStart(4, '0') : `${year}`;
  return `${y}-${pad2(month)}-${pad2(day)}`;
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function dayOfWeek(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

export function isWeekend(dayNumber: number): boolean {
  const d = dayOfWeek(dayNumber);
  return d === 0 || d === 6;
}

export const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

/**
 * Add calendar months, clamping to the month's last day (date-fns `addMonths`/`subMonths`
 * semantics, deadlines.md §2 "Months back": 31 August − 6 months = 28 or 29 February).
 */
export function addMonths(dayNumber: number, months: number): number {
  const { year, month, day } = civilFromDays(dayNumber);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  return daysFromCivil(y, m, Math.min(day, daysInMonth(y, m)));
}

/**
 * Same month and day `years` later; 29 February becomes 28 February only in a year without
 * one (deadlines.md §2 "Anniversaries").
 */
export function anniversary(dayNumber: number, years: number): number {
  return addMonths(dayNumber, years * 12);
}

/** Day number of a month/day in a given year (no clamping: callers pass real dates). */
export function dayOf(year: number, month: number, day: number): number {
  return daysFromCivil(year, month, day);
}
