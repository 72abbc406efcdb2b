/**
 * The chart interpreter for one student case: pure and deterministic, no Temporal, no I/O.
 * The `studentCase` workflow is a thin shell around it (handlers call `apply`, the main loop
 * calls `advance` and runs `queuedEffects()` as activities); auditors' replay and
 * `caseclock simulate` read the same state, so there is one interpreter, not two.
 *
 * - XState's pure `initialTransition` / `transition` only (a running actor breaks in the
 *   workflow sandbox); snapshots are persisted as JSON and restored with `resolveState`.
 * - Declared clocks (state meta) become dated clock records through the deadline engine.
 * - Declared actions run in case-actions.ts: effects become effect records keyed
 *   `<caseId>:<seq>:<process>:<index>` (idempotency key); openProcess / closeProcess /
 *   transferRights change the case itself, at once.
 */
import { initialTransition, transition, type AnyMachineSnapshot } from 'xstate';
import { ZodError } from 'zod';
import { runningClocks, statePath } from '../machines/clocks';
import { clockEventPrefix, type ProcessInput } from '../machines/contract';
import { eventDetail, runDeclaredAction, type EmittedAction } from './case-actions';
import type { ChartRegistry } from '../machines/registry';
import { type CaseState, type ClockRecord, type OpenCaseInput, type ProcessRecord, CASE_STATE_VERSION, DEFAULT_SETTINGS } from './case-state';
import type { MigrationActor, MigrationStep, MigrationTarget } from './chart-migration';
import { migrateCase, publishCalendarOn } from './case-commands';
import { syncProcessClocks, type ClockChanges, type PlanContext } from './clock-planner';
import { delayForReason } from './meeting-delays';
import { nextPoint, type ClockPoint } from './clock-points';
import { firstIssue, RefusedEvent, routeEvent, safeCan, type Route } from './event-router';
import { enqueueEffect } from './effect-queue';
import { CURRENT_BEHAVIOUR, type EnginePatches } from './engine-patches';
import type { CalendarMove } from './calendar-change';
import { dateIn, instantAt, isoInstant } from './zoned-time';
import type { Calendar } from '../deadlines';

export { RefusedEvent };

export interface ApplyOutcome {
  seq: number;
  process: string;
  state: string;
  opened: string[];
}

export class CaseEngine {
  private live = new Map<string, AnyMachineSnapshot>();
  /** Process keys opened by the step being applied (for the Update's answer). */
  private openedNow: string[] = [];
  /** The clock whose point is firing, so a chart's escalation names its rule and date. */
  private firing: ClockRecord | null = null;
  /** Behaviour changes a replayed history must not see; the workflow answers them with patched(). */
  patches: EnginePatches = CURRENT_BEHAVIOUR;
  /** Auditor replay to a timeline entry only (client/replay.ts): once it is recorded, no clock fires. */
  firesUpToSeq: number | null = null;

  constructor(
    public state: CaseState,
    readonly registry: ChartRegistry,
  ) {
    // States written before CALPADS codes were known carry a placeholder: no code yet.
    for (const d of state.delays) if (d.calpadsCode === 'pending-reason') d.calpadsCode = null;
  }

  static open(input: OpenCaseInput, registry: ChartRegistry): CaseEngine {
    const state: CaseState = {
      stateVersion: CASE_STATE_VERSION,
      caseId: input.caseId,
      profile: input.profile,
      calendar: input.calendar,
      calendarVersion: calendarVersionOf(input.calendar),
      policy: input.policy ?? {},
      settings: { ...DEFAULT_SETTINGS, ...input.settings },
      rightsHolder: 'parent',
      processes: [],
      counters: {},
      clocks: [],
      timeline: [],
      effects: [],
      delays: [],
      seq: 0,
      ledgerHead: null,
      run: 1,
    };
    return new CaseEngine(state, registry);
  }

  get timeZone(): string {
    return this.state.calendar.timeZone ?? 'America/Los_Angeles';
  }

  /** Case time for a server instant (see CaseSettings.timeShiftMs). */
  caseTime(nowMs: number): number {
    return nowMs + this.state.settings.timeShiftMs;
  }

  today(nowMs: number): string {
    return dateIn(this.timeZone, this.caseTime(nowMs));
  }

  /** Validator view: throws RefusedEvent, changes nothing. */
  check(raw: unknown, nowMs: number): Route {
    const until = this.catchUpInstant(raw, nowMs);
    // Most bad events are refused by routing alone, without a copy.
    const route = until === null ? this.route(raw, nowMs) : null;
    // Then the event is applied to a copy as the handler will apply it: clock points dated on
    // or before it act first, and what only the step itself can refuse (a chart that cannot
    // open on what another chart hands it) is refused here. A handler that throws after its
    // validator passed is a failed workflow task, retried for ever.
    const probe = new CaseEngine(this.probeState(), this.registry);
    if (until !== null) probe.advance(until);
    const judged = route ?? probe.route(raw, nowMs);
    probe.apply(raw, nowMs);
    return judged;
  }

