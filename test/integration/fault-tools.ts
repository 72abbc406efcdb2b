/**
 * Fault injection for the faults-*.test.ts files: a worker in a child process that can be
 * SIGKILLed and started again, a dev server of a test's own that can be stopped and started on
 * the same SQLite file and port, an SMTP sink that can refuse (connection refused, then 451),
 * a document store that fails (its folder replaced by a plain file), and counters over what
 * reached the outside world (sink messages by Message-ID, delivery and case ledger lines).
 *
 * No vitest import: this same file is the worker child's entry point (`fault-worker` argument),
 * running worker/worker-process.ts as worker/main.ts does, except that it loads a workflow
 * bundle the test built once (webpack on every restart would cost 7+ s of a loaded machine per kill).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { readdir, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import proto from '@temporalio/proto';
import { SMTPServer } from 'smtp-server';
import { startSmtpSink, type SmtpSink } from '../../activities/smtp-sink';
import { CaseLedger, type LedgerEntry } from '../../activities/ledger';
import { deliveryLedgerFile, type DeliveryRecord } from '../../activities/delivery';
import { loadConfig, temporalConnectionOptions } from '../../worker/config';
import { workflowBundle } from '../../worker/create-worker';
import { freePort, startDevServer, type DevServer } from '../../worker/dev-server';
import { configuredDataConverter } from '../../worker/payload-codec';
import { installQuietRuntime } from '../../worker/runtime';
import { runWorkerProcess } from '../../worker/worker-process';

const THIS_FILE = fileURLToPath(import.meta.url);
const READY = 'fault worker ready';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// --- seeded randomness --------------------------------------------------------------------

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** CASECLOCK_FAULT_SEED repeats a run; otherwise a fresh seed, printed by the caller. */
export function faultSeed(): number {
  const given = process.env.CASECLOCK_FAULT_SEED;
  if (given !== undefined && given !== '') {
    if (!/^\d{1,10}$/.test(given)) throw new Error('CASECLOCK_FAULT_SEED: must be a whole number');
    return Number(given) >>> 0;
  }
  return (Date.now() ^ (process.pid << 16)) >>> 0;
}

// --- the client side ----------------------------------------------------------------------

/** Environment of a caseclock process on `dataDir` against `address` (config.ts variables). */
export function caseEnv(o: { address: string; namespace: string; taskQueue: string; dataDir: string; smtpPort: number }): NodeJS.ProcessEnv {
  return {
    TEMPORAL_ADDRESS: o.address,
    TEMPORAL_NAMESPACE: o.namespace,
    CASECLOCK_TASK_QUEUE: o.taskQueue,
    CASECLOCK_DATA_DIR: o.dataDir,
    CASECLOCK_SMTP_PORT: String(o.smtpPort),
  };
}

/**
 * A client with the data converter the worker child will use (the dev codec key lives in
 * `dataDir`; made here first so the two processes never race to create it).
 */
export async function caseClient(address: string, namespace: string, dataDir: string): Promise<{ client: Client; close(): Promise<void> }> {
  const config = loadConfig({ TEMPORAL_ADDRESS: address, TEMPORAL_NAMESPACE: namespace, CASECLOCK_DATA_DIR: dataDir });
  const connection = await Connection.connect({ address });
  const client = new Client({ connection, namespace, dataConverter: configuredDataConverter(config) });
  return { client, close: () => connection.close() };
}

/** The workflow bundle as a file the worker children load (built once per test file). */
export async function writeWorkflowBundle(dir: string): Promise<string> {
  const path = join(dir, 'workflow-bundle.js');
  writeFileSync(path, (await workflowBundle()).code);
  return path;
}

// --- the worker child ---------------------------------------------------------------------

export interface FaultWorkerOptions {
  address: string;
  namespace: string;
  taskQueue: string;
  dataDir: string;
  smtpPort: number;
  bundlePath: string;
}

/** One worker process at a time; `kill()` is SIGKILL (no shutdown, no flush), `restart()` a fresh one. */
export class FaultyWorker {
  private child: ChildProcess | null = null;
  private output = '';
  starts = 0;
  kills = 0;

  constructor(private readonly opts: FaultWorkerOptions) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** The last few KB the children wrote (ids and SDK messages only), for failure messages. */
  tail(): string {
    return this.output.slice(-4000);
  }

