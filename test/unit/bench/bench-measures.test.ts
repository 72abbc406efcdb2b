/**
 * The pure parts of `npm run bench` (bench/): flag parsing, the open-loop schedule of the
 * latency measure, the snow version the calendar measure publishes, how the deadline engine's
 * results file and simulate's stderr become table rows, and the table's judgement.
 */
import { describe, expect, it } from 'vitest';
import { demoCalendars, recompute } from '../../../deadlines';
import { BenchUsageError, parseBenchOptions } from '../../../bench/bench-options';
import { judged, tableLines } from '../../../bench/bench-table';
import { snowVersion } from '../../../bench/calendar-change';
import { deadlineRows } from '../../../bench/deadline-engine';
import { LATENCY_STEPS, poolSize, scheduled } from '../../../bench/event-latency';
import { stateMatches } from '../../../client/simulate/expectations';
import { corpusFiles, medianRun, readSimulateStderr, type SimulateRun } from '../../../bench/simulate-corpus';

describe('bench options', () => {
  it('takes the quick sizes, a flag over the environment, and --only as a list', () => {
    const opts = parseBenchOptions(['--quick', '--rate', '5', '--only', 'latency,replay'], { BENCH_RATE: '9', BENCH_DURATION: '3' });
    expect([opts.cases, opts.rate, opts.duration, opts.only, opts.corpus]).toEqual([300, 5, 3, ['latency', 'replay'], 'c1x']);
  });

  it('runs one worker unless --worker-split (or BENCH_WORKER_SPLIT) asks for one per role', () => {
    expect(parseBenchOptions(['--quick'], {}).workerSplit).toBe(false);
    expect(parseBenchOptions(['--quick', '--worker-split', '--only', 'open'], {})).toMatchObject({ workerSplit: true, only: ['open'] });
    expect(parseBenchOptions(['--quick'], { BENCH_WORKER_SPLIT: '1' }).workerSplit).toBe(true);
    expect(parseBenchOptions(['--quick'], { BENCH_WORKER_SPLIT: 'false' }).workerSplit).toBe(false);
    expect(() => parseBenchOptions(['--quick'], { BENCH_WORKER_SPLIT: 'yes' })).toThrow(new BenchUsageError('--worker-split (or BENCH_WORKER_SPLIT): must be 1, true, 0 or false (got "yes")'));
  });

  it('refuses an unknown measure naming the flag', () => {
    expect(() => parseBenchOptions(['--only', 'latency,speed'], {})).toThrow(new BenchUsageError('--only (or BENCH_ONLY): Invalid option: expected one of "open"|"latency"|"calendar"|"replay"|"deadlines"|"simulate"'));
  });
});

describe('latency schedule (open-loop)', () => {
  it('spaces a case’s events at least 5 s apart and never past the walk’s last step', () => {
    expect(poolSize(20, 10)).toBe(100);
    expect(poolSize(20, 60)).toBe(400);
    const pool = poolSize(20, 60);
    const events = Array.from({ length: 20 * 60 }, (_, k) => scheduled(k, 20, pool));
    expect(Math.max(...events.map((e) => e.step))).toBe(LATENCY_STEPS.length - 1);
    expect(events[401]).toEqual({ caseIndex: 1, step: 1, atMs: 20_050 });
    const sameCase = events.filter((e) => e.caseIndex === 7).map((e) => e.atMs);
    expect(sameCase).toEqual([350, 20_350, 40_350]);
  });

  it('sees the state of a step in a nested state under it (ASSESSMENT_COMPLETED lands in evaluation.meeting.scheduling)', () => {
    expect(stateMatches('evaluation.meeting.scheduling', LATENCY_STEPS[2].state)).toBe(true);
    expect(stateMatches('evaluation.meeting', 'evaluation.meeting')).toBe(true);
    expect(stateMatches('evaluation.meetingless', 'evaluation.meeting')).toBe(false);
    expect(stateMatches('evaluation.assessing', LATENCY_STEPS[2].state)).toBe(false);
    expect(stateMatches(undefined, 'awaiting-consent')).toBe(false);
  });
});

describe('calendar change version', () => {
  it('adds a two-week closure from tomorrow that moves a running assessment-plan clock', () => {
    const base = { ...demoCalendars['demo-usd'], id: 'bench-usd-test', version: '1' };
    const v2 = snowVersion(base, '2026-12-03');
    expect(v2.version).toBe('2');
    expect(v2.closures.at(-1)).toEqual({ start: '2026-12-04', end: '2026-12-17', name: 'Snow closure (bench)' });
    const moved = recompute(base, v2, [{ key: 'a', rule: 'assessment-plan', from: '2026-11-30' }]);
    expect(moved).toHaveLength(1);
    expect(moved[0].new.due! > moved[0].old.due!).toBe(true);
  });

  it('refuses a date outside every term', () => {
    expect(() => snowVersion(demoCalendars['demo-usd'], '2026-07-01')).toThrow('no term holds 2026-07-02');
  });
});