  /**
   * A copy of the state to try an event on. The calendar is shared, not copied: nothing in the
   * engine changes a calendar in place (publishCalendar replaces it), and the deadline engine
   * indexes a calendar once per object (deadlines/day-index.ts indexCalendar), so a copied
   * calendar was indexed again on every validated Update (measured on C1x: ≈ 4 ms of each
   * validator, a third of the workflow's own CPU in the run).
   */
  private probeState(): CaseState {
    const { calendar, ...rest } = this.state;
    return { ...(JSON.parse(JSON.stringify(rest)) as Omit<CaseState, 'calendar'>), calendar };
  }

  private route(raw: unknown, nowMs: number): Route {
    const route = routeEvent(this.state, raw, this.today(nowMs), { registry: this.registry, snapshotOf: (p) => this.snapshotOf(p) });
    if (route.delayReason) this.reasonTarget(route);
    return route;
  }

  /** The late-meeting delay a `delayReason` answers (meeting-delays.ts), or a refusal naming the field. */
  private reasonTarget(route: Route) {
    const found = delayForReason(this.state.delays, route.kind === 'new' ? null : route.process.key, route.event.type, route.delayReason!);
    if ('refused' in found) throw new RefusedEvent(`event.delayReason: ${found.refused}`, 'event.delayReason');
    return found;
  }

  /**
   * A late-entered event (dated before today: an import, a paper form keyed in later) is
   * applied in date order: the clock points dated up to its date fire before it, the later
   * ones after it. Returns the server instant to catch up to, or null when nothing is due.
   */
  private catchUpInstant(raw: unknown, nowMs: number): number | null {
    const on = (raw as { occurredOn?: unknown } | null)?.occurredOn;
    if (typeof on !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(on)) return null;
    const limit = Math.min(nowMs, instantAt(this.timeZone, on, this.state.settings.timerHour) - this.state.settings.timeShiftMs);
    const wake = this.nextWake();
    return wake !== null && wake <= limit ? limit : null;
  }

  apply(raw: unknown, nowMs: number): ApplyOutcome {
    const until = this.catchUpInstant(raw, nowMs);
    if (until !== null) this.advance(until);
    const route = this.route(raw, nowMs);
    const seq = ++this.state.seq;
    const { event } = route;
    const actor = (event as { actor?: { role: string; id?: string } }).actor;
    let record: ProcessRecord;
    this.openedNow = [];
    if (route.kind === 'new') {
      record = this.openProcess(route.chart, { trigger: event, student: this.studentInput() }, seq, event.occurredOn, nowMs, actor);
    } else {
      record = route.process;
      const detail = { ...eventDetail(event), ...(route.delayReason ? { delayReason: route.delayReason } : {}) };
      this.timeline(nowMs, { seq, occurredOn: event.occurredOn, kind: 'event', type: event.type, process: record.key, actor, detail });
      const late = route.delayReason ? this.reasonTarget(route) : null;
      const def = this.registry.require(record.chart, record.version);
      const [next, actions] = transition(def.machine, this.snapshotOf(record), event as never);
      this.afterStep(record, next as AnyMachineSnapshot, actions as EmittedAction[], seq, event.occurredOn, nowMs);
      if (late) {
        Object.assign(late.delay, { reason: route.delayReason, calpadsCode: late.code });
        this.timeline(nowMs, { seq, occurredOn: event.occurredOn, kind: 'delay', type: 'DELAY_REASON_RECORDED', process: record.key, detail: { rule: late.delay.rule, reason: route.delayReason, calpadsCode: late.code } });
      }
    }
    return { seq, process: record.key, state: record.state, opened: [...this.openedNow] };
  }

  /** Fire every clock point due at or before `nowMs`, in time order. Returns how many fired. */
  advance(nowMs: number): number {
    let fired = 0;
    for (;;) {
      const point = nextPoint(this.state.clocks, this.timeZone, this.state.settings.timerHour);
      if (!point || point.instant > this.caseTime(nowMs)) return fired;
      if (this.firesUpToSeq !== null && this.state.seq >= this.firesUpToSeq) return fired;
      this.firePoint(point, nowMs);
      fired++;
      if (fired > 10_000) throw new Error('clock points do not converge');
    }
  }

  /** The clock whose due or reminder is being fired, if any (case-actions.ts). */
  get firingClock(): ClockRecord | null {
    return this.firing;
  }

