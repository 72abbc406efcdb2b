// Plain dates for display only. Every deadline the dashboard shows comes computed (with its
// explanation) from the API's deadline engine; the browser only needs "which weekday does a
// month start on", "how many days until a date" (for the due-soon highlight) and the local
// date. Dates are handled as UTC day numbers so no local time zone or DST shift can move them.

const DAY_MS = 86_400_000;

export function dayNumber(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

export function isoOfDay(day) {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Days from `fromIso` to `toIso` (negative when `toIso` is earlier). */
export function daysBetween(fromIso, toIso) {
  return dayNumber(toIso) - dayNumber(fromIso);
}

/**
 * "Due soon": within 7 calendar days of today (the simple reading of "≤ 5 school days"; a
 * school-day count would need the district calendar on every caseload row).
 */
export const SOON_DAYS = 7;

export function isDueSoon(due, today) {
  return due !== null && due !== undefined && daysBetween(today, due) <= SOON_DAYS;
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(iso) {
  return new Date(dayNumber(iso) * DAY_MS).getUTCDay();
}

/**
 * Today where the person using the dashboard is (the caseload rows carry no district "today";
 * a case page uses its view's `today`, the district's date, instead).
 */
export function localToday() {
  return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/** The school year holding `iso`, as July 1 to June 30 (California's fiscal/school year). */
export function schoolYearOf(iso) {
  const [y, m] = iso.split('-').map(Number);
  const start = m >= 7 ? y : y - 1;
  return { from: `${start}-07-01`, to: `${start + 1}-06-30`, label: `${start}–${String(start + 1).slice(2)}` };
}

export function monthsBetween(fromIso, toIso) {
  const months = [];
  let [y, m] = fromIso.split('-').map(Number);
  const [ty, tm] = toIso.split('-').map(Number);
  while (y < ty || (y === ty && m <= tm)) {
    months.push(`${y}-${String(m).padStart(2, '0')}`);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return months;
}

export function daysInMonth(yyyyMm) {
  const [y, m] = yyyyMm.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export function monthName(yyyyMm) {
  const [y, m] = yyyyMm.split('-').map(Number);
  return `${MONTH_NAMES[m - 1]} ${y}`;
}

/** A recorded instant (ISO, UTC) as people read it, in their own time zone. */
export function instantText(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat('en-CA', { dateStyle: 'short', timeStyle: 'medium', hour12: false }).format(d);
}
