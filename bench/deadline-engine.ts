/**
 * Measure 5: the deadline engine's own bench (bench/deadlines.ts) as a child process — one
 * core of its own, not sharing an event loop with the load generator — and its results file
 * (bench/results/deadlines.json) read back into the table: evaluations per second of the
 * indexed engine (goal ≥ 1,000,000/s) and its ratio to the day-by-day reference walk (goal
 * ≥ 50×), the goals its own table states. Answers that differ from the walk fail both rows.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { BenchOptions } from './bench-options';
import type { DetailRow, GoalRow } from './bench-table';

const SCRIPT = fileURLToPath(new URL('./deadlines.ts', import.meta.url));
export const DEADLINES_RESULTS = fileURLToPath(new URL('./results/deadlines.json', import.meta.url));

const ResultsFile = z.object({
  questions: z.number().int(),
  rows: z.array(z.object({ name: z.string(), value: z.number(), unit: z.string(), note: z.string().optional() })),
});

export function deadlineRows(raw: unknown, exitCode: number | null): { rows: GoalRow[]; details: DetailRow[] } {
  const parsed = ResultsFile.safeParse(raw);
  const problem = !parsed.success ? `bench/results/deadlines.json: ${parsed.error.issues[0].path.join('.')}: ${parsed.error.issues[0].message}` : null;
  const value = (name: string) => (parsed.success ? parsed.data.rows.find((r) => r.name === name) : undefined);
  const identical = value('deadlines.identical');
  const wrong = problem ?? (identical?.value === 1 ? (exitCode === 0 ? null : `bench/deadlines.ts exited ${exitCode}`) : `answers differ from the walk: ${identical?.note ?? 'no identical row'}`);
  const questions = parsed.success ? parsed.data.questions : 0;
  const row = (id: string, name: string, measure: string, goal: number, unit: string): GoalRow => {
    const found = value(name);
    return { id, measure, direction: '≥', goal, measured: wrong || !found ? null : found.value, unit, note: wrong ?? found?.note ?? `${name} missing` };
  };
  return {
    rows: [
      row('deadlines.rate', 'deadlines.indexed', `deadline engine (${questions.toLocaleString('en-US')} questions, one core)`, 1_000_000, 'evals/s'),
      row('deadlines.speedup', 'deadlines.speedup', 'deadline engine ÷ day-by-day walk', 50, '×'),
    ],
    details: ['deadlines.indexed-explained', 'deadlines.walk', 'deadlines.speedup-explained', 'deadlines.identical']
      .map((name) => value(name))
      .filter((r) => r !== undefined)
      .map((r) => ({ id: r.name, value: r.value, unit: r.unit, note: r.note })),
  };
}

export function measureDeadlines(opts: BenchOptions): { rows: GoalRow[]; details: DetailRow[] } {
  rmSync(DEADLINES_RESULTS, { force: true }); // a stale file from an earlier run must not pass for this one
  const child = spawnSync(process.execPath, ['--import', 'tsx', SCRIPT, '--deadline-questions', String(opts.deadlineQuestions)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  process.stderr.write(child.stdout ?? '');
  let raw: unknown = null;
  try {
    raw = JSON.parse(readFileSync(DEADLINES_RESULTS, 'utf8'));
  } catch {
    raw = null; // reported by deadlineRows as a missing results file
  }
  return deadlineRows(raw, child.status);
}
