/**
 * Rights transfer at 18 and the signature requests already out (workflows/rights-transfer.ts),
 * on the pure interpreter: an unanswered parent request is superseded and re-issued to the
 * adult student, one not yet sent is readdressed, an answered one stays; the parent's part of a
 * shared (parent+lea) request moves the same way, and a shared request made after 18 is the
 * adult student's and the district's. With a change answered "no" (patched() replaying an older
 * history) what it moves stays.
 */
import { describe, expect, it } from 'vitest';
import { demoCalendars } from '../../../deadlines';
import { chartRegistry } from '../../../machines';
import { CaseEngine, RefusedEvent } from '../../../workflows/case-engine';
import { CURRENT_BEHAVIOUR } from '../../../workflows/engine-patches';
import { planSigning } from '../../../workflows/signing';
import { instantAt } from '../../../workflows/zoned-time';

const LA = 'America/Los_Angeles';
const at = (date: string, hour = 13) => instantAt(LA, date, hour);
const district = { role: 'district' };

/** Born 2009-01-25 (18 on 2027-01-25); annual review held 2027-01-12, IEP 9A out to the parent. */
function awaitingConsentAt17(opts: { settle: boolean; reissue?: boolean; shared?: boolean }): CaseEngine {
  const engine = CaseEngine.open(
    { caseId: 'case-rt', profile: { studentId: 'rt', birthDate: '2009-01-25', language: 'en', districtId: 'demo-usd' }, calendar: demoCalendars['demo-usd'] },
    chartRegistry,
  );
  engine.patches = { ...CURRENT_BEHAVIOUR, reissueSignaturesOnTransfer: () => opts.reissue ?? true, reissueSharedSignaturesOnTransfer: () => opts.shared ?? true };
  const now = at('2027-01-04');
  for (const type of ['ANNUAL_IEP_ON_FILE', 'TRANSITION_TRACKING_STARTED', 'TRANSITION_PLAN_ADOPTED']) engine.apply({ type, occurredOn: '2026-01-20', actor: district }, now);
  engine.apply({ type: 'MAJORITY_STATEMENT_SIGNED', occurredOn: '2026-01-20', actor: { role: 'student' } }, now);
  engine.apply({ type: 'MEETING_NOTICE_SENT', occurredOn: '2027-01-04', actor: district, meetingOn: '2027-01-12' }, now);
  engine.apply({ type: 'MEETING_HELD', occurredOn: '2027-01-12', actor: district, transitionPlanIncluded: true, majorityStatementIncluded: true }, at('2027-01-12'));
  if (opts.settle) settleAll(engine);
  return engine;
}

let requests = 0;
function settleAll(engine: CaseEngine): void {
  for (const e of engine.queuedEffects()) {
    const n = ++requests;
    const result = e.type === 'requestSignature' ? { requestId: `sig-${n}`, token: `${String(n).padStart(3, '0')}${'t'.repeat(40)}`, documentSha256: 'd'.repeat(64) } : {};
    engine.settleEffect(e.id, { result });
  }
}

const signatures = (engine: CaseEngine) => engine.state.effects.filter((e) => e.type === 'requestSignature');

