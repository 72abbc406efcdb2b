// A district calendar (GET /api/calendars/:id?from=&to=) as a school year of month grids, each
// day coloured by the kind the deadline engine itself gives it (deadlines/calendar-view.ts), so
// what people see is what the counts used. Each day also says its kind in words (title and a
// screen-reader label): colour is never the only signal.

import { api } from './api.js';
import { localToday, monthName, monthsBetween, schoolYearOf } from './calendar-days.js';
import { DAY_KINDS, WEEKDAYS, countDayKinds, monthWeeks } from './calendar-month.js';
import { el, errorLine, fill } from './elements.js';

// Pages read the kinds through this module too.
export { DAY_KINDS } from './calendar-month.js';

function monthGrid(yyyyMm, days, today) {
  const weeks = monthWeeks(yyyyMm, days, today).map((week) =>
    el(
      'tr',
      {},
      week.map((cell) =>
        cell === null
          ? el('td', { class: 'pad' })
          : el(
              'td',
              { class: `day kind-${cell.kind}${cell.today ? ' today' : ''}`, title: `${cell.date}: ${cell.words}`, 'data-date': cell.date, 'data-kind': cell.kind },
              el('span', { 'aria-hidden': 'true' }, String(cell.day)),
              el('span', { class: 'sr-only' }, `${cell.date} ${cell.words}`),
            ),
      ),
    ),
  );
  return el(
    'table',
    { class: 'month', 'data-testid': 'calendar-month', 'data-month': yyyyMm },
    el('caption', {}, monthName(yyyyMm)),
    el('thead', {}, el('tr', {}, WEEKDAYS.map((w) => el('th', { scope: 'col', abbr: w }, w)))),
    el('tbody', {}, weeks),
  );
}

function legend(counts) {
  return el(
    'ul',
    { class: 'legend', 'data-testid': 'calendar-legend', 'aria-label': 'legend' },
    DAY_KINDS.map((k) => el('li', { 'data-kind': k.kind }, el('span', { class: `swatch kind-${k.kind}`, 'aria-hidden': 'true' }), `${k.label} (${counts.get(k.kind) ?? 0})`)),
  );
}

/** `params.year` = the school year's first calendar year (2026 → July 2026 to June 2027). */
export async function showCalendar(root, calendarId, params, navigate) {
  const base = params.year && /^\d{4}$/.test(params.year) ? `${params.year}-07-01` : localToday();
  const year = schoolYearOf(base);
  const startYear = Number(year.from.slice(0, 4));
  const go = (y) => navigate(`#/calendar/${encodeURIComponent(calendarId)}?year=${y}`);
  const body = el('div', { 'aria-live': 'polite' }, el('p', { class: 'muted' }, 'Loading…'));
  fill(
    root,
    el('h1', { 'data-testid': 'calendar-title' }, `Calendar ${calendarId}`),
    el(
      'nav',
      { class: 'year-nav', 'aria-label': 'school year' },
      el('button', { type: 'button', 'data-testid': 'calendar-prev', onclick: () => go(startYear - 1) }, '← previous year'),
      el('strong', {}, `School year ${year.label}`),
      el('button', { type: 'button', 'data-testid': 'calendar-next', onclick: () => go(startYear + 1) }, 'next year →'),
    ),
    body,
  );
  try {
    const cal = await api.calendar(calendarId, year.from, year.to);
    const days = new Map(cal.days.map((d) => [d.date, d]));
    const counts = countDayKinds(cal.days);
    fill(
      body,
      el('p', { 'data-testid': 'calendar-version' }, `${cal.name ?? cal.id}, version ${cal.version ?? 'unversioned'}: ${year.from} to ${year.to}.`),
      legend(counts),
      el('div', { class: 'months' }, monthsBetween(year.from, year.to).map((mm) => monthGrid(mm, days, localToday()))),
    );
  } catch (error) {
    fill(body, errorLine('calendar-error', error.message));
  }
}
