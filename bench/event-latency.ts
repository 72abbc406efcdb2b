/**
 * Measure 2 (`npx tsx bench/event-latency.ts [--rate 20 --duration 60]`): event → state visible
 * through a Query, open-loop. A pool of referred cases is opened first (not timed), then events
 * are sent at a fixed clock — event k at start + k/rate s, whether or not the earlier ones have
 * answered — each as the case's recordEvent Update through CaseService (what the CLI and the API
 * call), and the case's view Query is polled until the new state shows. Latency counts from the
 * event's *scheduled* send time, so a bench that falls behind its own clock shows it in the
 * numbers instead of hiding it (coordinated omission). Goal: p99 ≤ 250 ms.
 *
 * The events walk the initial evaluation forward as the charts accept them (C1's order,
 * L528-530, L726-728): referral-received → ASSESSMENT_PLAN_SENT (awaiting-consent, NC 3 notice)
 * → CONSENT_RECEIVED (evaluation.assessing) → ASSESSMENT_COMPLETED (evaluation.meeting), all
 * dated today, so nothing is refused as dated ahead.
 */
import { pathToFileURL } from 'node:url';
import { CaseService } from '../client/case-service';
import { stateMatches } from '../client/simulate/expectations';
import { caseViewQuery } from '../workflows/messages';
import { caseIdFor } from '../workflows/case-state';
import { runClusterMeasureAlone, type BenchCluster } from './bench-cluster';
import type { BenchOptions } from './bench-options';
import { percentile, progressBar, type DetailRow, type GoalRow } from './bench-table';
import { activityDetails, benchCalendar, drainActivities, openReferredCases, today } from './open-cases';

/** One step of the walk: the event to send and the state the view must then show. */
interface Step {
  event: (on: string) => Record<string, unknown>;
  /** The chart state the event leads to; a nested state under it counts (`evaluation.meeting.scheduling`). */
  state: string;
}

export const LATENCY_STEPS: Step[] = [
  { event: (on) => ({ type: 'ASSESSMENT_PLAN_SENT', occurredOn: on, receivedByParentOn: on, actor: { role: 'district' } }), state: 'awaiting-consent' },
  { event: (on) => ({ type: 'CONSENT_RECEIVED', occurredOn: on, actor: { role: 'parent' } }), state: 'evaluation.assessing' },
  { event: (on) => ({ type: 'ASSESSMENT_COMPLETED', occurredOn: on, actor: { role: 'district' } }), state: 'evaluation.meeting' },
];

/**
 * Cases in the pool: enough that each case's next event is due ≥ 5 s after its previous one
 * (so a case is never asked to take step 2 before step 1 answered), and no more events per case
 * than the walk has steps.
 */
export function poolSize(rate: number, duration: number): number {
  const events = rate * duration;
  return Math.max(Math.ceil(events / LATENCY_STEPS.length), Math.min(events, rate * 5));
}

/** Event k of the schedule: which case, which step, and when (ms after the start). */
export function scheduled(k: number, rate: number, pool: number): { caseIndex: number; step: number; atMs: number } {
  return { caseIndex: k % pool, step: Math.floor(k / pool), atMs: (k * 1000) / rate };
}

const sleepUntil = (t: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, t - performance.now())));

