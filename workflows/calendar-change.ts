/**
 * A new version of the case's calendar (a snow day, a moved break): every open deadline is
 * recomputed; each one whose date changes records old date, new date and why (deadlines.md §5:
 * "A deadline is never moved silently"). Closed clocks keep the dates they had.
 */
import type { Calendar } from '../deadlines';
import type { CaseState } from './case-state';
import { computeClockDates, type PlanContext } from './clock-planner';

export interface CalendarMove {
  key: string;
  process: string;
  rule: string;
  from: string | null;
  to: string | null;
  explanation: string[];
}

export function recomputeForCalendar(state: CaseState, calendar: Calendar, base: PlanContext, at: string): CalendarMove[] {
  const version = calendar.version ?? '1';
  const ctx: PlanContext = { ...base, calendar, calendarVersion: version };
  const moves: CalendarMove[] = [];
  for (const c of state.clocks.filter((x) => x.status === 'pending')) {
    const next = computeClockDates(c.rule, c.from, c.referral, c.override, c.also, undefined, ctx);
    c.calendarVersion = version;
    if (next.due === c.due && next.problem === c.problem) {
      c.explanation = next.explanation;
      continue;
    }
    const reason = `calendar ${calendar.id} version ${version} published`;
    c.moves.push({ from: c.due, to: next.due, reason, at, explanation: next.explanation });
    moves.push({ key: c.key, process: c.process, rule: c.rule, from: c.due, to: next.due, explanation: next.explanation });
    c.due = next.due;
    c.actBy = next.actBy;
    c.earliest = next.earliest;
    c.explanation = next.explanation;
    c.problem = next.problem;
    c.reminders = next.reminders;
    // A later date re-arms what has not happened yet under the new date.
    if (c.due !== null && c.due >= base.today) {
      c.dueFired = false;
      c.overdue = false;
      c.remindersFired = c.remindersFired.filter((d) => c.reminders.includes(d) && d < base.today);
    }
  }
  state.calendar = calendar;
  state.calendarVersion = version;
  return moves;
}
