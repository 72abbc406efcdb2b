/**
 * No student data in Temporal's database (issue #9). A dev server of its own on a temp SQLite
 * file; the real demo seeding (`scripts/seed-demo.ts`, run as `npm start` runs it, with the
 * configured codec keys) and a worker with the same keys; once every case's effects settled
 * (notices rendered and sent, signatures requested) the server is stopped and the raw bytes of
 * the SQLite file and its -wal are searched for every demo student's name, parent's name,
 * emails (from the student directory) and birth date (the workflow input), as plain UTF-8,
 * UTF-16 (LE and BE), JSON-escaped (\" and \uXXXX) and base64 forms: none may be there.
 *
 * The same scan on a second server whose cases were opened WITHOUT the codec finds the birth
 * dates, so the scan does see what a payload holds (the test can fail).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { NativeConnection } from '@temporalio/worker';
import { afterAll, describe, expect, it } from 'vitest';
import { FolderStudentDirectory } from '../../activities';
import { CaseService, toOpenCaseInput } from '../../client/case-service';
import { demoCalendars } from '../../deadlines';
import { loadHistory } from '../../client/simulate/history';
import { chartRegistry } from '../../machines';
import { createSimulationActivities, seedDirectoryEntry } from '../../worker/case-activities';
import { loadConfig } from '../../worker/config';
import { createCaseWorker } from '../../worker/create-worker';
import { freePort, startDevServer } from '../../worker/dev-server';
import { configuredDataConverter } from '../../worker/payload-codec';
import { installQuietRuntime } from '../../worker/runtime';
import { dateIn } from '../../workflows/zoned-time';

installQuietRuntime();

const HISTORIES = fileURLToPath(new URL('../histories/', import.meta.url));
const histories = readdirSync(HISTORIES).filter((f) => f.endsWith('.json')).sort();
const NAMESPACE = 'caseclock';
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Every form a string may take in bytes on disk. */
function forms(text: string): Array<[string, Buffer]> {
  const utf16le = Buffer.from(text, 'utf16le');
  const utf16be = Buffer.from(utf16le).swap16();
  const unicodeEscaped = [...text].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
  const out: Array<[string, Buffer]> = [
    ['utf8', Buffer.from(text)],
    ['utf16le', utf16le],
    ['utf16be', utf16be],
    ['json', Buffer.from(JSON.stringify(text))],
    ['json-in-json', Buffer.from(JSON.stringify(JSON.stringify(text)).slice(1, -1))],
    ['json-unicode', Buffer.from(unicodeEscaped)],
  ];
  // base64 at each of the three alignments: the characters no neighbour byte can change.
  for (let pad = 0; pad < 3; pad++) {
    const b64 = Buffer.concat([Buffer.alloc(pad), Buffer.from(text)]).toString('base64');
    const start = Math.ceil((pad * 4) / 3);
    const end = Math.floor(((pad + text.length) * 4) / 3);
    if (end - start >= 8) out.push([`base64+${pad}`, Buffer.from(b64.slice(start, end))]);
  }
  return out;
}

interface Needle {
  what: string;
  studentId: string;
  value: string;
}

/** Hits of every needle in every form, in the SQLite file and its -wal (and -shm). */
function scan(dir: string, needles: Needle[]): string[] {
  const files = readdirSync(dir).filter((f) => f.startsWith('temporal.sqlite'));
  const bytes = Buffer.concat(files.map((f) => readFileSync(join(dir, f))));
  const hits: string[] = [];
  for (const n of needles) for (const [form, b] of forms(n.value)) if (bytes.includes(b)) hits.push(`${n.studentId} ${n.what} as ${form}`);
  return hits;
}

async function settleAll(service: CaseService, studentIds: string[]): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (const studentId of studentIds) {
    for (;;) {
      const view = await service.view(studentId);
      if (view.effectsQueued === 0) break;
      if (Date.now() > deadline) throw new Error(`effects of ${studentId} did not settle within 60 s (${view.effectsQueued} queued)`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/** A dev server on a temp SQLite file with a worker; `seed` opens the cases; stopped before it returns. */
async function seededServer(opts: { dataConverter?: DataConverter; seed: (env: NodeJS.ProcessEnv, service: CaseService) => Promise<string[]>; env?: NodeJS.ProcessEnv }) {
  const dir = mkdtempSync(join(tmpdir(), 'caseclock-pii-'));
  dirs.push(dir);
  const dataDir = join(dir, 'data');
  const server = await startDevServer({ port: await freePort(), uiPort: await freePort(), namespace: NAMESPACE, dbFile: join(dir, 'temporal.sqlite'), logFile: join(dir, 'temporal.log'), headless: true });
  const taskQueue = 'caseclock-pii';
  const env = { ...process.env, ...opts.env, TEMPORAL_ADDRESS: server.address, TEMPORAL_NAMESPACE: NAMESPACE, CASECLOCK_TASK_QUEUE: taskQueue, CASECLOCK_DATA_DIR: dataDir };
  const connection = await Connection.connect({ address: server.address });
  const native = await NativeConnection.connect({ address: server.address });
  const sim = await createSimulationActivities(dataDir);
  try {
    const service = new CaseService({ client: new Client({ connection, namespace: NAMESPACE, dataConverter: opts.dataConverter }), taskQueue });
    const worker = await createCaseWorker({ connection: native, namespace: NAMESPACE, taskQueue, activities: sim.activities, dataConverter: opts.dataConverter });
    const studentIds = await worker.runUntil(async () => {
      const ids = await opts.seed(env, service);
      await settleAll(service, ids);
      return ids;
    });
    return { dir, dataDir, studentIds };
  } finally {
    await sim.close();
    await native.close();
    await connection.close();
    await server.stop();
  }
}

/** What the directory and the histories say about each student: the values that must not leak. */
async function needlesFor(dataDir: string, studentIds: string[]): Promise<Needle[]> {
  const directory = new FolderStudentDirectory(dataDir);
  const needles: Needle[] = [];
  for (const studentId of studentIds) {
    const r = await directory.get(studentId);
    needles.push({ what: 'name', studentId, value: r.studentName }, { what: 'birth date', studentId, value: r.birthDate }, { what: 'parent name', studentId, value: r.parent.name });
    if (r.parent.email) needles.push({ what: 'parent email', studentId, value: r.parent.email });
    if (r.adultStudent?.email) needles.push({ what: 'student email', studentId, value: r.adultStudent.email });
  }
  return needles;
}

/** `scripts/seed-demo.ts` itself, as `npm start` runs it: every demo case with the configured codec. */
function runSeedDemo(env: NodeJS.ProcessEnv): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/seed-demo.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 75_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      const opened = /demo data: (\d+) cases opened/.exec(output);
      if (code !== 0 || !opened) return reject(new Error(`seed-demo exited ${code}: ${output.slice(-1500)}`));
      resolve(histories.map((f) => `demo-${loadHistory(join(HISTORIES, f), chartRegistry).history.id}`.toLowerCase()));
    });
  });
}

