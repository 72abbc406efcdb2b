/**
 * The 18th birthday moves signatures to the student, under time skipping (issue #6). Student
 * born 2009-01-25, 17 years 11 months old when the case opens on 2027-01-04 with the rights
 * statement signed at 17 (IEP 6D, L17009-17014) and an annual review under way. The IEP 9A goes
 * to the parent on 2027-01-12; on 2027-01-25 "all rights transfer to the child" (L3473-3476):
 * the rights transfer notice goes to the adult student and the parent, the unanswered IEP 9A
 * is re-issued to the adult student, who now consents "in place of your parent" (L17010-17012),
 * the parent's old link is refused, and the adult student's signature is recorded.
 *
 * The IEP 9B attendance sheet (parent and district, L6286-6295) is out too: the parent's part
 * moves to the adult student the same way (re-issued as `adultStudent+lea`).
 *
 * A second case runs the same steps on the build from before the re-issue existed, a third on
 * the build that re-issued the IEP 9A but not the shared sheet; their histories replay against
 * today's workflow (patched() answers "no" there) and the first fails against the same change
 * shipped without patched() — the test that the guard is needed and works. The auditor's fold
 * (client/replay.ts) shows each history as it happened: what its build did, no more.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyCaseLedger } from '../../activities/ledger';
import { CaseError } from '../../client/case-service';
import { replayHistory } from '../../client/replay';
import { settle } from '../../client/simulate/runner';
import { moveCaseTo, shiftFor } from '../../client/simulate/sim-clock';
import { demoCalendars } from '../../deadlines';
import { createSimulationActivities } from '../../worker/case-activities';
import { createCaseWorker, workflowBundle } from '../../worker/create-worker';
import { createTimeSkippingEnv } from '../../worker/time-skipping';
import type { CaseState, EffectRecord } from '../../workflows/case-state';
import { caseStateQuery, type SignDocumentAnswer } from '../../workflows/messages';
import { bundleFixture } from './fixtures/bundle-fixture';
import { timeSkippingHarness, uniqueId, type Harness } from './harness';

const LA = 'America/Los_Angeles';
const BIRTH_DATE = '2009-01-25';
const BIRTHDAY = '2027-01-25';
const district = { role: 'district' };
const past = [
  { type: 'ANNUAL_IEP_ON_FILE', occurredOn: '2026-01-20', actor: district },
  { type: 'TRANSITION_TRACKING_STARTED', occurredOn: '2026-01-20', actor: district },
  { type: 'TRANSITION_PLAN_ADOPTED', occurredOn: '2026-01-20', actor: district },
  { type: 'MAJORITY_STATEMENT_SIGNED', occurredOn: '2026-01-20', actor: { role: 'student' } },
];

let env: TestWorkflowEnvironment;
let h: Harness;
let oldBuild: Awaited<ReturnType<typeof createSimulationActivities>>;
let oldWorker: Worker;
let sharedOldWorker: Worker;
let unguarded: WorkflowBundleWithSourceMap;
let oldDir: string;
const student = uniqueId('maj');
const oldStudent = uniqueId('maj-old');
const sharedOldStudent = uniqueId('maj-shared-old');
let beforeBirthday: CaseState;
let atBirthday: CaseState;
let afterSigning: CaseState;
let oldHistory: Awaited<ReturnType<WorkflowHandle['fetchHistory']>>;
let newHistory: Awaited<ReturnType<WorkflowHandle['fetchHistory']>>;
let sharedOldHistory: Awaited<ReturnType<WorkflowHandle['fetchHistory']>>;
/** What each signing attempt after the birthday answered (a worker runs once: every step is in beforeAll). */
const attempts: { parentOldLink?: unknown; parentNewLink?: unknown; seqAfterRefusals?: number; signedAfterRefusals?: unknown; adultStudent?: SignDocumentAnswer } = {};

const iep9a = (s: CaseState) => s.effects.filter((e) => e.type === 'requestSignature' && e.params.form === 'IEP 9A');
const iep9b = (s: CaseState) => s.effects.filter((e) => e.type === 'requestSignature' && e.params.form === 'IEP 9B');
const tokenOf = (e: EffectRecord) => String(e.result?.token);

/** The case's signature and consent ledger, its hash chain checked. */
async function ledgerOf(studentId: string) {
  const verified = await verifyCaseLedger(h.dataDir, `case-${studentId}`);
  if (!verified.ok) throw new Error(`ledger of case-${studentId}: entry ${verified.firstBadSeq} ${verified.reason}`);
  return verified.entries;
}

