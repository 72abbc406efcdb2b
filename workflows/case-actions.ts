/**
 * What a chart's declared actions do to the case (machines/contract.ts EFFECT_TYPES), for the
 * interpreter (case-engine.ts) after each step. `openProcess`, `closeProcess`,
 * `transferRights` and `recordDelay` change the case at once; the rest (`sendNotice`,
 * `requestSignature`, `escalate`) become effect records the workflow runs as activities,
 * keyed `<caseId>:<seq>:<process>:<index>` (effect-queue.ts). Pure: no Temporal, no I/O.
 */
import { EFFECT_TYPES, type ProcessInput } from '../machines/contract';
import type { CaseEngine } from './case-engine';
import type { CaseState, ProcessRecord } from './case-state';
import { enqueueEffect } from './effect-queue';
import { calpadsMeetingOf } from './meeting-delays';
import { reissueAfterTransfer, signerForNewRequest } from './rights-transfer';

export interface EmittedAction {
  type: string;
  params?: unknown;
}

/** Run the `index`th action a step of `record` emitted (step `seq`, dated `on`). */
export function runDeclaredAction(engine: CaseEngine, record: ProcessRecord, action: EmittedAction, seq: number, index: number, on: string, nowMs: number): void {
  const { state } = engine;
  if (action.type.startsWith('xstate.')) return;
  if (!(EFFECT_TYPES as readonly string[]).includes(action.type)) {
    // A chart emitted something the interpreter cannot run: a chart bug, fail loudly.
    throw new Error(`chart ${record.chart} emitted unknown action ${action.type}`);
  }
  const params = (action.params ?? {}) as Record<string, unknown>;
  switch (action.type) {
    case 'openProcess': {
      const input: ProcessInput = { trigger: null, opener: params.input as ProcessInput['opener'], student: engine.studentInput() };
      engine.openProcess(String(params.chart), input, seq, on, nowMs);
      return;
    }
    case 'closeProcess':
      for (const p of state.processes.filter((x) => x.status === 'open' && x.chart === params.chart && x.key !== record.key)) {
        p.status = 'done';
        p.closedOn = on;
        p.state = `${p.state} (closed: ${String(params.reason)})`;
        engine.syncClocks(p, engine.snapshotOf(p), true, seq, on, nowMs);
      }
      return;
    case 'transferRights':
      state.rightsHolder = params.to as CaseState['rightsHolder'];
      engine.timeline(nowMs, { seq, occurredOn: on, kind: 'effect', type: 'RIGHTS_TRANSFERRED', process: record.key, detail: { to: params.to } });
      reissueAfterTransfer(engine, seq, on, nowMs);
      return;
    case 'recordDelay': {
      const code = String(params.code);
      const rule = code.endsWith('-late') ? code.slice(0, -5) : null;
      // The CALPADS code waits for the reason an event gives (meeting-delays.ts).
      state.delays.push({ seq, process: record.key, code, rule, on, meeting: calpadsMeetingOf(rule), reason: null, calpadsCode: null });
      engine.timeline(nowMs, { seq, occurredOn: on, kind: 'delay', type: 'DELAY_RECORDED', process: record.key, detail: { code } });
      return;
    }
    default: {
      // An escalation a clock's due made the chart emit names that clock's rule and date.
      const firing = engine.firingClock;
      let resolved = action.type === 'escalate' && firing && params.rule === undefined ? { kind: 'due', rule: firing.rule, due: firing.due, ...params } : params;
      if (action.type === 'requestSignature') {
        const signer = signerForNewRequest(engine, params.signer);
        if (signer !== params.signer) resolved = { ...resolved, signer };
      }
      enqueueEffect(state, record, action.type as 'sendNotice', resolved, seq, index, on);
      engine.timeline(nowMs, { seq, occurredOn: on, kind: 'effect', type: action.type, process: record.key, detail: effectDetail(resolved) });
    }
  }
}

/** An event's own fields, for the timeline (type, date and actor have columns of their own). */
export function eventDetail(event: Record<string, unknown>): Record<string, unknown> {
  const { type: _t, occurredOn: _o, actor: _a, ...rest } = event;
  return rest;
}

function effectDetail(params: Record<string, unknown>): Record<string, unknown> {
  const { deadlines: _d, ...rest } = params;
  return rest;
}