describe('deadline engine rows', () => {
  const file = (identical: number) => ({
    questions: 20_000,
    rows: [
      { name: 'deadlines.indexed', value: 2_300_000, unit: 'evaluations/s' },
      { name: 'deadlines.speedup', value: 49, unit: '×' },
      { name: 'deadlines.identical', value: identical, unit: 'bool', note: identical ? 'all identical' : '3 differ' },
    ],
  });

  it('judges the rate and the ratio against the bench’s own goals', () => {
    const { rows } = deadlineRows(file(1), 0);
    expect(rows.map(judged).map((r) => [r.id, r.measured, r.met])).toEqual([
      ['deadlines.rate', 2_300_000, true],
      ['deadlines.speedup', 49, false],
    ]);
  });

  it('gives no number when the answers differ or the file is malformed', () => {
    expect(deadlineRows(file(0), 1).rows.map((r) => [r.measured, r.note])).toEqual([
      [null, 'answers differ from the walk: 3 differ'],
      [null, 'answers differ from the walk: 3 differ'],
    ]);
    expect(deadlineRows({ rows: [] }, 0).rows[0].note).toBe('bench/results/deadlines.json: questions: Invalid input: expected number, received undefined');
  });
});

describe('simulate rows', () => {
  it('reads the summary, the lanes and the first mismatch from stderr', () => {
    const text = ['simulate: 2 lanes (time-skipping servers side by side)', 'mismatch: history C1x, step 3, state: wanted "a", got "b"', 'simulate: 35 histories, 400 steps, 1 mismatches', ''].join('\n');
    expect(readSimulateStderr(text)).toEqual({ summary: 'simulate: 35 histories, 400 steps, 1 mismatches', lanes: 2, firstProblem: 'mismatch: history C1x, step 3, state: wanted "a", got "b"' });
  });

  it('picks C1x alone or the whole corpus', () => {
    expect(corpusFiles('c1x').map((f) => f.split('/').pop())).toEqual(['C1x-three-year-lifecycle.json']);
    expect(corpusFiles('full').length).toBeGreaterThan(30);
  });

  const run = (seconds: number, mismatches = 0): SimulateRun => ({ seconds, exitCode: mismatches ? 1 : 0, summary: `simulate: 1 histories, 24 steps, ${mismatches} mismatches`, lanes: 1, firstProblem: null });

  it('takes the median of the C1x runs and tells the spread and the first run', () => {
    const { run: median, spread } = medianRun([run(5.4), run(3.3), run(3.6), run(3.4), run(4.1)]);
    expect(median.seconds).toBe(3.6);
    expect(spread).toBe('5 run(s): min 3.30, median 3.60, max 5.40 s; first 5.40 s');
    expect(medianRun([run(3.3), run(3.6)]).run.seconds).toBe(3.3);
  });

  it('lets a failed C1x run speak for all of them', () => {
    expect(medianRun([run(3.3), run(9.9, 2), run(3.4)]).run).toMatchObject({ seconds: 9.9, exitCode: 1 });
  });

  it('runs C1x five times, once with --quick, as --simulate-rounds says', () => {
    expect(parseBenchOptions([], {}).simulateRounds).toBe(5);
    expect(parseBenchOptions(['--quick'], {}).simulateRounds).toBe(1);
    expect(parseBenchOptions(['--simulate-rounds', '3'], {}).simulateRounds).toBe(3);
    expect(() => parseBenchOptions(['--simulate-rounds', '0'], {})).toThrow(/^--simulate-rounds \(or BENCH_SIMULATE_ROUNDS\): /);
  });
});

describe('the table', () => {
  it('prints a row without a number as not run, and a missed goal as MISSED', () => {
    const lines = tableLines([
      judged({ id: 'a', measure: 'replay', direction: '≤', goal: 50, measured: 75, unit: 'ms' }),
      judged({ id: 'b', measure: 'calendar', direction: '≥', goal: 83.3, measured: null, unit: 'cases/s', note: 'failed' }),
    ]);
    expect(lines[2]).toMatch(/^replay\s+≤ 50\.0 ms\s+75\.0 ms\s+1\.50\s+MISSED$/);
    expect(lines[3]).toMatch(/^calendar\s+≥ 83\.3 cases\/s\s+—\s+—\s+not run$/);
  });
});
