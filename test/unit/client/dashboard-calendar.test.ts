/**
 * The dashboard's calendar page without a browser (client/dashboard/calendar-month.js): a month
 * laid out in weeks from Sunday, each day's kind in words (colour is never the only signal),
 * counts per kind — from the day kinds the deadline engine gives (deadlines/calendar-view.ts).
 */
import { describe, expect, it } from 'vitest';
import { DAY_KINDS, WEEKDAYS, countDayKinds, dayWords, monthWeeks } from '../../../client/dashboard/calendar-month.js';
import { daysInMonth, monthName } from '../../../client/dashboard/calendar-days.js';
import { demoCalendars, describeDay, toDayNumber, toIso } from '../../../deadlines';

/** The API's answer for a window (GET /api/calendars/:id): the engine's kinds, day by day. */
function daysOf(from: string, to: string) {
  const out = [];
  for (let d = toDayNumber(from); d <= toDayNumber(to); d++) {
    const { date, kind, closure } = describeDay(demoCalendars['demo-usd'], toIso(d));
    out.push(closure ? { date, kind, closure } : { date, kind });
  }
  return out;
}

describe('a month of the calendar page', () => {
  it('December 2026 from Sunday: two pads (the 1st is a Tuesday), five weeks, the last one short', () => {
    const days = daysOf('2026-12-01', '2026-12-31');
    const weeks = monthWeeks('2026-12', new Map(days.map((d) => [d.date, d])), '2026-12-02');
    expect(WEEKDAYS[0]).toBe('Su');
    expect(weeks.map((w) => w.length)).toEqual([7, 7, 7, 7, 5]);
    expect(weeks[0].slice(0, 2)).toEqual([null, null]);
    expect(weeks[0][2]).toEqual({ date: '2026-12-01', day: 1, kind: 'school-day', words: 'school day', today: false });
    expect(weeks[0][3]).toMatchObject({ date: '2026-12-02', today: true });
    // Winter break: a closure of more than five school days, so a long vacation, weekends included.
    expect(weeks[3][1]).toEqual({ date: '2026-12-21', day: 21, kind: 'long-vacation', words: 'long vacation (not counted by "days excluding" rules), Winter break', today: false });
    expect(weeks[2][6]).toMatchObject({ date: '2026-12-19', kind: 'long-vacation' });
    expect(weeks[2][5]).toMatchObject({ date: '2026-12-18', kind: 'school-day' });
  });

  it('a day the answer does not hold is "not covered", never guessed', () => {
    const weeks = monthWeeks('2030-02', new Map(), '2026-12-02');
    expect(daysInMonth('2030-02')).toBe(28);
    expect(weeks.flat().filter((c) => c !== null).every((c) => c!.kind === 'not-covered' && c!.words === 'not covered by the calendar')).toBe(true);
    expect(monthName('2030-02')).toBe('February 2030');
  });

  it('counts each kind for the legend; every kind the engine gives has a label', () => {
    const counts = countDayKinds(daysOf('2026-11-01', '2026-11-30'));
    // November 2026 starts on a Sunday: 9 weekend days, 21 weekdays; Thanksgiving week closed
    // (11-23..27), of which the 26th and 27th are holidays too: 16 school days.
    expect(Object.fromEntries(counts)).toEqual({ 'school-day': 16, weekend: 9, closure: 3, holiday: 2 });
    expect(DAY_KINDS.map((k) => k.kind).sort()).toEqual(['between-sessions', 'closure', 'holiday', 'long-vacation', 'not-covered', 'school-day', 'weekend']);
    expect(dayWords({ kind: 'closure', closure: 'Thanksgiving break' })).toBe('closure (break), Thanksgiving break');
    expect(dayWords(undefined)).toBe('not covered by the calendar');
  });
});
