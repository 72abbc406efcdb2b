/**
 * Measure 1 (`npx tsx bench/open-cases.ts [--cases N]`): open N cases, each with a referral
 * that starts a live clock (initial-evaluation's assessment-plan deadline, L528-530), through
 * CaseService as the API does it (openCase, then the recordEvent Update). Cases per second
 * counts the time until every Update has answered (the clock is then planned and its timer
 * set); the notices the referrals queue (IEP 18, NC 1: PDF, store, SMTP sink) are drained
 * after that and reported as their own number. Goal ≥ 100 cases/s, worker peak RSS ≤ 1.5 GiB.
 */
import { pathToFileURL } from 'node:url';
import { CaseService } from '../client/case-service';
import { demoCalendars, toDayNumber, toIso, type Calendar } from '../deadlines';
import { dateIn } from '../workflows/zoned-time';
import { runClusterMeasureAlone, type ActivityTally, type BenchCluster, type WorkerChild } from './bench-cluster';
import type { BenchOptions } from './bench-options';
import { percentile, progressBar, type DetailRow, type GoalRow } from './bench-table';

export const GIB = 1024 ** 3;

export interface OpenedCases {
  studentIds: string[];
  /** Each case's referral date (the assessment-plan clock's trigger), by index. */
  referredOn: string[];
  calendar: Calendar;
  seconds: number;
  failures: number;
  /** Open + referral, per case, ms. */
  latencies: number[];
}

/** The bench's own copy of the demo calendar, so a calendar change touches only these cases. */
export function benchCalendar(): Calendar {
  return { ...demoCalendars['demo-usd'], id: `bench-usd-${process.pid}`, version: '1' };
}

export function today(): string {
  return dateIn('America/Los_Angeles', Date.now());
}

/** Run `task(i)` for i in 0..total-1 with at most `lanes` in flight. */
export async function inLanes(total: number, lanes: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(lanes, total) }, async () => {
      while (next < total) await task(next++);
    }),
  );
}

export async function openReferredCases(
  cluster: BenchCluster,
  opts: { count: number; concurrency: number; calendar?: Calendar; label?: string; /** Student id prefix: each pool of one run its own ids. */ prefix?: string },
): Promise<OpenedCases> {
  const service = new CaseService({ client: cluster.client, taskQueue: cluster.taskQueue });
  const calendar = opts.calendar ?? benchCalendar();
  const day = toDayNumber(today());
  const prefix = opts.prefix ?? `b${process.pid}`;
  const studentIds = Array.from({ length: opts.count }, (_, i) => `${prefix}-${i}`);
  const language = (i: number) => (i % 4 === 0 ? 'es' : 'en');
  await cluster.enrol(studentIds.map((studentId, i) => ({ studentId, birthDate: '2018-01-01', language: language(i) })));
  // Referrals spread over the last 10 days: every assessment-plan clock is still running.
  const referredOn = studentIds.map((_, i) => toIso(day - (i % 10)));
  const latencies: number[] = [];
  let failures = 0;
  let firstFailure = '';
  let done = 0;
  const progress = progressBar(opts.label ?? 'open cases');
  const started = performance.now();
  await inLanes(studentIds.length, opts.concurrency, async (i) => {
    const studentId = studentIds[i];
    const t0 = performance.now();
    try {
      await service.openCase({ studentId, birthDate: '2018-01-01', language: language(i), districtId: 'bench-usd', schoolId: `sch-${i % 40}`, calendar });
      await service.recordEvent(studentId, { type: 'REFERRAL_RECEIVED', occurredOn: referredOn[i], actor: { role: 'parent' } });
      latencies.push(performance.now() - t0);
    } catch (error) {
      if (failures++ === 0) firstFailure = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    }
    progress(++done, studentIds.length);
  });
  const seconds = (performance.now() - started) / 1000;
  if (failures) console.error(`open cases: ${failures} failed; first: ${firstFailure}`);
  return { studentIds, referredOn, calendar, seconds, failures, latencies };
}

/** Wait until no activity is running and none started for `quietMs` (the notice backlog is done). */
export async function drainActivities(worker: WorkerChild, opts: { quietMs?: number; timeoutMs?: number } = {}): Promise<{ seconds: number; tally: Record<string, ActivityTally> }> {
  const quietMs = opts.quietMs ?? 3000;
  const deadline = Date.now() + (opts.timeoutMs ?? 30 * 60_000);
  const started = performance.now();
  let lastCount = -1;
  let busyAt = started;
  for (;;) {
    const status = await worker.activityStatus();
    const total = Object.values(status.tally).reduce((n, t) => n + t.count, 0);
    if (total !== lastCount || status.inflight > 0) {
      lastCount = total;
      busyAt = performance.now();
    }
    if (performance.now() - busyAt >= quietMs) return { seconds: (busyAt - started) / 1000, tally: status.tally };
    if (Date.now() > deadline) throw new Error('activities did not drain in time');
    await new Promise((r) => setTimeout(r, 250));
  }
}

