/**
 * Moving open process instances to another chart version, deliberately (architecture.md: "a
 * migration is an explicit command"; docs/migrations.md). The registry keeps versions side by
 * side, so a build can hold v1 and v2 of a chart while cases move one at a time.
 *
 * Pure: the interpreter (case-engine.ts) calls `migrationPlan` (which instances move, or a
 * refusal naming the first that cannot, with nothing changed) and `replanMigratedClocks` (the
 * pending clocks of a moved instance recomputed under the new version's declarations: a
 * changed rule, reminder spec or due event moves the dates, recorded like a calendar change —
 * never silently).
 */
import type { AnyMachineSnapshot } from 'xstate';
import { z } from 'zod';
import type { RunningClock } from '../machines/clocks';
import type { ProcessDefinition } from '../machines/contract';
import type { ChartRegistry } from '../machines/registry';
import type { RuleId } from '../deadlines/rule-ids';
import type { CaseState, ClockRecord, ProcessRecord } from './case-state';
import { computeClockDates, type PlanContext } from './clock-planner';
import { RefusedEvent } from './event-router';

/** `--to <chart>@<version>`: one chart, to one registered version (omitted: every chart to its current version). */
export const MigrationTarget = z
  .object({
    chart: z.string().regex(/^[a-z][a-z0-9-]{1,63}$/, 'must be a chart id (kebab-case)'),
    version: z.string().regex(/^\d+\.\d+\.\d+$/, 'must be a version like 1.2.0'),
  })
  .strict();
export type MigrationTarget = z.infer<typeof MigrationTarget>;

/** Who ran the migration (`caseclock migrate --by`): a staff id, never a name; the timeline records it. */
export const MigrationActor = z
  .object({
    role: z.enum(['district', 'selpa']),
    id: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be a staff id (letters, digits, . _ -), not a name'),
  })
  .strict();
export type MigrationActor = z.infer<typeof MigrationActor>;

/** A migration's actor from outside (optional: migrations recorded before it was asked carry none). */
export function migrationActor(raw: unknown): MigrationActor | undefined {
  if (raw === undefined || raw === null) return undefined;
  const parsed = MigrationActor.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new RefusedEvent(`by${issue.path.length ? `.${issue.path.join('.')}` : ''}: ${issue.message}`, 'by');
  }
  return parsed.data;
}

export interface ClockReplan {
  clock: string;
  rule: string;
  previousRule: string;
  due: string | null;
  previousDue: string | null;
}

export interface MigrationStep {
  process: string;
  from: string;
  to: string;
  /** Pending clocks recomputed under the new version (dates or rule changed). */
  replanned: ClockReplan[];
  /** Clocks the new version declares that were not running (rule ids). */
  opened: string[];
  /** Clocks the new version no longer declares in this state (rule ids). */
  closed: string[];
}

export interface PlannedMove {
  process: ProcessRecord;
  def: ProcessDefinition;
  snapshot: AnyMachineSnapshot;
}

function targetDefinition(registry: ChartRegistry, target: MigrationTarget): ProcessDefinition {
  try {
    return registry.require(target.chart, target.version);
  } catch {
    const current = registry.get(target.chart);
    throw new RefusedEvent(
      current
        ? `to: this build has no ${target.chart}@${target.version} (current ${current.version})`
        : `to: unknown chart ${target.chart}`,
      'to',
    );
  }
}

/**
 * The open instances that move and the definition each moves to. Refused, with nothing
 * changed, when a snapshot's state does not exist in the new version.
 */
export function migrationPlan(state: CaseState, registry: ChartRegistry, target?: MigrationTarget): PlannedMove[] {
  const pinned = target ? targetDefinition(registry, target) : null;
  return state.processes
    .filter((p) => p.status === 'open' && (!target || p.chart === target.chart))
    .map((p) => ({ p, def: pinned ?? registry.require(p.chart) }))
    .filter(({ p, def }) => def.version !== p.version)
    .map(({ p, def }) => {
      try {
        return { process: p, def, snapshot: def.machine.resolveState(p.snapshot) as AnyMachineSnapshot };
      } catch (error) {
        const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
        throw new RefusedEvent(`migration: ${p.key} is in ${p.state}, which ${def.id}@${def.version} does not have (${why})`, 'process');
      }
    });
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Recompute, in place, the pending clocks of one migrated instance whose trigger dates are
 * unchanged but whose declaration (rule, reminders, events) the new version changed. Clocks
 * with other trigger dates, new ones and dropped ones are left to syncProcessClocks (restart,
 * open, close). A point already passed under the new dates does not fire again: reminders dated
 * before today count as sent; a due moved to today or later is armed again.
 */
export function replanMigratedClocks(
  clocks: ClockRecord[],
  processKey: string,
  running: RunningClock[],
  ctx: PlanContext,
  reason: string,
  at: string,
): ClockReplan[] {
  const out: ClockReplan[] = [];
  for (const c of clocks.filter((x) => x.process === processKey && x.status === 'pending')) {
    const r = running.find((x) => x.decl.id === c.clock);
    if (!r || r.fromDate !== c.from || r.referralDate !== c.referral || r.overrideDate !== c.override) continue;
    if (!same(r.also.map((a) => ({ rule: a.rule, fromDate: a.fromDate })), c.also)) continue;
    c.exempt = r.exempt;
    const rule = r.decl.rule as RuleId;
    const next = computeClockDates(rule, c.from, c.referral, c.override, c.also, r.decl.remind, ctx);
    const handlers = { onDue: r.decl.onDue, onReminder: r.decl.onReminder ?? null, onOpen: r.decl.onOpen ?? null };
    const unchanged =
      c.rule === rule &&
      c.due === next.due &&
      c.actBy === next.actBy &&
      c.earliest === next.earliest &&
      same(c.reminders, next.reminders) &&
      same({ onDue: c.onDue, onReminder: c.onReminder, onOpen: c.onOpen }, handlers);
    if (unchanged) continue;
    out.push({ clock: c.clock, rule, previousRule: c.rule, due: next.due, previousDue: c.due });
    if (c.due !== next.due) c.moves.push({ from: c.due, to: next.due, reason, at, explanation: next.explanation });
    const dueMoved = c.due !== next.due;
    Object.assign(c, { rule, due: next.due, actBy: next.actBy, earliest: next.earliest, explanation: next.explanation, problem: next.problem, reminders: next.reminders }, handlers);
    if (dueMoved && c.due !== null && c.due >= ctx.today) {
      c.dueFired = false;
      c.overdue = false;
    }
    c.remindersFired = c.reminders.filter((d) => d < ctx.today || c.remindersFired.includes(d));
    if (c.earliest !== null && c.earliest >= ctx.today) c.openFired = false;
  }
  return out;
}
