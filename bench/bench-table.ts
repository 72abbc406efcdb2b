/**
 * One row per goal of issue #10, side by side: goal, measured, ratio (measured ÷ goal) and
 * whether it was met, printed as one table and written as JSON. A "≥" goal is met at a ratio
 * of 1 or more, a "≤"/"<" goal at 1 or less; a measure that could not run has no value and
 * says why in its note, never a made-up number.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface GoalRow {
  id: string;
  measure: string;
  /** "≥" when more is better (throughput), "≤" when less is better (time, memory). */
  direction: '≥' | '≤';
  goal: number;
  measured: number | null;
  unit: string;
  note?: string;
}

export interface ResultRow extends GoalRow {
  ratio: number | null;
  met: boolean | null;
}

/** Extra numbers that have no goal of their own (drain time, per-type activity time …). */
export interface DetailRow {
  id: string;
  value: number | string;
  unit: string;
  note?: string;
}

export function judged(row: GoalRow): ResultRow {
  if (row.measured === null || !Number.isFinite(row.measured)) return { ...row, measured: null, ratio: null, met: null };
  const ratio = row.goal === 0 ? null : row.measured / row.goal;
  const met = row.direction === '≥' ? row.measured >= row.goal : row.measured <= row.goal;
  return { ...row, ratio: ratio === null ? null : Math.round(ratio * 1000) / 1000, met };
}

function formatNumber(value: number): string {
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  if (Math.abs(value) >= 100) return value.toFixed(0);
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/** One detail as a line: `id: value unit (note)`. */
export const detailLine = (d: DetailRow): string => `${d.id}: ${d.value} ${d.unit}${d.note ? ` (${d.note})` : ''}`;

/** A measure run on its own (`npx tsx bench/<measure>.ts`): its rows judged as one table, then its details. */
export function printMeasure(result: { rows: GoalRow[]; details: DetailRow[] }): void {
  console.log(tableLines(result.rows.map(judged)).join('\n'));
  for (const d of result.details) console.log(detailLine(d));
}

export function tableLines(rows: ResultRow[]): string[] {
  const cells = rows.map((r) => [
    r.measure,
    `${r.direction} ${formatNumber(r.goal)} ${r.unit}`,
    r.measured === null ? '—' : `${formatNumber(r.measured)} ${r.unit}`,
    r.ratio === null ? '—' : r.ratio.toFixed(2),
    r.met === null ? 'not run' : r.met ? 'met' : 'MISSED',
  ]);
  const header = ['measure', 'goal', 'measured', 'ratio', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((v, i) => (i === 0 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)];
}

/** The same table as Markdown, for bench/results/README.md. */
export function markdownTable(rows: ResultRow[]): string {
  const out = ['| measure | goal | measured | ratio | |', '| --- | ---: | ---: | ---: | --- |'];
  for (const r of rows) {
    const measured = r.measured === null ? '—' : `${formatNumber(r.measured)} ${r.unit}`;
    out.push(`| ${r.measure} | ${r.direction} ${formatNumber(r.goal)} ${r.unit} | ${measured} | ${r.ratio === null ? '—' : r.ratio.toFixed(2)} | ${r.met === null ? 'not run' : r.met ? 'met' : '**missed**'} |`);
  }
  return out.join('\n');
}

export function writeJson(file: string, value: unknown): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

/** Nearest-rank percentile of an unsorted sample (p in 0..100). */
export function percentile(values: number[], p: number): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

/** A progress bar on stderr (redrawn in place on a terminal, a line every 10 % otherwise). */
export function progressBar(label: string): (done: number, total: number) => void {
  let lastTenth = -1;
  const started = performance.now();
  return (done, total) => {
    const fraction = total ? done / total : 1;
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    if (process.stderr.isTTY) {
      const width = 30;
      const filled = Math.round(fraction * width);
      process.stderr.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${seconds} s${done >= total ? '\n' : ''}`);
      return;
    }
    const tenth = Math.floor(fraction * 10);
    if (tenth !== lastTenth) {
      lastTenth = tenth;
      process.stderr.write(`${label} ${done}/${total} (${tenth * 10} %) ${seconds} s\n`);
    }
  };
}
