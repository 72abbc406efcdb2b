/**
 * Measure 4 (`npx tsx bench/replay.ts [--replay-rounds N]`): the auditor replay of a three-year
 * case. The case is built fresh from test/histories/C1x (initial evaluation, two annual
 * reviews, the triennial: three years of the case's own dates) through the real workflow and
 * activities on the time-skipping server — as scripts/record-golden.ts records it — so its
 * Temporal history spans those three years and holds what today's code writes. The history is
 * fetched once (timed on its own), then client/replay.ts replayHistory — what `caseclock
 * replay --at` and the dashboard's replay slider run — folds it to an instant, a warm-up first,
 * then `--replay-rounds` timed replays: the median ms per replay and history events folded per
 * second. Goal: < 50 ms. The replay is checked against the live case: replayed to its end it must
 * show the deadlines the workflow's own Query showed after the last step, or the row fails.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { defaultPayloadConverter } from '@temporalio/common';
import { chartRegistry } from '../machines';
import { fetchCaseHistories, replayHistory, runAt } from '../client/replay';
import { loadHistory } from '../client/simulate/history';
import { simulate } from '../client/simulate/runner';
import { caseInstant } from '../client/simulate/sim-clock';
import { createSimulationActivities } from '../worker/case-activities';
import { installQuietRuntime } from '../worker/runtime';
import { createTimeSkippingEnv } from '../worker/time-skipping';
import type { StudentCaseInput } from '../workflows/student-case';
import { benchOptionsOrExit, type BenchOptions } from './bench-options';
import { percentile, printMeasure, type DetailRow, type GoalRow } from './bench-table';

export const C1X_PATH = fileURLToPath(new URL('../test/histories/C1x-three-year-lifecycle.json', import.meta.url));
/** The given instant, in the case's own dates: two-thirds through (after the second annual review). */
export const REPLAY_AT = '2029-06-01';
const GOAL_MS = 50;
const WARM_UP = 5;

type Runs = Awaited<ReturnType<typeof fetchCaseHistories>>;

const millisOf = (t: { seconds?: unknown; nanos?: number | null } | null | undefined) => (t ? Number(t.seconds ?? 0) * 1000 + Math.floor((t.nanos ?? 0) / 1e6) : 0);

/** Case time = server time + timeShiftMs (the simulation epoch); read from the first run's start input. */
function shiftOf(runs: Runs): number {
  const payload = runs[0].events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
  if (!payload) throw new Error('the case history has no start input');
  const input = defaultPayloadConverter.fromPayload<StudentCaseInput>(payload);
  return input.open?.settings?.timeShiftMs ?? 0;
}

/** Median ms of `rounds` replays to `untilMs` after a warm-up, and the events each folded. */
function timeReplays(runs: Runs, untilMs: number, rounds: number): { medianMs: number; p90Ms: number; eventsApplied: number; eventsRead: number } {
  const fold = () => replayHistory(runAt(runs, untilMs), untilMs);
  for (let i = 0; i < WARM_UP; i++) fold();
  const times: number[] = [];
  let last = fold();
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    last = fold();
    times.push(performance.now() - t0);
  }
  return { medianMs: percentile(times, 50), p90Ms: percentile(times, 90), eventsApplied: last.eventsApplied, eventsRead: last.eventsRead };
}

const pendingLines = (pending: Array<{ rule: string; due: string | null }>) =>
  pending
    .map((d) => `${d.rule} ${d.due}`)
    .sort()
    .join(', ');

