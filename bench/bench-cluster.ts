/**
 * What every server-side measure runs against: a real Temporal dev server of its own (free
 * ports, headless; SQLite in a temp file by default — what `npm start` runs — or in memory),
 * the real worker as a child process (bench/worker-process.ts, so its peak RSS is its own; with
 * `workerSplit` two children, one per role: workflows, activities),
 * the local SMTP sink here in the bench process (where `npm start` runs it: the supervisor,
 * not the worker), and a client. Everything lives in one temp folder that `stop()` removes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { startSmtpSink, type SmtpSink } from '../activities/smtp-sink';
import { seedDirectoryEntry } from '../worker/case-activities';
import { freePort, startDevServer, stopChild, type DevServer } from '../worker/dev-server';
import { workflowBundle, type WorkerRole, type WorkerTuning } from '../worker/create-worker';
import { benchOptionsOrExit, type BenchOptions, type Measure } from './bench-options';
import { printMeasure, type DetailRow, type GoalRow } from './bench-table';

export type DbMode = 'sqlite' | 'memory';

export interface ClusterOptions {
  db: DbMode;
  tuning: Partial<WorkerTuning>;
  /** Write a V8 CPU profile of the worker (node --cpu-prof) into this folder. */
  cpuProfDir?: string;
  /** Two worker processes (roles `workflows` and `activities`) instead of one `all`. */
  workerSplit?: boolean;
}

/** One worker process of the cluster (one, or two with workerSplit). */
export interface WorkerProcessInfo {
  role: WorkerRole;
  pid: number;
  /** Peak resident set of this process so far (VmHWM), bytes. */
  peakRssBytes(): number;
  /** CPU time (user + system) of this process so far, seconds. */
  cpuSeconds(): number;
}

export interface ActivityTally {
  count: number;
  ms: number;
  failed: number;
}

export interface WorkerChild {
  pid: number;
  /**
   * Peak resident set of the worker process so far (VmHWM), bytes; split: the sum of the two
   * processes' peaks (≥ the peak of their sum: a bound, as two machines' memory would add).
   */
  peakRssBytes(): number;
  /** CPU time (user + system) the worker process has used so far, seconds; split: both. */
  cpuSeconds(): number;
  /** The processes behind it, each with its own RSS and CPU. */
  processes: WorkerProcessInfo[];
  /** Activities started and not yet finished, and the tally so far (asked over IPC). */
  activityStatus(): Promise<{ inflight: number; tally: Record<string, ActivityTally> }>;
  /**
   * Settles only if the worker exits before stop() (e.g. its workflow thread ran out of heap):
   * rejects naming the exit, so a measure fails at once instead of waiting on Updates forever.
   */
  died: Promise<never>;
  stop(): Promise<Record<string, ActivityTally>>;
}

export interface BenchCluster {
  address: string;
  namespace: string;
  taskQueue: string;
  db: DbMode;
  client: Client;
  server: DevServer;
  worker: WorkerChild;
  sink: SmtpSink;
  /** Put demo directory records for these students (the district's roster, outside Temporal). */
  enrol(students: Array<{ studentId: string; birthDate: string; language: string }>): Promise<void>;
  /** Peak resident set of the dev server process (VmHWM), bytes. */
  serverPeakRssBytes(): number;
  serverCpuSeconds(): number;
  stop(): Promise<Record<string, ActivityTally>>;
}

const WORKER_SCRIPT = fileURLToPath(new URL('./worker-process.ts', import.meta.url));
const NAMESPACE = 'caseclock';

