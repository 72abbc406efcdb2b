/**
 * The signDocument Update's validator on the pure interpreter (workflows/signing.ts
 * planSigning): which request a token answers, who may sign it, and the chart event each
 * decision means — or a refusal naming the field, with nothing changed.
 */
import { describe, expect, it } from 'vitest';
import { demoCalendars } from '../../../deadlines';
import { chartRegistry } from '../../../machines';
import { CaseEngine, RefusedEvent } from '../../../workflows/case-engine';
import { planSigning } from '../../../workflows/signing';
import { instantAt } from '../../../workflows/zoned-time';
import { refusal } from './refusal';

const LA = 'America/Los_Angeles';
const now = instantAt(LA, '2026-10-19', 13);
const TOKEN = 'A'.repeat(43);
const DOC = 'd'.repeat(64);

/** C6a's triennial: the reassessment plan is sent and its signature request has gone out. */
function awaitingReassessmentConsent(rightsHolder: 'parent' | 'adultStudent' = 'parent'): CaseEngine {
  const engine = CaseEngine.open(
    { caseId: 'case-s1', profile: { studentId: 's1', birthDate: '2014-02-03', language: 'en', districtId: 'demo-usd' }, calendar: demoCalendars['demo-usd'] },
    chartRegistry,
  );
  engine.apply({ type: 'ELIGIBILITY_ON_FILE', occurredOn: '2024-01-20', actor: { role: 'district' } }, now);
  engine.state.rightsHolder = rightsHolder;
  engine.apply({ type: 'ASSESSMENT_PLAN_SENT', occurredOn: '2026-10-19', actor: { role: 'district' }, receivedByParentOn: '2026-10-19', delivery: 'hand' }, now);
  for (const e of engine.queuedEffects()) {
    const result = e.type === 'requestSignature' ? { requestId: 'sig-1', token: TOKEN, url: `http://127.0.0.1/sign/case-s1/${TOKEN}`, expiresOn: '2026-11-18', documentSha256: DOC } : {};
    engine.settleEffect(e.id, { result });
  }
  return engine;
}

const sign = (extra: Record<string, unknown> = {}) => ({ token: TOKEN, decision: { scope: 'full' }, signerRole: 'parent', ...extra });

describe('signDocument: planSigning', () => {
  it('finds the request by its token and turns each decision into the chart event the process takes', () => {
    const engine = awaitingReassessmentConsent();
    const full = planSigning(engine, sign(), now);
    expect(full).toMatchObject({ requestId: 'sig-1', documentSha256: DOC });
    expect(full.event).toEqual({ type: 'CONSENT_RECEIVED', occurredOn: '2026-10-19', actor: { role: 'parent' }, process: 'reassessment#1', documentRef: 'sig-1' });
    expect(planSigning(engine, sign({ decision: { scope: 'refusal' } }), now).event.type).toBe('CONSENT_REFUSED');
    // A guardian signs for the parent, as the parent.
    expect(planSigning(engine, sign({ signerRole: 'guardian' }), now).event.actor).toEqual({ role: 'parent' });
  });

  it('refuses, naming the field, and changes nothing', () => {
    const engine = awaitingReassessmentConsent();
    const before = JSON.stringify(engine.state);
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [sign({ token: 'B'.repeat(43) }), 'signature.token', /^signature\.token: no signature request of this case has this token/],
      [sign({ token: 'short' }), 'signature.token', /^signature\.token: must be a signing token$/],
      [sign({ signerRole: 'adultStudent' }), 'signature.signerRole', /^signature\.signerRole: request sig-1 is to be signed by parent$/],
      [sign({ decision: { scope: 'partial' } }), 'signature.decision.refusedItems', /^signature\.decision\.refusedItems: lists the parts/],
      // An assessment plan cannot be consented to in part: the chart takes no partial answer.
      [sign({ decision: { scope: 'partial', refusedItems: ['speech'] } }), 'signature.decision', /^signature\.decision: reassessment#1 \(in cycle\.awaiting-consent\) does not take a partial answer now/],
      [sign({ extra: 1 }), 'signature', /^signature: /],
    ];
    for (const [input, field, message] of cases) {
      const error = refusal(() => planSigning(engine, input, now));
      expect([error.field, error.message]).toEqual([field, expect.stringMatching(message)]);
    }
    expect(JSON.stringify(engine.state)).toBe(before);
  });

  it('refuses a request already signed', () => {
    const engine = awaitingReassessmentConsent();
    engine.state.signed = [{ seq: 9, requestId: 'sig-1', effect: 'x', process: 'reassessment#1', signerRole: 'parent', decision: 'full', on: '2026-10-19', ledgerSeq: 3 }];
    expect(refusal(() => planSigning(engine, sign(), now)).message).toBe('signature.token: request sig-1 was already signed on 2026-10-19');
  });

  it('after rights transfer the adult student signs, not the parent (L3473-3476)', () => {
    const engine = awaitingReassessmentConsent('adultStudent');
    const request = engine.state.effects.find((e) => e.type === 'requestSignature')!;
    expect(request.params.signer).toBe('adultStudent');
    expect(refusal(() => planSigning(engine, sign(), now)).message).toBe('signature.signerRole: request sig-1 is to be signed by adultStudent');
    expect(planSigning(engine, sign({ signerRole: 'adultStudent' }), now).event.actor).toEqual({ role: 'adultStudent' });
  });
});
