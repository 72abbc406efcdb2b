/**
 * Records the golden-history corpus (test/golden/, see its README.md): representative cases run
 * through the real `studentCase` workflow and activities on the time-skipping server — the
 * acceptance histories of test/histories/ through the simulate runner (every process chart at
 * least once, C1x carried three years) and the scripted cases below (continue-as-new, the
 * county program referral no acceptance history opens) — each workflow's history (every run)
 * written as it is stored, encrypted with the corpus's committed TEST key.
 * test/integration/golden-replay.test.ts replays them all against today's workflow code.
 *
 *   npx tsx scripts/record-golden.ts              # record what is missing
 *   npx tsx scripts/record-golden.ts --replace    # record everything again (see the README first)
 *   npx tsx scripts/record-golden.ts C16-iee      # only these (history ids or file names)
 *
 * Existing recordings are kept unless --replace: they are the past the workflow code must
 * still replay. A simulate mismatch refuses the whole recording (nothing written).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { z } from 'zod';
import { demoCalendars } from '../deadlines';
import { chartRegistry } from '../machines';
import { fetchCaseHistories, replayHistory } from '../client/replay';
import { loadHistory, type LoadedHistory } from '../client/simulate/history';
import { settle, simulate } from '../client/simulate/runner';
import { moveCaseTo, shiftFor } from '../client/simulate/sim-clock';
import { createSimulationActivities } from '../worker/case-activities';
import { readKeyRingFile } from '../worker/codec-keys';
import { createCaseWorker } from '../worker/create-worker';
import { installQuietRuntime } from '../worker/runtime';
import { createTimeSkippingEnv } from '../worker/time-skipping';
import { recordEventUpdate } from '../workflows/messages';
import { SCRIPTED_CASES, type ScriptedCase } from '../test/golden/scripted-cases';

export const GOLDEN_DIR = fileURLToPath(new URL('../test/golden/', import.meta.url));
export const GOLDEN_KEYS_FILE = join(GOLDEN_DIR, 'test-codec-keys.json');
const HISTORIES_DIR = fileURLToPath(new URL('../test/histories/', import.meta.url));

/** One recorded workflow: what test/golden/<id>.json.gz holds. */
export const GoldenFileSchema = z
  .object({
    format: z.literal(1),
    id: z.string().regex(/^[A-Za-z0-9._-]+$/, 'must be a file id'),
    workflowId: z.string().min(1),
    source: z.string().min(1),
    recordedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date'),
    keyId: z.string().min(1),
    /** Charts the case opened (from the last run's state). */
    charts: z.array(z.string()),
    /** Every run, oldest first, as Temporal's JSON history (payloads encrypted). */
    runs: z.array(z.record(z.string(), z.unknown())).min(1),
  })
  .strict();
export type GoldenFile = z.infer<typeof GoldenFileSchema>;

export const goldenFileName = (id: string) => `${id}.json.gz`;

export function readGoldenFile(path: string): GoldenFile {
  const parsed = GoldenFileSchema.safeParse(JSON.parse(gunzipSync(readFileSync(path)).toString('utf8')));
  if (!parsed.success) throw new Error(`golden file ${basename(path)}: ${parsed.error.issues[0].path.join('.')}: ${parsed.error.issues[0].message}`);
  return parsed.data;
}

type RecordedRuns = Awaited<ReturnType<typeof fetchCaseHistories>>;

function chartsOf(runs: RecordedRuns): string[] {
  const last = runs[runs.length - 1];
  const end = last.events?.at(-1)?.eventTime;
  const view = replayHistory(last, Number(end?.seconds ?? 0) * 1000 + 1000).view;
  return [...new Set(view.processes.map((p) => p.chart))].sort();
}

