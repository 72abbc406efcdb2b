// A district calendar's month as data, no DOM: the day kinds the deadline engine gives each
// day (GET /api/calendars/:id, deadlines/calendar-view.ts) laid out in weeks from Sunday, each
// day with its kind in words (colour is never the only signal), and how many days of each
// kind a year has. calendar.js draws it; test/unit/client/dashboard-calendar.test.ts.

import { daysInMonth, weekday } from './calendar-days.js';

export const DAY_KINDS = [
  { kind: 'school-day', label: 'school day' },
  { kind: 'weekend', label: 'weekend' },
  { kind: 'holiday', label: 'holiday' },
  { kind: 'closure', label: 'closure (break)' },
  { kind: 'long-vacation', label: 'long vacation (not counted by "days excluding" rules)' },
  { kind: 'between-sessions', label: 'between sessions (summer)' },
  { kind: 'not-covered', label: 'not covered by the calendar' },
];
const KIND_LABEL = new Map(DAY_KINDS.map((k) => [k.kind, k.label]));
export const WEEKDAYS = ['Su', 'Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa'];

/** "closure (break), Winter break": the kind in words, with the closure's name when there is one. */
export function dayWords(day) {
  const kind = day?.kind ?? 'not-covered';
  return `${KIND_LABEL.get(kind) ?? kind}${day?.closure ? `, ${day.closure}` : ''}`;
}

/** kind → number of days. */
export function countDayKinds(days) {
  const counts = new Map();
  for (const d of days) counts.set(d.kind, (counts.get(d.kind) ?? 0) + 1);
  return counts;
}

/**
 * The month `yyyy-mm` as weeks of seven cells from Sunday: `null` before the 1st, then
 * `{ date, day, kind, words, today }` per day (a day the answer does not hold is not covered).
 * The last week stops at the month's last day. `days` maps date → `{ kind, closure? }`.
 */
export function monthWeeks(yyyyMm, days, today) {
  const cells = Array.from({ length: weekday(`${yyyyMm}-01`) }, () => null);
  for (let d = 1; d <= daysInMonth(yyyyMm); d++) {
    const date = `${yyyyMm}-${String(d).padStart(2, '0')}`;
    const known = days.get(date);
    cells.push({ date, day: d, kind: known?.kind ?? 'not-covered', words: dayWords(known), today: date === today });
  }
  const weeks = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}
