/**
 * Reading a chart snapshot the way the interpreter does: which declared clocks are running
 * and with which trigger dates. Pure; used by the workflow interpreter and by chart tests.
 */
import type { AnyMachineSnapshot } from 'xstate';
import type { ClockDeclaration, StateMeta } from './contract';

export interface RunningClock {
  decl: ClockDeclaration;
  /** Id of the state node that declares it (a clock on a compound state runs while any child is active). */
  stateId: string;
  fromDate: string;
  referralDate: string | null;
  overrideDate: string | null;
  also: Array<{ rule: string; fromDate: string }>;
  exempt: boolean;
}

/** Read `a.b.c` from a context object; undefined when any step is missing. */
export function readPath(source: unknown, path: string): unknown {
  let cursor: unknown = source;
  for (const key of path.split('.')) {
    if (cursor === null || typeof cursor !== 'object') return undefined;
    cursor = (cursor as Record<string, unknown>)[key];
  }
  return cursor;
}

function dateAt(context: unknown, path: string | undefined): string | null {
  if (!path) return null;
  const value = readPath(context, path);
  return typeof value === 'string' && value.length > 0 ? value : null;
}

/**
 * Every clock declared by an active state whose `from` date is set. A declared clock whose
 * trigger field is still empty has not started (e.g. a consent clock before the plan is received).
 */
export function runningClocks(snapshot: AnyMachineSnapshot): RunningClock[] {
  const meta = snapshot.getMeta() as Record<string, StateMeta | undefined>;
  const clocks: RunningClock[] = [];
  for (const [stateId, stateMeta] of Object.entries(meta)) {
    for (const decl of stateMeta?.clocks ?? []) {
      const fromDate = dateAt(snapshot.context, decl.from);
      if (!fromDate) continue;
      clocks.push({
        decl,
        stateId,
        fromDate,
        referralDate: dateAt(snapshot.context, decl.referral),
        overrideDate: dateAt(snapshot.context, decl.dueOverride),
        also: (decl.alsoRule ?? []).flatMap((a) => {
          const d = dateAt(snapshot.context, a.from);
          return d ? [{ rule: a.rule, fromDate: d }] : [];
        }),
        exempt: decl.exemptWhen ? readPath(snapshot.context, decl.exemptWhen) === true : false,
      });
    }
  }
  return clocks;
}

/** `{ evaluation: 'assessing' }` → `evaluation.assessing`; parallel regions joined with `|`, sorted. */
export function statePath(value: unknown): string {
  if (typeof value === 'string') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  const parts = entries.map(([k, v]) => {
    const inner = statePath(v);
    return inner.includes('|') ? inner.split('|').map((p) => `${k}.${p}`).join('|') : `${k}.${inner}`;
  });
  return parts.sort().join('|');
}
