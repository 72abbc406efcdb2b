/**
 * Turns the clocks a chart declares (machines/contract.ts ClockDeclaration, read from the
 * active states' meta) into dated clock records, with the deadline engine and the case's
 * pinned calendar. Entering a state starts its clocks, leaving cancels them, a changed
 * trigger date restarts them (architecture.md "The chart ↔ interpreter contract").
 * Pure: no Temporal, no clock.
 */
import {
  computeDeadline,
  earliestOf,
  reminderDates,
  reminderSpecFor,
  type Calendar,
  type DeadlineResult,
  type Policy,
} from '../deadlines';
import type { RuleId } from '../deadlines/rule-ids';
import type { RunningClock } from '../machines/clocks';
import type { ReminderSpec } from '../machines/contract';
import type { ClockRecord } from './case-state';

export interface PlanContext {
  calendar: Calendar;
  calendarVersion: string;
  policy: Partial<Policy>;
  remindersOn: boolean;
  /** Today in the district; reminders already in the past when a clock starts are not sent. */
  today: string;
}

export interface ComputedDates {
  due: string | null;
  actBy: string | null;
  earliest: string | null;
  explanation: string[];
  problem: string | null;
  reminders: string[];
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Compute one clock's dates; a computation the engine refuses becomes a visible problem, never a guess. */
export function computeClockDates(
  rule: RuleId,
  from: string,
  referral: string | null,
  override: string | null,
  also: Array<{ rule: RuleId; fromDate: string }>,
  remind: ReminderSpec | undefined,
  ctx: PlanContext,
): ComputedDates {
  try {
    const results: DeadlineResult[] = [
      computeDeadline(ctx.calendar, { rule, from, referral: referral ?? undefined, policy: ctx.policy }),
      ...also.map((a) => computeDeadline(ctx.calendar, { rule: a.rule, from: a.fromDate, policy: ctx.policy })),
    ];
    const result = results.length > 1 ? earliestOf(results) : results[0];
    let due = result.due;
    let actBy = result.actBy;
    let explanation = result.explanation;
    if (override) {
      // An agreed date replaces the computed one (L668-669 written extension; L581-588 transfer).
      explanation = [`due ${override}: date agreed in writing (computed ${result.due})`, ...result.explanation];
      due = override;
      actBy = override;
    }
    return {
      due,
      actBy,
      earliest: result.earliest ?? null,
      explanation,
      problem: null,
      reminders: ctx.remindersOn ? reminderPlan(rule, due, remind, ctx) : [],
    };
  } catch (error) {
    return {
      due: null,
      actBy: null,
      earliest: null,
      explanation: [`${rule}: not computed: ${messageOf(error)}`],
      problem: messageOf(error),
      reminders: [],
    };
  }
}

function reminderPlan(rule: RuleId, due: string, remind: ReminderSpec | undefined, ctx: PlanContext): string[] {
  if (remind === 'none') return [];
  const spec = remind === undefined || remind === 'default' ? reminderSpecFor(rule) : remind;
  try {
    return reminderDates(ctx.calendar, due, spec).filter((d) => d < due);
  } catch {
    // A reminder the calendar cannot place is dropped; the due itself still fires.
    return [];
  }
}

function sameInputs(record: ClockRecord, running: RunningClock): boolean {
  return (
    record.from === running.fromDate &&
    record.referral === running.referralDate &&
    record.override === running.overrideDate &&
    JSON.stringify(record.also) === JSON.stringify(running.also)
  );
}

export interface ClockChanges {
  opened: ClockRecord[];
  closed: ClockRecord[];
  restarted: Array<{ old: ClockRecord; next: ClockRecord }>;
}

/**
 * Bring the clock records of one process in line with the clocks its active states declare.
 * `clocks` is mutated in place (records are appended or closed, never deleted).
 */
export function syncProcessClocks(
  clocks: ClockRecord[],
  processKey: string,
  running: RunningClock[],
  processDone: boolean,
  on: string,
  ctx: PlanContext,
): ClockChanges {
  const changes: ClockChanges = { opened: [], closed: [], restarted: [] };
  const pending = clocks.filter((c) => c.process === processKey && c.status === 'pending');
  const keep = new Set<ClockRecord>();
  for (const r of processDone ? [] : running) {
    const current = pending.find((c) => c.clock === r.decl.id);
    if (current && sameInputs(current, r)) {
      current.exempt = r.exempt;
      keep.add(current);
      continue;
    }
    const next = newRecord(clocks, processKey, r, on, ctx);
    if (current) {
      close(current, on, 'cancelled');
      changes.restarted.push({ old: current, next });
      keep.add(current);
    } else {
      changes.opened.push(next);
    }
    clocks.push(next);
    keep.add(next);
  }
  for (const c of pending) {
    if (!keep.has(c)) {
      close(c, on, processDone ? 'closed' : 'closed');
      changes.closed.push(c);
    }
  }
  return changes;
}

function close(c: ClockRecord, on: string, status: 'closed' | 'cancelled'): void {
  c.status = status;
  c.closedOn = on;
  c.late = c.due !== null && on > c.due;
}

function newRecord(clocks: ClockRecord[], processKey: string, r: RunningClock, on: string, ctx: PlanContext): ClockRecord {
  const n = clocks.filter((c) => c.process === processKey && c.clock === r.decl.id).length + 1;
  const rule = r.decl.rule;
  const also = r.also.map((a) => ({ rule: a.rule as RuleId, fromDate: a.fromDate }));
  const dates = computeClockDates(rule, r.fromDate, r.referralDate, r.overrideDate, also, r.decl.remind, ctx);
  return {
    key: `${processKey}/${r.decl.id}#${n}`,
    process: processKey,
    clock: r.decl.id,
    rule,
    from: r.fromDate,
    referral: r.referralDate,
    override: r.overrideDate,
    also,
    ...dates,
    calendarVersion: ctx.calendarVersion,
    remindersFired: [],
    onDue: r.decl.onDue,
    onReminder: r.decl.onReminder ?? null,
    onOpen: r.decl.onOpen ?? null,
    openFired: false,
    dueFired: false,
    overdue: false,
    exempt: r.exempt,
    status: 'pending',
    openedOn: on,
    openedToday: ctx.today,
    closedOn: null,
    late: false,
    moves: [],
  };
}
