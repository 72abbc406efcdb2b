/**
 * Declared effects that need the outside world (notices, signature requests, staff alerts)
 * become effect records, run later by the workflow as activities. Here they get what the
 * activity needs and nothing more: resolved recipients (after rights transfer "parent" means
 * the adult student and the parent, L3473-3476), the notice language, and the dates the notice
 * states with their one-line explanations, taken from the case's clock records.
 */
import type { CaseState, EffectRecord, ProcessRecord } from './case-state';

type QueuedType = EffectRecord['type'];

export function resolveRecipients(state: CaseState, to: unknown): string[] {
  const list = (Array.isArray(to) ? to : [to]).map(String);
  const out: string[] = [];
  for (const r of list) {
    if (r === 'parent' && state.rightsHolder === 'adultStudent') out.push('adultStudent', 'parent');
    else out.push(r);
  }
  return [...new Set(out)];
}

export function resolveSigner(state: CaseState, signer: unknown): string {
  if (signer === 'parent' && state.rightsHolder === 'adultStudent') return 'adultStudent';
  return String(signer);
}

function noticeDeadlines(state: CaseState, process: ProcessRecord, states: unknown) {
  const open = state.clocks.filter((c) => c.process === process.key && c.status === 'pending');
  const chosen = typeof states === 'string' ? open.filter((c) => c.rule === states) : open;
  return chosen.map((c) => ({ rule: c.rule, due: c.due, actBy: c.actBy, earliest: c.earliest, explanation: c.explanation }));
}

export function enqueueEffect(
  state: CaseState,
  process: ProcessRecord,
  type: QueuedType,
  params: Record<string, unknown>,
  seq: number,
  index: number,
  on: string,
): EffectRecord {
  let resolved: Record<string, unknown> = { ...params, on, chart: process.chart };
  if (type === 'sendNotice') {
    resolved = {
      ...resolved,
      to: resolveRecipients(state, params.to),
      language: state.profile.language,
      delivery: state.profile.delivery ?? 'email',
      deadlines: noticeDeadlines(state, process, params.states),
    };
  } else if (type === 'requestSignature') {
    resolved = { ...resolved, signer: resolveSigner(state, params.signer), language: state.profile.language };
  }
  // Several processes can act in one step (a chart opens another): the process key keeps
  // the idempotency key unique; a duplicate would be an interpreter bug, so it fails loudly.
  const id = `${state.caseId}:${seq}:${process.key}:${index}`;
  if (state.effects.some((e) => e.id === id)) throw new Error(`duplicate effect id ${id}`);
  const effect: EffectRecord = {
    id,
    seq,
    process: process.key,
    type,
    params: resolved,
    status: 'queued',
  };
  state.effects.push(effect);
  return effect;
}
