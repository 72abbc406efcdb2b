/**
 * `npm start`: the whole product on this machine. Starts the Temporal dev server on a
 * persistent SQLite file under .data/ (unless TEMPORAL_ADDRESS points at a cluster), the local
 * SMTP sink, the worker and the API/dashboard as child processes, loads the demo cases, and
 * prints where everything is. Ctrl-C stops everything cleanly; a restart finds the same cases.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../worker/config';
import { portIsFree, startDevServer, stopChild, type DevServer } from '../worker/dev-server';
import { startSmtpSink, type SmtpSink } from '../activities/smtp-sink';
import { apiTokensFile } from '../client/api/auth';
import { ensureDemoTokens } from '../client/api/demo-tokens';

const started = Date.now();
const children: Array<{ name: string; child: ChildProcess }> = [];
let server: DevServer | undefined;
let sink: SmtpSink | undefined;
let stopping = false;

function say(message: string): void {
  console.log(`caseclock: ${message}`);
}

async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    say('stopping…');
    for (const { child } of [...children].reverse()) await stopChild(child);
    await sink?.stop();
    await server?.stop();
  }
  process.exit(code);
}

function spawnPart(name: string, script: string, logDir: string, env: NodeJS.ProcessEnv): ChildProcess {
  const log = openSync(join(logDir, `${name}.log`), 'a');
  const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', log, log], env });
  children.push({ name, child });
  child.once('exit', (code, signal) => {
    if (!stopping) {
      say(`${name} stopped (${signal ?? code}); see ${join(logDir, `${name}.log`)}`);
      void shutdown(1);
    }
  });
  return child;
}

async function waitForHttp(url: string, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${ms / 1000} s`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

async function main(): Promise<void> {
  const config = loadConfig();
  const logDir = join(config.dataDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  if (!(await portIsFree(config.api.port, config.api.host))) {
    throw new Error(`port ${config.api.port} (caseclock API) is already in use: stop what runs there or set CASECLOCK_API_PORT`);
  }
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (!config.temporal.external) {
    server = await startDevServer({
      port: config.devServer.port,
      uiPort: config.devServer.uiPort,
      namespace: config.temporal.namespace,
      dbFile: join(config.dataDir, 'temporal.sqlite'),
      logFile: join(logDir, 'temporal.log'),
      // The Web UI decrypts payloads through the API (client/api/codec-routes.ts), for a
      // supervisor or auditor who opened a codec session from the dashboard.
      uiCodecEndpoint: `http://${config.api.host}:${config.api.port}/codec`,
    });
    say(`Temporal dev server on ${server.address} (state in ${join(config.dataDir, 'temporal.sqlite')})`);
  } else {
    say(`using the Temporal cluster at ${config.temporal.address}, namespace ${config.temporal.namespace}`);
  }
  if (config.smtp.sink) {
    if (!(await portIsFree(config.smtp.port))) {
      throw new Error(`port ${config.smtp.port} (local SMTP sink) is already in use: stop what runs there or set CASECLOCK_SMTP_PORT`);
    }
    sink = await startSmtpSink({ dataDir: config.dataDir, port: config.smtp.port });
    say(`local SMTP sink on 127.0.0.1:${sink.port}: every notice lands in ${sink.folder}`);
  }
  spawnPart('worker', 'worker/main.ts', logDir, env);
  // Demo API users, one per role, when no tokens file exists yet (client/api/demo-tokens.ts).
  const tokensFile = apiTokensFile(process.env, config.dataDir);
  const demoUsers = ensureDemoTokens(tokensFile);
  if (demoUsers) for (const u of demoUsers) say(`demo login (${u.role}, ${u.userId}): ${u.token}`);
  say(`API tokens in ${tokensFile}`);
  spawnPart('api', 'client/api/main.ts', logDir, env);
  const apiUrl = `http://${config.api.host}:${config.api.port}`;
  await waitForHttp(`${apiUrl}/health`, 60_000);
  const seed = spawn(process.execPath, ['--import', 'tsx', 'scripts/seed-demo.ts'], { stdio: 'inherit', env });
  await new Promise<void>((resolve) => seed.once('exit', () => resolve()));
  say(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (server?.uiUrl) {
    say(`Temporal Web UI  ${server.uiUrl}/namespaces/${config.temporal.namespace}/workflows`);
    say('                 payloads are encrypted; to read them there, sign in to the dashboard as supervisor or auditor and press "Decrypt in Temporal UI"');
  }
  say(`caseclock        ${apiUrl}/  (dashboard; JSON API under ${apiUrl}/api/)`);
  say(`CLI              npx caseclock cases   ·   npx caseclock show demo-c1`);
  say('Ctrl-C stops everything; a restart finds the same cases.');
}

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
main().catch((error) => {
  console.error(`caseclock: ${error instanceof ConfigError || error instanceof Error ? error.message : String(error)}`);
  void shutdown(1);
});
