/**
 * Histories on several time-skipping servers side by side (client/simulate/lanes.ts): every
 * history runs once, on one lane, with every expectation checked; reports come back in the
 * order given; every server the lanes started is torn down; a lane whose server does not start
 * is told and the others take its histories. Short histories, so the file stays small.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadHistory } from '../../client/simulate/history';
import { simulateInLanes } from '../../client/simulate/lanes';
import { chartRegistry } from '../../machines';
import { createSimulationActivities } from '../../worker/case-activities';
import { installQuietRuntime } from '../../worker/runtime';
import { createTimeSkippingEnv } from '../../worker/time-skipping';

installQuietRuntime();

const FILES = ['C10b-suspension-over-cap.json', 'C7a-parent-request-meeting.json', 'C6b-triennial-waiver.json', 'C9c-transfer-same-selpa.json'];
const histories = FILES.map((f) => loadHistory(join(process.cwd(), 'test/histories', f), chartRegistry));

let sim: Awaited<ReturnType<typeof createSimulationActivities>>;
let dataDir: string;
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'caseclock-lanes-'));
  sim = await createSimulationActivities(dataDir);
});
afterAll(async () => {
  await sim?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** Starts real environments and counts starts and teardowns; call number `failOn` refuses to start. */
function counted(failOn?: number) {
  const seen = { started: 0, tornDown: 0 };
  let calls = 0;
  const startEnv = async (): Promise<TestWorkflowEnvironment> => {
    if (++calls === failOn) throw new Error('ephemeral server did not start within 5s');
    const env = await createTimeSkippingEnv();
    seen.started++;
    const teardown = env.teardown.bind(env);
    env.teardown = async () => {
      seen.tornDown++;
      await teardown();
    };
    return env;
  };
  return { seen, startEnv };
}

describe('simulateInLanes', () => {
  it('runs each history once on two servers, reports in the given order, tears both down', async () => {
    const { seen, startEnv } = counted();
    const reported: string[] = [];
    const reports = await simulateInLanes(histories, sim.activities, { lanes: 2, startEnv, onReport: (r) => reported.push(r.id) });
    expect(reports.map((r) => r.path)).toEqual(histories.map((h) => h.path));
    expect(reports.map((r) => r.mismatches)).toEqual(histories.map(() => []));
    expect(reported.sort()).toEqual(histories.map((h) => h.history.id).sort());
    expect(seen).toEqual({ started: 2, tornDown: 2 });
  });

  it('tells of a lane whose server does not start; the other lane runs every history', async () => {
    const { seen, startEnv } = counted(2);
    const lost: number[] = [];
    const reports = await simulateInLanes(histories, sim.activities, { lanes: 2, startEnv, onLaneLost: (lane) => lost.push(lane) });
    expect(lost).toEqual([1]);
    expect(reports.map((r) => r.path)).toEqual(histories.map((h) => h.path));
    expect(reports.every((r) => r.mismatches.length === 0)).toBe(true);
    expect(seen).toEqual({ started: 1, tornDown: 1 });
  });
});
