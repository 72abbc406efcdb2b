/**
 * The indexed engine: interprets a RulePlan over the day index and writes the explanation
 * lines an auditor needs (deadlines.md §2 "Every result carries an explanation").
 */
import {
  EXCLUDED,
  HOLIDAY,
  WEEKEND,
  countBetween,
  isoOf,
  lastCountedOnOrBefore,
  segmentsWithin,
  termAt,
  type CalendarIndex,
  type Ladder,
  type Segment,
} from './day-index';
import { addMonths, anniversary, civilFromDays, dayOf, dayOfWeek, WEEKDAY_NAMES } from './day-number';
import { CalendarCoverageError } from './errors';
import type { CountUnit, EndOfYearPlan, RulePlan } from './plans';

export interface Outcome {
  due: number;
  earliest?: number;
  actBy: number | null;
  branch: string;
  /** Short phrase for the summary line; only filled when explanation lines are asked for. */
  phrase: string;
}

/**
 * `lines` is the explanation sink: null on the fast path (dates only), an array when the
 * explanation is read. Both paths run the same date logic, so they cannot disagree.
 */
type Sink = string[] | null;

export const UNIT_WORDS: Record<CountUnit, string> = {
  excluding: 'days, not counting days between sessions or long vacations',
  school: 'school days',
  working: 'working days',
  calendar: 'calendar days',
};

export const SINGULAR: Record<CountUnit, string> = { excluding: 'day', school: 'school day', working: 'working day', calendar: 'day' };

function ladderOf(index: CalendarIndex, unit: CountUnit): Ladder {
  return unit === 'excluding' ? index.counted : unit === 'school' ? index.school : index.working;
}

function segmentsOf(index: CalendarIndex, unit: CountUnit): Segment[] {
  return unit === 'excluding' ? index.excludedSegments : unit === 'school' ? index.nonSchoolSegments : index.nonWorkingSegments;
}

function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
}

function skippedLines(index: CalendarIndex, unit: CountUnit, a: number, b: number, lines: string[]): void {
  if (b < a) return;
  for (const s of segmentsWithin(segmentsOf(index, unit), a, b)) lines.push(s.line);
}

type Limit = { kind: 'none' } | { kind: 'date'; day: number } | { kind: 'no-next-term'; termEnd: number };
const NO_LIMIT: Limit = Object.freeze({ kind: 'none' });

/** The end-of-year branch (L642-646, L670-672; deadlines.md §3 "Edges of the end-of-year limits"). */
function endOfYearLimit(index: CalendarIndex, eoy: EndOfYearPlan, from: number, referral: number | null, lines: Sink): Limit {
  const basis = eoy.basis === 'from' ? from : (referral as number);
  const t = termAt(index, basis);
  if (t < 0) {
    lines?.push(`end-of-year limit: none, the ${eoy.basisLabel} ${isoOf(index, basis)} is not inside a term`);
    return NO_LIMIT;
  }
  const term = index.terms[t];
  if (!term.endsSchoolYear) {
    lines?.push(`end-of-year limit: none, the ${eoy.basisLabel}'s term (to ${isoOf(index, term.end)}) does not end a school year`);
    return NO_LIMIT;
  }
  const gap = term.end - basis;
  const option = eoy.windowOption ? `, policy ${eoy.windowOption}` : '';
  if (gap > eoy.windowDays) {
    lines?.push(`end-of-year limit: none, the ${eoy.basisLabel} ${isoOf(index, basis)} is ${gap} days before the term's last day ${isoOf(index, term.end)} (more than ${eoy.windowDays}${option})`);
    return NO_LIMIT;
  }
  const next = index.terms[t + 1];
  if (!next) {
    lines?.push(`end-of-year limit: the ${eoy.basisLabel} is ${gap} days before the term's last day ${isoOf(index, term.end)}; the calendar has no next term, so the count must end by then`);
    return { kind: 'no-next-term', termEnd: term.end };
  }
  if (eoy.consentBeforeNextTerm && from >= next.start) {
    lines?.push(`end-of-year limit: none, consent ${isoOf(index, from)} came after the next term started ${isoOf(index, next.start)} (policy endOfYearIepIgnoresConsentDate)`);
    return NO_LIMIT;
  }
  const limit = next.start + eoy.plusDays;
  if (limit <= from) {
    lines?.push(`end-of-year limit ${isoOf(index, limit)} ignored: it falls on or before the consent date ${isoOf(index, from)}`);
    return NO_LIMIT;
  }
  lines?.push(
    `end-of-year limit: the ${eoy.basisLabel} ${isoOf(index, basis)} is ${gap} days before the term's last day ${isoOf(index, term.end)} (${eoy.windowDays} or less${option}): ` +
      `due no later than the next term's start ${isoOf(index, next.start)} + ${eoy.plusDays} days = ${isoOf(index, limit)}`,
  );
  return { kind: 'date', day: limit };
}

