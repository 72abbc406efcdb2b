/**
 * Worker CPU per workflow run, without a server (`npx tsx bench/workflow-cpu.ts [rounds]`):
 * every golden run (test/golden/) replayed `rounds` times through `Worker.runReplayHistories`
 * with the real bundle and codec, one warm-up round first. Each replayed run is a new workflow
 * in the sandbox (its modules evaluated again), so this is the cost issue #10 measured per
 * opened case — module set-up plus the run's own work — with no dev server or notices beside it.
 * Prints process CPU ms (all threads) per replayed run and wall ms per round.
 */
import { join } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { GOLDEN_DIR, GOLDEN_KEYS_FILE, readGoldenFile } from '../scripts/record-golden';
import { readdirSync } from 'node:fs';
import { readKeyRingFile } from '../worker/codec-keys';
import { workflowBundle } from '../worker/create-worker';
import { caseDataConverter } from '../worker/payload-codec';
import { installQuietRuntime } from '../worker/runtime';

installQuietRuntime();

const rounds = Number(process.argv[2] ?? 3);
const files = readdirSync(GOLDEN_DIR).filter((f) => f.endsWith('.json.gz')).sort();
const runs = files.flatMap((f) => {
  const g = readGoldenFile(join(GOLDEN_DIR, f));
  return g.runs.map((run) => ({ workflowId: g.workflowId, history: historyFromJSON(run) }));
});
const dataConverter = caseDataConverter(readKeyRingFile(GOLDEN_KEYS_FILE));
const bundle = await workflowBundle();

async function round(): Promise<number> {
  let failed = 0;
  for await (const r of Worker.runReplayHistories({ workflowBundle: bundle, dataConverter, replayName: 'cpu' }, runs)) if (r.error) { failed++; console.error(`replay failed: ${r.runId}: ${String(r.error).slice(0, 300)}`); }
  return failed;
}

if ((await round()) > 0) throw new Error('a golden run failed to replay');
const cpu0 = process.cpuUsage();
const t0 = performance.now();
for (let i = 0; i < rounds; i++) await round();
const cpu = process.cpuUsage(cpu0);
const wall = performance.now() - t0;
const cpuMs = (cpu.user + cpu.system) / 1000;
console.log(
  `${runs.length} runs × ${rounds} rounds: ${(cpuMs / (runs.length * rounds)).toFixed(1)} ms CPU per workflow run, ${(wall / rounds).toFixed(0)} ms wall per round`,
);
