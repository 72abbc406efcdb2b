/**
 * Determinism: a history recorded from the real workflow replays cleanly with
 * `Worker.runReplayHistory`, and the same history against a workflow whose timers changed
 * without `patched()` is caught as nondeterministic. The auditor's replay (client/replay.ts)
 * rebuilds the case from the same history as it stood at an earlier instant.
 */
import { fileURLToPath } from 'node:url';
import { DeterminismViolationError } from '@temporalio/workflow';
import { Worker, bundleWorkflowCode } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCalendars } from '../../deadlines';
import { replayHistory } from '../../client/replay';
import { moveCaseTo, shiftFor } from '../../client/simulate/sim-clock';
import { settle } from '../../client/simulate/runner';
import { workflowBundle } from '../../worker/create-worker';
import { recordEventUpdate } from '../../workflows/messages';
import { instantAt } from '../../workflows/zoned-time';
import { timeSkippingHarness, uniqueId, type Harness } from './harness';
import { createTimeSkippingEnv } from '../../worker/time-skipping';

const LA = 'America/Los_Angeles';
let env: TestWorkflowEnvironment;
let h: Harness;
let history: Awaited<ReturnType<ReturnType<TestWorkflowEnvironment['client']['workflow']['getHandle']>['fetchHistory']>>;
let workflowId: string;
let shift = 0;

beforeAll(async () => {
  env = await createTimeSkippingEnv();
  h = await timeSkippingHarness(env);
  const studentId = uniqueId('rp');
  workflowId = `case-${studentId}`;
  shift = await shiftFor(env, '2026-10-05', LA);
  await h.run(async () => {
    const handle = await h.client.workflow.start('studentCase', {
      taskQueue: h.taskQueue,
      workflowId,
      args: [{ open: { caseId: workflowId, profile: { studentId, birthDate: '2019-05-02', language: 'en', districtId: 'demo-usd' }, calendar: demoCalendars['demo-usd'], settings: { timeShiftMs: shift } } }],
    });
    const send = async (date: string, event: Record<string, unknown>) => {
      await moveCaseTo(env, shift, LA, date, 8);
      await handle.executeUpdate(recordEventUpdate, { args: [{ event: { occurredOn: date, ...event } }] });
      await settle(handle);
    };
    await send('2026-10-05', { type: 'REFERRAL_RECEIVED', actor: { role: 'parent' } });
    await send('2026-10-14', { type: 'ASSESSMENT_PLAN_SENT', actor: { role: 'district' }, receivedByParentOn: '2026-10-14' });
    await send('2026-10-21', { type: 'CONSENT_RECEIVED', actor: { role: 'parent' } });
    await moveCaseTo(env, shift, LA, '2027-01-07', 8);
    await settle(handle);
    history = await handle.fetchHistory();
    await handle.terminate('recorded');
  });
});
afterAll(async () => {
  await h?.close();
  await env?.teardown();
});

describe('replay', () => {
  it('replays the recorded history against the current workflow code', async () => {
    await expect(Worker.runReplayHistory({ workflowBundle: await workflowBundle(), dataConverter: h.dataConverter }, history, workflowId)).resolves.toBeUndefined();
  });

  it('catches a timer changed without patched()', async () => {
    const changed = await bundleWorkflowCode({ workflowsPath: fileURLToPath(new URL('./fixtures/changed-timer-workflows.ts', import.meta.url)) });
    await expect(Worker.runReplayHistory({ workflowBundle: changed, dataConverter: h.dataConverter }, history, workflowId)).rejects.toBeInstanceOf(DeterminismViolationError);
  });

  it('rebuilds the case as it stood at an earlier instant (auditor replay)', () => {
    const beforeConsent = instantAt(LA, '2026-10-20', 12) - shift;
    const atThen = replayHistory(history, beforeConsent);
    expect(atThen.view.states['initial-evaluation']).toBe('awaiting-consent');
    expect(atThen.view.pending.map((d) => [d.rule, d.due])).toEqual([['consent-response', '2026-10-29']]);
    const last = history.events!.at(-1)!.eventTime!;
    const atEnd = replayHistory(history, Number(last.seconds) * 1000 + 1000);
    expect(atEnd.view.pending.find((d) => d.rule === 'initial-iep')).toMatchObject({ due: '2027-01-05', overdue: true });
    expect(atEnd.view.notices.length).toBeGreaterThanOrEqual(4);
    expect(atEnd.view.notices.every((n) => n.status === 'done')).toBe(true);
  });
});
