/**
 * What every server-side measure runs against: a real Temporal dev server of its own (free
 * ports, headless; SQLite in a temp file by default — what `npm start` runs — or in memory),
 * the real worker as a child process (bench/worker-process.ts, so its peak RSS is its own),
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
import { workflowBundle, type WorkerTuning } from '../worker/create-worker';
import { benchOptionsOrExit, type BenchOptions, type Measure } from './bench-options';
import { printMeasure, type DetailRow, type GoalRow } from './bench-table';

export type DbMode = 'sqlite' | 'memory';

export interface ClusterOptions {
  db: DbMode;
  tuning: Partial<WorkerTuning>;
  /** Write a V8 CPU profile of the worker (node --cpu-prof) into this folder. */
  cpuProfDir?: string;
}

export interface ActivityTally {
  count: number;
  ms: number;
  failed: number;
}

export interface WorkerChild {
  pid: number;
  /** Peak resident set of the worker process so far (VmHWM), bytes. */
  peakRssBytes(): number;
  /** CPU time (user + system) the worker process has used so far, seconds. */
  cpuSeconds(): number;
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

async function startWorkerChild(input: Record<string, unknown>, cpuProfDir: string | undefined): Promise<WorkerChild> {
  const args = ['--import', 'tsx', ...(cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', cpuProfDir] : []), WORKER_SCRIPT];
  const child: ChildProcess = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    env: { ...process.env, BENCH_WORKER: JSON.stringify(input) },
  });
  const lines = createInterface({ input: child.stdout! });
  let finalTally: Record<string, ActivityTally> = {};
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('bench worker did not report ready within 120 s')), 120_000);
    child.once('exit', (code) => reject(new Error(`bench worker exited with code ${code} before it was ready`)));
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
      if (!stopping) reject(new Error(`the worker exited (${signal ?? `code ${code}`}, peak RSS ${(peakRss / 1024 ** 3).toFixed(2)} GiB); its stderr above says why`));
    }),
  );
  died.catch(() => undefined); // observed by the measures that race it
  return {
    pid: child.pid!,
    died,
    peakRssBytes: () => peakRssOf(child.pid),
    cpuSeconds: () => cpuSecondsOf(child.pid),
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
    worker = await startWorkerChild(input, opts.cpuProfDir);
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
  const cluster = await startBenchCluster({ db: opts.db, tuning: opts.tuning, cpuProfDir: opts.cpuProf });
  try {
    printMeasure(await run(cluster, opts));
  } finally {
    await cluster.stop();
  }
}
