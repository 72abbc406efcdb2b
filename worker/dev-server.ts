/**
 * Starts the real Temporal dev server (`temporal server start-dev`, Temporal CLI built by
 * scripts/ensure-tools.sh) with a persistent SQLite file, the `caseclock` namespace and the
 * search attributes the workflows upsert. Used by `npm start` and by the integration tests'
 * global setup (there on free ports with a throw-away file).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { homedir } from 'node:os';
import { Connection } from '@temporalio/client';
import { SEARCH_ATTRIBUTE_TYPES } from '../workflows/search-attributes';

export interface DevServerOptions {
  port: number;
  uiPort: number;
  namespace: string;
  /** SQLite file; omitted = in memory. */
  dbFile?: string;
  /** Where the server's own log goes. */
  logFile: string;
  headless?: boolean;
  /** The Web UI's remote codec endpoint (the API's /codec, client/api/codec-routes.ts), so the UI shows decrypted payloads. */
  uiCodecEndpoint?: string;
}

export interface DevServer {
  address: string;
  uiUrl: string | null;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Paths written by scripts/ensure-tools.sh. */
export function toolPaths(): { temporalCli: string; testServer: string } {
  const cacheRoot = process.env.CASECLOCK_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'caseclock');
  const envFile = join(cacheRoot, 'tools.env');
  if (!existsSync(envFile)) throw new Error(`Temporal tools are not installed: run scripts/ensure-tools.sh (no ${envFile})`);
  const values = Object.fromEntries(
    readFileSync(envFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split('=', 2) as [string, string]),
  );
  return { temporalCli: values.TEMPORAL_CLI, testServer: values.TEMPORAL_TEST_SERVER };
}

export function portIsFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startDevServer(opts: DevServerOptions): Promise<DevServer> {
  for (const [name, port] of [['Temporal frontend', opts.port], ['Temporal Web UI', opts.uiPort]] as const) {
    if (opts.headless && name === 'Temporal Web UI') continue;
    if (!(await portIsFree(port))) {
      throw new Error(`port ${port} (${name}) is already in use: stop what runs there or set CASECLOCK_TEMPORAL_PORT / CASECLOCK_TEMPORAL_UI_PORT`);
    }
  }
  const { temporalCli } = toolPaths();
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(opts.port), '--namespace', opts.namespace, '--log-level', 'warn'];
  if (opts.headless) args.push('--headless');
  else args.push('--ui-port', String(opts.uiPort));
  if (opts.uiCodecEndpoint && !opts.headless) args.push('--ui-codec-endpoint', opts.uiCodecEndpoint);
  if (opts.dbFile) {
    mkdirSync(dirname(opts.dbFile), { recursive: true });
    args.push('--db-filename', opts.dbFile);
  }
  for (const [name, type] of Object.entries(SEARCH_ATTRIBUTE_TYPES)) args.push('--search-attribute', `${name}=${type}`);
  mkdirSync(dirname(opts.logFile), { recursive: true });
  const log = openSync(opts.logFile, 'a');
  const child = spawn(temporalCli, args, { stdio: ['ignore', log, log], detached: false });
  let exited: number | null = null;
  child.once('exit', (code) => {
    exited = code ?? -1;
  });

  const address = `127.0.0.1:${opts.port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited !== null) throw new Error(`Temporal dev server exited with code ${exited}; see ${opts.logFile}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`Temporal dev server did not answer on ${address} within 60 s; see ${opts.logFile}`);
    }
    if (await namespaceReady(address, opts.namespace)) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    address,
    uiUrl: opts.headless ? null : `http://127.0.0.1:${opts.uiPort}`,
    process: child,
    stop: () => stopChild(child),
  };
}

async function namespaceReady(address: string, namespace: string): Promise<boolean> {
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ address, connectTimeout: 1000 });
    const described = await connection.operatorService.listSearchAttributes({ namespace });
    return Object.keys(SEARCH_ATTRIBUTE_TYPES).every((name) => name in (described.customAttributes ?? {}));
  } catch {
    return false;
  } finally {
    await connection?.close().catch(() => undefined);
  }
}

export function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