type CountPlan = Extract<RulePlan, { kind: 'count' }>;

function countPhrase(index: CalendarIndex | null, plan: CountPlan, from: number, trigger: string): string {
  const n = plan.days;
  if (n === 0) return `the same day as the ${trigger} ${isoOf(index, from)}`;
  if (plan.fromIsDayOne) {
    const one = plan.unit === 'calendar' ? 'that day is day 1' : `day 1 if it is a ${SINGULAR[plan.unit]}`;
    return `the ${ordinal(n)} ${SINGULAR[plan.unit]} counting from the ${trigger} ${isoOf(index, from)} (${one})`;
  }
  if (n === 1 && plan.unit !== 'excluding') return `the next ${SINGULAR[plan.unit]} after the ${trigger} ${isoOf(index, from)}`;
  const words = plan.unit === 'excluding' ? (n === 1 ? 'day' : 'days') : UNIT_WORDS[plan.unit];
  return `${n} ${words} after the ${trigger} ${isoOf(index, from)}${plan.unit === 'excluding' ? ', not counting days between sessions or long vacations' : ''}`;
}

function evaluateCount(index: CalendarIndex | null, plan: CountPlan, from: number, referral: number | null, trigger: string, lines: Sink): Outcome {
  if (lines && plan.note) lines.push(`reading: ${plan.note}`);
  const limit = plan.endOfYear && index ? endOfYearLimit(index, plan.endOfYear, from, referral, lines) : NO_LIMIT;
  const cap = limit.kind === 'date' ? limit.day : Number.POSITIVE_INFINITY;
  const n = plan.days;
  let countDue: number | null;
  let due: number;
  let byLimit = false;
  if (plan.unit === 'calendar') {
    countDue = plan.fromIsDayOne ? from + n - 1 : from + n;
    due = countDue;
    if (countDue > cap) {
      due = cap;
      byLimit = true;
    }
    lines?.push(`count: ${n} calendar days${plan.fromIsDayOne ? ` (day 1 = ${isoOf(index, from)})` : ''} gives ${isoOf(index, countDue)}`);
  } else {
    const idx = index as CalendarIndex;
    const which = ladderOf(idx, plan.unit);
    const firstDay = plan.fromIsDayOne ? from : from + 1;
    if (firstDay < idx.spanStart || firstDay > idx.spanEnd) throw new CalendarCoverageError(isoOf(index, firstDay));
    const k = which.rank[firstDay - idx.spanStart] + n - 1;
    countDue = k < which.select.length ? which.select[k] + idx.spanStart : null;
    if (countDue !== null && countDue <= cap) due = countDue;
    else if (cap <= idx.spanEnd) {
      due = cap;
      byLimit = true;
    } else throw new CalendarCoverageError(isoOf(index, idx.spanEnd + 1));
    if (lines) {
      const first = which.select[which.rank[firstDay - idx.spanStart]] + idx.spanStart;
      if (plan.unit === 'excluding' && idx.flags[firstDay - idx.spanStart] & EXCLUDED && first <= due) {
        lines.push(`the count starts when school reconvenes: day 1 is ${isoOf(index, first)} (L674)`);
      }
      skippedLines(idx, plan.unit, firstDay, due, lines);
      if (byLimit) {
        const reached = countBetween(idx, which, firstDay, due);
        lines.push(
          countDue === null
            ? `count: ${reached} of ${n} ${UNIT_WORDS[plan.unit]} by ${isoOf(index, due)}; the count alone would end after the calendar's last day`
            : `count: day ${n} would be ${isoOf(index, countDue)} (${reached} of ${n} counted by ${isoOf(index, due)})`,
        );
      } else {
        lines.push(
          n === 1
            ? `count: the next ${SINGULAR[plan.unit]} is ${isoOf(index, due)}`
            : `count: ${n} ${UNIT_WORDS[plan.unit]}: day 1 is ${isoOf(index, first)}, day ${n} is ${isoOf(index, due)}`,
        );
      }
    }
  }
  if (limit.kind === 'no-next-term' && due > limit.termEnd) throw new CalendarCoverageError(isoOf(index, limit.termEnd + 1));
  if (lines && limit.kind === 'date') {
    lines.push(byLimit ? `the earlier date applies: the end-of-year limit ${isoOf(index, due)}` : `the earlier date applies: the count ${isoOf(index, due)} (limit ${isoOf(index, cap)})`);
  }
  const phrase = lines ? countPhrase(index, plan, from, trigger) + (byLimit ? ' (end-of-year limit)' : '') : '';
  return { due, actBy: null, branch: byLimit ? 'end-of-year-limit' : 'count', phrase };
}

