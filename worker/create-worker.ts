/**
 * One place that builds the caseclock worker, used by `worker/main.ts`, the start command,
 * the tests and the benchmarks, so they all run the same workflows with the same settings.
 */
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, NativeConnection, Worker, type WorkflowBundleOption, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { DataConverter } from '@temporalio/common';
import { z } from 'zod';
import type { CaseEffectActivities } from '../workflows/activity-types';
import { boundDataConverter, FAILURE_CONVERTER_PATH } from './payload-codec';

export const WORKFLOWS_PATH = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

let bundlePromise: Promise<WorkflowBundleWithSourceMap> | null = null;

/**
 * Modules evaluated once per workflow context and shared by every workflow in it (the SDK's
 * preloadModules, with the reused V8 context). The sandbox otherwise evaluates every bundled
 * module again for each workflow it creates: deadlines/ (rules, calendars' code, date-fns, zod)
 * was ≈ 0.9 of the 1.52 MiB each cached workflow held (bench/workflow-memory.ts);
 * workflows/zoned-time.ts has the hottest function of a workflow run (the instant of a timer
 * hour). Only pure code may be shared, whose caches hold answers that depend on their inputs
 * alone (WeakMaps keyed by a workflow's own objects, a bounded memo of instants), so sharing
 * cannot change a workflow's commands. The SDK deep-freezes what a shared module exports, so
 * these export no zod schema as a value (deadlines/calendar.ts; test/unit/deadlines/
 * preload-safe.test.ts checks it). machines/ is not shared: its charts export schemas and
 * machines built on first use, which the freeze would build and break.
 */
export const PRELOADED_MODULES = ['../deadlines/index.ts', '../workflows/zoned-time.ts'].map((m) => fileURLToPath(new URL(m, import.meta.url)));

/** Bundle the workflow code once per process (webpack takes a few seconds). */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundlePromise ??= bundleCaseWorkflows(PRELOADED_MODULES);
  return bundlePromise;
}

/** The workflow bundle with these shared modules: the worker's own list, or a benchmark's experiment. */
export function bundleCaseWorkflows(preloadModules: string[]): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, failureConverterPath: FAILURE_CONVERTER_PATH, preloadModules, logger: quietBundlerLogger });
}

const quietBundlerLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
};

/**
 * Worker tuning (issue #10, measured with `npm run bench`; numbers in bench/results/README.md).
 * Measured after lazy charts (1,000 cases, `--only open`, 2026-12-03): the sticky cache is the
 * knob that matters. 350 opened 7.3 cases/s, 500 5.5/s (at load 11), 1,000 2.6/s; worker peak
 * RSS was ≈ 2.4 GiB in all three, so at this size the peak is not the cache (the previous
 * ≈ 3.5 MiB per cached case made 2,000 run out of heap near 1,300 cases). 350 bounds what the
 * cache can hold and was the fastest: a case evicted from it replays its short history on
 * its next task. Two workflow threads gave no gain we could measure (7.3/s at cache 500, a
 * second context's heap besides), so one (the SDK default with a reused V8 context).
 */
export const WorkerTuning = z
  .object({
    maxCachedWorkflows: z.number().int().min(0),
    maxConcurrentWorkflowTaskExecutions: z.number().int().min(2),
    maxConcurrentWorkflowTaskPolls: z.number().int().min(2),
    maxConcurrentActivityTaskExecutions: z.number().int().min(1),
    maxConcurrentActivityTaskPolls: z.number().int().min(1),
    /** Milliseconds a task waits on this worker's sticky queue before any worker may take it. */
    stickyQueueScheduleToStartTimeoutMs: z.number().int().min(100),
    /** Worker threads running workflow code (each its own V8 context and sticky cache share). */
    workflowThreadPoolSize: z.number().int().min(1),
  })
  .strict();
export type WorkerTuning = z.infer<typeof WorkerTuning>;

export const DEFAULT_TUNING: WorkerTuning = {
  maxCachedWorkflows: 350,
  maxConcurrentWorkflowTaskExecutions: 40,
  maxConcurrentWorkflowTaskPolls: 10,
  maxConcurrentActivityTaskExecutions: 20,
  maxConcurrentActivityTaskPolls: 10,
  stickyQueueScheduleToStartTimeoutMs: 10_000,
  workflowThreadPoolSize: 1,
};

const TUNING_ENV: Record<keyof WorkerTuning, string> = {
  maxCachedWorkflows: 'CASECLOCK_WORKER_CACHE',
  maxConcurrentWorkflowTaskExecutions: 'CASECLOCK_WORKER_WORKFLOW_TASKS',
  maxConcurrentWorkflowTaskPolls: 'CASECLOCK_WORKER_WORKFLOW_POLLS',
  maxConcurrentActivityTaskExecutions: 'CASECLOCK_WORKER_ACTIVITIES',
  maxConcurrentActivityTaskPolls: 'CASECLOCK_WORKER_ACTIVITY_POLLS',
  stickyQueueScheduleToStartTimeoutMs: 'CASECLOCK_WORKER_STICKY_TIMEOUT_MS',
  workflowThreadPoolSize: 'CASECLOCK_WORKER_WORKFLOW_THREADS',
};

/** Tuning overrides from the environment (worker/main.ts); a bad value names its variable. */
export function workerTuningFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<WorkerTuning> {
  const out: Partial<WorkerTuning> = {};
  for (const [key, name] of Object.entries(TUNING_ENV) as Array<[keyof WorkerTuning, string]>) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    const parsed = WorkerTuning.shape[key].safeParse(Number(raw));
    if (!parsed.success) throw new Error(`configuration ${name}: ${parsed.error.issues[0].message} (got ${JSON.stringify(raw)})`);
    out[key] = parsed.data;
  }
  return out;
}

