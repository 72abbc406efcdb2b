/**
 * One event's effects run together (workflows/student-case.ts runEffects, behind patched()):
 * a referral's two notices (IEP 18 and NC 1, C1 step 0) are scheduled by one workflow task and
 * both delivered. A history of the build before (fixtures/one-at-a-time-effects-workflows.ts)
 * replays on this code and fails on the same change shipped without patched(). The history
 * chosen is one where something happens between the two notices (the first one's delivery
 * refused, so the CaseProblem search attribute is set before the second is scheduled): with
 * nothing in between, the SDK matches the commands in the same order across tasks and the
 * golden corpus replays even unguarded (checked by hand: all 40 runs).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type ReplayResult, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { ApplicationFailure, DeterminismViolationError } from '@temporalio/workflow';
import type { DataConverter } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCalendars } from '../../deadlines';
import { moveCaseTo, shiftFor } from '../../client/simulate/sim-clock';
import { createCaseWorker, workflowBundle } from '../../worker/create-worker';
import { boundDataConverter } from '../../worker/payload-codec';
import { createSimulationActivities } from '../../worker/case-activities';
import { createTimeSkippingEnv } from '../../worker/time-skipping';
import { caseStateQuery, recordEventUpdate } from '../../workflows/messages';
import type { CaseState } from '../../workflows/case-state';
import { bundleFixture } from './fixtures/bundle-fixture';
import { uniqueId } from './harness';

type History = temporal.api.history.v1.IHistory;
const LA = 'America/Los_Angeles';

const REFERRAL = { type: 'REFERRAL_RECEIVED', occurredOn: '2026-10-05', actor: { role: 'parent' } };
type Run = { workflowId: string; label: string; history: History };

let env: TestWorkflowEnvironment;
let unguarded: WorkflowBundleWithSourceMap;
let newRun: Run;
let beforeRun: Run;
let converter: DataConverter;
let afterReferral: CaseState;

async function replay(bundle: WorkflowBundleWithSourceMap, runs: Run[], dataConverter: DataConverter): Promise<Array<ReplayResult['error']>> {
  const out = [];
  for await (const r of Worker.runReplayHistories({ workflowBundle: bundle, dataConverter, replayName: 'effects-together' }, runs)) out.push(r.error);
  return out;
}

/** Open a case on `taskQueue`, record the referral with its effects, and return the run's history. */
async function recordReferral(taskQueue: string, label: string): Promise<{ run: Run; state: CaseState }> {
  const studentId = uniqueId('effects');
  const workflowId = `case-${studentId}`;
  const shift = await shiftFor(env, '2026-10-05', LA);
  const handle = await env.client.workflow.start('studentCase', {
    taskQueue,
    workflowId,
    args: [{ open: { caseId: workflowId, profile: { studentId, birthDate: '2019-05-02', language: 'es', districtId: 'demo-usd' }, calendar: demoCalendars['demo-usd'], settings: { timeShiftMs: shift } } }],
  });
  await moveCaseTo(env, shift, LA, '2026-10-05', 8);
  await handle.executeUpdate(recordEventUpdate, { args: [{ event: REFERRAL, waitForEffects: true }] });
  const state = await handle.query(caseStateQuery);
  const run = { workflowId, label, history: await handle.fetchHistory() };
  await handle.terminate('recorded');
  return { run, state };
}

beforeAll(async () => {
  env = await createTimeSkippingEnv();
  const [oneAtATime, guardless] = await Promise.all([bundleFixture('one-at-a-time-effects-workflows.ts'), bundleFixture('unguarded-effects-workflows.ts')]);
  unguarded = guardless;
  converter = boundDataConverter(env.nativeConnection)!;
  const dataDir = mkdtempSync(join(tmpdir(), 'caseclock-effects-'));
  const sim = await createSimulationActivities(dataDir);
  const namespace = env.namespace ?? 'default';
  try {
    const taskQueue = uniqueId('tq-effects');
    const worker = await createCaseWorker({ connection: env.nativeConnection, namespace, taskQueue, activities: sim.activities });
    ({ run: newRun, state: afterReferral } = await worker.runUntil(() => recordReferral(taskQueue, 'new run')));
    // The build before, its IEP 18 refused for good (a non-retryable failure type).
    const beforeQueue = uniqueId('tq-effects-before');
    const refusingIep18: typeof sim.activities = {
      ...sim.activities,
      sendNotice: async (req) => {
        if (req.form === 'IEP 18') throw ApplicationFailure.nonRetryable('no such student in the directory', 'UnknownStudent');
        return sim.activities.sendNotice(req);
      },
    };
    const before = await Worker.create({ connection: env.nativeConnection, namespace, taskQueue: beforeQueue, workflowBundle: oneAtATime, activities: refusingIep18, dataConverter: converter });
    ({ run: beforeRun } = await before.runUntil(() => recordReferral(beforeQueue, 'build before')));
  } finally {
    await sim.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

afterAll(async () => {
  await env?.teardown();
});

/** Per workflow task completion, the activity types it scheduled (tasks that scheduled none left out). */
function scheduledPerTask(history: History): string[][] {
  const tasks: string[][] = [];
  let current: string[] | null = null;
  for (const e of history.events ?? []) {
    if (e.workflowTaskCompletedEventAttributes) current = [];
    else if (e.activityTaskScheduledEventAttributes && current) current.push(String(e.activityTaskScheduledEventAttributes.activityType?.name));
    else if (current && e.workflowTaskScheduledEventAttributes) {
      if (current.length) tasks.push(current);
      current = null;
    }
  }
  if (current?.length) tasks.push(current);
  return tasks;
}

describe("one event's effects run together", () => {
  it('a new run schedules the referral’s two notices in one workflow task, records the patch, and delivers both', () => {
    expect(scheduledPerTask(newRun.history)[0]).toEqual(['sendNotice', 'sendNotice']);
    expect((newRun.history.events ?? []).some((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch')).toBe(true);
    const notices = afterReferral.effects.filter((e) => e.type === 'sendNotice');
    expect(notices.map((e) => [e.params.form, e.status])).toEqual([
      ['IEP 18', 'done'],
      ['NC 1', 'done'],
    ]);
  });

  it('a history of the build before, with the first notice refused, replays on this code and fails on the change without patched()', async () => {
    expect(scheduledPerTask(beforeRun.history).slice(0, 2)).toEqual([['sendNotice'], ['sendNotice']]); // one at a time
    expect(await replay(await workflowBundle(), [beforeRun], converter)).toEqual([undefined]);
    expect((await replay(unguarded, [beforeRun], converter))[0]).toBeInstanceOf(DeterminismViolationError);
  });

  it('the new run replays on this code', async () => {
    expect(await replay(await workflowBundle(), [newRun], converter)).toEqual([undefined]);
  });
});
