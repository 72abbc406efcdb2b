/**
 * The `signDocument` Update: a signer answers a signature request through its one-time link.
 *
 * The validator (synchronous, no trace when it refuses) checks the request's shape, that the
 * token belongs to a signature request of this case that was sent and not yet signed, that the
 * signer is the one the request names (after rights transfer the adult student, not the
 * parent: L3473-3476, resolved when the request was queued, effect-queue.ts; a parent's request
 * still unanswered at 18 was superseded and re-issued, rights-transfer.ts), and that the
 * process still takes the answer the decision means. The handler then runs the
 * `redeemSignature` activity (one-time token, document hash, ledger entry: activities/
 * signatures.ts) and, only once it succeeded, applies the chart event with the signer as actor.
 * A bad, used or expired token fails the Update and changes nothing in the case.
 *
 * The event is dated the case's today: the day the signed answer reached the district, which
 * starts or stops its clocks (L726-728). `signedAt` is the signer's own instant, for the ledger.
 */
import { ActivityFailure, ApplicationFailure, proxyActivities, setHandler } from '@temporalio/workflow';
import type { CaseEffectActivities } from './activity-types';
import { NON_RETRYABLE_EFFECT_ERRORS } from './activity-types';
import { CaseEngine, type ApplyOutcome } from './case-engine';
import type { EffectRecord } from './case-state';
import { buildCaseView } from './case-view';
import { firstIssue, RefusedEvent } from './event-router';
import { signDocumentUpdate, type SignDocumentAnswer } from './messages';
import { SignDocumentSchema, type SignDocumentInput } from './signing-request';
import { refusal } from './update-refusal';
import { isoInstant } from './zoned-time';

/** Who may sign a request addressed to `signer` (a guardian signs as the parent). */
const MAY_SIGN: Record<string, readonly string[]> = {
  parent: ['parent', 'guardian'],
  guardian: ['guardian', 'parent'],
  'parent+lea': ['parent', 'guardian'],
  // The parent's part of a shared request after rights transfer (rights-transfer.ts, L3473-3476).
  'adultStudent+lea': ['adultStudent'],
  adultStudent: ['adultStudent'],
  student: ['student'],
};
const ACTOR_ROLE: Record<SignDocumentInput['signerRole'], string> = { parent: 'parent', guardian: 'parent', adultStudent: 'adultStudent', student: 'student' };

/** The chart events a decision may mean, in the order tried; the process's chart picks the one it takes. */
export type ChartEvent = Record<string, unknown> & { type: string };
function candidates(decision: SignDocumentInput['decision'], form: string): ChartEvent[] {
  const iepFirst = form === 'IEP 9A';
  const order = (iep: ChartEvent, written: ChartEvent) => (iepFirst ? [iep, written] : [written, iep]);
  switch (decision.scope) {
    case 'full':
      return [...order({ type: 'IEP_CONSENT_RECORDED', scope: 'all' }, { type: 'CONSENT_RECEIVED' }), { type: 'MAJORITY_STATEMENT_SIGNED' }];
    case 'partial':
      return order({ type: 'IEP_CONSENT_RECORDED', scope: 'partial', except: decision.refusedItems }, { type: 'CONSENT_RECEIVED', except: decision.refusedItems });
    case 'refusal':
      return order({ type: 'IEP_CONSENT_RECORDED', scope: 'none' }, { type: 'CONSENT_REFUSED' });
    case 'revocation':
      return [{ type: 'CONSENT_REVOKED', inWriting: true }];
  }
}

export interface SigningPlan {
  input: SignDocumentInput;
  request: EffectRecord;
  requestId: string;
  documentSha256: string;
  event: ChartEvent;
}

/**
 * The case as the handler will find it: a clock point already due (the 18th birthday at the
 * timer hour) acts first, on a copy, so a token it supersedes is refused before any redemption.
 */
function caughtUp(engine: CaseEngine, nowMs: number): CaseEngine {
  const wake = engine.nextWake();
  if (wake === null || wake > nowMs) return engine;
  const copy = new CaseEngine(JSON.parse(JSON.stringify(engine.state)) as CaseEngine['state'], engine.registry);
  copy.advance(nowMs);
  return copy;
}

const tokenOf = (e: EffectRecord) => (typeof e.result?.token === 'string' ? e.result.token : String(e.result?.url ?? '').split('/').pop());

