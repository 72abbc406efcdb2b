/**
 * 200 cases progress on the shared dev server while the worker process is killed with SIGKILL
 * 3–5 times at random moments (seeded; CASECLOCK_FAULT_SEED=<seed> repeats a run) and started
 * again. Afterwards every case is what the pure engine says it must be, every notice and alert
 * reached the SMTP sink exactly once (by Message-ID, and once in the delivery ledger), every
 * clock point fired once, every signature request and signature is in the case ledger, a
 * replayed signing link is refused, and no workflow task failed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { createActivities, createSinkMailer, FolderDocumentStore, FolderStudentDirectory, startSmtpSink, verifyCaseLedger, type SmtpSink } from '../../activities';
import { signingSecret } from '../../worker/case-activities';
import {
  caseClient,
  caseLedgerEntries,
  duplicates,
  FaultyWorker,
  faultSeed,
  inPool,
  seededRandom,
  sinkMessageIds,
  sleep,
  workflowTaskFailures,
  writeWorkflowBundle,
} from './fault-tools';
import { deliveryProblems, driveCase, expectedMessageIds, FINAL, outcomeOf, planCases, repeatedDeadlines, settledCase, shiftFor, startCase, type FaultCase } from './fault-cases';
import { uniqueId } from './harness';

const seed = faultSeed();
const random = seededRandom(seed);
const COUNTS = { 'due-today': 64, 'reminder-today': 56, overdue: 44, evaluation: 12, amendment: 24 } as const;
/** Seconds from the start of the run to 08:00 on the case day (the due and reminder timers). */
const TIMER_AFTER_MS = 25_000;

let dataDir: string;
let sink: SmtpSink;
let clientHandle: Awaited<ReturnType<typeof caseClient>>;
let worker: FaultyWorker;
const taskQueue = uniqueId('faults-kill-tq');

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'caseclock-faults-kill-'));
  sink = await startSmtpSink({ dataDir });
  clientHandle = await caseClient(inject('temporalAddress'), inject('temporalNamespace'), dataDir);
  signingSecret(dataDir); // made here, before the worker child could race the test for it
  worker = new FaultyWorker({
    address: inject('temporalAddress'),
    namespace: inject('temporalNamespace'),
    taskQueue,
    dataDir,
    smtpPort: sink.port,
    bundlePath: await writeWorkflowBundle(dataDir),
  });
  await worker.start();
});

