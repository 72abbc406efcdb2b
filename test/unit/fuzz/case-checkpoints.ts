/**
 * Real case states to fuzz against: every acceptance history of test/histories/ run through
 * the pure interpreter (as client/simulate/engine-runner.ts does, effects settled at once), with
 * the case frozen just before each of its events. A checkpoint is the state at rest at that
 * instant (clock points up to then fired), the history's own next event, and whether the
 * history expects it refused — 200-odd states across every chart, from a fresh case to C1
 * carried three years.
 */
import { readdirSync } from 'node:fs';
import fc from 'fast-check';
import { join } from 'node:path';
import { loadHistory, stepDate } from '../../../client/simulate/history';
import { simulatedCaseInput, TIMER_HOUR } from '../../../client/simulate/step-report';
import { chartRegistry } from '../../../machines';
import { CaseEngine, RefusedEvent } from '../../../workflows/case-engine';
import type { CaseState, ProcessRecord } from '../../../workflows/case-state';
import { instantAt } from '../../../workflows/zoned-time';

const HISTORIES = join(__dirname, '..', '..', 'histories');
const MINUTE = 60_000;

export interface Checkpoint {
  history: string;
  /** The case state as JSON, at rest: nothing queued, no clock point due. */
  state: string;
  nowMs: number;
  today: string;
  birthDate: string;
  /** The event the history records next, and what became of it there. */
  next: Record<string, unknown>;
  nextRefused: boolean;
  /** The process the history's event went to (null when refused). */
  nextProcess: string | null;
}

function settle(engine: CaseEngine): void {
  for (const e of engine.queuedEffects()) engine.settleEffect(e.id, { result: {} });
}

let cache: Checkpoint[] | null = null;

/** Every checkpoint of every history, built once per test file. */
export function checkpoints(): Checkpoint[] {
  if (cache) return cache;
  const out: Checkpoint[] = [];
  const files = readdirSync(HISTORIES)
    .filter((f) => f.endsWith('.json'))
    .sort();
  for (const file of files) {
    const loaded = loadHistory(join(HISTORIES, file), chartRegistry);
    const engine = CaseEngine.open(simulatedCaseInput(loaded, {}), chartRegistry);
    const timeZone = loaded.calendar.timeZone ?? 'America/Los_Angeles';
    let current = loaded.history.steps.map(stepDate).find((d): d is string => d !== null)!;
    for (const step of loaded.history.steps) {
      const date = stepDate(step) ?? current;
      current = date;
      const nowMs = instantAt(timeZone, date, TIMER_HOUR) + MINUTE;
      engine.advance(nowMs);
      settle(engine);
      if (step.event) {
        const state = JSON.stringify(engine.state);
        let nextProcess: string | null = null;
        try {
          nextProcess = engine.apply(step.event, nowMs).process;
        } catch (error) {
          if (!(error instanceof RefusedEvent)) throw error;
        }
        out.push({
          history: loaded.history.id,
          state,
          nowMs,
          today: engine.today(nowMs),
          birthDate: loaded.history.student.birthDate,
          next: step.event as Record<string, unknown>,
          nextRefused: step.expect?.refused === true,
          nextProcess,
          // A counterexample names the checkpoint, not its whole state.
          [fc.toStringMethod]: () => `checkpoint ${loaded.history.id} @ ${engine.today(nowMs)}`,
        } as Checkpoint);
      } else if (step.publishCalendar) {
        engine.publishCalendar(loaded.published[loaded.history.steps.indexOf(step)], nowMs);
      }
      settle(engine);
    }
  }
  cache = out;
  return out;
}

/** A fresh engine on a checkpoint's state (each fuzz input gets its own). */
export function restore(cp: Checkpoint): CaseEngine {
  return new CaseEngine(JSON.parse(cp.state) as CaseState, chartRegistry);
}

/**
 * The date of a process's last outside event (its opening, or any later event recorded for
 * it) — clock points and migrations excluded: a paper form dated before a reminder that already
 * fired is a late entry, not an event out of order.
 */
export function lastOutsideEventOn(state: CaseState, process: ProcessRecord): string {
  const dates = state.timeline.filter((t) => t.process === process.key && t.kind === 'event').map((t) => t.occurredOn);
  return [process.openedOn, ...dates].sort().at(-1)!;
}
