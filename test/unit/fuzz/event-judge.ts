/**
 * One fuzzed event against one checkpoint, the way the workflow meets it: the Update validator
 * (CaseEngine.check) first, then — only when it passed — the handler (CaseEngine.apply) and the
 * main loop's clock points (advance). Whatever the input, the outcome must be one of:
 * - refused: a RefusedEvent whose message starts with the field it names and says why, with no
 *   student name or birth date in it, and the case state byte for byte as before;
 * - accepted: then the handler takes it too (a validator that passes what the handler throws
 *   on is a failed workflow task), to the process the validator chose, and the case keeps
 *   running (no chart in an error state, clock points fire without throwing).
 * Anything else (a TypeError, a handler refusal after a passed validator) fails the property.
 */
import { expect } from 'vitest';
import type { AnyMachineSnapshot } from 'xstate';
import { RefusedEvent, type ApplyOutcome } from '../../../workflows/case-engine';
import type { Route } from '../../../workflows/event-router';
import { restore, type Checkpoint } from './case-checkpoints';
import type { Expected } from './event-oracle';

/** A name planted in inputs: no refusal may repeat it. */
export const CANARY_NAME = 'Jane Q. Doe';
const DAY_MS = 86_400_000;

export interface Verdict {
  accepted: boolean;
  field: string | null;
  message: string | null;
  outcome: ApplyOutcome | null;
}

/** Counts by outcome, so a run that never accepts (or never refuses) is noticed. */
export class Tally {
  readonly counts = new Map<string, number>();
  add(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }
  get(key: string): number {
    return this.counts.get(key) ?? 0;
  }
}

function describeInput(cp: Checkpoint, raw: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(raw);
  } catch {
    text = String(raw);
  }
  return `${cp.history} @ ${cp.today}: ${String(text).slice(0, 400)}`;
}

export function assertClearRefusal(error: RefusedEvent, birthDate: string, context: string): void {
  expect(error.message.length, context).toBeGreaterThan(0);
  expect(error.field, `${context}: a refusal names its field`).toEqual(expect.any(String));
  expect(error.message.startsWith(`${error.field}: `), `${context}: "${error.message}" starts with its field`).toBe(true);
  // After "<field>: " comes the reason, in words.
  expect(error.message.slice(error.field!.length + 2), context).toMatch(/[a-z]{2,}/i);
  expect(error.message, context).not.toContain(CANARY_NAME);
  expect(error.message, context).not.toContain(birthDate);
}

/** Run `raw` through validator, handler and clock, asserting the invariants; returns what happened. */
export function judge(cp: Checkpoint, raw: unknown, expected: Expected): Verdict {
  const context = describeInput(cp, raw);
  const engine = restore(cp);
  const before = JSON.stringify(engine.state);
  let route: Route;
  try {
    route = engine.check(raw, cp.nowMs);
  } catch (error) {
    if (!(error instanceof RefusedEvent)) throw new Error(`${context}: the validator threw ${String(error)}`, { cause: error });
    expect(JSON.stringify(engine.state), `${context}: a refusal changes nothing`).toBe(before);
    assertClearRefusal(error, cp.birthDate, context);
    expect(expected.accept, `${context}: refused (${error.message}) but expected ${JSON.stringify(expected)}`).not.toBe(true);
    if (expected.accept === false && expected.field) expect(error.field, `${context}: ${expected.why}; got "${error.message}"`).toBe(expected.field);
    if (expected.accept === false && expected.fieldPrefix) expect(error.field!.startsWith(expected.fieldPrefix), `${context}: ${error.message}`).toBe(true);
    return { accepted: false, field: error.field, message: error.message, outcome: null };
  }
  expect(JSON.stringify(engine.state), `${context}: the validator changes nothing`).toBe(before);
  expect(expected.accept, `${context}: accepted but expected a refusal (${expected.accept === false ? expected.why : ''})`).not.toBe(false);
  if (expected.accept === true && expected.kind === 'existing') expect(route.kind === 'existing' ? route.process.key : `new ${route.chart}`, context).toBe(expected.process);
  if (expected.accept === true && expected.kind === 'new') expect(route.kind === 'new' ? route.chart : route.process.key, context).toBe(expected.chart);

  const seq = engine.state.seq;
  let outcome: ApplyOutcome;
  try {
    outcome = engine.apply(raw, cp.nowMs);
  } catch (error) {
    throw new Error(`${context}: the validator passed it but the handler threw ${String(error)} (a failed workflow task)`, { cause: error });
  }
  expect(outcome.seq, context).toBe(seq + 1);
  if (route.kind === 'existing') expect(outcome.process, context).toBe(route.process.key);
  else expect(outcome.opened[0], context).toBe(outcome.process);
  // Plain loops, one expect each: the fuzz runs thousands of these.
  const broken = engine.state.processes.filter((p) => p.status === 'open' && (engine.snapshotOf(p) as AnyMachineSnapshot).status === 'error').map((p) => p.key);
  expect(broken, `${context}: charts in an error state`).toEqual([]);
  // A date the engine cannot compute is a visible problem, never a guess (deadlines.md §1).
  const unexplained = engine.state.clocks.filter((c) => c.status === 'pending' && c.due === null && typeof c.problem !== 'string').map((c) => c.key);
  expect(unexplained, `${context}: clocks with no due and no problem`).toEqual([]);
  try {
    engine.advance(cp.nowMs + 400 * DAY_MS);
  } catch (error) {
    throw new Error(`${context}: after it, a clock point threw ${String(error)} (a failed workflow task)`, { cause: error });
  }
  return { accepted: true, field: null, message: null, outcome };
}
