/**
 * `caseclock simulate <history.json>... [--json] [--lanes N]` (case-history.md): every history
 * checked first (a malformed one → one line naming the field, exit 2, nothing run), then all
 * run on time-skipping servers with the real activities (deliveries go to a local SMTP sink,
 * never to a real address): `--lanes` servers side by side, each with one worker, taking
 * histories from one queue (client/simulate/lanes.ts; 1 = one after the other; the default
 * follows the machine's idle cores, see defaultLanes).
 * Exit 1 with every mismatch listed, 0 when all hold.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { chartRegistry } from '../../machines';
import { HistoryError, loadHistory, type LoadedHistory } from '../simulate/history';
import { MAX_LANES } from '../simulate/lanes';
import { printReport } from '../simulate/report';
import type { HistoryReport } from '../simulate/runner';
import type { CliIo } from './main';
import { parseArgs, single, UsageError } from './flags';

/**
 * Without `--lanes`: one lane per core (at most 3) when the machine has idle cores, else one.
 * Lanes fill CPU a single run leaves idle (waits on the test server's round trips). Measured
 * on the 2-core machine, the corpus: at load ≈ 2.5, 39 s with one lane, 33 s with two, 35 s
 * with three; at load 11-18 (the cores shared with other work) 102-103 s with one and
 * 130-145 s with two — there is no idle CPU to fill, and each extra lane only adds a JVM start,
 * which under that load timed out in 2 runs of 2.
 */
export function defaultLanes(load1: number, cores: number): number {
  return load1 < cores ? Math.max(1, Math.min(cores, 3)) : 1;
}

const Lanes = z
  .string()
  .regex(/^\d+$/, 'must be a whole number')
  .transform(Number)
  .pipe(z.number().min(1, 'must be at least 1').max(MAX_LANES, `must be at most ${MAX_LANES}`));

export async function runSimulateCommand(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, ['json']);
  const unknown = Object.keys(args.flags).find((f) => f !== 'lanes');
  if (unknown) throw new UsageError(`simulate: unknown option --${unknown}`);
  if (args.positionals.length === 0) throw new UsageError('simulate needs at least one history file');
  const rawLanes = single(args, 'lanes');
  const lanes = Lanes.safeParse(rawLanes ?? String(defaultLanes(loadavg()[0], availableParallelism())));
  if (!lanes.success) throw new UsageError(`--lanes: ${lanes.error.issues[0].message} (got ${JSON.stringify(rawLanes)})`);
  let loaded: LoadedHistory[];
  try {
    loaded = args.positionals.map((path) => loadHistory(path, chartRegistry, io.readFile(path)));
  } catch (error) {
    if (error instanceof HistoryError) throw new UsageError(error.message);
    throw new UsageError(`${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
  const laneCount = Math.min(lanes.data, loaded.length);
  if (laneCount > 1) io.stderr(`simulate: ${laneCount} lanes (time-skipping servers side by side)`);
  const reports = await runHistories(loaded, laneCount, io);
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

/**
 * Start-up in parallel, on two cores: the first test server (a JVM) starts at once, then the
 * workflow bundle loads (on-disk cache, or webpack) and the activities' modules (PDF, SMTP)
 * are imported while it comes up; the notice path warms up while the worker is made
 * (client/simulate/wall-time.md has the measured phases).
 */
async function runHistories(loaded: LoadedHistory[], lanes: number, io: CliIo): Promise<HistoryReport[]> {
  const { trace } = await import('../simulate/trace');
  trace(() => 'histories checked');
  const { installQuietRuntime } = await import('../../worker/runtime');
  installQuietRuntime();
  const { createTimeSkippingEnv } = await import('../../worker/time-skipping');
  trace(() => 'starting the test server');
  const firstEnv = createTimeSkippingEnv().then((env) => (trace(() => 'test server up'), env));
  firstEnv.catch(() => undefined); // awaited by the first lane
  const { cachedWorkflowBundle } = await import('../simulate/bundle-cache');
  const bundle = cachedWorkflowBundle().then((b) => (trace(() => 'bundle loaded'), b));
  bundle.catch(() => undefined); // awaited by every worker; a failure surfaces there
  const [{ createSimulationActivities }, { simulateInLanes }] = await Promise.all([import('../../worker/case-activities'), import('../simulate/lanes')]);
  const dataDir = mkdtempSync(join(tmpdir(), 'caseclock-sim-'));
  let sim: Awaited<ReturnType<typeof createSimulationActivities>> | undefined;
  let handedOver = false; // from here on the lanes tear the first server down
  let warmUp: Promise<void> = Promise.resolve();
  try {
    trace(() => 'activity modules imported');
    sim = await createSimulationActivities(dataDir);
    trace(() => 'activities created');
    // While the worker starts (its threads, not this one, load the bundle); a failure here is
    // only a slower first notice, the real one reports its own errors.
    const { warmUpNotices } = await import('../simulate/warm-up');
    warmUp = warmUpNotices(sim.activities, loaded.map((h) => h.history.student.language)).then(
      (n) => trace(() => `notice path warmed up (${n})`),
      () => undefined,
    );
    handedOver = true;
    return await simulateInLanes(loaded, sim.activities, {
      lanes,
      startEnv: () => createTimeSkippingEnv(),
      firstEnv,
      bundle,
      onReport: (r) => io.stderr(`simulate: ${r.id} ${r.steps.length} steps, ${r.mismatches.length} mismatches, ${(r.wallMs / 1000).toFixed(1)} s`),
      onLaneLost: (lane, error) => io.stderr(`simulate: lane ${lane + 1} did not start (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); the other lanes take its histories`),
    });
  } finally {
    trace(() => 'histories run; tearing down');
    if (!handedOver) await firstEnv.then((env) => env.teardown(), () => undefined);
    await warmUp; // its mail must be through before the sink closes
    await sim?.close();
    rmSync(dataDir, { recursive: true, force: true });
    trace(() => 'torn down');
  }
}