export async function measureEventLatency(cluster: BenchCluster, opts: BenchOptions): Promise<{ rows: GoalRow[]; details: DetailRow[] }> {
  const total = opts.rate * opts.duration;
  const pool = poolSize(opts.rate, opts.duration);
  // Its own calendar id, so a calendar change measured in the same run does not reach this pool.
  const calendar = { ...benchCalendar(), id: `bench-latency-${process.pid}` };
  const opened = await openReferredCases(cluster, { count: pool, concurrency: opts.openConcurrency, calendar, prefix: `lat${process.pid}`, label: 'latency pool' });
  // Steady state: the pool's referral notices (IEP 18, NC 1: PDF, store, mail) done first.
  const drained = await drainActivities(cluster.worker);
  const service = new CaseService({ client: cluster.client, taskQueue: cluster.taskQueue });
  const on = today();
  const visible: number[] = [];
  const answered: number[] = [];
  const lateStarts: number[] = [];
  let refused = 0;
  let firstRefusal = '';
  let queries = 0;
  // A case's next event waits for its previous one (the chart would refuse it out of order);
  // with ≥ 5 s between them this chain almost never holds anything back, and lateStarts says so.
  const chains = new Map<number, Promise<void>>();
  const progress = progressBar(`events at ${opts.rate}/s`);
  let done = 0;
  const cpu0 = { worker: cluster.worker.cpuSeconds(), server: cluster.serverCpuSeconds(), bench: process.cpuUsage() };
  const processCpu0 = cluster.worker.processes.map((p) => p.cpuSeconds());
  const start = performance.now();
  const sends: Array<Promise<void>> = [];
  for (let k = 0; k < total; k++) {
    const { caseIndex, step, atMs } = scheduled(k, opts.rate, pool);
    const due = start + atMs;
    await sleepUntil(due);
    const studentId = opened.studentIds[caseIndex];
    const previous = chains.get(caseIndex) ?? Promise.resolve();
    const send = previous.then(async () => {
      lateStarts.push(performance.now() - due);
      try {
        const answer = await service.recordEvent(studentId, LATENCY_STEPS[step].event(on));
        answered.push(performance.now() - due);
        const handle = cluster.client.workflow.getHandle(caseIdFor(studentId));
        for (let attempt = 0; ; attempt++) {
          queries++;
          const view = await handle.query(caseViewQuery);
          if (view.lastSeq >= answer.seq && stateMatches(view.states['initial-evaluation'], LATENCY_STEPS[step].state)) break;
          if (attempt > 400) throw new Error(`state ${LATENCY_STEPS[step].state} never visible`);
          await new Promise((r) => setTimeout(r, 5));
        }
        visible.push(performance.now() - due);
      } catch (error) {
        if (refused++ === 0) firstRefusal = error instanceof Error ? error.message.split('\n')[0] : String(error);
      }
      progress(++done, total);
    });
    chains.set(caseIndex, send);
    sends.push(send);
  }
  await Promise.all(sends);
  const seconds = (performance.now() - start) / 1000;
  const benchCpu = process.cpuUsage(cpu0.bench);
  const after = await cluster.worker.activityStatus();
  const ran: typeof after.tally = {};
  for (const [name, t] of Object.entries(after.tally)) {
    const b = drained.tally[name] ?? { count: 0, ms: 0, failed: 0 };
    ran[name] = { count: t.count - b.count, ms: t.ms - b.ms, failed: t.failed - b.failed };
  }
  // Share of one core each process used while the events ran: what limits the latency.
  const busy = {
    worker: (cluster.worker.cpuSeconds() - cpu0.worker) / seconds,
    server: (cluster.serverCpuSeconds() - cpu0.server) / seconds,
    bench: (benchCpu.user + benchCpu.system) / 1e6 / seconds,
  };
  // With --worker-split: each worker process's share (workflows, activities).
  const perProcess =
    cluster.worker.processes.length > 1 ? ` (${cluster.worker.processes.map((w, i) => `${w.role} ${(((w.cpuSeconds() - processCpu0[i]) / seconds) * 100).toFixed(0)} %`).join(', ')})` : '';
  const p = (values: number[], q: number) => (values.length ? Math.round(percentile(values, q) * 10) / 10 : null);
  const failedNote = refused ? `${refused} of ${total} events failed; first: ${firstRefusal}` : undefined;
  const base = `${total} events, ${opts.rate}/s open-loop for ${opts.duration} s over ${pool} cases; from scheduled send to the first view Query showing the state`;
  const rows: GoalRow[] = [
    { id: 'latency.p99', measure: `event → visible p99 at ${opts.rate}/s`, direction: '≤', goal: 250, measured: refused ? null : p(visible, 99), unit: 'ms', note: failedNote ?? base },
    { id: 'latency.p50', measure: `event → visible p50 at ${opts.rate}/s`, direction: '≤', goal: 250, measured: refused ? null : p(visible, 50), unit: 'ms', note: failedNote ?? 'the issue sets no p50 goal; judged against the p99 goal' },
  ];
  const details: DetailRow[] = [
    { id: 'latency.update-p50', value: p(answered, 50) ?? '—', unit: 'ms', note: 'scheduled send → recordEvent Update answered' },
    { id: 'latency.update-p99', value: p(answered, 99) ?? '—', unit: 'ms' },
    { id: 'latency.visible-max', value: visible.length ? Math.round(Math.max(...visible)) : '—', unit: 'ms' },
    { id: 'latency.start-lag-p99', value: p(lateStarts, 99) ?? '—', unit: 'ms', note: 'how late the bench itself started a send (timer + per-case chain); counted in the latency' },
    {
      id: 'latency.cpu',
      value: `worker ${(busy.worker * 100).toFixed(0)} %${perProcess}, dev server ${(busy.server * 100).toFixed(0)} %, bench ${(busy.bench * 100).toFixed(0)} %`,
      unit: 'of one core',
      note: `while the events ran; ${((busy.worker / (total / seconds)) * 1000).toFixed(1)} ms worker CPU per event`,
    },
    { id: 'latency.pool', value: pool, unit: 'cases', note: `opened in ${opened.seconds.toFixed(1)} s, their notices drained ${drained.seconds.toFixed(1)} s later, before the first event` },
    ...activityDetails('latency.activity', ran),
    { id: 'latency.achieved-rate', value: Number((total / seconds).toFixed(1)), unit: 'events/s', note: `${queries} view Queries (${(queries / Math.max(1, visible.length)).toFixed(2)} per event)` },
  ];
  return { rows, details };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runClusterMeasureAlone('latency', measureEventLatency);
}