beforeAll(async () => {
  env = await createTimeSkippingEnv();
  h = await timeSkippingHarness(env);
  const [before, guardless, beforeShared] = await Promise.all(['before-reissue-workflows.ts', 'unguarded-reissue-workflows.ts', 'before-shared-reissue-workflows.ts'].map((f) => bundleFixture(f)));
  unguarded = guardless;
  oldDir = mkdtempSync(join(tmpdir(), 'caseclock-majority-'));
  oldBuild = await createSimulationActivities(oldDir);
  const oldQueue = uniqueId('tq-old');
  const sharedOldQueue = uniqueId('tq-shared-old');
  const worker = (taskQueue: string, bundle: WorkflowBundleWithSourceMap) =>
    createCaseWorker({ connection: env.nativeConnection, namespace: env.namespace ?? 'default', taskQueue, activities: oldBuild.activities, bundle });
  oldWorker = await worker(oldQueue, before);
  sharedOldWorker = await worker(sharedOldQueue, beforeShared);
  const shift = await shiftFor(env, '2027-01-04', LA);
  const open = (studentId: string, taskQueue: string) =>
    h.client.workflow.start('studentCase', {
      taskQueue,
      workflowId: `case-${studentId}`,
      args: [{ open: { caseId: `case-${studentId}`, profile: { studentId, birthDate: BIRTH_DATE, language: 'en', districtId: 'demo-usd' }, calendar: demoCalendars['demo-usd'], settings: { timeShiftMs: shift } } }],
    });
  await h.run(() =>
    oldWorker.runUntil(sharedOldWorker.runUntil(async () => {
      const handles = [await open(student, h.taskQueue), await open(oldStudent, oldQueue), await open(sharedOldStudent, sharedOldQueue)];
      const both = (fn: (studentId: string) => Promise<unknown>) => Promise.all([fn(student), fn(oldStudent), fn(sharedOldStudent)]);
      await moveCaseTo(env, shift, LA, '2027-01-04', 9);
      await both((id) => h.service.recordHistory(id, past));
      await both((id) => h.service.recordEvent(id, { type: 'MEETING_NOTICE_SENT', occurredOn: '2027-01-04', actor: district, meetingOn: '2027-01-12' }));
      await moveCaseTo(env, shift, LA, '2027-01-12', 9);
      const held = { type: 'MEETING_HELD', occurredOn: '2027-01-12', actor: district, transitionPlanIncluded: true, majorityStatementIncluded: true };
      await both((id) => h.service.recordEvent(id, held));
      await Promise.all(handles.map((x) => settle(x)));
      beforeBirthday = await handles[0].query(caseStateQuery);
      await moveCaseTo(env, shift, LA, BIRTHDAY, 8);
      await Promise.all(handles.map((x) => settle(x)));
      atBirthday = await handles[0].query(caseStateQuery);
      oldHistory = await handles[1].fetchHistory();
      sharedOldHistory = await handles[2].fetchHistory();
      await handles[1].terminate('recorded for the replay check');
      await handles[2].terminate('recorded for the replay check');

      const [old, fresh] = iep9a(atBirthday);
      attempts.parentOldLink = await h.service.sign(student, { token: tokenOf(old), decision: { scope: 'full' }, signerRole: 'parent' }).catch((e: unknown) => e);
      attempts.parentNewLink = await h.service.sign(student, { token: tokenOf(fresh), decision: { scope: 'full' }, signerRole: 'parent' }).catch((e: unknown) => e);
      const refusedState = await handles[0].query(caseStateQuery);
      attempts.seqAfterRefusals = refusedState.seq;
      attempts.signedAfterRefusals = refusedState.signed ?? [];
      attempts.adultStudent = await h.service.sign(student, { token: tokenOf(fresh), decision: { scope: 'full' }, signerRole: 'adultStudent' });
      afterSigning = await handles[0].query(caseStateQuery);
      newHistory = await handles[0].fetchHistory();
      await handles[0].terminate('test done');
    })),
  );
});

afterAll(async () => {
  await oldBuild?.close();
  await h?.close();
  await env?.teardown();
  if (oldDir) rmSync(oldDir, { recursive: true, force: true });
});