  /** Server epoch ms of the next clock point, or null when nothing is scheduled. */
  nextWake(): number | null {
    const point = nextPoint(this.state.clocks, this.timeZone, this.state.settings.timerHour);
    return point ? point.instant - this.state.settings.timeShiftMs : null;
  }

  /** A new version of the case's calendar: open deadlines recomputed, every move recorded. */
  publishCalendar(calendar: Calendar, nowMs: number): CalendarMove[] {
    return publishCalendarOn(this, calendar, nowMs);
  }

  /** Move open instances to other chart versions, deliberately (case-commands.ts). */
  migrateProcesses(nowMs: number, target?: MigrationTarget, by?: MigrationActor): MigrationStep[] {
    return migrateCase(this, nowMs, target, by);
  }

  /** What `migrateProcesses` would do, worked out on a copy (the dry run); throws RefusedEvent. */
  previewMigration(nowMs: number, target?: MigrationTarget): MigrationStep[] {
    return migrateCase(new CaseEngine(this.probeState(), this.registry), nowMs, target);
  }

  /** Use `snapshot` as the live snapshot of `p` from now on (a migrated instance). */
  adoptSnapshot(p: ProcessRecord, snapshot: AnyMachineSnapshot): void {
    this.live.set(p.key, snapshot);
  }

  queuedEffects() {
    return this.state.effects.filter((e) => e.status === 'queued');
  }

  settleEffect(id: string, outcome: { result?: Record<string, unknown>; error?: string }): void {
    const effect = this.state.effects.find((e) => e.id === id);
    if (!effect) return;
    effect.status = outcome.error ? 'failed' : 'done';
    if (outcome.result) effect.result = outcome.result;
    if (outcome.error) effect.error = outcome.error;
  }

  /** Live snapshot of an instance (restored once, then cached). */
  snapshotOf(p: ProcessRecord): AnyMachineSnapshot {
    let snap = this.live.get(p.key);
    if (!snap) {
      snap = this.registry.require(p.chart, p.version).machine.resolveState(p.snapshot) as AnyMachineSnapshot;
      this.live.set(p.key, snap);
    }
    return snap;
  }

  planContext(nowMs: number): PlanContext {
    return {
      calendar: this.state.calendar,
      calendarVersion: this.state.calendarVersion,
      policy: this.state.policy,
      remindersOn: this.state.settings.reminders,
      today: this.today(nowMs),
    };
  }

  // --- internals ---------------------------------------------------------------------------

  /** The student as a chart's input sees them: ids and codes only. */
  studentInput(): ProcessInput['student'] {
    const p = this.state.profile;
    return { id: p.studentId, birthDate: p.birthDate, language: p.language };
  }

  /** Open a new instance of `chart` (an outside event, or a chart's openProcess action). */
  openProcess(
    chart: string,
    input: ProcessInput,
    seq: number,
    on: string,
    nowMs: number,
    actor?: { role: string; id?: string },
  ): ProcessRecord {
    // The version is the recorded run's on replay (engine-patches.ts), the newest on a new run.
    const def = this.registry.require(chart, this.patches.chartVersion(chart, this.registry.versions(chart)));
    const n = (this.state.counters[chart] ?? 0) + 1;
    this.state.counters[chart] = n;
    const [snapshot, actions] = initialTransition(def.machine, input);
    if ((snapshot as AnyMachineSnapshot).status === 'error') {
      // A chart's context factory refused its input (a zod error naming the field).
      const cause = (snapshot as AnyMachineSnapshot).error;
      const detail = cause instanceof ZodError ? firstIssue(cause, 'input').message : cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
      throw new RefusedEvent(`event: ${chart} cannot open: ${detail}`, 'event');
    }
    const record: ProcessRecord = {
      key: `${chart}#${n}`,
      chart,
      version: def.version,
      status: 'open',
      openedOn: on,
      snapshot: null,
      state: '',
      lastEventOn: on,
    };
    this.state.processes.push(record);
    this.openedNow.push(record.key);
    this.timeline(nowMs, {
      seq,
      occurredOn: on,
      kind: 'process',
      type: input.trigger ? input.trigger.type : 'PROCESS_OPENED',
      process: record.key,
      actor,
      detail: { chart, version: def.version, ...(input.trigger ? { trigger: eventDetail(input.trigger) } : { opener: input.opener ?? {} }) },
    });
    this.afterStep(record, snapshot as AnyMachineSnapshot, actions as EmittedAction[], seq, on, nowMs);
    return record;
  }