  start(): Promise<void> {
    const child = spawn(process.execPath, ['--import', 'tsx', THIS_FILE, 'fault-worker'], {
      env: { ...process.env, ...caseEnv(this.opts), FAULT_WORKER_BUNDLE: this.opts.bundlePath },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.starts++;
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-20_000);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`worker did not start in 90 s: ${this.tail()}`)), 90_000);
      const onData = (chunk: Buffer) => {
        if (chunk.toString().includes(READY)) {
          clearTimeout(timer);
          child.stdout!.off('data', onData);
          resolve();
        }
      };
      child.stdout!.on('data', onData);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`worker exited before it was ready (${code ?? signal}): ${this.tail()}`));
      });
    });
  }

  /** kill -9 the running child and wait until it is gone. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await gone;
    this.kills++;
  }

  async restart(): Promise<void> {
    await this.kill();
    await this.start();
  }

  /** Graceful stop (SIGTERM: the worker finishes its tasks), SIGKILL after 15 s. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await gone;
    clearTimeout(timer);
  }
}

/** The child: worker/main.ts, with the prebuilt bundle. */
async function runFaultWorker(): Promise<void> {
  installQuietRuntime('WARN');
  await runWorkerProcess({ bundle: { codePath: process.env.FAULT_WORKER_BUNDLE! }, onRunning: () => console.log(READY) });
}

// --- a dev server of the test's own -------------------------------------------------------

/** `temporal server start-dev` on a persistent SQLite file; stop and start again on the same port. */
export class RestartableDevServer {
  private server: DevServer | null = null;
  restarts = 0;

  private constructor(
    private readonly dir: string,
    readonly port: number,
    readonly namespace: string,
  ) {}

  static async start(dir: string, namespace = 'caseclock'): Promise<RestartableDevServer> {
    const s = new RestartableDevServer(dir, await freePort(), namespace);
    await s.up();
    return s;
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  private async up(): Promise<void> {
    this.server = await startDevServer({
      port: this.port,
      uiPort: this.port + 1,
      namespace: this.namespace,
      dbFile: join(this.dir, 'temporal.sqlite'),
      logFile: join(this.dir, 'temporal.log'),
      headless: true,
    });
  }

  /**
   * Stop the server, wait `downMs`, start on the same file and port. SIGTERM lets the CLI
   * shut down and flush SQLite; SIGKILL gives it no chance (only what SQLite committed stays).
   */
  async restart(downMs: number, signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    if (signal === 'SIGKILL') await this.kill();
    else await this.stop();
    await sleep(downMs);
    // The port can stay in TIME_WAIT for a moment: startDevServer refuses a busy port.
    for (let attempt = 0; ; attempt++) {
      try {
        await this.up();
        break;
      } catch (error) {
        if (attempt >= 20 || !String(error).includes('already in use')) throw error;
        await sleep(250);
      }
    }
    this.restarts++;
  }

  async stop(): Promise<void> {
    await this.server?.stop();
    this.server = null;
  }

  /** kill -9, and wait until the process is gone. */
  async kill(): Promise<void> {
    const child = this.server?.process;
    this.server = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await gone;
  }
}

// --- an SMTP sink that can refuse --------------------------------------------------------

/**
 * The real sink on a fixed loopback port, which can go away (connection refused) or be
 * replaced by a server that answers every MAIL FROM with 451 (a transient refusal). Messages
 * only ever land in `<dataDir>/mail` through the real sink.
 */
export class SmtpOutage {
  private refusing: SMTPServer | null = null;
  /** MAIL FROM commands the 451 server turned away. */
  refusedAttempts = 0;

  private constructor(
    private readonly dataDir: string,
    readonly port: number,
    private sink: SmtpSink | null,
  ) {}

  static async start(dataDir: string): Promise<SmtpOutage> {
    const sink = await startSmtpSink({ dataDir });
    return new SmtpOutage(dataDir, sink.port, sink);
  }

  get folder(): string {
    return join(this.dataDir, 'mail');
  }

  async refuseConnections(): Promise<void> {
    await this.sink?.stop();
    this.sink = null;
    await this.closeRefusing();
  }

