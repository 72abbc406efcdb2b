import { TestWorkflowEnvironment } from '@temporalio/testing';
import { createCaseWorker } from '../worker/create-worker';
import { toolPaths } from '../worker/dev-server';
import { demoCalendars } from '../deadlines';
import { caseViewQuery, recordEventUpdate } from '../workflows/messages';
import { instantAt } from '../workflows/zoned-time';
const t0 = Date.now();
const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: toolPaths().testServer } } });
const calls: string[] = [];
const { registerSearchAttributes } = await import('../worker/search-attribute-registration');
await registerSearchAttributes(env.connection, 'default');
const activities = {
  sendNotice: async (r: any) => { calls.push(`notice ${r.form} ${r.idempotencyKey}`); return { documentSha256: 'x', deliveries: [] }; },
  requestSignature: async (r: any) => { calls.push(`sign ${r.scope}`); return { requestId: 'r', url: 'u', expiresOn: '2027-01-01' }; },
  alertStaff: async (r: any) => { calls.push(`alert ${r.kind} ${r.rule} ${r.on}`); return { sent: 1 }; },
};
const worker = await createCaseWorker({ connection: env.nativeConnection, namespace: 'default', taskQueue: 'smoke', activities });
console.log('worker ready', Date.now() - t0);
await worker.runUntil(async () => {
  const now = await env.currentTimeMs();
  const shift = instantAt('America/Los_Angeles', '2026-11-20', 0) - 60000 - now;
  const h = await env.client.workflow.start('studentCase', { taskQueue: 'smoke', workflowId: 'case-smoke', args: [{ open: { caseId: 'case-smoke', profile: { studentId: 'smoke', birthDate: '2012-01-01', language: 'en', districtId: 'demo-usd' }, calendar: demoCalendars['demo-usd'], settings: { timeShiftMs: shift } } }] });
  await env.sleep(instantAt('America/Los_Angeles', '2026-11-20', 9) - shift - (await env.currentTimeMs()));
  const ans = await h.executeUpdate(recordEventUpdate, { args: [{ event: { type: 'RECORDS_REQUEST_RECEIVED', occurredOn: '2026-11-20', actor: { role: 'parent' } }, waitForEffects: true }] });
  console.log('answer', ans.process, ans.state, ans.view.pending.map((d) => `${d.rule} ${d.due}`));
  await env.sleep('20 days');
  const v = await h.query(caseViewQuery);
  console.log('after', v.today, v.pending.map((d) => `${d.rule} ${d.due} overdue=${d.overdue}`), v.delays);
  console.log(calls);
  console.log('wall', Date.now() - t0);
});
await env.teardown();
