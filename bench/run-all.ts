/**
 * `npm run bench`: every measure in one run, one table, ratios side by side (absolute times on
 * a shared machine are noise; the ratio to the goal is what to read). Today: opening cases with
 * live timers (bench/open-cases.ts, on a dev server the bench starts itself) and the deadline
 * engine's own bench (bench/deadlines.ts, run as a child: it prints its own ratio table).
 * The other measures of issue #10 (event → visible p99, calendar change across 10,000 cases,
 * 3-year replay, the simulate corpus) are not written yet.
 *
 *   npm run bench                 # issue #10 sizes (10,000 cases)
 *   npm run bench -- --quick      # a smoke-size run (300 cases)
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startBenchCluster } from './bench-cluster';
import { benchOptionsOrExit } from './bench-options';
import { judged, tableLines } from './bench-table';
import { measureOpenCases } from './open-cases';

const opts = benchOptionsOrExit(process.argv.slice(2), ['open']);
const cluster = await startBenchCluster({ db: opts.db, tuning: opts.tuning, cpuProfDir: opts.cpuProf });
let open;
try {
  open = await measureOpenCases(cluster, opts);
} finally {
  await cluster.stop();
}

console.log('\n== deadline engine (bench/deadlines.ts) ==');
const deadlines = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./deadlines.ts', import.meta.url))], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
process.stdout.write(deadlines.stdout ?? '');

console.log('\n== caseclock at SELPA scale ==');
const rows = open.rows.map(judged);
console.log(tableLines(rows).join('\n'));
for (const d of open.details) console.log(`${d.id}: ${d.value} ${d.unit}${d.note ? ` (${d.note})` : ''}`);

const resultsDir = fileURLToPath(new URL('./results/', import.meta.url));
mkdirSync(resultsDir, { recursive: true });
writeFileSync(`${resultsDir}latest.json`, `${JSON.stringify({ rows, details: open.details, deadlinesExit: deadlines.status, deadlinesOutput: deadlines.stdout }, null, 2)}\n`);
console.log(`\nresults: bench/results/latest.json`);
process.exit(deadlines.status === 0 ? 0 : 1);
