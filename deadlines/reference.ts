/**
 * A deliberately simple second implementation of the counting rules: every question is answered
 * by walking day by day over the calendar document itself, with no index, no prefix arrays and
 * its own date arithmetic (UTC `Date` and date-fns). Used only by the property tests and the
 * benchmark to check the indexed engine; never by the product.
 *
 * It shares request validation and the rule plans (what each rule counts) with the engine; what
 * it re-derives independently is everything about days: kinds, long vacations, coverage, counts,
 * end-of-year limits, actBy and the date rules.
 */
import { addMonths as fnsAddMonths, addYears as fnsAddYears } from 'date-fns';
import type { Calendar } from './calendar';
import { CalendarCoverageError } from './errors';
import type { CountUnit, EndOfYearPlan, RulePlan } from './plans';
import { checkRequest, type DeadlineRequest } from './rules';

const DAY_MS = 86_400_000;

export interface ReferenceResult {
  due: string;
  actBy: string | null;
  earliest?: string;
  branch: string;
}

function parse(iso: string): number {
  return Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / DAY_MS;
}

function text(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** date-fns works on local dates; noon keeps daylight-saving shifts away from the date. */
function viaLocal(day: number, f: (d: Date) => Date): number {
  const d = new Date(day * DAY_MS);
  const out = f(new Date(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), 12));
  return Date.UTC(out.getFullYear(), out.getMonth(), out.getDate()) / DAY_MS;
}

class Walker {
  readonly first: number;
  readonly last: number;
  private readonly terms: Array<{ start: number; end: number; endsSchoolYear: boolean }>;
  private readonly closures: Array<{ start: number; end: number }>;
  private readonly holidays: Set<string>;

  constructor(cal: Calendar) {
    this.terms = cal.terms.map((t) => ({ start: parse(t.start), end: parse(t.end), endsSchoolYear: t.endsSchoolYear !== false }));
    this.closures = cal.closures.map((c) => ({ start: parse(c.start), end: parse(c.end) }));
    this.holidays = new Set(cal.holidays);
    this.first = this.terms[0].start;
    this.last = this.terms[this.terms.length - 1].end;
  }

  covered(d: number): boolean {
    return d >= this.first && d <= this.last;
  }

  termIndex(d: number): number {
    return this.terms.findIndex((t) => t.start <= d && d <= t.end);
  }

  term(i: number) {
    return this.terms[i];
  }

  weekend(d: number): boolean {
    const w = new Date(d * DAY_MS).getUTCDay();
    return w === 0 || w === 6;
  }

  working(d: number): boolean {
    return !this.weekend(d) && !this.holidays.has(text(d));
  }

  school(d: number): boolean {
    return this.termIndex(d) >= 0 && this.working(d) && !this.closures.some((c) => c.start <= d && d <= c.end);
  }

  /** Walk out from the day to both ends of its run of non-school days inside the term; count weekdays. */
  longVacation(d: number): boolean {
    const t = this.termIndex(d);
    if (t < 0 || this.school(d)) return false;
    const { start, end } = this.terms[t];
    let a = d;
    while (a - 1 >= start && !this.school(a - 1)) a--;
    let b = d;
    while (b + 1 <= end && !this.school(b + 1)) b++;
    let weekdays = 0;
    for (let x = a; x <= b; x++) if (!this.weekend(x)) weekdays++;
    return weekdays > 5;
  }

  counts(unit: CountUnit, d: number): boolean {
    if (unit === 'school') return this.school(d);
    if (unit === 'working') return this.working(d);
    return this.termIndex(d) >= 0 && !this.longVacation(d);
  }
}

function endOfYear(w: Walker, eoy: EndOfYearPlan, from: number, referral: number | null): { limit: number | null; mustEndBy: number | null } {
  const basis = eoy.basis === 'from' ? from : (referral as number);
  const t = w.covered(basis) ? w.termIndex(basis) : -1;
  if (t < 0) return { limit: null, mustEndBy: null };
  const term = w.term(t);
  if (!term.endsSchoolYear || term.end - basis > eoy.windowDays) return { limit: null, mustEndBy: null };
  const next = w.term(t + 1);
  if (!next) return { limit: null, mustEndBy: term.end };
  if (eoy.consentBeforeNextTerm && from >= next.start) return { limit: null, mustEndBy: null };
  const limit = next.start + eoy.plusDays;
  return { limit: limit <= from ? null : limit, mustEndBy: null };
}

