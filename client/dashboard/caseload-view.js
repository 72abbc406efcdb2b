// The caseload as data, no DOM: the order rows are shown in, which ones are highlighted
// (overdue, due within SOON_DAYS calendar days), the filters a form or an address carries and
// the caption that says what the list is. caseload.js draws it; test/unit/client/dashboard-*.

import { SOON_DAYS, isDueSoon } from './calendar-days.js';

/** The filters the caseload understands (GET /api/caseload), in the order the form shows them. */
export const FILTER_NAMES = ['school', 'caseManager', 'district', 'rule', 'dueBy', 'overdue'];

/** 'overdue', 'soon' (due within SOON_DAYS of today) or null. */
export function urgencyOf(row, today) {
  if (row.overdue) return 'overdue';
  if (isDueSoon(row.nextDue, today)) return 'soon';
  return null;
}

/** By next deadline, earliest first; rows without one last; ties by student id. Does not touch `rows`. */
export function sortByNextDeadline(rows) {
  return [...rows].sort((a, b) => (a.nextDue ?? '9999').localeCompare(b.nextDue ?? '9999') || a.studentId.localeCompare(b.studentId));
}

/** Form entries (`[name, value]` pairs) → the filters that were filled in; empty and unknown names dropped. */
export function filterParams(entries) {
  const params = {};
  for (const [name, value] of entries) {
    const text = String(value).trim();
    if (text && FILTER_NAMES.includes(name)) params[name] = text;
  }
  return params;
}

/** The address of a filtered caseload, so it can be bookmarked or sent (`#/caseload?school=…`). */
export function caseloadHash(params) {
  const query = new URLSearchParams(filterParams(Object.entries(params ?? {}))).toString();
  return `#/caseload${query ? `?${query}` : ''}`;
}

export function caseloadCaption(count, today) {
  return `${count} open case${count === 1 ? '' : 's'}, by next deadline. Due soon = within ${SOON_DAYS} calendar days of ${today}.`;
}