describe('rights transfer at 18 moves signatures to the adult student (L3473-3476)', () => {
  it("before the birthday the IEP 9A is the parent's to sign and the transfer is due on the birthday", () => {
    expect(beforeBirthday.rightsHolder).toBe('parent');
    expect(iep9a(beforeBirthday).map((e) => [e.process, e.params.signer, e.status])).toEqual([['annual-review#1', 'parent', 'done']]);
    expect(beforeBirthday.clocks.find((c) => c.rule === 'age-of-majority' && c.status === 'pending')?.due).toBe(BIRTHDAY);
  });

  it('(a) on the birthday: notice to the adult student and the parent, the IEP 9A re-issued to the adult student', async () => {
    expect(atBirthday.rightsHolder).toBe('adultStudent');
    const [old, fresh] = iep9a(atBirthday);
    expect(iep9a(atBirthday)).toHaveLength(2);
    expect(old).toMatchObject({ params: { signer: 'parent' }, supersededBy: fresh.id, supersededOn: BIRTHDAY });
    expect(fresh).toMatchObject({ process: 'annual-review#1', status: 'done', params: { signer: 'adultStudent', scope: 'later-iep', on: BIRTHDAY, reissues: old.id } });
    expect(fresh.result?.requestId).not.toBe(old.result?.requestId);
    const notice = atBirthday.effects.find((e) => e.type === 'sendNotice' && e.params.form === 'Rights transfer notice');
    expect(notice).toMatchObject({ status: 'done', params: { to: ['adultStudent', 'parent'], on: BIRTHDAY } });
    const reissued = atBirthday.timeline.find((t) => t.type === 'SIGNATURE_REQUEST_REISSUED' && t.detail?.form === 'IEP 9A');
    expect(reissued).toMatchObject({ occurredOn: BIRTHDAY, process: 'annual-review#1', detail: { replaces: old.result?.requestId, from: 'parent', signer: 'adultStudent', form: 'IEP 9A' } });
    // The ledger holds the new request as the adult student's, for the same form.
    const requested = (await ledgerOf(student)).filter((e) => e.kind === 'signature-requested' && e.body.form === 'IEP 9A').map((e) => [e.body.requestId, e.body.signerRole]);
    expect(requested).toEqual([
      [old.result?.requestId, 'parent'],
      [fresh.result?.requestId, 'adultStudent'],
    ]);
    // The rights transfer notice reached the adult student's own address (demo directory).
    const mail = (await h.sink.messages()).map((m) => m.raw.toString('latin1'));
    expect(mail.some((m) => m.includes(`student.${student}@families.example`))).toBe(true);
  });

  it('(a) the parent+lea attendance sheet: the parent\'s part re-issued to the adult student (L3473-3476, L17009-17012)', async () => {
    const [old, fresh] = iep9b(atBirthday);
    expect(iep9b(atBirthday)).toHaveLength(2);
    expect(old).toMatchObject({ status: 'done', params: { signer: 'parent+lea', scope: 'attendance' }, supersededBy: fresh.id, supersededOn: BIRTHDAY });
    expect(fresh).toMatchObject({ process: 'annual-review#1', status: 'done', params: { signer: 'adultStudent+lea', scope: 'attendance', on: BIRTHDAY, reissues: old.id } });
    const reissued = atBirthday.timeline.find((t) => t.type === 'SIGNATURE_REQUEST_REISSUED' && t.detail?.form === 'IEP 9B');
    expect(reissued).toMatchObject({ occurredOn: BIRTHDAY, detail: { replaces: old.result?.requestId, from: 'parent+lea', signer: 'adultStudent+lea' } });
    // The new request needs the adult student's part and the district's (activities/signatures.ts requiredSigners).
    const requested = (await ledgerOf(student)).filter((e) => e.kind === 'signature-requested' && e.body.form === 'IEP 9B').map((e) => [e.body.requestId, e.body.signerRole]);
    expect(requested).toEqual([
      [old.result?.requestId, 'parent+lea'],
      [fresh.result?.requestId, 'adultStudent+lea'],
    ]);
  });

  it("(b) the parent's old link is refused after the birthday, naming the transfer; nothing is recorded", async () => {
    const [old, fresh] = iep9a(atBirthday);
    const refused = attempts.parentOldLink as CaseError;
    expect(refused).toBeInstanceOf(CaseError);
    expect([refused.kind, refused.field, refused.message]).toEqual([
      'refused',
      'signature.token',
      `signature.token: request ${String(old.result?.requestId)} was addressed to parent; rights transferred to adultStudent on ${BIRTHDAY} (L3473-3476) and the request was re-issued to adultStudent`,
    ]);
    // Nor may the parent use the adult student's new link.
    expect((attempts.parentNewLink as CaseError).message).toBe(`signature.signerRole: request ${String(fresh.result?.requestId)} is to be signed by adultStudent`);
    // Refused in the validator: no event, no signature in the case, none in the ledger.
    expect([attempts.seqAfterRefusals, attempts.signedAfterRefusals]).toEqual([atBirthday.seq, []]);
    expect(newHistory.events?.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name === 'signDocument')).toHaveLength(1);
    const recorded = (await ledgerOf(student)).filter((e) => e.kind === 'signature-recorded');
    expect(recorded.map((e) => e.body.signerRole)).toEqual(['adultStudent']);
  });

  it("(c) the adult student's signature is accepted: consent recorded with the adult student as actor, in the case and the ledger", async () => {
    const fresh = iep9a(atBirthday)[1];
    const requestId = String(fresh.result?.requestId);
    const answer = attempts.adultStudent!;
    expect([answer.requestId, answer.event, answer.process]).toEqual([requestId, 'IEP_CONSENT_RECORDED', 'annual-review#1']);
    expect(answer.view.processes.find((p) => p.key === 'annual-review#1')).toMatchObject({ status: 'done', state: 'renewed' });
    expect(answer.view.states['annual-review']).toBe('cycle.waiting');
    const state = afterSigning;
    expect(state.signed).toEqual([expect.objectContaining({ requestId, signerRole: 'adultStudent', decision: 'full', on: BIRTHDAY, process: 'annual-review#1' })]);
    const consent = state.timeline.find((t) => t.type === 'IEP_CONSENT_RECORDED');
    expect(consent).toMatchObject({ occurredOn: BIRTHDAY, actor: { role: 'adultStudent' }, process: 'annual-review#1' });
    expect((await ledgerOf(student)).filter((e) => e.kind === 'signature-recorded').map((e) => [e.body.requestId, e.body.signerRole, (e.body.decision as { scope: string }).scope])).toEqual([
      [requestId, 'adultStudent', 'full'],
    ]);
  });

  it('patched(): a history from the build before the re-issue replays against today\'s code, and breaks the change shipped unguarded', async () => {
    // The old build did not re-issue: its case still shows the parent's request only.
    const oldIep = oldHistory.events?.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'requestSignature').length;
    expect(oldIep).toBe(2); // IEP 9B attendance and IEP 9A, both before the birthday; none re-issued
    const replay = async (bundle: WorkflowBundleWithSourceMap, history: typeof oldHistory, workflowId: string) => {
      const results = [];
      for await (const r of Worker.runReplayHistories({ workflowBundle: bundle, dataConverter: h.dataConverter, replayName: 'majority' }, [{ workflowId, history }])) results.push(r);
      return results[0].error;
    };
    expect(await replay(await workflowBundle(), oldHistory, `case-${oldStudent}`)).toBeUndefined();
    expect(await replay(unguarded, oldHistory, `case-${oldStudent}`)).toBeInstanceOf(DeterminismViolationError);
    // And the case that took the new path replays against today's code.
    expect(await replay(await workflowBundle(), newHistory, `case-${student}`)).toBeUndefined();
    // The build that re-issued the IEP 9A but not the shared sheet: its history replays too.
    expect(sharedOldHistory.events?.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'requestSignature')).toHaveLength(3);
    expect(await replay(await workflowBundle(), sharedOldHistory, `case-${sharedOldStudent}`)).toBeUndefined();
  });

  it('auditor replay of each history shows what its build did at the birthday (patch markers, client/replay.ts)', () => {
    const endOf = (history: typeof oldHistory) => Number(history.events?.at(-1)?.eventTime?.seconds ?? 0) * 1000 + 1000;
    const reissued = (history: typeof oldHistory) =>
      replayHistory(history, endOf(history)).timeline.filter((t) => t.type === 'SIGNATURE_REQUEST_REISSUED').map((t) => [t.detail?.form, t.detail?.signer]);
    expect(reissued(oldHistory)).toEqual([]);
    expect(reissued(sharedOldHistory)).toEqual([['IEP 9A', 'adultStudent']]);
    expect(reissued(newHistory)).toEqual([
      ['IEP 9A', 'adultStudent'],
      ['IEP 9B', 'adultStudent+lea'],
    ]);
    // The fold takes the recorded past (recordHistory) and the adult student's signature (signDocument) too.
    const end = replayHistory(newHistory, endOf(newHistory));
    expect(end.view.processes.find((p) => p.key === 'annual-review#1')).toMatchObject({ status: 'done', state: 'renewed' });
    expect(end.timeline.filter((t) => t.type === 'SIGNATURE_RECORDED').map((t) => t.actor?.role)).toEqual(['adultStudent']);
  });
});
