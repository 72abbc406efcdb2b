/**
 * The worker process is killed (SIGKILL) while a case has notices in flight, then started
 * again: the case finishes its work, every notice is delivered exactly once (counted in the
 * SMTP sink by Message-ID), and no deadline is lost. Real dev server, real worker process
 * (`worker/main.ts`, as `npm start` runs it), real activities.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { demoCalendars, toDayNumber, toIso } from '../../deadlines';
import { CaseService } from '../../client/case-service';
import { startSmtpSink, type SmtpSink } from '../../activities/smtp-sink';
import { seedDirectoryEntry } from '../../worker/case-activities';
import { configuredDataConverter } from '../../worker/payload-codec';
import { dateIn } from '../../workflows/zoned-time';
import { uniqueId } from './harness';

let dataDir: string;
let sink: SmtpSink;
let connection: Connection;
let service: CaseService;
const taskQueue = uniqueId('restart-tq');
const workers: ChildProcess[] = [];

function startWorker(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'worker/main.ts'], {
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TEMPORAL_NAMESPACE: inject('temporalNamespace'),
      CASECLOCK_TASK_QUEUE: taskQueue,
      CASECLOCK_DATA_DIR: dataDir,
      CASECLOCK_SMTP_PORT: String(sink.port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  workers.push(child);
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('caseclock worker on')) resolve(child);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => workerOutput.push(chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => workerOutput.push(chunk.toString()));
    child.once('exit', (code) => reject(new Error(`worker exited early (${code}): ${output.slice(-2000)}`)));
    setTimeout(() => reject(new Error(`worker did not start in 60 s: ${output.slice(-2000)}`)), 60_000).unref();
  });
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'caseclock-restart-'));
  sink = await startSmtpSink({ dataDir });
  connection = await Connection.connect({ address: inject('temporalAddress') });
  // The same dev key the worker process makes in (and reads from) this data folder.
  const dataConverter = configuredDataConverter({ codec: {}, dataDir });
  service = new CaseService({ client: new Client({ connection, namespace: inject('temporalNamespace'), dataConverter }), taskQueue });
});
afterAll(async () => {
  for (const w of workers) if (w.exitCode === null) w.kill('SIGKILL');
  await connection?.close();
  await sink?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const workerOutput: string[] = [];

async function settled(studentId: string) {
  let view;
  for (let i = 0; i < 450; i++) {
    view = await service.view(studentId);
    if (view.effectsQueued === 0) return view;
    await new Promise((r) => setTimeout(r, 200));
  }
  const queued = [...(view?.notices ?? []), ...(view?.signatures ?? []), ...(view?.alerts ?? [])].filter((e) => e.status === 'queued');
  throw new Error(`effects did not settle within 90 s: ${JSON.stringify(queued)}\nworker: ${workerOutput.join('').slice(-3000)}`);
}

describe('worker killed mid-workflow (dev server)', () => {
  it('finishes the case after a restart with every notice delivered exactly once', async () => {
    const studentId = uniqueId('rs');
    await seedDirectoryEntry(dataDir, studentId, '2019-05-02', 'en');
    const today = dateIn('America/Los_Angeles', Date.now());
    const referralOn = toIso(toDayNumber(today) - 3);
    const first = await startWorker();
    await service.openCase({ studentId, birthDate: '2019-05-02', language: 'en', districtId: 'demo-usd', calendar: demoCalendars['demo-usd'] });
    // The referral queues IEP 18 + NC 1; the worker dies while they run.
    await service.recordEvent(studentId, { type: 'REFERRAL_RECEIVED', occurredOn: referralOn, actor: { role: 'parent' } });
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    // An Update needs a running worker: the next event waits for the restarted one, which
    // first replays the history and resumes the notices left in flight.
    await startWorker();
    const answer = await service.recordEvent(studentId, {
      type: 'ASSESSMENT_PLAN_SENT',
      occurredOn: today,
      actor: { role: 'district' },
      receivedByParentOn: today,
    });
    expect(answer.state).toBe('awaiting-consent');
    const view = await settled(studentId);
    expect(view.effectsFailed).toBe(0);
    const notices = view.notices.map((n) => `${n.form}:${n.status}`);
    expect(notices).toEqual(expect.arrayContaining(['IEP 18:done', 'NC 1:done', 'NC 3:done']));
    const deliveries = view.notices.flatMap((n) => (n.deliveries as Array<{ messageId?: string }>) ?? []);
    const messages = await sink.messages();
    const ids = messages.map((m) => m.messageId);
    // Exactly once: every delivery's Message-ID arrived, and none arrived twice.
    expect(new Set(ids).size).toBe(ids.length);
    for (const d of deliveries) expect(ids).toContain(d.messageId);
    expect(view.pending.map((d) => d.rule)).toEqual(['consent-response']);
  });
});