export async function measureReplay(opts: BenchOptions): Promise<{ rows: GoalRow[]; details: DetailRow[] }> {
  installQuietRuntime('ERROR');
  const started: string[] = [];
  const env = await createTimeSkippingEnv({ interceptors: { workflow: [{ start: (input, next) => (started.push(input.options.workflowId), next(input)) }] } });
  const dataDir = mkdtempSync(join(tmpdir(), 'caseclock-bench-replay-'));
  const sim = await createSimulationActivities(dataDir);
  try {
    const loaded = loadHistory(C1X_PATH, chartRegistry);
    const built0 = performance.now();
    console.error('replay: building the three-year case (simulate C1x on the time-skipping server)');
    const [report] = await simulate(env, [loaded], sim.activities, undefined, { stateFromUpdate: false }); // history as a live case records it
    console.error(`replay: built in ${((performance.now() - built0) / 1000).toFixed(1)} s; replaying`);
    const buildSeconds = (performance.now() - built0) / 1000;
    const workflowId = started[0];
    const fetch0 = performance.now();
    const runs = await fetchCaseHistories(env.client, workflowId);
    const fetchMs = performance.now() - fetch0;
    const events = runs.reduce((n, h) => n + (h.events?.length ?? 0), 0);
    const shift = shiftOf(runs);
    const firstMs = millisOf(runs[0].events?.[0]?.eventTime);
    const endMs = millisOf(runs.at(-1)?.events?.at(-1)?.eventTime) + 1000;
    const yearsSpanned = (endMs - firstMs) / (365.25 * 86_400_000);
    const atMs = caseInstant('America/Los_Angeles', REPLAY_AT, 8) - shift;

    // The replay must agree with the case before its speed means anything: simulate read the
    // case's deadlines through its Query after the last step (the worker is gone by now).
    const live = { pending: report.deadlines.filter((d) => d.status === 'pending') };
    const replayedEnd = replayHistory(runAt(runs, endMs), endMs).view;
    const problems = [
      ...(report.mismatches.length ? [`simulate of C1x had ${report.mismatches.length} mismatches`] : []),
      ...(pendingLines(replayedEnd.pending) !== pendingLines(live.pending) ? [`replay to the end shows [${pendingLines(replayedEnd.pending)}], the live case [${pendingLines(live.pending)}]`] : []),
      ...(atMs <= firstMs || atMs >= endMs ? [`${REPLAY_AT} is outside the history`] : []),
    ];
    const at = timeReplays(runs, atMs, opts.replayRounds);
    const whole = timeReplays(runs, endMs, opts.replayRounds);
    const round = (x: number) => Math.round(x * 100) / 100;
    const note = `median of ${opts.replayRounds} after ${WARM_UP} warm-up; history fetched once (${fetchMs.toFixed(0)} ms): ${runs.length} run(s), ${events} events over ${yearsSpanned.toFixed(1)} years`;
    const rows: GoalRow[] = [
      { id: 'replay.at', measure: `replay 3-year case to ${REPLAY_AT}`, direction: '≤', goal: GOAL_MS, measured: problems.length ? null : round(at.medianMs), unit: 'ms', note: problems.length ? problems.join('; ') : `${at.eventsApplied} of ${at.eventsRead} events folded; ${note}` },
      { id: 'replay.end', measure: 'replay 3-year case to its last event', direction: '≤', goal: GOAL_MS, measured: problems.length ? null : round(whole.medianMs), unit: 'ms', note: problems.length ? problems.join('; ') : `all ${whole.eventsApplied} events folded; agrees with the live case's deadlines` },
    ];
    const details: DetailRow[] = [
      { id: 'replay.events-per-second', value: Math.round(whole.eventsApplied / (whole.medianMs / 1000)), unit: 'history events/s', note: 'whole history, median replay' },
      { id: 'replay.at-p90', value: round(at.p90Ms), unit: 'ms' },
      { id: 'replay.fetch', value: Math.round(fetchMs), unit: 'ms', note: 'fetchCaseHistories once: every run, payloads decrypted (not in the replay time)' },
      { id: 'replay.history-events', value: events, unit: 'events' },
      { id: 'replay.build', value: Number(buildSeconds.toFixed(1)), unit: 's', note: 'simulating C1x on the time-skipping server to make the case (not a goal)' },
    ];
    return { rows, details };
  } finally {
    await sim.close();
    await env.teardown();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const opts = benchOptionsOrExit(process.argv.slice(2), ['replay']);
  printMeasure(await measureReplay(opts));
  process.exit(0);
}
