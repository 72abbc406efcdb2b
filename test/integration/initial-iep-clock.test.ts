/**
 * Under time-skipping: the real `studentCase` workflow waits on the 60-day initial-IEP clock
 * (consent 2026-10-21 → due 2027-01-05, winter break skipped; processes.md C1) and the reminder,
 * the due escalation and the overdue flag each fire once, in seconds of wall time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { demoCalendars } from '../../deadlines';
import { moveCaseTo, shiftFor } from '../../client/simulate/sim-clock';
import { settle } from '../../client/simulate/runner';
import { caseStateQuery, recordEventUpdate } from '../../workflows/messages';
import { timeSkippingHarness, uniqueId, type Harness } from './harness';
import { createTimeSkippingEnv } from '../../worker/time-skipping';

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

describe('a 60-day durable clock under time-skipping', () => {
  it('fires reminder, due and overdue once each and keeps the explanation', async () => {
    const studentId = uniqueId('c1');
    const shift = await shiftFor(env, '2026-10-05', LA);
    const started = Date.now();
    await h.run(async () => {
      const handle = await h.client.workflow.start('studentCase', {
        taskQueue: h.taskQueue,
        workflowId: `case-${studentId}`,
        args: [{ open: { caseId: `case-${studentId}`, profile: { studentId, birthDate: '2019-05-02', language: 'es', districtId: 'demo-usd' }, calendar: demoCalendars['demo-usd'], settings: { timeShiftMs: shift } } }],
      });
      const send = async (date: string, event: Record<string, unknown>) => {
        await moveCaseTo(env, shift, LA, date, 8);
        return handle.executeUpdate(recordEventUpdate, { args: [{ event: { occurredOn: date, ...event }, waitForEffects: true }] });
      };
      await send('2026-10-05', { type: 'REFERRAL_RECEIVED', actor: { role: 'parent' } });
      await send('2026-10-14', { type: 'ASSESSMENT_PLAN_SENT', actor: { role: 'district' }, receivedByParentOn: '2026-10-14' });
      const consent = await send('2026-10-21', { type: 'CONSENT_RECEIVED', actor: { role: 'parent' } });
      const iep = consent.view.pending.find((d) => d.rule === 'initial-iep');
      expect(iep).toMatchObject({ due: '2027-01-05', actBy: '2027-01-05', overdue: false });
      expect(iep!.explanation.join('\n')).toMatch(/2026-12-19\.\.2027-01-03/);

      // 76 days later, past the due date: every point has fired.
      await moveCaseTo(env, shift, LA, '2027-01-07', 8);
      const view = await settle(handle);
      const state = await handle.query(caseStateQuery);
      const fired = state.timeline.filter((t) => t.type.startsWith('INITIAL_IEP_')).map((t) => `${t.occurredOn} ${t.type}`);
      // 5 working days before Tue 2027-01-05: Jan 4, 1 is a holiday, Dec 31..28 → reminder on Mon 2026-12-28.
      expect(fired).toEqual(['2026-12-28 INITIAL_IEP_REMINDER', '2027-01-05 INITIAL_IEP_DUE', '2027-01-06 INITIAL_IEP_OVERDUE']);
      expect(view.pending.find((d) => d.rule === 'initial-iep')).toMatchObject({ due: '2027-01-05', overdue: true });
      expect(view.delays.map((d) => d.code)).toContain('initial-iep-late');
      const alerts = view.alerts.filter((a) => a.rule === 'initial-iep');
      expect(alerts.map((a) => [a.kind, a.on, a.status])).toEqual([
        ['reminder', '2026-12-28', 'done'],
        ['due', '2027-01-05', 'done'],
      ]);
    });
    console.log(`60-day clock lifecycle under time-skipping: ${((Date.now() - started) / 1000).toFixed(1)} s wall`);
  });
});