async function recordSimulated(env: TestWorkflowEnvironment, histories: LoadedHistory[], started: string[]): Promise<Map<string, string>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'caseclock-golden-'));
  const sim = await createSimulationActivities(dataDir);
  try {
    const reports = await simulate(env, histories, sim.activities, (r) => console.log(`record-golden: ${r.id} ${r.steps.length} steps, ${r.mismatches.length} mismatches`), {
      stateFromUpdate: false, // keep the recorded histories free of the answers' case states
    });
    const bad = reports.filter((r) => r.mismatches.length);
    if (bad.length) throw new Error(`simulate mismatches in ${bad.map((r) => r.id).join(', ')}: fix them (npx caseclock simulate) before recording`);
    // The runner starts one workflow per history, in order.
    return new Map(histories.map((h, i) => [h.history.id, started[i]]));
  } finally {
    await sim.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function recordScripted(env: TestWorkflowEnvironment, c: ScriptedCase): Promise<string> {
  const LA = 'America/Los_Angeles';
  const workflowId = `case-${c.studentId}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'caseclock-golden-'));
  const sim = await createSimulationActivities(dataDir);
  const taskQueue = `caseclock-golden-${c.id}`;
  const worker = await createCaseWorker({ connection: env.nativeConnection, namespace: env.namespace ?? 'default', taskQueue, activities: sim.activities });
  try {
    const shift = await shiftFor(env, c.events[0][0], LA);
    await worker.runUntil(async () => {
      await env.client.workflow.start('studentCase', {
        taskQueue,
        workflowId,
        args: [{ open: { caseId: workflowId, profile: { studentId: c.studentId, birthDate: '2019-05-02', language: 'en', districtId: 'demo-usd' }, calendar: demoCalendars['demo-usd'], settings: { timeShiftMs: shift, ...c.settings } } }],
      });
      for (const [date, event] of c.events) {
        await moveCaseTo(env, shift, LA, date, 8);
        await env.client.workflow.getHandle(workflowId).executeUpdate(recordEventUpdate, { args: [{ event: { occurredOn: date, ...event } }] });
        await settle(env.client.workflow.getHandle(workflowId));
      }
      await moveCaseTo(env, shift, LA, c.until, 8);
      await settle(env.client.workflow.getHandle(workflowId));
      await env.client.workflow.getHandle(workflowId).terminate('recorded');
    });
  } finally {
    await sim.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return workflowId;
}

async function writeGolden(env: TestWorkflowEnvironment, id: string, workflowId: string, source: string, keyId: string): Promise<number> {
  const stored = await fetchCaseHistories(env.client, workflowId, { decode: false });
  const charts = chartsOf(await fetchCaseHistories(env.client, workflowId));
  const file: GoldenFile = {
    format: 1,
    id,
    workflowId,
    source,
    recordedOn: new Date().toISOString().slice(0, 10),
    keyId,
    charts,
    runs: stored.map((h) => JSON.parse(historyToJSON(h)) as Record<string, unknown>),
  };
  const bytes = gzipSync(JSON.stringify(GoldenFileSchema.parse(file)), { level: 9 });
  writeFileSync(join(GOLDEN_DIR, goldenFileName(id)), bytes);
  console.log(`record-golden: ${goldenFileName(id)} ${stored.length} run(s), ${stored.reduce((n, h) => n + (h.events?.length ?? 0), 0)} events, ${(bytes.length / 1024).toFixed(0)} KiB, charts ${charts.join(' ')}`);
  return bytes.length;
}

async function main(argv: string[]): Promise<void> {
  const replace = argv.includes('--replace');
  const only = argv.filter((a) => !a.startsWith('--')).map((a) => basename(a).replace(/\.json$/, ''));
  const wanted = (id: string, file = id) => (only.length === 0 || only.includes(id) || only.includes(file)) && (replace || !existsSync(join(GOLDEN_DIR, goldenFileName(id))));
  const files = readdirSync(HISTORIES_DIR).filter((f) => f.endsWith('.json')).sort();
  const histories = files.map((f) => loadHistory(join(HISTORIES_DIR, f), chartRegistry)).filter((h) => wanted(h.history.id, basename(h.path, '.json')));
  const scripted = SCRIPTED_CASES.filter((c) => wanted(c.id));
  if (!histories.length && !scripted.length) {
    console.log('record-golden: every recording exists (use --replace to record again)');
    return;
  }
  installQuietRuntime();
  const keys = readKeyRingFile(GOLDEN_KEYS_FILE);
  const started: string[] = [];
  const env = await createTimeSkippingEnv({
    keys,
    interceptors: { workflow: [{ start: (input, next) => (started.push(input.options.workflowId), next(input)) }] },
  });
  let total = 0;
  try {
    if (histories.length) {
      const ids = await recordSimulated(env, histories, started);
      for (const h of histories) total += await writeGolden(env, h.history.id, ids.get(h.history.id)!, `test/histories/${basename(h.path)}`, keys.activeKeyId);
    }
    for (const c of scripted) total += await writeGolden(env, c.id, await recordScripted(env, c), `scripts/record-golden.ts SCRIPTED_CASES ${c.id}`, keys.activeKeyId);
  } finally {
    await env.teardown();
  }
  console.log(`record-golden: wrote ${(total / 1024 / 1024).toFixed(2)} MiB`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await main(process.argv.slice(2));
}
