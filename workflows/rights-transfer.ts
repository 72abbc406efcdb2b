/**
 * Rights transfer at 18 and the signature requests already out. "All rights transfer to the
 * child at the age of majority" (L3473-3476); from then on the adult student gives or denies
 * consent to the IEP "in place of your parent or guardian" (IEP 6D, L17009-17012), and the
 * forms read "Signature of Parent/Adult Student" (L16035, L17278). So a request sent to the
 * parent and not yet answered when rights transfer can no longer be signed by the parent: it is
 * marked superseded (the signDocument validator refuses its token, signing.ts) and the same
 * request goes out again, resolved to the adult student (effect-queue.ts resolveSigner).
 * A request not yet sent is simply addressed anew. Each change is a timeline entry.
 *
 * A shared request (`parent+lea`: the IEP 9B attendance sheet, an NC 7 excusal, an amendment,
 * L6286-6295, L6404-6409) names the parent as one of its two signers: the parent's part moves
 * to the adult student the same way (`adultStudent+lea`), the district's part stays. That came
 * later, behind its own patch (engine-patches.ts), so histories recorded before it replay.
 */
import type { CaseEngine } from './case-engine';
import type { EffectRecord } from './case-state';
import { enqueueEffect, resolveSigner } from './effect-queue';

/** Effect indexes of re-issued requests: apart from the chart's own actions (0…) and clock alerts (99). */
const REISSUE_INDEX = 200;

/** The parent's and the district's signatures on one form; after transfer the adult student's and the district's. */
export const SHARED_SIGNER = 'parent+lea';
export const ADULT_SHARED_SIGNER = 'adultStudent+lea';

function unanswered(engine: CaseEngine, e: EffectRecord): boolean {
  const { state } = engine;
  if (e.type !== 'requestSignature' || e.supersededBy !== undefined || e.status === 'failed') return false;
  if (state.processes.find((p) => p.key === e.process)?.status !== 'open') return false;
  const requestId = e.result?.requestId;
  return !(state.signed ?? []).some((s) => s.requestId === requestId);
}

/** Whom a request addressed to `signer` goes to now that rights have transferred. */
function movedSigner(engine: CaseEngine, signer: unknown): string {
  return signer === SHARED_SIGNER ? ADULT_SHARED_SIGNER : resolveSigner(engine.state, signer);
}

/**
 * The signer a new request of a chart is queued with: after the transfer a shared request's
 * parent part is the adult student's (asked only for such a request, so other cases record no
 * marker). effect-queue.ts resolves a plain `parent` itself.
 */
export function signerForNewRequest(engine: CaseEngine, signer: unknown): unknown {
  if (signer !== SHARED_SIGNER || engine.state.rightsHolder !== 'adultStudent') return signer;
  return engine.patches.reissueSharedSignaturesOnTransfer() ? ADULT_SHARED_SIGNER : signer;
}

/** After `transferRights` (case-engine.ts): supersede and re-issue what the new rights holder must sign. */
export function reissueAfterTransfer(engine: CaseEngine, seq: number, on: string, nowMs: number): void {
  const { state } = engine;
  const open = state.effects.filter((e) => unanswered(engine, e));
  const parents = open.filter((e) => resolveSigner(state, e.params.signer) !== String(e.params.signer));
  const shared = open.filter((e) => e.params.signer === SHARED_SIGNER);
  // Asked only when something would change, so a case with nothing out records no patch marker;
  // the shared move only after the re-issue itself answered yes (it extends that change).
  if (!(parents.length || shared.length) || !engine.patches.reissueSignaturesOnTransfer()) return;
  // The parent's own requests first: their effect ids are the ones the build before the shared
  // move gave them.
  const stale = shared.length && engine.patches.reissueSharedSignaturesOnTransfer() ? [...parents, ...shared] : parents;
  stale.forEach((old, i) => {
    const signer = movedSigner(engine, old.params.signer);
    if (old.status === 'queued') {
      // Not sent yet: nothing to withdraw, it goes to the new rights holder.
      old.params.signer = signer;
      engine.timeline(nowMs, { seq, occurredOn: on, kind: 'effect', type: 'SIGNATURE_REQUEST_READDRESSED', process: old.process, detail: { effect: old.id, signer, reason: `rights transferred to ${state.rightsHolder}` } });
      return;
    }
    const process = state.processes.find((p) => p.key === old.process)!;
    const params = { scope: old.params.scope, form: old.params.form, signer, reissues: old.id };
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
