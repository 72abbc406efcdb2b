/**
 * Issue #12: `export-history` of a demo case, fed back to `simulate`, reproduces its recorded
 * deadlines. A case is opened on the shared dev server the way `npm start` seeds a demo case
 * (scripts/seed-demo.ts: the history's events up to "today" in one recordHistory Update),
 * with the case's today pinned by the simulation epoch (timeShiftMs, noon in the district) so
 * the test does not depend on the machine's date. The live case is exported with
 * `exportLiveHistory` (what `caseclock export-history --out` runs), loaded as any history
 * file, and run through the simulate runner on the time-skipping server; every deadline the
 * simulation ends with (clock key, rule, due, status) must equal the live case's.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportLiveHistory } from '../../client/cli/export-history';
import { loadHistory, type LoadedHistory } from '../../client/simulate/history';
import { simulate, type HistoryReport, type RecordedDeadline } from '../../client/simulate/runner';
import { recordedDeadlines } from '../../client/simulate/step-report';
import { chartRegistry } from '../../machines';
import { createSimulationActivities } from '../../worker/case-activities';
import { createTimeSkippingEnv } from '../../worker/time-skipping';
import { caseStateQuery, caseViewQuery, publishCalendarUpdate, recordHistoryUpdate } from '../../workflows/messages';
import { instantAt } from '../../workflows/zoned-time';
import { devServerHarness, uniqueId, type Harness } from './harness';

const HISTORIES = join(process.cwd(), 'test/histories');

let h: Harness;
let env: TestWorkflowEnvironment;
let sim: Awaited<ReturnType<typeof createSimulationActivities>>;
let simDir: string;
let outDir: string;
let c1x: LiveCase;
let c1: LiveCase;

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'caseclock-roundtrip-out-'));
  h = await devServerHarness();
  // One worker run for both live cases (a worker runs once).
  [c1x, c1] = await h.run(async () => [await liveCaseFrom('C1x-three-year-lifecycle.json', '2029-11-20'), await liveCaseFrom('C1-initial-evaluation.json', '2026-11-30', 'calendars/demo-usd-snow.json')]);
  env = await createTimeSkippingEnv();
  simDir = mkdtempSync(join(tmpdir(), 'caseclock-roundtrip-sim-'));
  sim = await createSimulationActivities(simDir);
});
afterAll(async () => {
  await sim?.close();
  await env?.teardown();
  await h?.close();
  for (const dir of [simDir, outDir]) if (dir) rmSync(dir, { recursive: true, force: true });
});

interface LiveCase {
  studentId: string;
  /** The events of the source history that were recorded (dated up to today). */
  recorded: number;
  deadlines: RecordedDeadline[];
  states: Record<string, string>;
  exportedPath: string;
}

/**
 * Opens `history` live with its today pinned at noon of `today`, records its events dated up
 * to then in one Update, publishes `publish` (if any) on that day, exports the case. Inside
 * the harness worker's run.
 */
async function liveCaseFrom(file: string, today: string, publish?: string): Promise<LiveCase> {
  const loaded = loadHistory(join(HISTORIES, file), chartRegistry);
  const timeZone = loaded.calendar.timeZone ?? 'America/Los_Angeles';
  const studentId = uniqueId(`rt-${loaded.history.id.toLowerCase()}`);
  const caseId = `case-${studentId}`;
  const { student } = loaded.history;
  const handle = await h.client.workflow.start('studentCase', {
    taskQueue: h.taskQueue,
    workflowId: caseId,
    args: [
      {
        open: {
          caseId,
          profile: { studentId, birthDate: student.birthDate, language: student.language, districtId: loaded.calendar.id, schoolId: 'demo-school', caseManagerId: 'cm-demo' },
          calendar: loaded.calendar,
          policy: loaded.history.policy,
          settings: { timeShiftMs: instantAt(timeZone, today, 12) - Date.now() },
        },
      },
    ],
  });
  try {
    const events = loaded.history.steps.flatMap((s) => (s.event && !s.expect?.refused && s.event.occurredOn <= today ? [s.event] : []));
    await handle.executeUpdate(recordHistoryUpdate, { args: [{ events }] });
    if (publish) {
      const calendar = JSON.parse(readFileSync(join(HISTORIES, publish), 'utf8'));
      await handle.executeUpdate(publishCalendarUpdate, { args: [calendar] });
    }
    const view = await handle.query(caseViewQuery);
    expect(view.today).toBe(today);
    const state = await handle.query(caseStateQuery);
    const [exportedPath] = await exportLiveHistory(h.client, studentId, join(outDir, `${studentId}.json`));
    return { studentId, recorded: events.length, deadlines: recordedDeadlines(state), states: view.states, exportedPath };
  } finally {
    // Not waiting for its three years of notices (they do not change a deadline): the one
    // activity in flight finishes before the harness worker stops.
    await handle.terminate('round trip recorded');
  }
}

async function simulated(loaded: LoadedHistory): Promise<HistoryReport> {
  const [report] = await simulate(env, [loaded], sim.activities);
  return report;
}

describe('export-history → simulate round trip', () => {
  it('C1x carried three years (two annual reviews, a triennial): every deadline the simulation gives is the live case’s', async () => {
    const live = c1x;
    const loaded = loadHistory(live.exportedPath, chartRegistry);
    const { steps } = loaded.history;
    // Every event recorded, in date order, then time to the case's today.
    expect(live.recorded).toBe(19);
    expect(steps.filter((s) => s.event).length).toBe(live.recorded);
    expect(steps.at(-1)).toEqual({ advanceTo: '2029-11-20' });
    const report = await simulated(loaded);
    expect(report.steps.filter((s) => s.refused).map((s) => `${s.index} ${s.label}: ${s.refused}`)).toEqual([]);
    expect(report.deadlines).toEqual(live.deadlines);
    expect(report.steps.at(-1)?.states).toEqual(live.states);
    // Not a vacuous comparison: the three years' clocks are there.
    const rules = new Set(live.deadlines.map((d) => d.rule));
    for (const rule of ['assessment-plan', 'consent-response', 'initial-iep', 'annual-review', 'triennial', 'reassessment-iep']) expect(rules).toContain(rule);
    expect(live.deadlines.length).toBeGreaterThan(8);
  });

  it('C1 with the snow-day calendar published on its day: the moved deadline comes back moved', async () => {
    const live = c1;
    const loaded = loadHistory(live.exportedPath, chartRegistry);
    expect(loaded.history.steps.map((s) => (s.event ? s.event.type : s.publishCalendar ? 'publish' : `advanceTo ${s.advanceTo}`))).toEqual([
      'REFERRAL_RECEIVED',
      'ASSESSMENT_PLAN_SENT',
      'CONSENT_RECEIVED',
      'ASSESSMENT_COMPLETED',
      'publish',
    ]);
    expect(Object.values(loaded.published).map((c) => c.version)).toEqual([JSON.parse(readFileSync(join(HISTORIES, 'calendars/demo-usd-snow.json'), 'utf8')).version]);
    const report = await simulated(loaded);
    expect(report.steps.filter((s) => s.refused).map((s) => `${s.index} ${s.label}: ${s.refused}`)).toEqual([]);
    expect(report.steps.at(-1)?.moved).toContainEqual({ rule: 'initial-iep', from: '2027-01-05', to: '2027-01-12' });
    expect(report.deadlines).toEqual(live.deadlines);
    expect(live.deadlines).toContainEqual(expect.objectContaining({ rule: 'initial-iep', due: '2027-01-12', status: 'pending' }));
  });
});