/** L6800-6826: the month of the 22nd birthday decides the exit date. */
function evaluateAgeOut(index: CalendarIndex | null, from: number, octDecEndOfFiscalYear: boolean, lines: Sink): Outcome {
  const b22 = anniversary(from, 22);
  const { year, month } = civilFromDays(b22);
  let due: number;
  let branch: string;
  if (month <= 6) {
    due = dayOf(year, 6, 30);
    branch = 'age-out-jan-jun';
  } else if (month <= 9) {
    due = dayOf(year, 6, 30);
    branch = 'age-out-jul-sep';
  } else if (octDecEndOfFiscalYear) {
    due = dayOf(year + 1, 6, 30);
    branch = 'age-out-oct-dec-fiscal-year-end';
  } else {
    due = dayOf(year, 12, 31);
    branch = 'age-out-oct-dec';
  }
  if (lines) {
    lines.push(`22nd birthday: ${isoOf(index, b22)}`);
    const d = isoOf(index, due);
    if (branch === 'age-out-jan-jun') lines.push(`turns 22 in January–June: stays for the rest of the fiscal year, extended school year included, to ${d} (L6805-6809)`);
    else if (branch === 'age-out-jul-sep') {
      lines.push(`turns 22 in July–September: may not begin the new fiscal year; exit at the end of the current one, ${d} (L6810-6812)`);
      lines.push('exception: a student in a year-round program completing the IEP in a term that runs into the new fiscal year may finish that term (L6812-6815)');
    } else if (branch === 'age-out-oct-dec') {
      lines.push(`turns 22 in October–December: exit on December 31, ${d} (L6818-6820); exceptions keep the student to the fiscal year's end (policy ageOutOctDecEndOfFiscalYear)`);
    } else {
      lines.push(`turns 22 in October–December with an exception (IEP completes at year end, or no transition plan from 20): exit at the fiscal year's end ${d} (L6820-6826, policy ageOutOctDecEndOfFiscalYear)`);
    }
  }
  return { due, actBy: null, branch, phrase: lines ? `the age-out date of a student born ${isoOf(index, from)}` : '' };
}

function anniversaryNote(from: number, due: number, index: CalendarIndex | null): string | null {
  const a = civilFromDays(from);
  const b = civilFromDays(due);
  return a.day !== b.day ? `${isoOf(index, from)} has no such day in ${b.year}-${String(b.month).padStart(2, '0')}: the month's last day ${isoOf(index, due)} is used` : null;
}

/**
 * Evaluate any plan. `index` is null only for plans that need no calendar. With `lines` null
 * only the dates are computed (the fast path); with an array the explanation lines are added.
 */