  private afterStep(record: ProcessRecord, snapshot: AnyMachineSnapshot, actions: EmittedAction[], seq: number, on: string, nowMs: number): void {
    this.live.set(record.key, snapshot);
    record.snapshot = JSON.parse(JSON.stringify(snapshot));
    record.state = statePath(snapshot.value);
    record.lastEventOn = on;
    const done = snapshot.status === 'done';
    if (done) {
      record.status = 'done';
      record.closedOn = on;
    }
    this.syncClocks(record, snapshot, done, seq, on, nowMs);
    actions.forEach((action, index) => runDeclaredAction(this, record, action, seq, index, on, nowMs));
  }

  /** Bring a process's clock records in line with its snapshot, with timeline entries. */
  syncClocks(record: ProcessRecord, snapshot: AnyMachineSnapshot, done: boolean, seq: number, on: string, nowMs: number): ClockChanges {
    const changes = syncProcessClocks(this.state.clocks, record.key, runningClocks(snapshot), done, on, this.planContext(nowMs));
    for (const c of changes.opened) this.clockEntry(nowMs, seq, on, 'CLOCK_STARTED', c);
    for (const r of changes.restarted) this.clockEntry(nowMs, seq, on, 'CLOCK_RESTARTED', r.next, { previousDue: r.old.due });
    for (const c of changes.closed) this.clockEntry(nowMs, seq, on, 'CLOCK_CLOSED', c, { late: c.late });
    return changes;
  }

  private clockEntry(nowMs: number, seq: number, on: string, type: string, c: ClockRecord, extra: Record<string, unknown> = {}): void {
    this.timeline(nowMs, {
      seq,
      occurredOn: on,
      kind: 'timer',
      type,
      process: c.process,
      detail: { clock: c.clock, rule: c.rule, from: c.from, due: c.due, actBy: c.actBy, problem: c.problem, ...extra },
    });
  }

  private firePoint(point: ClockPoint, nowMs: number): void {
    const c = point.clock;
    const seq = ++this.state.seq;
    const prefix = clockEventPrefix(c.clock);
    const suffix = point.kind === 'reminder' ? 'REMINDER' : point.kind === 'open' ? 'OPEN' : point.kind === 'due' ? 'DUE' : 'OVERDUE';
    if (point.kind === 'reminder') c.remindersFired.push(point.date);
    if (point.kind === 'open') c.openFired = true;
    if (point.kind === 'due') c.dueFired = true;
    if (point.kind === 'overdue') c.overdue = true;
    const type = `${prefix}_${suffix}`;
    this.timeline(nowMs, { seq, occurredOn: point.date, kind: 'timer', type, process: c.process, detail: { rule: c.rule, due: c.due } });
    const process = this.state.processes.find((p) => p.key === c.process);
    if (!process || process.status !== 'open') return;
    const chartEvent =
      point.kind === 'reminder' ? c.onReminder : point.kind === 'open' ? c.onOpen : point.kind === 'due' ? c.onDue : null;
    const event = { type: chartEvent ?? type, occurredOn: point.date, actor: { role: 'system' }, clock: c.clock, rule: c.rule, due: c.due };
    const snapshot = this.snapshotOf(process);
    const accepted = chartEvent !== null && !(point.kind === 'due' && c.exempt) && safeCan(snapshot, event);
    if (accepted) {
      const def = this.registry.require(process.chart, process.version);
      const [next, actions] = transition(def.machine, snapshot, event as never);
      this.firing = c;
      try {
        this.afterStep(process, next as AnyMachineSnapshot, actions as EmittedAction[], seq, point.date, nowMs);
      } finally {
        this.firing = null;
      }
    }
    // No deadline passes unseen: staff hear of every reminder, and of a due the chart did not
    // escalate itself. A reminder already in the past when the clock was planned (a
    // late-entered event) still moves the chart, but alerts nobody.
    const chartEscalated = this.state.effects.some((e) => e.seq === seq && e.type === 'escalate');
    const staleReminder = point.kind === 'reminder' && point.date < c.openedToday;
    if ((point.kind === 'reminder' && !staleReminder) || (point.kind === 'due' && !chartEscalated && !c.exempt)) {
      enqueueEffect(this.state, process, 'escalate', { to: point.kind === 'reminder' ? ['caseManager'] : ['caseManager', 'spedDirector'], kind: point.kind, rule: c.rule, due: c.due }, seq, 99, point.date);
    }
  }

  /** Append to the case timeline, stamped with case time (also used by the signing handler). */
  timeline(nowMs: number, entry: Omit<CaseState['timeline'][number], 'at'>): void {
    this.state.timeline.push({ at: isoInstant(this.caseTime(nowMs)), ...entry });
  }
}

export function calendarVersionOf(calendar: Calendar): string {
  return calendar.version ?? '1';
}