function count(w: Walker | null, plan: Extract<RulePlan, { kind: 'count' }>, from: number, referral: number | null): { due: number; branch: string } {
  const { limit, mustEndBy } = plan.endOfYear && w ? endOfYear(w, plan.endOfYear, from, referral) : { limit: null, mustEndBy: null };
  let due: number;
  let byLimit = false;
  if (plan.unit === 'calendar') {
    due = plan.fromIsDayOne ? from + plan.days - 1 : from + plan.days;
    if (limit !== null && limit < due) {
      due = limit;
      byLimit = true;
    }
  } else {
    const walker = w as Walker;
    let seen = 0;
    for (let d = plan.fromIsDayOne ? from : from + 1; ; d++) {
      if (!walker.covered(d)) throw new CalendarCoverageError(text(d));
      if (walker.counts(plan.unit, d)) seen++;
      if (seen === plan.days) {
        due = d;
        break;
      }
      if (d === limit) {
        due = d;
        byLimit = true;
        break;
      }
    }
  }
  if (mustEndBy !== null && due > mustEndBy) throw new CalendarCoverageError(text(mustEndBy + 1));
  return { due, branch: byLimit ? 'end-of-year-limit' : 'count' };
}

function calendarDate(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

/** Same question as computeDeadline, answered by walking. Throws the same errors. */
export function referenceDeadline(calendar: Calendar | null, req: DeadlineRequest): ReferenceResult {
  // The shared check validates the request; the dates are re-derived with this module's own arithmetic.
  const { plan } = checkRequest(calendar, req);
  const from = parse(req.from);
  const referral = req.referral === undefined ? null : parse(req.referral);
  const w = calendar ? new Walker(calendar) : null;
  let due: number;
  let earliest: number | undefined;
  let branch: string;
  switch (plan.kind) {
    case 'count':
      ({ due, branch } = count(w, plan, from, referral));
      break;
    case 'anniversary':
      due = viaLocal(from, (d) => fnsAddYears(d, plan.years));
      branch = 'anniversary';
      break;
    case 'months':
      due = viaLocal(from, (d) => fnsAddMonths(d, plan.months));
      branch = 'months';
      break;
    case 'transition-window': {
      const third = viaLocal(from, (d) => fnsAddYears(d, 3));
      earliest = viaLocal(third, (d) => fnsAddMonths(d, -plan.windowMonths));
      due = third - plan.daysBefore;
      branch = 'window';
      break;
    }
    case 'age-out': {
      const b22 = new Date(viaLocal(from, (d) => fnsAddYears(d, 22)) * DAY_MS);
      const year = b22.getUTCFullYear();
      const month = b22.getUTCMonth() + 1;
      if (month <= 6) [due, branch] = [calendarDate(year, 6, 30), 'age-out-jan-jun'];
      else if (month <= 9) [due, branch] = [calendarDate(year, 6, 30), 'age-out-jul-sep'];
      else if (plan.octDecEndOfFiscalYear) [due, branch] = [calendarDate(year + 1, 6, 30), 'age-out-oct-dec-fiscal-year-end'];
      else [due, branch] = [calendarDate(year, 12, 31), 'age-out-oct-dec'];
      break;
    }
    case 'postsecondary': {
      const exit = new Date(from * DAY_MS);
      const schoolYearEnd = exit.getUTCMonth() + 1 >= 7 ? exit.getUTCFullYear() + 1 : exit.getUTCFullYear();
      due = calendarDate(schoolYearEnd + 1, 6, 30);
      branch = 'postsecondary';
      break;
    }
  }
  let actBy: number | null = null;
  if (w) {
    for (let d = due; w.covered(d); d--) {
      if (w.working(d)) {
        actBy = d;
        break;
      }
    }
  }
  const out: ReferenceResult = { due: text(due), actBy: actBy === null ? null : text(actBy), branch };
  if (earliest !== undefined) out.earliest = text(earliest);
  return out;
}
