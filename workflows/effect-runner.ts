/**
 * Runs one queued effect as its activity and records the outcome in the case. A failure that
 * survives the retry policy is recorded as failed (visible in the case view and the
 * CaseProblem search attribute), never treated as success (style.md "things to avoid").
 */
import { ActivityFailure, ApplicationFailure, log } from '@temporalio/workflow';
import type { CaseEffectActivities } from './activity-types';
import type { CaseEngine } from './case-engine';
import type { EffectRecord } from './case-state';

export async function runEffect(engine: CaseEngine, effect: EffectRecord, activities: CaseEffectActivities): Promise<void> {
  const { state } = engine;
  const p = effect.params;
  const base = { idempotencyKey: effect.id, caseId: state.caseId, studentId: state.profile.studentId, process: effect.process };
  try {
    let result: Record<string, unknown>;
    if (effect.type === 'sendNotice') {
      result = { ...(await activities.sendNotice({
        ...base,
        form: String(p.form),
        to: p.to as string[],
        language: String(p.language),
        delivery: p.delivery as 'email',
        deadlines: (p.deadlines as never) ?? [],
        purpose: p.purpose === undefined ? undefined : String(p.purpose),
        issuedOn: String(p.on),
      })) };
    } else if (effect.type === 'requestSignature') {
      result = { ...(await activities.requestSignature({
        ...base,
        scope: String(p.scope),
        signer: String(p.signer),
        form: String(p.form),
        language: String(p.language ?? state.profile.language),
        issuedOn: String(p.on),
      })) };
    } else {
      result = { ...(await activities.alertStaff({
        ...base,
        kind: String(p.kind ?? 'escalation'),
        rule: p.rule === undefined || p.rule === null ? null : String(p.rule),
        due: p.due === undefined || p.due === null ? null : String(p.due),
        to: (p.to as string[]) ?? ['caseManager'],
        on: String(p.on),
      })) };
    }
    engine.settleEffect(effect.id, { result });
  } catch (error) {
    const cause = error instanceof ActivityFailure ? error.cause : error;
    const type = cause instanceof ApplicationFailure ? cause.type : null;
    // Ids only in logs: the effect id and the failure type, never payloads.
    log.warn('case effect failed', { effect: effect.id, type: effect.type, failure: type ?? 'unknown' });
    engine.settleEffect(effect.id, { error: `${type ?? 'ActivityFailure'}: ${cause instanceof Error ? cause.message : String(cause)}` });
  }
}