/**
 * Names never reach Temporal by design (activities look them up at render time), so even the
 * plain run would not show a name. A canary puts one into a payload (the workflow's memo): the
 * plain run must show it, the encrypted run must not.
 */
async function startCanary(env: NodeJS.ProcessEnv, service: CaseService): Promise<string> {
  const studentId = 'canary-memo';
  await seedDirectoryEntry(env.CASECLOCK_DATA_DIR!, studentId, '2011-11-11', 'en');
  const record = await new FolderStudentDirectory(env.CASECLOCK_DATA_DIR!).get(studentId);
  const open = toOpenCaseInput({ studentId, birthDate: record.birthDate, language: 'en', districtId: 'demo-usd', calendar: demoCalendars['demo-usd'] });
  await service.client.workflow.start('studentCase', { taskQueue: env.CASECLOCK_TASK_QUEUE!, workflowId: open.caseId, memo: { canary: record.studentName }, args: [{ open }] });
  return studentId;
}

/** The control: a few demo cases opened the seed-demo way, by a client and worker without codec. */
async function seedPlain(env: NodeJS.ProcessEnv, service: CaseService, files: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const file of files) {
    const loaded = loadHistory(join(HISTORIES, file), chartRegistry);
    const { history } = loaded;
    const studentId = `demo-${history.id}`.toLowerCase();
    const today = dateIn(loaded.calendar.timeZone ?? 'America/Los_Angeles', Date.now());
    await seedDirectoryEntry(env.CASECLOCK_DATA_DIR!, studentId, history.student.birthDate, history.student.language);
    await service.openCase({ studentId, birthDate: history.student.birthDate, language: history.student.language, districtId: loaded.calendar.id, calendar: loaded.calendar, policy: history.policy });
    for (const step of history.steps) {
      if (!step.event || step.expect?.refused || step.event.occurredOn > today) continue;
      await service.recordEvent(studentId, step.event).catch(() => undefined);
    }
    ids.push(studentId);
  }
  return ids;
}

describe('Temporal SQLite file', () => {
  it('holds no demo student name, parent name, email or birth date with the codec on', async () => {
    const started = Date.now();
    const keys = `pii-scan:${Buffer.alloc(32, 7).toString('base64')}`;
    const env = { CASECLOCK_CODEC_KEYS: keys, CASECLOCK_CODEC_ACTIVE_KEY: 'pii-scan' };
    // The worker and the test's client read the keys from the configuration, as worker/main.ts does.
    const dataConverter = configuredDataConverter(loadConfig({ ...env, CASECLOCK_DATA_DIR: tmpdir() }));
    const run = await seededServer({ dataConverter, env, seed: async (e, service) => [...(await runSeedDemo(e)), await startCanary(e, service)] });
    expect(run.studentIds).toHaveLength(histories.length + 1);
    const needles = await needlesFor(run.dataDir, run.studentIds);
    expect(needles.length).toBeGreaterThanOrEqual(run.studentIds.length * 4);
    expect(scan(run.dir, needles)).toEqual([]);
    // The file does hold the cases (ids are not PII): the scan reads the right bytes.
    expect(scan(run.dir, [{ what: 'workflow id', studentId: 'demo-c1', value: 'case-demo-c1' }]).length).toBeGreaterThan(0);
    console.log(`sqlite-pii-scan: ${run.studentIds.length} cases, ${needles.length} values × ${forms('x'.repeat(12)).length} forms, 0 hits, ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  it('finds them without the codec (the scan can fail)', async () => {
    const files = ['C1-initial-evaluation.json', 'C2-no-response-district-files.json', 'C16-iee.json'];
    const run = await seededServer({ seed: async (e, service) => [...(await seedPlain(e, service, files)), await startCanary(e, service)] });
    const hits = scan(run.dir, await needlesFor(run.dataDir, run.studentIds));
    for (const studentId of run.studentIds) expect(hits, studentId).toContain(`${studentId} birth date as utf8`);
    expect(hits).toContain('canary-memo name as utf8');
    console.log(`sqlite-pii-scan without codec: ${hits.length} hits (${[...new Set(hits.map((h) => h.split(' ').slice(1).join(' ')))].join('; ')})`);
  });
});