  async refuseWith451(): Promise<void> {
    await this.refuseConnections();
    const server = new SMTPServer({
      disabledCommands: ['AUTH', 'STARTTLS'],
      authOptional: true,
      logger: false,
      onMailFrom: (_address, _session, callback) => {
        this.refusedAttempts++;
        callback(Object.assign(new Error('mailbox busy, try again later'), { responseCode: 451 }));
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.refusing = server;
  }

  async restore(): Promise<void> {
    await this.closeRefusing();
    if (!this.sink) this.sink = await startSmtpSink({ dataDir: this.dataDir, port: this.port });
  }

  private async closeRefusing(): Promise<void> {
    const server = this.refusing;
    this.refusing = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async stop(): Promise<void> {
    await this.closeRefusing();
    await this.sink?.stop();
    this.sink = null;
  }
}

// --- a document store that fails -----------------------------------------------------------

/**
 * Makes every put/get/has of the real FolderDocumentStore fail with ENOTDIR (a retryable
 * error, as an unreachable object store would give), then work again with everything stored
 * before. `<dataDir>/documents` is a symlink, swapped by rename(2) between the real folder
 * and a plain file: a reader sees one or the other, never a missing folder — a moment without
 * it would read as ENOENT, "no such document", which the activities rightly treat as final.
 * `install()` before anything writes documents.
 */
export class DocumentStoreOutage {
  private readonly folder: string;
  private readonly store: string;
  private readonly blocker: string;
  private installed = false;
  active = false;

  constructor(dataDir: string) {
    this.folder = join(dataDir, 'documents');
    this.store = join(dataDir, 'documents.store');
    this.blocker = join(dataDir, 'documents.outage');
  }

  async install(): Promise<void> {
    if (existsSync(this.folder)) throw new Error(`document store outage: install before ${this.folder} exists`);
    mkdirSync(this.store, { recursive: true });
    await writeFile(this.blocker, 'document store outage (fault test)\n');
    await this.point('documents.store');
    this.installed = true;
  }

  /** Relative targets: the link stays right if the folder is moved. */
  private async point(target: string): Promise<void> {
    const swap = `${this.folder}.swap`;
    await rm(swap, { force: true });
    await symlink(target, swap);
    await rename(swap, this.folder);
  }

  async begin(): Promise<void> {
    if (!this.installed) throw new Error('document store outage: install() first');
    await this.point('documents.outage');
    this.active = true;
  }

  async end(): Promise<void> {
    if (!this.active) return;
    await this.point('documents.store');
    this.active = false;
  }
}

// --- what reached the outside world -------------------------------------------------------

/** Message-IDs in the sink's folder (every .eml, oldest first). */
export async function sinkMessageIds(folder: string): Promise<string[]> {
  const files = (await readdir(folder).catch(() => [] as string[])).filter((f) => f.endsWith('.eml')).sort();
  const ids: string[] = [];
  for (const file of files) {
    const head = (await readFile(join(folder, file), 'latin1')).split(/\r?\n\r?\n/, 1)[0].replace(/\r?\n[ \t]+/g, ' ');
    const match = /^message-id:\s*(<[^>\s]+>)/im.exec(head);
    ids.push(match ? match[1] : `(no Message-ID in ${file})`);
  }
  return ids;
}

/** Values that occur more than once, with their counts. */
export function duplicates(values: readonly string[]): Record<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return Object.fromEntries([...counts].filter(([, n]) => n > 1));
}

/** Every line of a case's delivery ledger (notices and staff alerts). */
export function deliveryLines(dataDir: string, caseId: string): Promise<DeliveryRecord[]> {
  return deliveryLedgerFile(dataDir, caseId).readAll();
}

export function caseLedgerEntries(dataDir: string, caseId: string): Promise<LedgerEntry[]> {
  return new CaseLedger(dataDir).entries(caseId);
}

/** WorkflowTaskFailed events in a workflow's history (a timed-out task after a kill is not one). */
export async function workflowTaskFailures(client: Client, workflowId: string): Promise<number> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const failed = proto.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED;
  return (history.events ?? []).filter((e) => e.eventType === failed).length;
}

/** Run `fn` over `items`, at most `limit` at a time. */
export async function inPool<T>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
    }
  });
  await Promise.all(lanes);
}

if (process.argv[1] === THIS_FILE && process.argv[2] === 'fault-worker') {
  await runFaultWorker();
}
