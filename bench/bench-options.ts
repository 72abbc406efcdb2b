/**
 * The bench's sizes and worker tuning, from flags (`--cases 2000`) or the environment
 * (`BENCH_CASES=2000`; a flag wins), validated with zod: a bad value is one line naming the
 * flag and exit 2, before any server starts. Defaults are issue #10's sizes; `--quick` is a
 * smoke run of about a minute that keeps the bench from rotting (CI, a test).
 */
import { z } from 'zod';
import { DEFAULT_TUNING, WorkerTuning } from '../worker/create-worker';

export const MEASURES = ['open', 'latency', 'calendar', 'replay', 'deadlines', 'simulate'] as const;
export type Measure = (typeof MEASURES)[number];

const count = (min: number) => z.coerce.number().int().min(min);

const BenchOptionsSchema = z
  .object({
    quick: z.boolean(),
    /** Which measures to run (comma-separated). */
    only: z.array(z.enum(MEASURES)).min(1),
    /** Cases opened with a live clock (measure 1), then re-planned by a calendar change (3). */
    cases: count(1),
    /** Opens in flight at once. */
    openConcurrency: count(1),
    /** Events per second, and for how long (measure 2). */
    rate: count(1),
    duration: count(1),
    /** Signals in flight at once during the calendar fan-out. */
    signalConcurrency: count(1),
    /** Replays of the case timed (measure 4), after a warm-up. */
    replayRounds: count(1),
    /** Deadline-engine questions (measure 5). */
    deadlineQuestions: count(1000),
    /** Simulate: the full corpus, or only C1x (smoke). */
    corpus: z.enum(['full', 'c1x']),
    /** Runs of C1x (measure 6): the row is their median, the spread a detail (one run is ± 0.4 s). */
    simulateRounds: count(1),
    db: z.enum(['sqlite', 'memory']),
    /** Write V8 CPU profiles of the worker and of the bench into this folder. */
    cpuProf: z.string().min(1).optional(),
    out: z.string().min(1),
    /** Two worker children, one per role (workflows, activities), instead of one `all` worker. */
    workerSplit: z.boolean(),
    tuning: WorkerTuning,
  })
  .strict();
export type BenchOptions = z.infer<typeof BenchOptionsSchema>;

const FULL = { cases: 10_000, openConcurrency: 64, rate: 20, duration: 60, signalConcurrency: 64, replayRounds: 50, deadlineQuestions: 100_000, corpus: 'full', simulateRounds: 5 };
const QUICK = { cases: 300, openConcurrency: 32, rate: 20, duration: 10, signalConcurrency: 32, replayRounds: 20, deadlineQuestions: 20_000, corpus: 'c1x', simulateRounds: 1 };

const FLAGS: Record<string, string> = {
  cases: 'cases',
  'open-concurrency': 'openConcurrency',
  rate: 'rate',
  duration: 'duration',
  'signal-concurrency': 'signalConcurrency',
  'replay-rounds': 'replayRounds',
  'deadline-questions': 'deadlineQuestions',
  corpus: 'corpus',
  'simulate-rounds': 'simulateRounds',
  db: 'db',
  only: 'only',
  'cpu-prof': 'cpuProf',
  out: 'out',
};
const TUNING_FLAGS: Record<string, keyof WorkerTuning> = {
  cache: 'maxCachedWorkflows',
  'workflow-tasks': 'maxConcurrentWorkflowTaskExecutions',
  'workflow-polls': 'maxConcurrentWorkflowTaskPolls',
  activities: 'maxConcurrentActivityTaskExecutions',
  'activity-polls': 'maxConcurrentActivityTaskPolls',
  'sticky-timeout-ms': 'stickyQueueScheduleToStartTimeoutMs',
  'workflow-threads': 'workflowThreadPoolSize',
};

export class BenchUsageError extends Error {}

/** BENCH_WORKER_SPLIT, a switch in the environment (the flag `--worker-split` takes no value). */
const WorkerSplitSetting = z.enum(['1', 'true', '0', 'false']);

const envName = (flag: string) => `BENCH_${flag.replace(/-/g, '_').toUpperCase()}`;

export function parseBenchOptions(argv: string[], env: NodeJS.ProcessEnv = process.env, defaultOnly: readonly Measure[] = MEASURES): BenchOptions {
  const given = new Map<string, string>();
  let quick = env.BENCH_QUICK === '1';
  let workerSplit = false;
  const splitEnv = env.BENCH_WORKER_SPLIT;
  if (splitEnv !== undefined && splitEnv !== '') {
    const setting = WorkerSplitSetting.safeParse(splitEnv);
    if (!setting.success) throw new BenchUsageError(`--worker-split (or BENCH_WORKER_SPLIT): must be 1, true, 0 or false (got ${JSON.stringify(splitEnv)})`);
    workerSplit = setting.data === '1' || setting.data === 'true';
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') {
      quick = true;
      continue;
    }
    if (arg === '--worker-split') {
      workerSplit = true;
      continue;
    }
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!m || !(m[1] in FLAGS || m[1] in TUNING_FLAGS)) throw new BenchUsageError(`unknown argument ${JSON.stringify(arg)}`);
    const value = m[2] ?? argv[++i];
    if (value === undefined) throw new BenchUsageError(`--${m[1]}: needs a value`);
    given.set(m[1], value);
  }
  for (const flag of [...Object.keys(FLAGS), ...Object.keys(TUNING_FLAGS)]) {
    const fromEnv = env[envName(flag)];
    if (!given.has(flag) && fromEnv !== undefined && fromEnv !== '') given.set(flag, fromEnv);
  }
  const raw: Record<string, unknown> = { ...(quick ? QUICK : FULL), quick, workerSplit, only: [...defaultOnly], db: 'sqlite', out: 'bench/results/latest.json' };
  const tuning: Record<string, unknown> = { ...DEFAULT_TUNING };
  for (const [flag, value] of given) {
    if (flag in TUNING_FLAGS) tuning[TUNING_FLAGS[flag]] = value === '' ? value : Number(value);
    else raw[FLAGS[flag]] = flag === 'only' ? value.split(',').map((s) => s.trim()) : value;
  }
  raw.tuning = tuning;
  const parsed = BenchOptionsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = String(issue.path[0] === 'tuning' ? issue.path[1] : issue.path[0]);
    const flag = Object.entries(issue.path[0] === 'tuning' ? TUNING_FLAGS : FLAGS).find(([, k]) => k === key)?.[0] ?? key;
    throw new BenchUsageError(`--${flag} (or ${envName(flag)}): ${issue.message}`);
  }
  return parsed.data;
}

/** For the standalone scripts: options or one line on stderr and exit 2. */
export function benchOptionsOrExit(argv: string[], defaultOnly: readonly Measure[]): BenchOptions {
  try {
    return parseBenchOptions(argv, process.env, defaultOnly);
  } catch (error) {
    if (!(error instanceof BenchUsageError)) throw error;
    console.error(`bench: ${error.message}`);
    process.exit(2);
  }
}
