/**
 * Years-long cases: the workflow continues-as-new when its history grows (here after 40
 * events), carrying the case state. The deadlines, the timeline and the pending clock survive
 * the hand-over, the clock still fires once in the new run, and the auditor's replay reads the
 * run that was live at the instant asked.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCalendars } from '../../deadlines';
import { fetchCaseHistories, replayHistory, runAt } from '../../client/replay';
import { moveCaseTo, shiftFor } from '../../client/simulate/sim-clock';
import { settle } from '../../client/simulate/runner';
import { caseStateQuery, recordEventUpdate } from '../../workflows/messages';
import { instantAt } from '../../workflows/zoned-time';
import { timeSkippingHarness, uniqueId, type Harness } from './harness';
import { createTimeSkippingEnv } from '../../worker/time-skipping';
import { CONTINUE_AS_NEW_ID, scriptedCase } from '../golden/scripted-cases';

const LA = 'America/Los_Angeles';
let env: TestWorkflowEnvironment;
let h: Harness;
beforeAll(async () => {
  env = await createTimeSkippingEnv();
  h = await timeSkippingHarness(env);
});
afterAll(async () => {
  await h?.close();
  await env?.teardown();
});

describe('continue-as-new', () => {
  it('hands the case over to a new run without losing or repeating a deadline', async () => {
    const studentId = uniqueId('can');
    const workflowId = `case-${studentId}`;
    // The golden corpus records the same case (test/golden/scripted-cases.ts): one scenario.
    const scripted = scriptedCase(CONTINUE_AS_NEW_ID);
    const shift = await shiftFor(env, scripted.events[0][0], LA);
    const outcome = await h.run(async () => {
      await h.client.workflow.start('studentCase', {
        taskQueue: h.taskQueue,
        workflowId,
        args: [{ open: { caseId: workflowId, profile: { studentId, birthDate: '2019-05-02', language: 'en', districtId: 'demo-usd' }, calendar: demoCalendars['demo-usd'], settings: { timeShiftMs: shift, ...scripted.settings } } }],
      });
      for (const [date, event] of scripted.events) {
        await moveCaseTo(env, shift, LA, date, 8);
        await h.client.workflow.getHandle(workflowId).executeUpdate(recordEventUpdate, { args: [{ event: { occurredOn: date, ...event } }] });
        await settle(h.client.workflow.getHandle(workflowId));
      }
      await moveCaseTo(env, shift, LA, scripted.until, 8);
      const latest = h.client.workflow.getHandle(workflowId);
      await settle(latest);
      const state = await latest.query(caseStateQuery);
      const runs = await fetchCaseHistories(h.client, workflowId);
      const at = instantAt(LA, '2026-10-20', 12) - shift;
      const replayed = replayHistory(runAt(runs, at), at);
      await latest.terminate('done');
      return { state, runs, replayed };
    });
    // Asserted after the worker stopped, so a failure reports instead of holding the worker.
    const { state, runs, replayed } = outcome;
    expect(state.run).toBeGreaterThanOrEqual(2);
    // The 60-day clock crossed the hand-overs: its reminder and due fired exactly once.
    expect(state.timeline.filter((t) => t.type === 'INITIAL_IEP_DUE').map((t) => t.occurredOn)).toEqual(['2027-01-05']);
    expect(state.timeline.filter((t) => t.type === 'INITIAL_IEP_REMINDER')).toHaveLength(1);
    expect(state.clocks.find((c) => c.rule === 'initial-iep')).toMatchObject({ due: '2027-01-05', status: 'pending', overdue: true });
    expect(state.timeline.filter((t) => t.type === 'REFERRAL_RECEIVED')).toHaveLength(1);
    expect(runs.length).toBe(state.run);
    expect(replayed.view.states['initial-evaluation']).toBe('awaiting-consent');
  });
});
