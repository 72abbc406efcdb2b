/**
 * The worker the benchmarks measure, as a child process of its own so that its peak memory
 * (VmHWM in /proc/<pid>/status) and CPU are the worker's alone, not the load generator's.
 * The real `studentCase` workflows (from a bundle the parent made once) and the production
 * activities of `createCaseActivities` exactly as `npm start` wires them (notices rendered to
 * PDF, stored, mailed to the local SMTP sink the bench runs — like the start supervisor —
 * delivery and case ledgers), over a throw-away data folder.
 *
 * Input: one JSON object in BENCH_WORKER (validated; a bad one exits 2 naming the field).
 * Output on stdout, one JSON line each: `{"ready":true}` once polling, and on SIGTERM
 * `{"activities":{...}}` — executions and total milliseconds per activity type (the activity
 * round trips of the profile), then the process exits. Over IPC it answers `{id}` with the
 * activities in flight and the tally so far. With `role` (`--worker-split`: one child per role)
 * it is one half of a split worker: `workflows` opens no activities (its tally stays empty),
 * `activities` loads no bundle.
 */
import { NativeConnection } from '@temporalio/worker';
import { z } from 'zod';
import { createCaseActivities } from '../worker/case-activities';
import { loadConfig } from '../worker/config';
import { createCaseWorker, WorkerRole, WorkerTuning } from '../worker/create-worker';
import { installQuietRuntime } from '../worker/runtime';
import type { CaseEffectActivities } from '../workflows/activity-types';

const WorkerProcessInput = z
  .object({
    address: z.string().regex(/^[\w.-]+:\d+$/, 'must be host:port'),
    namespace: z.string().min(1),
    taskQueue: z.string().min(1),
    dataDir: z.string().min(1),
    smtpPort: z.number().int().min(1).max(65535),
    bundlePath: z.string().min(1),
    tuning: WorkerTuning.partial().default({}),
    role: WorkerRole.default('all'),
  })
  .strict();

function readInput() {
  let raw: unknown;
  try {
    raw = JSON.parse(process.env.BENCH_WORKER ?? '');
  } catch {
    console.error('bench worker: BENCH_WORKER: must be a JSON object');
    process.exit(2);
  }
  const parsed = WorkerProcessInput.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    console.error(`bench worker: BENCH_WORKER.${issue.path.join('.')}: ${issue.message}`);
    process.exit(2);
  }
  return parsed.data;
}

/** Count executions and time of each activity type (ids only are ever seen, never payloads logged). */
let inflight = 0;
function counted(activities: CaseEffectActivities, tally: Record<string, { count: number; ms: number; failed: number }>): CaseEffectActivities {
  const out: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(activities) as Array<[string, (req: never) => Promise<unknown>]>) {
    tally[name] = { count: 0, ms: 0, failed: 0 };
    out[name] = async (req: never) => {
      const started = performance.now();
      inflight++;
      try {
        return await fn(req);
      } catch (error) {
        tally[name].failed++;
        throw error;
      } finally {
        inflight--;
        tally[name].count++;
        tally[name].ms += performance.now() - started;
      }
    };
  }
  return out as unknown as CaseEffectActivities;
}

const input = readInput();
installQuietRuntime('ERROR');
const connection = await NativeConnection.connect({ address: input.address });
const config = loadConfig({
  TEMPORAL_ADDRESS: input.address,
  TEMPORAL_NAMESPACE: input.namespace,
  CASECLOCK_TASK_QUEUE: input.taskQueue,
  CASECLOCK_DATA_DIR: input.dataDir,
  CASECLOCK_SMTP_PORT: String(input.smtpPort),
});
const production = input.role === 'workflows' ? null : await createCaseActivities(config);
const tally: Record<string, { count: number; ms: number; failed: number }> = {};
const worker = await createCaseWorker({
  connection,
  namespace: input.namespace,
  taskQueue: input.taskQueue,
  role: input.role,
  ...(production ? { activities: counted(production.activities, tally) } : {}),
  bundle: { codePath: input.bundlePath } as never,
  tuning: input.tuning,
});
// The bench asks over IPC how the activity backlog stands (drain detection).
process.on('message', (m: { id: number }) => process.send?.({ id: m.id, inflight, tally }));
// The bench is gone (killed): do not poll on as an orphan.
let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  worker.shutdown();
};
process.on('disconnect', stop);
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// Where the peak RSS is: the main thread's heap and buffers (activities: notices, ledgers, the
// SDK's client side) at the moment of the peak; the rest is the workflow thread's V8 heap and
// sdk-core's native memory. On stderr, at exit (not a measure of the table).
let peak = process.memoryUsage();
const memorySampler = setInterval(() => {
  const now = process.memoryUsage();
  if (now.rss > peak.rss) peak = now;
}, 1000);
memorySampler.unref();
const running = worker.run();
console.log(JSON.stringify({ ready: true }));
await running;
await production?.close();
await connection.close();
const gib = (n: number) => `${(n / 1024 ** 3).toFixed(2)} GiB`;
const rest = input.role === 'activities' ? 'native memory (no workflow thread in this process)' : 'the workflow thread and native memory';
console.error(
  `bench worker${input.role === 'all' ? '' : ` (${input.role})`}: at peak RSS ${gib(peak.rss)}: main-thread heap ${gib(peak.heapUsed)} of ${gib(peak.heapTotal)}, external ${gib(peak.external)} ` +
    `(array buffers ${gib(peak.arrayBuffers)}); the other ${gib(peak.rss - peak.heapTotal - peak.external)} is ${rest}`,
);
console.log(JSON.stringify({ activities: tally }));
process.exit(0);