afterAll(async () => {
  await worker?.kill();
  await clientHandle?.close();
  await sink?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('worker killed with SIGKILL at random moments (dev server, 200 cases)', () => {
  it('finishes every case with nothing lost and nothing done twice', async () => {
    const started = Date.now();
    const kills = Number(process.env.TMP_KILLS ?? (3 + Math.floor(random() * 3)));
    const pauses = Array.from({ length: kills }, () => 1_000 + Math.floor(random() * 7_000));
    console.log(`faults-worker-kill: seed ${seed} (CASECLOCK_FAULT_SEED=${seed} repeats it); ${kills} kills, pauses ${pauses.join(', ')} ms after each start`);

    const cases = await planCases(dataDir, uniqueId('fk'), COUNTS, shiftFor(started + TIMER_AFTER_MS));
    const { client } = clientHandle;
    const signing = createActivities({
      dataDir,
      directory: new FolderStudentDirectory(dataDir),
      documents: new FolderDocumentStore(dataDir),
      mailer: createSinkMailer(sink),
      signingSecret: signingSecret(dataDir),
      baseUrl: 'http://127.0.0.1:0',
    });
    const deps = { client, taskQueue, signing, dataDir };
    // Amendments first: their signing waits on a finished activity, the others fill the lanes meanwhile.
    const order = [...cases.filter((c) => c.kind === 'amendment'), ...cases.filter((c) => c.kind !== 'amendment')];

    const chaos = (async () => {
      for (const pause of pauses) {
        await sleep(pause);
        const pid = worker.pid;
        await worker.restart();
        console.log(`faults-worker-kill: killed worker ${pid} at +${((Date.now() - started) / 1000).toFixed(1)} s, new one ${worker.pid} ready`);
      }
    })();
    const load = (async () => {
      await inPool(order, 24, (c) => startCase(deps, c));
      console.log('started all', Date.now() - started);
      let done = 0;
      await inPool(order, 24, async (c) => { await driveCase(deps, c); if (++done % 25 === 0) console.log('driven', done, Date.now() - started); });
    })();
    await Promise.all([chaos, load]);
    const driven = Date.now();
    // Every case must also have crossed 08:00 of its day before it is judged.
    await sleep(Math.max(0, started + TIMER_AFTER_MS + 2_000 - Date.now()));

    const results = new Map<FaultCase, Awaited<ReturnType<typeof settledCase>>>();
    await inPool(cases, 16, async (c) => {
      results.set(c, await settledCase(client, c, 120_000));
    });
    const settled = Date.now();

    const mismatched = cases.filter((c) => !results.get(c)!.matches).map((c) => `${c.caseId} (${c.kind}):\n ${results.get(c)!.diff}`);
    expect(mismatched.slice(0, 3), `${mismatched.length} cases differ from the pure engine; worker output:\n${worker.tail()}`).toEqual([]);

    const wrongOutcome: string[] = [];
    for (const c of cases) {
      const final = FINAL[c.kind];
      const got = outcomeOf(results.get(c)!.state, final.process);
      const want = { state: final.state, alerts: final.alerts, notices: final.notices, signatures: final.signatures, notDone: [] };
      if (JSON.stringify(got) !== JSON.stringify(want)) wrongOutcome.push(`${c.caseId}: ${JSON.stringify(got)}`);
    }
    expect(wrongOutcome.slice(0, 5)).toEqual([]);

    // Exactly once at the SMTP server: every Message-ID a notice or alert needs, each once, nothing else.
    const wanted = cases.flatMap((c) => expectedMessageIds(results.get(c)!.state));
    const arrived = await sinkMessageIds(sink.folder);
    expect(duplicates(arrived)).toEqual({});
    expect([...arrived].sort()).toEqual([...wanted].sort());

    const ledgerProblems: string[] = [];
    let signatureEntries = 0;
    for (const c of cases) {
      const state = results.get(c)!.state;
      ledgerProblems.push(...(await deliveryProblems(dataDir, state)).map((p) => `${c.caseId}: ${p}`));
      ledgerProblems.push(...repeatedDeadlines(state).map((p) => `${c.caseId}: fired twice: ${p}`));
      const entries = await caseLedgerEntries(dataDir, c.caseId);
      const keys = entries.map((e) => `${e.kind}|${String(e.body.key ?? e.seq)}`);
      ledgerProblems.push(...Object.keys(duplicates(keys)).map((k) => `${c.caseId}: case ledger holds ${k} twice`));
      const verification = await verifyCaseLedger(dataDir, c.caseId);
      if (!verification.ok) ledgerProblems.push(`${c.caseId}: case ledger does not verify`);
      if (c.kind === 'amendment') {
        const requested = entries.filter((e) => e.kind === 'signature-requested').length;
        const recorded = entries.filter((e) => e.kind === 'signature-recorded').length;
        signatureEntries += recorded;
        if (requested !== 1 || recorded !== 2 || c.signed !== 2) ledgerProblems.push(`${c.caseId}: ${requested} requests, ${recorded} signatures recorded, ${c.signed} signed`);
        if (!c.replayRefused) ledgerProblems.push(`${c.caseId}: a replayed signing link was not refused`);
      }
    }
    expect(ledgerProblems.slice(0, 10)).toEqual([]);

    let taskFailures = 0;
    await inPool(cases, 16, async (c) => {
      taskFailures += await workflowTaskFailures(client, c.caseId);
    });
    expect(taskFailures).toBe(0);

    expect(worker.kills).toBe(kills);
    const alerts = cases.reduce((n, c) => n + results.get(c)!.state.effects.filter((e) => e.type === 'escalate').length, 0);
    const timerPoints = cases.reduce((n, c) => n + results.get(c)!.state.timeline.filter((t) => t.kind === 'timer' && /_(REMINDER|DUE|OVERDUE)$/.test(t.type)).length, 0);
    console.log(
      `faults-worker-kill: ${cases.length} cases, ${kills} kills; ${arrived.length} messages (0 twice), ${alerts} alerts, ${timerPoints} clock points fired once each, ` +
        `${signatureEntries} signatures recorded, ${COUNTS.amendment} replayed links refused; driven in ${((driven - started) / 1000).toFixed(1)} s, settled at ${((settled - started) / 1000).toFixed(1)} s`,
    );
  });
});
