/**
 * Heap per cached workflow (issue #10; `npx tsx --expose-gc bench/workflow-memory.ts [--steps 0,50,100,200]
 * [--preload deadlines/index.ts,...] [--no-reuse] [--snapshot 1,50]`): a time-skipping server and one Worker in
 * `debugMode`, so the workflow contexts live in this thread (worker.js createWorkflowCreator:
 * debugMode + reuseV8Context = ReusableVMWorkflowCreator in the main isolate) and
 * `process.memoryUsage().heapUsed` after `gc()` counts them. Cases are opened as bench/open-cases.ts
 * does it (openCase + a REFERRAL_RECEIVED Update) and stay in the sticky cache (10,000 slots).
 * The worker polls workflows only (no activities: the notices stay scheduled, the cases stay
 * where the Update left them). At each step prints the heap and MiB per case since step 0.
 * `--snapshot 1,50` writes a heap snapshot when 1 and 50 cases are open. `--preload` bundles with the SDK's
 * preloadModules (evaluated once per context, shared and deep-frozen), to measure what they save.
 */
import { writeHeapSnapshot } from 'node:v8';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from '@temporalio/worker';
import { CaseService } from '../client/case-service';
import { seedDirectoryEntry } from '../worker/case-activities';
import { boundDataConverter } from '../worker/payload-codec';
import { bundleCaseWorkflows, workflowBundle } from '../worker/create-worker';
import { createTimeSkippingEnv } from '../worker/time-skipping';
import { installQuietRuntime } from '../worker/runtime';
import { toDayNumber, toIso } from '../deadlines';
import { benchCalendar, inLanes, today } from './open-cases';

installQuietRuntime();

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(name);
const value = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const steps = (value('--steps') ?? '0,50,100,200').split(',').map(Number);
const snapshotAt = (value('--snapshot') ?? '').split(',').filter(Boolean).map(Number);
// Module paths (relative to the repo) the SDK evaluates once per V8 context and shares (bundler
// option preloadModules; the SDK deep-freezes them) in place of the worker bundle's own list.
const preload = (value('--preload') ?? '').split(',').filter(Boolean).map((m) => fileURLToPath(new URL(`../${m}`, import.meta.url)));
const reuseV8Context = !flag('--no-reuse');
// `--threaded`: the shipped mode (workflows in the SDK's worker thread, which gc() does not
// reach); then only the process RSS column says anything about the workflows.
const debugMode = !flag('--threaded');

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc (npx tsx --expose-gc bench/workflow-memory.ts)');
const MiB = 1024 ** 2;
function heap(): number {
  for (let i = 0; i < 3; i++) gc!();
  return process.memoryUsage().heapUsed;
}

// The test server is a child JVM the SDK's core started: leaving by process.exit or a throw
// without teardown left it running (an orphan holding a port and ≈ 300 MiB). Every way out of
// the measurement goes through leave().
const env = await createTimeSkippingEnv();
let leaving: Promise<never> | undefined;
function leave(code: number): Promise<never> {
  leaving ??= (async () => {
    await Promise.race([env.teardown(), new Promise((r) => setTimeout(r, 10_000).unref())]).catch(() => undefined);
    process.exit(code);
  })();
  return leaving;
}
// Ctrl-C: without this the worker kept retrying a server the signal had already stopped.
process.on('SIGINT', () => void leave(130));
// A workflow task that keeps failing (e.g. a preloaded, frozen module written to) leaves an
// Update waiting for ever: give up after 5 minutes.
setTimeout(() => {
  console.error('workflow-memory: no answer within 5 minutes (a workflow task failing?)');
  void leave(2);
}, 300_000).unref();

async function measure(): Promise<void> {
  const taskQueue = `mem-${process.pid}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'caseclock-mem-'));
  const bundle = preload.length
    ? await bundleCaseWorkflows(preload)
    : await workflowBundle();
  const worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowBundle: bundle,
    dataConverter: boundDataConverter(env.nativeConnection),
    maxCachedWorkflows: 10_000,
    debugMode,
    reuseV8Context,
  });
  const service = new CaseService({ client: env.client, taskQueue });
  const calendar = benchCalendar();
  const day = toDayNumber(today());

  console.log(`preload ${preload.length ? preload.join(', ') : 'the worker bundle (worker/create-worker.ts PRELOADED_MODULES)'}, reuseV8Context ${reuseV8Context}`);
  await worker.runUntil(async () => {
    let open = 0;
    // One case first, so the context's shared modules (and the worker's own start-up) are not
    // counted per case.
    async function openCases(n: number) {
      const ids = Array.from({ length: n }, (_, i) => `m${process.pid}-${open + i}`);
      for (const [i, id] of ids.entries()) await seedDirectoryEntry(dataDir, id, '2018-01-01', (open + i) % 4 === 0 ? 'es' : 'en');
      await inLanes(n, 8, async (i) => {
        const studentId = ids[i];
        await service.openCase({ studentId, birthDate: '2018-01-01', language: 'en', districtId: 'bench-usd', schoolId: `sch-${i % 40}`, calendar });
        await service.recordEvent(studentId, { type: 'REFERRAL_RECEIVED', occurredOn: toIso(day - (i % 10)), actor: { role: 'parent' } });
      });
      open += n;
    }
    await openCases(1);
    const base = heap();
    if (snapshotAt.includes(1)) console.log(`snapshot: ${writeHeapSnapshot()}`);
    let last = { open: 1, heap: base };
    const rss0 = process.memoryUsage().rss;
    console.log(`cases  heapUsed MiB  MiB/case since 1  MiB/case this step  RSS MiB  RSS MiB/case since 1`);
    console.log(`${String(1).padStart(5)}  ${(base / MiB).toFixed(1).padStart(12)}  ${''.padStart(16)}  ${''.padStart(18)}  ${(rss0 / MiB).toFixed(0).padStart(7)}`);
    for (const target of steps.filter((s) => s > 1)) {
      await openCases(target - open);
      const h = heap();
      const rss = process.memoryUsage().rss;
      if (snapshotAt.includes(target)) console.log(`snapshot: ${writeHeapSnapshot()}`);
      console.log(
        `${String(target).padStart(5)}  ${(h / MiB).toFixed(1).padStart(12)}  ${((h - base) / MiB / (target - 1)).toFixed(3).padStart(16)}  ${((h - last.heap) / MiB / (target - last.open)).toFixed(3).padStart(18)}  ${(rss / MiB).toFixed(0).padStart(7)}  ${((rss - rss0) / MiB / (target - 1)).toFixed(2).padStart(20)}`,
      );
      last = { open: target, heap: h };
    }
  });
}

try {
  await measure();
} catch (error) {
  console.error(`workflow-memory: ${error instanceof Error ? error.message : String(error)}`);
  await leave(1);
}
await leave(0);
