/**
 * `caseclock simulate <history.json>... [--json]` (case-history.md): every history checked
 * first (a malformed one → one line naming the field, exit 2, nothing run), then all run on
 * one time-skipping server with one worker and the real activities (deliveries go to a local
 * SMTP sink, never to a real address). Exit 1 with every mismatch listed, 0 when all hold.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chartRegistry } from '../../machines';
import { createTimeSkippingEnv } from '../../worker/time-skipping';
import { installQuietRuntime } from '../../worker/runtime';
import { createSimulationActivities } from '../../worker/case-activities';
import { HistoryError, loadHistory, type LoadedHistory } from '../simulate/history';
import { printReport } from '../simulate/report';
import { simulate, type HistoryReport } from '../simulate/runner';
import type { CliIo } from './main';
import { parseArgs, UsageError } from './flags';

export async function runSimulateCommand(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, ['json']);
  if (args.positionals.length === 0) throw new UsageError('simulate needs at least one history file');
  let loaded: LoadedHistory[];
  try {
    loaded = args.positionals.map((path) => loadHistory(path, chartRegistry, io.readFile(path)));
  } catch (error) {
    if (error instanceof HistoryError) throw new UsageError(error.message);
    throw new UsageError(`${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
  installQuietRuntime();
  const dataDir = mkdtempSync(join(tmpdir(), 'caseclock-sim-'));
  const env = await createTimeSkippingEnv();
  const sim = await createSimulationActivities(dataDir);
  let reports: HistoryReport[];
  try {
    reports = await simulate(env, loaded, sim.activities, (r) =>
      io.stderr(`simulate: ${r.id} ${r.steps.length} steps, ${r.mismatches.length} mismatches, ${(r.wallMs / 1000).toFixed(1)} s`),
    );
  } finally {
    await sim.close();
    await env.teardown();
    rmSync(dataDir, { recursive: true, force: true });
  }
  if (args.switches.has('json')) {
    for (const r of reports) io.stdout(JSON.stringify(r));
  } else {
    io.stdout(reports.map(printReport).join('\n\n'));
  }
  const mismatches = reports.flatMap((r) => r.mismatches.map((m) => ({ ...m, history: r.id })));
  for (const m of mismatches) {
    io.stderr(`mismatch: history ${m.history}, step ${m.step}, ${m.key}: wanted ${JSON.stringify(m.wanted)}, got ${JSON.stringify(m.got)}`);
  }
  io.stderr(`simulate: ${reports.length} histories, ${reports.reduce((n, r) => n + r.steps.length, 0)} steps, ${mismatches.length} mismatches`);
  return mismatches.length ? 1 : 0;
}