/**
 * What one worker process polls (issue #10): `all` runs the workflows and the activities in one
 * process (one Node main thread for the activities' PDF rendering, storing, ledgers and SMTP and
 * for the SDK's workflow activation plumbing); `workflows` = the bundle and no activities (polls
 * workflow tasks only); `activities` = the activities and no workflows (polls activity tasks
 * only). Both on the same task queue, so the workflows do not change (no determinism impact).
 */
export const WORKER_ROLES = ['all', 'workflows', 'activities'] as const;
export const WorkerRole = z.enum(WORKER_ROLES);
export type WorkerRole = z.infer<typeof WorkerRole>;

export const WORKER_ROLE_ENV = 'CASECLOCK_WORKER_ROLE';

/** The role from CASECLOCK_WORKER_ROLE (unset or empty = `all`); a bad value names the variable. */
export function workerRoleFromEnv(env: NodeJS.ProcessEnv = process.env): WorkerRole {
  const raw = env[WORKER_ROLE_ENV];
  if (raw === undefined || raw === '') return 'all';
  const parsed = WorkerRole.safeParse(raw);
  if (!parsed.success) throw new Error(`configuration ${WORKER_ROLE_ENV}: must be one of ${WORKER_ROLES.join(', ')} (got ${JSON.stringify(raw)})`);
  return parsed.data;
}

export interface CaseWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  /** What this worker polls; default `all` (workflows and activities in one Worker). */
  role?: WorkerRole;
  /** The effect activities; required unless role is `workflows` (which registers none). */
  activities?: CaseEffectActivities;
  /** Workflows kept in memory between tasks (sticky cache); same as tuning.maxCachedWorkflows. */
  maxCachedWorkflows?: number;
  maxConcurrentWorkflowTaskExecutions?: number;
  maxConcurrentActivityTaskExecutions?: number;
  /** Overrides of DEFAULT_TUNING (the fields above win when both are given). */
  tuning?: Partial<WorkerTuning>;
  bundle?: WorkflowBundleOption;
  /**
   * Payload codec and failure converter (worker/payload-codec.ts caseDataConverter); omitted =
   * the one bound to `connection` (time-skipping env, test harness), else none (plain payloads).
   */
  dataConverter?: DataConverter;
  /**
   * Run workflow code on this thread instead of a worker thread (the SDK's `debugMode`, which
   * its own replay worker uses): for one short process running one case at a time (`caseclock
   * simulate`), where a workflow thread costs its start-up (the SDK's modules loaded a second
   * time) and a copy of every activation between threads, and gives no parallelism that one
   * case could use. Measured on C1x: −6 % wall, −7 % CPU. The deadlock detector stays at the
   * SDK's 5 s (debugMode alone turns it off). Not for a long-running worker: activities and
   * workflow code then share one event loop.
   */
  workflowsOnMainThread?: boolean;
}

export async function createCaseWorker(opts: CaseWorkerOptions): Promise<Worker> {
  const tuning = WorkerTuning.parse({
    ...DEFAULT_TUNING,
    ...opts.tuning,
    ...(opts.maxCachedWorkflows === undefined ? {} : { maxCachedWorkflows: opts.maxCachedWorkflows }),
    ...(opts.maxConcurrentWorkflowTaskExecutions === undefined ? {} : { maxConcurrentWorkflowTaskExecutions: opts.maxConcurrentWorkflowTaskExecutions }),
    ...(opts.maxConcurrentActivityTaskExecutions === undefined ? {} : { maxConcurrentActivityTaskExecutions: opts.maxConcurrentActivityTaskExecutions }),
  });
  const role = opts.role ?? 'all';
  const runsWorkflows = role !== 'activities';
  const runsActivities = role !== 'workflows';
  if (runsActivities && !opts.activities) throw new Error(`a worker of role ${role} needs the activities`);
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    // No bundle: the SDK polls no workflow tasks (and starts no workflow thread). No
    // activities: it polls no activity tasks (the workflows schedule remote activities only,
    // so a workflow worker needs none registered).
    ...(runsWorkflows ? { workflowBundle: opts.bundle ?? (await workflowBundle()) } : {}),
    ...(runsActivities ? { activities: opts.activities } : {}),
    dataConverter: opts.dataConverter ?? boundDataConverter(opts.connection),
    maxCachedWorkflows: tuning.maxCachedWorkflows,
    maxConcurrentWorkflowTaskExecutions: tuning.maxConcurrentWorkflowTaskExecutions,
    // The SDK refuses more pollers than task slots.
    maxConcurrentWorkflowTaskPolls: Math.min(tuning.maxConcurrentWorkflowTaskPolls, tuning.maxConcurrentWorkflowTaskExecutions),
    maxConcurrentActivityTaskExecutions: tuning.maxConcurrentActivityTaskExecutions,
    maxConcurrentActivityTaskPolls: Math.min(tuning.maxConcurrentActivityTaskPolls, tuning.maxConcurrentActivityTaskExecutions),
    stickyQueueScheduleToStartTimeout: tuning.stickyQueueScheduleToStartTimeoutMs,
    workflowThreadPoolSize: tuning.workflowThreadPoolSize,
    ...(opts.workflowsOnMainThread ? { debugMode: true, isolateExecutionTimeout: '5s' } : {}),
  });
}
