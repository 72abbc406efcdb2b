/**
 * "Today" as a calendar date in the district's time zone, and whole-day offsets, without
 * Date arithmetic: the instant is formatted in the zone with Intl, and days are added as
 * integer day numbers (deadlines/day-number.ts).
 */
import { toDayNumber, toIso } from '../deadlines/day-number';

/** California districts: the default zone for expiry dates and proof-of-service dates. */
export const DEFAULT_TIME_ZONE = 'America/Los_Angeles';

export function dateInZone(instant: Date, timeZone: string): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

export function addCalendarDays(isoDate: string, days: number): string {
  return toIso(toDayNumber(isoDate) + days);
}
