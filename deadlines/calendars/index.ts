/**
 * Demo calendars shipped with the product (processes.md Appendix C, case-history.md).
 * `demo-usd` is exactly the Appendix C calendar for 2026-27 plus a 2027-28 year;
 * `demo-usd-snow` is its second version with snow days 2026-12-14..18 (same id, version 2);
 * `demo-usd-extended` runs to 2031 so triennial examples get an `actBy`;
 * `year-round-usd` has four terms a year (intermediate ones `endsSchoolYear: false`).
 */
import { parseCalendar, type Calendar } from '../calendar';
import demoUsd from './demo-usd.json';
import demoUsdExtended from './demo-usd-extended.json';
import demoUsdSnow from './demo-usd-snow.json';
import yearRoundUsd from './year-round-usd.json';

export const demoCalendars = {
  'demo-usd': parseCalendar(demoUsd),
  'demo-usd-snow': parseCalendar(demoUsdSnow),
  'demo-usd-extended': parseCalendar(demoUsdExtended),
  'year-round-usd': parseCalendar(yearRoundUsd),
} satisfies Record<string, Calendar>;

export type DemoCalendarId = keyof typeof demoCalendars;

export function isDemoCalendarId(value: string): value is DemoCalendarId {
  return Object.prototype.hasOwnProperty.call(demoCalendars, value);
}