export function peakRssOf(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmHWM:'));
    return line ? Number(line.replace(/\D+/g, '')) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** utime + stime of a process from /proc/<pid>/stat, in seconds (clock ticks of 1/100 s). */
export function cpuSecondsOf(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

let bundleFile: Promise<string> | null = null;

/**
 * The workflow bundle, made once per bench process and handed to each worker child as a file:
 * the same bundle worker/create-worker.ts gives every worker (its preloaded modules included).
 */
function bundlePath(): Promise<string> {
  bundleFile ??= workflowBundle().then((bundle) => {
    const dir = mkdtempSync(join(tmpdir(), 'caseclock-bench-bundle-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'workflow-bundle.js');
    writeFileSync(file, bundle.code);
    return file;
  });
  return bundleFile;
}

async function startWorkerChild(input: Record<string, unknown> & { role: WorkerRole }, cpuProfDir: string | undefined): Promise<WorkerChild> {
  const args = ['--import', 'tsx', ...(cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', cpuProfDir] : []), WORKER_SCRIPT];
  const child: ChildProcess = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    env: { ...process.env, BENCH_WORKER: JSON.stringify(input) },
  });
  const lines = createInterface({ input: child.stdout! });
  let finalTally: Record<string, ActivityTally> = {};
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bench worker (${input.role}) did not report ready within 120 s`)), 120_000);
    child.once('exit', (code) => reject(new Error(`bench worker (${input.role}) exited with code ${code} before it was ready`)));
    lines.on('line', (line) => {
      let message: { ready?: boolean; activities?: Record<string, ActivityTally> };
      try {
        message = JSON.parse(line) as typeof message;
      } catch {
        process.stderr.write(`worker: ${line}\n`); // the SDK's own warnings
        return;
      }
      if (message.ready) {
        clearTimeout(timer);
        resolve();
      }
      if (message.activities) finalTally = message.activities;
    });
  });
  let asked = 0;
  let stopping = false;
  // VmHWM is gone with the process: keep the last reading for the message below.
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, peakRssOf(child.pid))), 1000);
  sampler.unref();
  const died = new Promise<never>((_, reject) =>
    child.once('exit', (code, signal) => {
      if (!stopping) reject(new Error(`the worker${input.role === 'all' ? '' : ` (${input.role})`} exited (${signal ?? `code ${code}`}, peak RSS ${(peakRss / 1024 ** 3).toFixed(2)} GiB); its stderr above says why`));
    }),
  );
  died.catch(() => undefined); // observed by the measures that race it
  const info: WorkerProcessInfo = { role: input.role, pid: child.pid!, peakRssBytes: () => peakRssOf(child.pid), cpuSeconds: () => cpuSecondsOf(child.pid) };
  return {
    pid: child.pid!,
    died,
    peakRssBytes: info.peakRssBytes,
    cpuSeconds: info.cpuSeconds,
    processes: [info],
    activityStatus: () =>
      new Promise((resolve) => {
        const id = ++asked;
        const onMessage = (m: { id?: number; inflight: number; tally: Record<string, ActivityTally> }) => {
          if (m.id !== id) return;
          child.off('message', onMessage);
          resolve(m);
        };
        child.on('message', onMessage);
        child.send({ id });
      }),
    async stop() {
      stopping = true;
      clearInterval(sampler);
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
        await exited;
        clearTimeout(timer);
      }
      return finalTally;
    },
  };
}

/**
 * The split worker (two children on the same task queue) as one WorkerChild: RSS and CPU summed,
 * the activity status from the activities process (the workflows one runs none), dead when
 * either dies, stopped together.
 */
function splitWorker(workflows: WorkerChild, activities: WorkerChild): WorkerChild {
  const parts = [workflows, activities];
  const died = Promise.race(parts.map((p) => p.died));
  died.catch(() => undefined);
  return {
    pid: workflows.pid,
    died,
    peakRssBytes: () => parts.reduce((n, p) => n + p.peakRssBytes(), 0),
    cpuSeconds: () => parts.reduce((n, p) => n + p.cpuSeconds(), 0),
    processes: parts.flatMap((p) => p.processes),
    activityStatus: () => activities.activityStatus(),
    async stop() {
      const [, tally] = await Promise.all([workflows.stop(), activities.stop()]);
      return tally;
    },
  };
}

async function startWorkers(input: Record<string, unknown>, opts: ClusterOptions): Promise<WorkerChild> {
  if (!opts.workerSplit) return startWorkerChild({ ...input, role: 'all' }, opts.cpuProfDir);
  const [workflows, activities] = await Promise.allSettled([
    startWorkerChild({ ...input, role: 'workflows' }, opts.cpuProfDir),
    startWorkerChild({ ...input, role: 'activities' }, opts.cpuProfDir),
  ]);
  if (workflows.status === 'fulfilled' && activities.status === 'fulfilled') return splitWorker(workflows.value, activities.value);
  for (const started of [workflows, activities]) if (started.status === 'fulfilled') await started.value.stop();
  throw (workflows.status === 'rejected' ? workflows.reason : (activities as PromiseRejectedResult).reason) as Error;
}

const running = new Set<() => Promise<unknown>>();
let signalsHooked = false;

/** Ctrl-C or a kill of the bench stops its dev servers and workers too: nothing is left running. */
function hookSignals(): void {
  if (signalsHooked) return;
  signalsHooked = true;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      console.error(`bench: ${signal}, stopping the dev server and the worker`);
      void Promise.allSettled([...running].map((stop) => stop())).then(() => process.exit(130));
    });
  }
}

export async function startBenchCluster(opts: ClusterOptions): Promise<BenchCluster> {
  hookSignals();
  const dir = mkdtempSync(join(tmpdir(), 'caseclock-bench-'));
  const server = await startDevServer({
    port: await freePort(),
    uiPort: await freePort(),
    namespace: NAMESPACE,
    dbFile: opts.db === 'sqlite' ? join(dir, 'temporal.sqlite') : undefined,
    logFile: join(dir, 'temporal.log'),
    headless: true,
  });
  let worker: WorkerChild | undefined;
  let connection: Connection | undefined;
  let sink: SmtpSink | undefined;
  const dataDir = join(dir, 'data');
  try {
    sink = await startSmtpSink({ dataDir });
    const taskQueue = `bench-${process.pid}`;
    const input = { address: server.address, namespace: NAMESPACE, taskQueue, dataDir, smtpPort: sink.port, bundlePath: await bundlePath(), tuning: opts.tuning };
    worker = await startWorkers(input, opts);
    connection = await Connection.connect({ address: server.address });
    const client = new Client({ connection, namespace: NAMESPACE });
    const started = worker;
    const conn = connection;
    const mail = sink;
    let stopped: Promise<Record<string, ActivityTally>> | null = null;
    const stop = () => {
      stopped ??= (async () => {
        running.delete(stop);
        const tally = await started.stop();
        await mail.stop();
        await conn.close();
        await stopChild(server.process);
        rmSync(dir, { recursive: true, force: true });
        return tally;
      })();
      return stopped;
    };
    running.add(stop);
    return {
      address: server.address,
      namespace: NAMESPACE,
      taskQueue,
      db: opts.db,
      client,
      server,
      worker: started,
      sink: mail,
      async enrol(students) {
        for (const s of students) await seedDirectoryEntry(dataDir, s.studentId, s.birthDate, s.language);
      },
      serverPeakRssBytes: () => peakRssOf(server.process.pid),
      serverCpuSeconds: () => cpuSecondsOf(server.process.pid),
      stop,
    };
  } catch (error) {
    await worker?.stop();
    await sink?.stop();
    await connection?.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** `npx tsx bench/<measure>.ts`: one measure on a cluster of its own, printed; the cluster stopped after. */
export async function runClusterMeasureAlone(
  measure: Measure,
  run: (cluster: BenchCluster, opts: BenchOptions) => Promise<{ rows: GoalRow[]; details: DetailRow[] }>,
): Promise<void> {
  const opts = benchOptionsOrExit(process.argv.slice(2), [measure]);
  const cluster = await startBenchCluster({ db: opts.db, tuning: opts.tuning, cpuProfDir: opts.cpuProf, workerSplit: opts.workerSplit });
  try {
    printMeasure(await run(cluster, opts));
  } finally {
    await cluster.stop();
  }
}