export function evaluatePlan(index: CalendarIndex | null, plan: RulePlan, from: number, referral: number | null, trigger: string, lines: Sink = null): Outcome {
  let outcome: Outcome;
  switch (plan.kind) {
    case 'count':
      outcome = evaluateCount(index, plan, from, referral, trigger, lines);
      break;
    case 'anniversary': {
      const due = anniversary(from, plan.years);
      const birth = trigger.endsWith('birth date');
      let phrase = '';
      if (lines) {
        lines.push(birth ? `${ordinal(plan.years)} birthday: ${isoOf(index, due)}` : `count: ${plan.years}-year anniversary: ${isoOf(index, due)}`);
        const note = anniversaryNote(from, due, index);
        if (note) lines.push(note);
        if (plan.note) lines.push(plan.note);
        phrase = birth ? `${ordinal(plan.years)} birthday (born ${isoOf(index, from)})` : `${plan.years === 1 ? 'one year' : `${plan.years} years`} after the ${trigger} ${isoOf(index, from)}`;
      }
      outcome = { due, actBy: null, branch: 'anniversary', phrase };
      break;
    }
    case 'months': {
      const due = addMonths(from, plan.months);
      if (lines) {
        lines.push(`count: ${plan.months} calendar months: ${isoOf(index, due)}`);
        const note = anniversaryNote(from, due, index);
        if (note) lines.push(note);
      }
      outcome = { due, actBy: null, branch: 'months', phrase: lines ? `${plan.months} months after the ${trigger} ${isoOf(index, from)}` : '' };
      break;
    }
    case 'transition-window': {
      const third = anniversary(from, 3);
      const earliest = addMonths(third, -plan.windowMonths);
      const due = third - plan.daysBefore;
      if (lines) {
        lines.push(`third birthday: ${isoOf(index, third)}`);
        lines.push(`window opens ${plan.windowMonths} months before it: ${isoOf(index, earliest)} (months back, clamped to the month's end; policy transitionWindowMonths)`);
        lines.push(`window closes ${plan.daysBefore} days before it: ${isoOf(index, due)}`);
      }
      outcome = { due, earliest, actBy: null, branch: 'window', phrase: lines ? `window ${isoOf(index, earliest)}..${isoOf(index, due)} before the third birthday ${isoOf(index, third)}` : '' };
      break;
    }
    case 'age-out':
      outcome = evaluateAgeOut(index, from, plan.octDecEndOfFiscalYear, lines);
      break;
    case 'postsecondary': {
      const { year, month } = civilFromDays(from);
      const schoolYearEnd = month >= 7 ? year + 1 : year;
      const due = dayOf(schoolYearEnd + 1, 6, 30);
      if (lines) {
        lines.push(`exit ${isoOf(index, from)} falls in the school year ending ${schoolYearEnd}-06-30`);
        lines.push(`the June ${schoolYearEnd + 1} CASEMIS report must include students who exited during the previous school year (L7011-7013): due ${isoOf(index, due)}`);
      }
      outcome = { due, actBy: null, branch: 'postsecondary', phrase: lines ? `the June ${schoolYearEnd + 1} CASEMIS report after the exit ${isoOf(index, from)}` : '' };
      break;
    }
  }
  outcome.actBy = index ? lastCountedOnOrBefore(index, index.working, outcome.due) : null;
  if (!lines) return outcome;
  if (outcome.actBy === null) {
    lines.push(index ? `act by: not computed, the calendar does not cover ${isoOf(index, outcome.due)} or the working days before it` : 'act by: not computed without a school calendar');
  } else if (outcome.actBy !== outcome.due) {
    const f = index!.flags[outcome.due - index!.spanStart];
    const why = f & HOLIDAY && !(f & WEEKEND) ? 'a holiday' : `a ${WEEKDAY_NAMES[dayOfWeek(outcome.due)]}`;
    lines.push(`act by ${isoOf(index, outcome.actBy)}: ${isoOf(index, outcome.due)} is ${why}; the due date is not moved, staff act on the last working day before it`);
  }
  return outcome;
}
