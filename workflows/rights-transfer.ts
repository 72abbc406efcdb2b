/**
 * Rights transfer at 18 and the signature requests already out. "All rights transfer to the
 * child at the age of majority" (L3473-3476); from then on the adult student gives or denies
 * consent to the IEP "in place of your parent or guardian" (IEP 6D, L17009-17012), and the
 * forms read "Signature of Parent/Adult Student" (L16035, L17278). So a request sent to the
 * parent and not yet answered when rights transfer can no longer be signed by the parent: it is
 * marked superseded (the signDocument validator refuses its token, signing.ts) and the same
 * request goes out again, resolved to the adult student (effect-queue.ts resolveSigner).
 * A request not yet sent is simply addressed anew. Each change is a timeline entry.
 */
import type { CaseEngine } from './case-engine';
import type { EffectRecord } from './case-state';
import { enqueueEffect, resolveSigner } from './effect-queue';

/** Effect indexes of re-issued requests: apart from the chart's own actions (0…) and clock alerts (99). */
const REISSUE_INDEX = 200;

function unanswered(engine: CaseEngine, e: EffectRecord): boolean {
  const { state } = engine;
  if (e.type !== 'requestSignature' || e.supersededBy !== undefined || e.status === 'failed') return false;
  if (resolveSigner(state, e.params.signer) === String(e.params.signer)) return false;
  if (state.processes.find((p) => p.key === e.process)?.status !== 'open') return false;
  const requestId = e.result?.requestId;
  return !(state.signed ?? []).some((s) => s.requestId === requestId);
}

/** After `transferRights` (case-engine.ts): supersede and re-issue what the new rights holder must sign. */
export function reissueAfterTransfer(engine: CaseEngine, seq: number, on: string, nowMs: number): void {
  const { state } = engine;
  const stale = state.effects.filter((e) => unanswered(engine, e));
  // Asked only when something would change, so a case with nothing out records no patch marker.
  if (!stale.length || !engine.patches.reissueSignaturesOnTransfer()) return;
  stale.forEach((old, i) => {
    const signer = resolveSigner(state, old.params.signer);
    if (old.status === 'queued') {
      // Not sent yet: nothing to withdraw, it goes to the new rights holder.
      old.params.signer = signer;
      engine.timeline(nowMs, { seq, occurredOn: on, kind: 'effect', type: 'SIGNATURE_REQUEST_READDRESSED', process: old.process, detail: { effect: old.id, signer, reason: `rights transferred to ${state.rightsHolder}` } });
      return;
    }
    const process = state.processes.find((p) => p.key === old.process)!;
    const params = { scope: old.params.scope, form: old.params.form, signer: old.params.signer, reissues: old.id };
    const fresh = enqueueEffect(state, process, 'requestSignature', params, seq, REISSUE_INDEX + i, on);
    old.supersededBy = fresh.id;
    old.supersededOn = on;
    const replaces = old.result?.requestId ?? null;
    engine.timeline(nowMs, {
      seq,
      occurredOn: on,
      kind: 'effect',
      type: 'SIGNATURE_REQUEST_REISSUED',
      process: old.process,
      detail: { replaces, effect: fresh.id, form: old.params.form, from: old.params.signer, signer, reason: `rights transferred to ${state.rightsHolder}` },
    });
  });
}
