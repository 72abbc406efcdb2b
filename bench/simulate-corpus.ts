/**
 * Measure 6: `caseclock simulate` as a person runs it (`node client/bin/caseclock.mjs simulate
 * …`, a child process: JVM start, bundle, every step checked), wall seconds from spawn to exit.
 * `--corpus c1x`: the three-year history alone (goal < 5 s); `--corpus full`: that, and then the
 * whole test/histories/*.json corpus (goal < 60 s). C1x runs `--simulate-rounds` times (5 by
 * default): its row is the median, the detail row gives min, median, max and the first run (the
 * first after a rebuild also builds the CLI and workflow bundles). A mismatch or a failed run has
 * no number: its row says why. Lanes are simulate's own default (it follows the load; the note says which).
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchOptions } from './bench-options';
import { percentile, type DetailRow, type GoalRow } from './bench-table';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'client/bin/caseclock.mjs');
const HISTORIES = join(ROOT, 'test/histories');

export interface SimulateRun {
  seconds: number;
  exitCode: number | null;
  /** simulate's last summary line: "simulate: N histories, S steps, M mismatches". */
  summary: string | null;
  lanes: number;
  firstProblem: string | null;
}

export function corpusFiles(corpus: 'c1x' | 'full'): string[] {
  const all = readdirSync(HISTORIES)
    .filter((f) => f.endsWith('.json'))
    .sort();
  return (corpus === 'c1x' ? all.filter((f) => f.startsWith('C1x-')) : all).map((f) => join(HISTORIES, f));
}

/** What simulate's stderr says: its summary, its lane count, the first mismatch or error line. */
export function readSimulateStderr(text: string): Pick<SimulateRun, 'summary' | 'lanes' | 'firstProblem'> {
  const lines = text.split('\n');
  const summary = lines.filter((l) => /^simulate: \d+ histories, \d+ steps, \d+ mismatches/.test(l)).at(-1) ?? null;
  const lanes = Number(/^simulate: (\d+) lanes/m.exec(text)?.[1] ?? 1);
  const firstProblem = lines.find((l) => l.startsWith('mismatch:') || /^caseclock: |Error/.test(l)) ?? null;
  return { summary, lanes, firstProblem };
}

function runSimulate(files: string[]): Promise<SimulateRun> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, [CLI, 'simulate', ...files], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    child.on('close', (code) => resolve({ seconds: (performance.now() - started) / 1000, exitCode: code, ...readSimulateStderr(stderr) }));
  });
}

/** Exit 0 with a summary of no mismatches: a run with a number. */
const succeeded = (run: SimulateRun) => run.exitCode === 0 && run.summary !== null && / 0 mismatches/.test(run.summary);

/** The C1x runs as one: the median run (any failed run wins, so its row says why), and the spread. */
export function medianRun(runs: SimulateRun[]): { run: SimulateRun; spread: string } {
  const seconds = runs.map((r) => r.seconds);
  const median = percentile(seconds, 50);
  const run = runs.find((r) => !succeeded(r)) ?? runs.find((r) => r.seconds === median)!;
  const s = (n: number) => n.toFixed(2);
  const spread = `${runs.length} run(s): min ${s(Math.min(...seconds))}, median ${s(median)}, max ${s(Math.max(...seconds))} s; first ${s(seconds[0])} s`;
  return { run, spread };
}

function rowOf(id: string, measure: string, goal: number, run: SimulateRun): GoalRow {
  const ok = succeeded(run);
  const why = run.exitCode === 0 ? `no summary line (${run.summary ?? 'none'})` : `exit ${run.exitCode}: ${run.firstProblem ?? run.summary ?? 'no output'}`;
  return {
    id,
    measure,
    direction: '≤',
    goal,
    measured: ok ? Math.round(run.seconds * 100) / 100 : null,
    unit: 's',
    note: ok ? `wall time of the child, start to exit (${run.summary!.replace('simulate: ', '')}; ${run.lanes} lane(s))` : why,
  };
}

export async function measureSimulate(opts: BenchOptions): Promise<{ rows: GoalRow[]; details: DetailRow[] }> {
  const rows: GoalRow[] = [];
  const details: DetailRow[] = [];
  const runs: SimulateRun[] = [];
  for (let i = 0; i < opts.simulateRounds; i++) runs.push(await runSimulate(corpusFiles('c1x')));
  const c1x = medianRun(runs);
  rows.push(rowOf('simulate.c1x', `caseclock simulate C1x (3 years), median of ${runs.length}`, 5, c1x.run));
  details.push({ id: 'simulate.c1x-runs', value: Number(c1x.run.seconds.toFixed(2)), unit: 's', note: c1x.spread });
  if (opts.corpus === 'full') {
    const files = corpusFiles('full');
    const full = await runSimulate(files);
    rows.push(rowOf('simulate.full', `caseclock simulate, all ${files.length} histories`, 60, full));
    details.push({ id: 'simulate.full-per-history', value: Number((full.seconds / files.length).toFixed(2)), unit: 's', note: 'wall time ÷ histories' });
  }
  return { rows, details };
}