export function activityDetails(prefix: string, tally: Record<string, ActivityTally>): DetailRow[] {
  return Object.entries(tally)
    .filter(([, t]) => t.count > 0)
    .map(([name, t]) => ({ id: `${prefix}.${name}`, value: t.count, unit: 'runs', note: `mean ${(t.ms / t.count).toFixed(1)} ms in the worker, ${t.failed} failed attempts` }));
}

export async function measureOpenCases(cluster: BenchCluster, opts: BenchOptions): Promise<{ rows: GoalRow[]; details: DetailRow[]; opened: OpenedCases }> {
  const cpu0 = { worker: cluster.worker.cpuSeconds(), server: cluster.serverCpuSeconds() };
  const processCpu0 = cluster.worker.processes.map((p) => p.cpuSeconds());
  const opened = await openReferredCases(cluster, { count: opts.cases, concurrency: opts.openConcurrency });
  const ok = opened.studentIds.length - opened.failures;
  const rssAfterOpen = cluster.worker.peakRssBytes();
  const cpuOpen = { worker: cluster.worker.cpuSeconds() - cpu0.worker, server: cluster.serverCpuSeconds() - cpu0.server };
  const drain = await drainActivities(cluster.worker);
  const cpuAll = { worker: cluster.worker.cpuSeconds() - cpu0.worker, server: cluster.serverCpuSeconds() - cpu0.server };
  const rss = cluster.worker.peakRssBytes();
  const split = cluster.worker.processes.length > 1;
  // Per process (one, or workflows + activities with --worker-split): VmHWM, and CPU per case
  // over open + notices.
  const perProcess = cluster.worker.processes
    .map((p, i) => `${p.role} ${(p.peakRssBytes() / GIB).toFixed(2)} GiB, ${(((p.cpuSeconds() - processCpu0[i]) / ok) * 1000).toFixed(1)} ms CPU per case`)
    .join('; ');
  const tuning = Object.entries(opts.tuning).map(([k, v]) => `${k}=${v}`).join(' ');
  const rows: GoalRow[] = [
    {
      id: 'open.rate',
      measure: `open ${opts.cases.toLocaleString('en-US')} cases with a live clock`,
      direction: '≥',
      goal: 100,
      measured: opened.failures ? null : ok / opened.seconds,
      unit: 'cases/s',
      note: opened.failures ? `${opened.failures} opens failed` : `${opened.seconds.toFixed(1)} s for openCase + REFERRAL_RECEIVED Update, ${opts.openConcurrency} in flight; ${tuning}`,
    },
    { id: 'open.worker-rss', measure: 'worker peak RSS (open + notices)', direction: '≤', goal: 1.5, measured: rss / GIB, unit: 'GiB', note: `${split ? 'sum of the worker processes’ VmHWM' : 'VmHWM of the worker process'}; ${(rssAfterOpen / GIB).toFixed(2)} GiB when the last Update answered` },
  ];
  const details: DetailRow[] = [
    { id: 'open.latency-p50', value: Math.round(percentile(opened.latencies, 50)), unit: 'ms', note: 'openCase + referral Update, per case' },
    { id: 'open.latency-p99', value: Math.round(percentile(opened.latencies, 99)), unit: 'ms' },
    { id: 'open.notices-drained-after', value: Number(drain.seconds.toFixed(1)), unit: 's', note: 'after the last Update answered, until the last notice activity finished' },
    { id: 'open.worker-cpu-per-case', value: Number(((cpuOpen.worker / ok) * 1000).toFixed(1)), unit: 'ms', note: `worker CPU while opening; ${((cpuAll.worker / ok) * 1000).toFixed(1)} ms per case with its notices` },
    { id: 'open.worker-processes', value: cluster.worker.processes.length, unit: split ? 'processes (--worker-split)' : 'process', note: perProcess },
    { id: 'open.server-cpu-per-case', value: Number(((cpuOpen.server / ok) * 1000).toFixed(1)), unit: 'ms', note: 'dev server CPU while opening' },
    { id: 'open.server-rss', value: Number((cluster.serverPeakRssBytes() / GIB).toFixed(2)), unit: 'GiB', note: `Temporal dev server VmHWM (${cluster.db})` },
    ...activityDetails('open.activity', drain.tally),
  ];
  return { rows, details, opened };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runClusterMeasureAlone('open', measureOpenCases);
}
