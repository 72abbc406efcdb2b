/**
 * Drive a chart with XState's pure API, exactly as the workflow interpreter does:
 * `initialTransition` for the opening, then `transition` one event at a time. Every event
 * must be accepted (`snapshot.can`) unless the step says `refused: true`.
 */
import { initialTransition, transition, type AnyMachineSnapshot } from 'xstate';
import type { ProcessDefinition, ProcessInput } from '../../../machines/contract';
import { runningClocks, statePath } from '../../../machines/clocks';

export interface EmittedAction {
  type: string;
  params: unknown;
}

export interface Drive {
  snapshot: AnyMachineSnapshot;
  /** Actions of the last step. */
  actions: EmittedAction[];
  /** Every action since the start, in order. */
  all: EmittedAction[];
  state(): string;
  clocks(): Array<{ id: string; rule: string; from: string }>;
  send(event: Record<string, unknown> & { type: string }): Drive;
  /** Send an event the chart must refuse (no transition); throws if it is accepted. */
  refuse(event: Record<string, unknown> & { type: string }): Drive;
}

function toEmitted(actions: ReadonlyArray<{ type: string; params?: unknown }>): EmittedAction[] {
  return actions.filter((a) => !a.type.startsWith('xstate.')).map((a) => ({ type: a.type, params: a.params }));
}

export function drive(def: ProcessDefinition, input: ProcessInput): Drive {
  const [s0, a0] = initialTransition(def.machine, input);
  const d: Drive = {
    snapshot: s0 as AnyMachineSnapshot,
    actions: toEmitted(a0 as never),
    all: toEmitted(a0 as never),
    state: () => statePath(d.snapshot.value),
    clocks: () => runningClocks(d.snapshot).map((c) => ({ id: c.decl.id, rule: c.decl.rule, from: c.fromDate })),
    send(event) {
      if (!d.snapshot.can(event as never)) {
        throw new Error(`${def.id}: event ${event.type} not accepted in state ${d.state()}`);
      }
      const [next, actions] = transition(def.machine, d.snapshot as never, event as never);
      d.snapshot = next as AnyMachineSnapshot;
      d.actions = toEmitted(actions as never);
      d.all.push(...d.actions);
      return d;
    },
    refuse(event) {
      if (d.snapshot.can(event as never)) {
        throw new Error(`${def.id}: event ${event.type} was accepted in state ${d.state()}, expected refusal`);
      }
      return d;
    },
  };
  return d;
}

export const student = { id: 'stu-1', birthDate: '2019-05-02', language: 'en' };
export const parent = { role: 'parent' as const };
export const district = { role: 'district' as const };
export const system = { role: 'system' as const };
