/**
 * `npm run bench`: the measures of issue #10 in one run, one table, ratios side by side
 * (absolute times on a shared machine are noise; the ratio to the goal is what to read).
 *
 *   open      cases opened with a live clock, worker peak RSS      (bench/open-cases.ts)
 *   latency   event → state visible through a Query, open-loop     (bench/event-latency.ts)
 *   calendar  a calendar version published to the opened cases     (bench/calendar-change.ts)
 *   replay    auditor replay of a three-year case                  (bench/replay.ts)
 *   deadlines the deadline engine's own bench, as a child          (bench/deadline-engine.ts)
 *   simulate  `caseclock simulate` on C1x / the corpus, as a child (bench/simulate-corpus.ts)
 *
 * The first three share one dev server and worker (bench/bench-cluster.ts): the calendar change
 * goes to the very cases `open` opened. The cluster is stopped before the others run, so a
 * time-skipping server or a CPU-bound child never competes with it for the two cores.
 *
 *   npm run bench                                   # issue #10 sizes (10,000 cases)
 *   npm run bench -- --quick                        # a smoke-size run (300 cases)
 *   npm run bench -- --only latency,replay --out bench/results/mine.json
 *
 * Writes bench/results/latest.json (and `--out` when given elsewhere); exit 1 when a measure
 * could not run or its check failed (a row without a number), 0 otherwise — a missed goal is
 * a result, not a failure of the bench.
 */
import { availableParallelism, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBenchCluster } from './bench-cluster';
import { benchOptionsOrExit, type Measure } from './bench-options';
import { detailLine, judged, tableLines, writeJson, type DetailRow, type GoalRow } from './bench-table';
import { measureCalendarChange } from './calendar-change';
import { measureDeadlines } from './deadline-engine';
import { measureEventLatency } from './event-latency';
import { measureOpenCases, type OpenedCases } from './open-cases';
import { measureReplay } from './replay';
import { measureSimulate } from './simulate-corpus';

const opts = benchOptionsOrExit(process.argv.slice(2), ['open', 'latency', 'calendar', 'replay', 'deadlines', 'simulate']);
const wants = (m: Measure) => opts.only.includes(m);
const rows: GoalRow[] = [];
const details: DetailRow[] = [];
const loads: Array<{ at: string; load1: number; load5: number; load15: number }> = [];
const noteLoad = (at: string) => {
  const [load1, load5, load15] = loadavg().map((x) => Math.round(x * 100) / 100);
  loads.push({ at, load1, load5, load15 });
};

/** One measure: its rows, or a row per goal-less failure naming what went wrong (never a number). */
async function run(measure: Measure, body: () => Promise<{ rows: GoalRow[]; details: DetailRow[] }> | { rows: GoalRow[]; details: DetailRow[] }): Promise<void> {
  console.error(`\n== ${measure} ==`);
  noteLoad(`${measure} start`);
  try {
    const out = await body();
    rows.push(...out.rows);
    details.push(...out.details);
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    console.error(`bench: ${measure} failed: ${message}`);
    rows.push({ id: `${measure}.error`, measure, direction: '≤', goal: 0, measured: null, unit: '', note: `failed: ${message}` });
  }
}

const started = new Date();
noteLoad('start');
/** Set when the worker died: the cluster then stays up until the results are written (see below). */
let stopAfterResults: (() => Promise<unknown>) | null = null;
if (wants('open') || wants('latency') || wants('calendar')) {
  const cluster = await startBenchCluster({ db: opts.db, tuning: opts.tuning, cpuProfDir: opts.cpuProf, workerSplit: opts.workerSplit });
  let workerDied = false;
  cluster.worker.died.catch(() => (workerDied = true));
  // A measure on the cluster ends at once if the worker dies under it (its Updates would wait
  // forever), and the ones after it are not started.
  const onCluster = <T>(work: () => Promise<T>) => (workerDied ? cluster.worker.died : Promise.race([work(), cluster.worker.died]));
  let opened: OpenedCases | undefined;
  if (wants('open'))
    await run('open', async () => {
      const out = await onCluster(() => measureOpenCases(cluster, opts));
      opened = out.opened;
      return out;
    });
  if (wants('latency')) await run('latency', () => onCluster(() => measureEventLatency(cluster, opts)));
  if (wants('calendar')) await run('calendar', () => onCluster(() => measureCalendarChange(cluster, opts, opened)));
  if (workerDied) {
    // The abandoned measure's requests are still retrying; closing their connection now would
    // throw from the client's retry timers before the table is printed.
    stopAfterResults = () => cluster.stop();
  } else {
    const tally = await cluster.stop();
    const activities = Object.values(tally).reduce((n, t) => n + t.count, 0);
    details.push({ id: 'cluster.activities', value: activities, unit: 'runs', note: 'every activity the worker ran over the dev-server measures' });
  }
}
if (wants('replay')) await run('replay', () => measureReplay(opts));
if (wants('deadlines')) await run('deadlines', () => measureDeadlines(opts));
if (wants('simulate')) await run('simulate', () => measureSimulate(opts));
noteLoad('end');

const judgedRows = rows.map(judged);
console.log('\n== caseclock at SELPA scale (issue #10) ==');
console.log(tableLines(judgedRows).join('\n'));
console.log('');
for (const r of judgedRows) if (r.note) console.log(`${r.id}: ${r.note}`);
console.log('');
for (const d of details) console.log(detailLine(d));
console.log(`load average (1/5/15 min): ${loads.map((l) => `${l.at} ${l.load1}/${l.load5}/${l.load15}`).join('; ')}`);

const result = {
  startedAt: started.toISOString(),
  seconds: Math.round((Date.now() - started.getTime()) / 1000),
  quick: opts.quick,
  cores: availableParallelism(),
  options: { ...opts, tuning: undefined },
  tuning: opts.tuning,
  loadAverages: loads,
  rows: judgedRows,
  details,
};
const latest = fileURLToPath(new URL('./results/latest.json', import.meta.url));
writeJson(latest, result);
const out = resolve(opts.out);
if (out !== latest) writeJson(out, result);
console.log(`\nresults: bench/results/latest.json${out !== latest ? ` and ${opts.out}` : ''}`);
await stopAfterResults?.();
process.exit(judgedRows.some((r) => r.met === null) ? 1 : 0);