describe('rights transfer at 18 and open signature requests (L3473-3476)', () => {
  it('supersedes the unanswered IEP 9A and the parent+lea attendance sheet, re-issued to the adult student (and the district)', () => {
    const engine = awaitingConsentAt17({ settle: true });
    engine.advance(at('2027-01-25', 9));
    expect(engine.state.rightsHolder).toBe('adultStudent');
    const [attendance, old, fresh, freshAttendance] = signatures(engine);
    expect([old.params.form, old.params.signer, old.supersededBy, old.supersededOn]).toEqual(['IEP 9A', 'parent', fresh.id, '2027-01-25']);
    // The parent's own request keeps the effect id the build before the shared move gave it (index 200).
    expect(fresh).toMatchObject({ id: `case-rt:${fresh.seq}:annual-review#1:200`, status: 'queued', process: 'annual-review#1', params: { form: 'IEP 9A', scope: 'later-iep', signer: 'adultStudent', on: '2027-01-25', reissues: old.id } });
    expect([attendance.params.form, attendance.params.signer, attendance.supersededBy]).toEqual(['IEP 9B', 'parent+lea', freshAttendance.id]);
    expect(freshAttendance).toMatchObject({ id: `case-rt:${fresh.seq}:annual-review#1:201`, status: 'queued', params: { form: 'IEP 9B', scope: 'attendance', signer: 'adultStudent+lea', reissues: attendance.id } });
    // The notice and the re-issues share the transfer's step: the notice first.
    const step = engine.state.timeline.filter((t) => t.seq === fresh.seq);
    expect(step.slice(-4).map((t) => t.type)).toEqual(['sendNotice', 'RIGHTS_TRANSFERRED', 'SIGNATURE_REQUEST_REISSUED', 'SIGNATURE_REQUEST_REISSUED']);
    expect(step.at(-1)?.detail).toEqual({ replaces: attendance.result?.requestId, effect: freshAttendance.id, form: 'IEP 9B', from: 'parent+lea', signer: 'adultStudent+lea', reason: 'rights transferred to adultStudent' });

    settleAll(engine);
    let refusal: unknown;
    try {
      planSigning(engine, { token: String(old.result?.token), decision: { scope: 'full' }, signerRole: 'parent' }, at('2027-01-25', 10));
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(RefusedEvent);
    expect((refusal as RefusedEvent).message).toBe(
      `signature.token: request ${String(old.result?.requestId)} was addressed to parent; rights transferred to adultStudent on 2027-01-25 (L3473-3476) and the request was re-issued to adultStudent`,
    );
    const plan = planSigning(engine, { token: String(fresh.result?.token), decision: { scope: 'full' }, signerRole: 'adultStudent' }, at('2027-01-25', 10));
    expect(plan.event).toMatchObject({ type: 'IEP_CONSENT_RECORDED', scope: 'all', actor: { role: 'adultStudent' }, process: 'annual-review#1' });
    // The attendance sheet: the parent's old link names the transfer, the new one is not the parent's.
    expect(() => planSigning(engine, { token: String(attendance.result?.token), decision: { scope: 'full' }, signerRole: 'parent' }, at('2027-01-25', 10))).toThrow(
      `signature.token: request ${String(attendance.result?.requestId)} was addressed to parent+lea; rights transferred to adultStudent on 2027-01-25 (L3473-3476) and the request was re-issued to adultStudent+lea`,
    );
    expect(() => planSigning(engine, { token: String(freshAttendance.result?.token), decision: { scope: 'full' }, signerRole: 'parent' }, at('2027-01-25', 10))).toThrow(
      `signature.signerRole: request ${String(freshAttendance.result?.requestId)} is to be signed by adultStudent+lea`,
    );
  });

  it("refuses the parent's old link even before the workflow has fired the birthday (judged caught up)", () => {
    const engine = awaitingConsentAt17({ settle: true });
    const old = signatures(engine)[1];
    expect(engine.state.rightsHolder).toBe('parent');
    expect(() => planSigning(engine, { token: String(old.result?.token), decision: { scope: 'full' }, signerRole: 'parent' }, at('2027-01-25', 9))).toThrow(
      /^signature\.token: request sig-\d+ was addressed to parent; rights transferred to adultStudent on 2027-01-25/,
    );
    // The check ran on a copy: the case itself has not moved.
    expect([engine.state.rightsHolder, signatures(engine).length]).toEqual(['parent', 2]);
  });

  it('readdresses a request not yet sent instead of re-issuing it', () => {
    const engine = awaitingConsentAt17({ settle: false });
    engine.advance(at('2027-01-25', 9));
    const iep = signatures(engine).filter((e) => e.params.form === 'IEP 9A');
    expect(iep.map((e) => [e.status, e.params.signer, e.supersededBy])).toEqual([['queued', 'adultStudent', undefined]]);
    const attendance = signatures(engine).filter((e) => e.params.form === 'IEP 9B');
    expect(attendance.map((e) => [e.status, e.params.signer, e.supersededBy])).toEqual([['queued', 'adultStudent+lea', undefined]]);
    expect(engine.state.timeline.filter((t) => t.type === 'SIGNATURE_REQUEST_READDRESSED').map((t) => t.detail)).toEqual([
      { effect: iep[0].id, signer: 'adultStudent', reason: 'rights transferred to adultStudent' },
      { effect: attendance[0].id, signer: 'adultStudent+lea', reason: 'rights transferred to adultStudent' },
    ]);
  });

  it('leaves an answered request alone', () => {
    const engine = awaitingConsentAt17({ settle: true });
    const old = signatures(engine)[1];
    engine.state.signed = [{ seq: 99, requestId: String(old.result?.requestId), effect: old.id, process: old.process, signerRole: 'parent', decision: 'refusal', on: '2027-01-20', ledgerSeq: 4 }];
    engine.advance(at('2027-01-25', 9));
    // The answered IEP 9A stays; the unanswered attendance sheet alone moves.
    expect(signatures(engine).map((e) => [e.params.form, e.params.signer, e.supersededBy === undefined])).toEqual([
      ['IEP 9B', 'parent+lea', false],
      ['IEP 9A', 'parent', true],
      ['IEP 9B', 'adultStudent+lea', true],
    ]);
  });

  it('with the change answered "no" (a history recorded before it) the transfer re-issues nothing', () => {
    const engine = awaitingConsentAt17({ settle: true, reissue: false });
    engine.advance(at('2027-01-25', 9));
    expect(engine.state.rightsHolder).toBe('adultStudent');
    expect(signatures(engine).map((e) => [e.params.signer, e.supersededBy])).toEqual([
      ['parent+lea', undefined],
      ['parent', undefined],
    ]);
    expect(engine.state.timeline.some((t) => t.type.startsWith('SIGNATURE_REQUEST_'))).toBe(false);
  });

  it('with only the shared move answered "no" (a history of the build before it) the IEP 9A moves and the attendance sheet stays', () => {
    const engine = awaitingConsentAt17({ settle: true, shared: false });
    engine.advance(at('2027-01-25', 9));
    expect(signatures(engine).map((e) => [e.params.form, e.params.signer, e.supersededBy === undefined])).toEqual([
      ['IEP 9B', 'parent+lea', true],
      ['IEP 9A', 'parent', false],
      ['IEP 9A', 'adultStudent', true],
    ]);
    expect(engine.state.timeline.filter((t) => t.type === 'SIGNATURE_REQUEST_REISSUED').map((t) => t.detail?.form)).toEqual(['IEP 9A']);
  });

  it('asks the shared move only for a case that has a shared request out, and only after the re-issue said yes', () => {
    const asked: string[] = [];
    const engine = awaitingConsentAt17({ settle: true });
    engine.patches = {
      ...CURRENT_BEHAVIOUR,
      reissueSignaturesOnTransfer: () => (asked.push('reissue'), false),
      reissueSharedSignaturesOnTransfer: () => (asked.push('shared'), true),
    };
    engine.advance(at('2027-01-25', 9));
    expect(asked).toEqual(['reissue']);
    expect(signatures(engine).every((e) => e.supersededBy === undefined)).toBe(true);
  });

  it('a shared request made after 18 (an amendment) is the adult student\'s and the district\'s; "no" keeps parent+lea', () => {
    const signerAfter = (shared: boolean) => {
      const engine = awaitingConsentAt17({ settle: true, shared });
      engine.advance(at('2027-01-25', 9));
      engine.apply({ type: 'AMENDMENT_DRAFTED', occurredOn: '2027-02-01', actor: district }, at('2027-02-01'));
      return signatures(engine).filter((e) => e.params.form === 'Amendment').map((e) => [e.process, e.params.signer]);
    };
    expect(signerAfter(true)).toEqual([['iep-amendment#1', 'adultStudent+lea']]);
    expect(signerAfter(false)).toEqual([['iep-amendment#1', 'parent+lea']]);
  });
});
