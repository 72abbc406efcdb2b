/**
 * `caseclock simulate`: each history through the real `studentCase` workflow and the real
 * activities on the time-skipping test server, one worker per server. Before each step time
 * moves to the step's date at the district's timer hour; every timer due on the way fires in
 * order and is reported with the step. The case lives on its own dates through the simulation
 * epoch (CaseSettings.timeShiftMs), because the test server's clock only moves forward from
 * today. Time skipping is global to a server, so one server runs its histories one after the
 * other (lanes.ts runs several servers side by side).
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import type { WorkflowBundleOption } from '@temporalio/worker';
import type { Calendar } from '../../deadlines';
import { createCaseWorker } from '../../worker/create-worker';
import type { CaseEffectActivities } from '../../workflows/activity-types';
import type { CaseState } from '../../workflows/case-state';
import { buildCaseView, type CaseView } from '../../workflows/case-view';
import { caseStateQuery, caseViewQuery, publishCalendarUpdate, recordEventUpdate } from '../../workflows/messages';
import { cachedWorkflowBundle } from './bundle-cache';
import { caseInstant, ServerClock, shiftAt } from './sim-clock';
import type { Mismatch, StepObservation } from './expectations';
import { historyReport, observeStep, simulatedCaseInput, stepReport, TIMER_HOUR } from './step-report';
import { stepDate, type LoadedHistory } from './history';
import { trace } from './trace';

export interface StepReport {
  index: number;
  kind: 'event' | 'advanceTo' | 'publishCalendar';
  label: string;
  date: string;
  /** Timer points that fired on the way to this step (and because of it). */
  fired: Array<{ occurredOn: string; type: string; process?: string }>;
  refused: string | null;
  states: Record<string, string>;
  pending: Array<{ rule: string; due: string | null; actBy: string | null; explanation: string }>;
  notices: Array<{ form: string; to: string[] }>;
  moved: Array<{ rule: string; from: string | null; to: string | null }>;
  mismatches: Mismatch[];
}

/** A deadline the case recorded, open or closed, as it stood after the last step. */
export interface RecordedDeadline {
  key: string;
  rule: string;
  due: string | null;
  status: string;
}

export interface HistoryReport {
  id: string;
  path: string;
  title?: string;
  steps: StepReport[];
  mismatches: Array<Mismatch & { step: number }>;
  /** Every deadline of the case after the last step (the export-history round trip compares these). */
  deadlines: RecordedDeadline[];
  wallMs: number;
}

const TASK_QUEUE = 'caseclock-simulate';

export interface SimulateOptions {
  /** The workflow bundle (default: the on-disk cache of bundle-cache.ts, made on a miss). */
  bundle?: WorkflowBundleOption | Promise<WorkflowBundleOption>;
  /** Where the next history comes from (default: `histories` in order); lanes.ts shares one queue. */
  next?: () => LoadedHistory | undefined;
  /**
   * Take each step's state from the event's Update answer (`withState`) instead of a query
   * after it (default true). Off where the recorded history itself is the product (the golden
   * recorder, the replay bench): the answer's state is written into the history.
   */
  stateFromUpdate?: boolean;
}

/**
 * Runs histories one after the other on `env` with one worker; reports in the order run. The
 * workflows start in that order (the golden recorder relies on it).
 */
export async function simulate(
  env: TestWorkflowEnvironment,
  histories: LoadedHistory[],
  activities: CaseEffectActivities,
  onReport: (report: HistoryReport) => void = () => undefined,
  opts: SimulateOptions = {},
): Promise<HistoryReport[]> {
  let i = 0;
  const next = opts.next ?? (() => histories[i++]);
  const bundle = await (opts.bundle ?? cachedWorkflowBundle());
  // The first case starts on the server while the worker is made (its task waits on the queue
  // until the worker polls; time skipping stays locked, so the case's clock only runs at real
  // speed): saves the clock read and the start's round trips before step 0.
  const clock = ServerClock.start(env);
  const first = next();
  const firstCase = first ? clock.then((c) => startCase(env, c, first)) : undefined;
  firstCase?.catch(() => undefined); // awaited below; a failure surfaces there
  trace(() => 'creating the worker');
  const worker = await createCaseWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue: TASK_QUEUE,
    activities,
    bundle,
    workflowsOnMainThread: true,
  });
  trace(() => 'worker created');
  const reports: HistoryReport[] = [];
  await worker.runUntil(async () => {
    const serverClock = await clock;
    let started = firstCase;
    for (let loaded = first; loaded; loaded = next(), started = undefined) {
      const report = await runCase(serverClock, loaded, await (started ?? startCase(env, serverClock, loaded)), opts.stateFromUpdate ?? true);
      reports.push(report);
      onReport(report);
    }
  });
  return reports;
}

/** Poll `read` until no effect is queued: at once, then 2, 4, 8 … 25 ms apart (bounded, ≈ 10 s of waiting). */
async function untilSettled<T>(read: () => Promise<T>, queued: (seen: T) => number): Promise<T> {
  let wait = 2;
  for (let i = 0; i < 400; i++) {
    const seen = await read();
    if (queued(seen) === 0) return seen;
    await new Promise((r) => setTimeout(r, wait));
    wait = Math.min(wait * 2, 25);
  }
  return read();
}

/** The case view once the notices and alerts that timers or events queued have run (bounded). */
export async function settle(handle: WorkflowHandle): Promise<CaseView> {
  return untilSettled(() => handle.query(caseViewQuery), (view) => view.effectsQueued);
}