/** The request the token answers and the chart event the decision means; throws RefusedEvent, changes nothing. */
export function planSigning(engine: CaseEngine, raw: unknown, nowMs: number): SigningPlan {
  const parsed = SignDocumentSchema.safeParse(raw);
  if (!parsed.success) throw firstIssue(parsed.error, 'signature');
  const input = parsed.data;
  const judged = caughtUp(engine, nowMs);
  const { state } = judged;
  const requests = state.effects.filter((e) => e.type === 'requestSignature');
  const request = requests.find((e) => e.status === 'done' && tokenOf(e) === input.token);
  if (!request) throw new RefusedEvent('signature.token: no signature request of this case has this token (unknown, or for another case)', 'signature.token');
  const requestId = String(request.result?.requestId ?? '');
  const documentSha256 = String(request.result?.documentSha256 ?? '');
  const earlier = (state.signed ?? []).find((s) => s.requestId === requestId);
  if (earlier) throw new RefusedEvent(`signature.token: request ${requestId} was already signed on ${earlier.on}`, 'signature.token');
  if (request.supersededBy !== undefined) {
    const fresh = state.effects.find((e) => e.id === request.supersededBy);
    throw new RefusedEvent(
      `signature.token: request ${requestId} was addressed to ${String(request.params.signer)}; rights transferred to ${state.rightsHolder} on ${request.supersededOn} (L3473-3476) and the request was re-issued to ${String(fresh?.params.signer)}`,
      'signature.token',
    );
  }
  const signer = String(request.params.signer);
  if (!(MAY_SIGN[signer] ?? []).includes(input.signerRole)) {
    throw new RefusedEvent(`signature.signerRole: request ${requestId} is to be signed by ${signer}`, 'signature.signerRole');
  }
  if (!/^[0-9a-f]{64}$/.test(documentSha256)) throw new RefusedEvent(`signature.token: request ${requestId} names no document to sign`, 'signature.token');
  const process = state.processes.find((p) => p.key === request.process);
  if (!process || process.status !== 'open') throw new RefusedEvent(`signature.token: ${request.process} is closed; request ${requestId} can no longer be answered`, 'signature.token');
  const base = { occurredOn: engine.today(nowMs), actor: { role: ACTOR_ROLE[input.signerRole] }, process: process.key, documentRef: requestId };
  let firstRefusal: string | null = null;
  for (const candidate of candidates(input.decision, String(request.params.form))) {
    const event: ChartEvent = { ...candidate, ...base };
    try {
      judged.check(event, nowMs);
      return { input, request, requestId, documentSha256, event };
    } catch (error) {
      if (!(error instanceof RefusedEvent)) throw error;
      firstRefusal ??= error.message;
    }
  }
  throw new RefusedEvent(`signature.decision: ${process.key} (in ${process.state}) does not take a ${input.decision.scope} answer now (${firstRefusal})`, 'signature.decision');
}

/** A refused redemption (bad, used or expired token; another document) as the Update's failure. */
function redemptionRefusal(error: unknown): never {
  const cause = error instanceof ActivityFailure ? error.cause : error;
  if (cause instanceof ApplicationFailure && (NON_RETRYABLE_EFFECT_ERRORS as readonly string[]).includes(cause.type ?? '')) {
    throw ApplicationFailure.create({ type: 'RefusedEvent', message: cause.message, nonRetryable: true, details: [{ field: 'signature.token' }] });
  }
  throw ApplicationFailure.create({ type: 'SignatureFailed', message: 'signature: the signature could not be recorded now; try again', nonRetryable: true });
}

const { redeemSignature } = proxyActivities<Pick<CaseEffectActivities, 'redeemSignature'>>({
  // The signer is waiting on the answer: a few quick retries, then a clear failure.
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumAttempts: 5, nonRetryableErrorTypes: [...NON_RETRYABLE_EFFECT_ERRORS] },
});

/**
 * After the ledger recorded the signature (the handler's activity; client/replay.ts folds the
 * same from a history): the chart event the answer means on the case as it is now. Throws
 * RefusedEvent when the case moved meanwhile so that it no longer takes the answer.
 */
export function replanAfterRedemption(engine: CaseEngine, raw: unknown, plan: SigningPlan, now: number): ChartEvent {
  engine.advance(now); // a clock point that came due while the ledger was written acts first
  // The same plan again: the case may have moved while the activity ran.
  try {
    return planSigning(engine, raw, now).event;
  } catch (error) {
    throw new RefusedEvent(`signature: request ${plan.requestId} was recorded in the ledger, but ${error instanceof Error ? error.message : String(error)}; record the answer as an event`, 'signature.decision');
  }
}

/** The answer applied as the signer's chart event, and the signature kept in the case. */
export function keepSignature(engine: CaseEngine, plan: SigningPlan, event: ChartEvent, ledgerSeq: number, now: number): ApplyOutcome {
  const outcome = engine.apply(event, now);
  const on = engine.today(now);
  (engine.state.signed ??= []).push({ seq: outcome.seq, requestId: plan.requestId, effect: plan.request.id, process: plan.request.process, signerRole: plan.input.signerRole, decision: plan.input.decision.scope, on, ledgerSeq });
  engine.timeline(now, {
    seq: outcome.seq,
    occurredOn: on,
    kind: 'signature',
    type: 'SIGNATURE_RECORDED',
    process: plan.request.process,
    actor: { role: plan.input.signerRole },
    detail: { requestId: plan.requestId, decision: plan.input.decision.scope, event: event.type, ledgerSeq },
  });
  return outcome;
}

/** Register the Update on the running workflow; `changed` tells the main loop the case moved. */
export function registerSignDocument(engine: CaseEngine, changed: () => void): void {
  setHandler(
    signDocumentUpdate,
    async (raw): Promise<SignDocumentAnswer> => {
      const plan = planSigning(engine, raw, Date.now());
      const { input } = plan;
      let redeemed;
      try {
        redeemed = await redeemSignature({
          token: input.token,
          decision: input.decision,
          documentSha256: plan.documentSha256,
          method: 'electronic',
          signedAt: input.signedAt ?? isoInstant(Date.now()),
          signerRole: input.signerRole,
        });
      } catch (error) {
        return redemptionRefusal(error);
      }
      const now = Date.now();
      let event: ChartEvent;
      try {
        event = replanAfterRedemption(engine, raw, plan, now);
      } catch (error) {
        return refusal(error);
      }
      const outcome = keepSignature(engine, plan, event, redeemed.ledgerEntry.seq, now);
      const on = engine.today(now);
      changed();
      return { ...outcome, requestId: plan.requestId, event: event.type, ledgerSeq: redeemed.ledgerEntry.seq, view: buildCaseView(engine.state, on) };
    },
    {
      validator: (raw) => {
        try {
          planSigning(engine, raw, Date.now());
        } catch (error) {
          refusal(error);
        }
      },
    },
  );
}
