/**
 * Commands on a whole case that are not chart events: a new calendar version and a chart
 * migration. Both recompute open deadlines and record every change in the timeline (a date
 * never moves silently, deadlines.md §5). Pure: they work on the CaseEngine, no Temporal.
 */
import { runningClocks, statePath } from '../machines/clocks';
import type { Calendar } from '../deadlines';
import { recomputeForCalendar, type CalendarMove } from './calendar-change';
import type { CaseEngine } from './case-engine';
import { migrationPlan, replanMigratedClocks, type MigrationActor, type MigrationStep, type MigrationTarget } from './chart-migration';
import { isoInstant } from './zoned-time';

export function publishCalendarOn(engine: CaseEngine, calendar: Calendar, nowMs: number): CalendarMove[] {
  const { state } = engine;
  const seq = ++state.seq;
  const moves = recomputeForCalendar(state, calendar, engine.planContext(nowMs), isoInstant(engine.caseTime(nowMs)));
  engine.timeline(nowMs, {
    seq,
    occurredOn: engine.today(nowMs),
    kind: 'calendar',
    type: 'CALENDAR_PUBLISHED',
    detail: { calendar: calendar.id, version: state.calendarVersion, moved: moves.map((m) => ({ rule: m.rule, from: m.from, to: m.to })) },
  });
  return moves;
}

/**
 * Every open instance to its chart's current version, or one chart to a registered version
 * (`target`). The snapshot keeps its state and context; entry actions of the new version do
 * not run (nothing is sent because of a migration). Pending clocks are re-planned under the new
 * declarations, new ones open, dropped ones close — each with a timeline entry under one seq.
 */
export function migrateCase(engine: CaseEngine, nowMs: number, target?: MigrationTarget, by?: MigrationActor): MigrationStep[] {
  const plan = migrationPlan(engine.state, engine.registry, target);
  if (!plan.length) return [];
  const { state } = engine;
  const seq = ++state.seq;
  const on = engine.today(nowMs);
  const at = isoInstant(engine.caseTime(nowMs));
  return plan.map(({ process: p, def, snapshot }) => {
    const from = p.version;
    p.version = def.version;
    p.state = statePath(snapshot.value);
    engine.adoptSnapshot(p, snapshot);
    // Who asked is recorded with old and new version: an auditor sees a deliberate act, not drift.
    engine.timeline(nowMs, { seq, occurredOn: on, kind: 'process', type: 'PROCESS_MIGRATED', process: p.key, ...(by ? { actor: by } : {}), detail: { chart: p.chart, from, to: def.version } });
    const reason = `chart ${p.chart} migrated from ${from} to ${def.version}`;
    const replanned = replanMigratedClocks(state.clocks, p.key, runningClocks(snapshot), engine.planContext(nowMs), reason, at);
    for (const r of replanned) {
      engine.timeline(nowMs, { seq, occurredOn: on, kind: 'timer', type: 'CLOCK_REPLANNED', process: p.key, detail: { ...r, reason } });
    }
    const changes = engine.syncClocks(p, snapshot, false, seq, on, nowMs);
    return { process: p.key, from, to: def.version, replanned, opened: changes.opened.map((c) => c.rule), closed: changes.closed.map((c) => c.rule) };
  });
}