const queuedEffects = (state: CaseState): number => state.effects.filter((e) => e.status === 'queued').length;

/** The case state once every queued effect has run: one query when nothing is in flight. */
function settledState(handle: WorkflowHandle): Promise<CaseState> {
  return untilSettled(() => handle.query(caseStateQuery), queuedEffects);
}

/**
 * An activity that keeps failing is retried in real time while a client waits on an Update
 * (time skipping is locked then); after this long the step goes on and is observed as it
 * stands, with the effect still queued, as the polling settle() always did.
 */
const EFFECTS_WAIT_MS = 20_000;

/** Wait for `promise` at most `ms`; its failure still throws, its lateness does not. */
async function bounded<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  promise.catch(() => undefined); // a late failure (e.g. the run terminated) is not unhandled
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

interface StartedCase {
  handle: WorkflowHandle;
  timeShiftMs: number;
  timeZone: string;
  firstDate: string;
}

/** Open the history's case on the server, its clock shifted to just before its first date. */
async function startCase(env: TestWorkflowEnvironment, clock: ServerClock, loaded: LoadedHistory): Promise<StartedCase> {
  const { history } = loaded;
  const timeZone = loaded.calendar.timeZone ?? 'America/Los_Angeles';
  const firstDate = history.steps.map(stepDate).find((d): d is string => d !== null)!;
  const timeShiftMs = shiftAt(clock.now(), firstDate, timeZone);
  const input = simulatedCaseInput(loaded, { timeShiftMs });
  const handle = await env.client.workflow.start('studentCase', {
    taskQueue: TASK_QUEUE,
    workflowId: `${input.caseId}-${Date.now()}`,
    args: [{ open: input }],
  });
  return { handle, timeShiftMs, timeZone, firstDate };
}

/**
 * Round trips per step, the cost that dominates on the time-skipping server (profiled: a query
 * ≈ 40 ms, an Update ≈ 70 ms, a clock read ≈ 7 ms, each step used to make 6 or more): one
 * sleep to the step's date, only when the date moves (server time is tracked, not asked); one
 * Update that returns once the step's notices and alerts have run (`waitForEffects`; effects
 * run in order, so the ones the timers queued on the way have run too) and answers with the
 * case state (`withState`); the view is built from that state by the same code as the
 * workflow's query. A state query (polled until no effect is queued) only follows a step
 * without an event, a refused event, an Update that outlived EFFECTS_WAIT_MS, or an answer
 * that still shows a queued effect. The
 * timers' effects need no wait before the event: the test server keeps time still while an
 * activity runs, and an effect's outcome changes no chart (CaseEngine.settleEffect).
 */
async function runCase(
  clock: ServerClock,
  loaded: LoadedHistory,
  { handle, timeShiftMs, timeZone, firstDate }: StartedCase,
  stateFromUpdate: boolean,
): Promise<HistoryReport> {
  const started = Date.now();
  const { history } = loaded;
  const steps: StepReport[] = [];
  let lastSeq = 0;
  let lastTimeline = 0;
  let current = firstDate;
  let state: CaseState | null = null;
  for (const [index, step] of history.steps.entries()) {
    const date = stepDate(step) ?? current;
    current = date;
    // Move to the step's date, one minute past the timer hour, so that day's timers have fired.
    trace(() => `${history.id} step ${index} ${date} move`);
    await clock.moveTo(caseInstant(timeZone, date, TIMER_HOUR) - timeShiftMs);
    trace(() => `${history.id} step ${index} apply`);
    let refused: string | null = null;
    let moved: StepObservation['moved'] = [];
    let answered: CaseState | undefined;
    if (step.event) {
      try {
        const request = { event: step.event, waitForEffects: true, withState: stateFromUpdate };
        answered = (await bounded(handle.executeUpdate(recordEventUpdate, { args: [request] }), EFFECTS_WAIT_MS))?.caseState;
      } catch (error) {
        if (!(error instanceof WorkflowUpdateFailedError)) throw error;
        refused = error.cause?.message ?? error.message;
      }
    } else if (step.publishCalendar) {
      const answer = await handle.executeUpdate(publishCalendarUpdate, { args: [loaded.published[index] as Calendar] });
      moved = answer.moved.map((m) => ({ rule: m.rule, from: m.from, to: m.to }));
    }
    const settled = answered !== undefined && queuedEffects(answered) === 0;
    trace(() => `${history.id} step ${index} ${settled ? 'answered' : 'query'}`);
    const seen: CaseState = settled ? answered! : await settledState(handle);
    state = seen;
    const view = buildCaseView(seen, date);
    trace(() => `queued ${JSON.stringify(seen.effects.filter((e) => e.status !== 'done').map((e) => [e.id, e.type, e.status, e.error]))}`);
    const contexts: Record<string, Record<string, unknown>> = {};
    for (const p of seen.processes) contexts[p.chart] = ((p.snapshot as { context?: Record<string, unknown> })?.context ?? {}) as Record<string, unknown>;
    steps.push(stepReport(index, step, date, seen, lastTimeline, observeStep(seen, view, lastSeq, refused, moved, contexts)));
    lastSeq = seen.seq;
    lastTimeline = seen.timeline.length;
  }
  await handle.terminate('simulation finished');
  trace(() => `${history.id} finished`);
  return historyReport(loaded, steps, started, state!);
}
