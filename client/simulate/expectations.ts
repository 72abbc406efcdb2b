/**
 * Checking a step's `expect` against what the real workflow reports: every key the
 * expectation names must hold; what it leaves out is not checked (case-history.md).
 */
import type { CaseView } from '../../workflows/case-view';
import type { Expectations } from './history';

export interface StepObservation {
  refused: string | null;
  view: CaseView;
  moved: Array<{ rule: string; from: string | null; to: string | null }>;
  notices: Array<{ form: string; to: string[] }>;
  contexts: Record<string, Record<string, unknown>>;
}

export interface Mismatch {
  key: string;
  wanted: unknown;
  got: unknown;
}

/** A chart's state value (dotted, `|` between parallel regions) is `wanted` or inside it. */
export const stateMatches = (got: string | undefined, wanted: string) =>
  got !== undefined && (got === wanted || got.split('|').includes(wanted) || got.split('|').some((p) => p.startsWith(`${wanted}.`)));

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function checkExpectations(expect: Expectations, seen: StepObservation): Mismatch[] {
  const out: Mismatch[] = [];
  const { view } = seen;
  const pendingDue = (rule: string) => view.pending.filter((d) => d.rule === rule).map((d) => d.due);
  if (expect.refused) {
    if (!seen.refused) out.push({ key: 'refused', wanted: true, got: 'accepted' });
  } else if (seen.refused) {
    out.push({ key: 'refused', wanted: 'accepted', got: seen.refused });
  }
  for (const [chart, wanted] of Object.entries(expect.state ?? {})) {
    if (!stateMatches(view.states[chart], wanted)) out.push({ key: `state.${chart}`, wanted, got: view.states[chart] ?? null });
  }
  for (const [rule, wanted] of Object.entries(expect.pending ?? {})) {
    const got = pendingDue(rule);
    if (!got.includes(wanted)) out.push({ key: `pending.${rule}`, wanted, got: got.length ? got.join(',') : 'not pending' });
  }
  if (expect.exactPending) {
    const extra = view.pending.map((d) => d.rule).filter((r) => !(r in (expect.pending ?? {})));
    if (extra.length) out.push({ key: 'exactPending', wanted: Object.keys(expect.pending ?? {}), got: view.pending.map((d) => d.rule) });
  }
  for (const [rule, wanted] of Object.entries(expect.actBy ?? {})) {
    const got = view.pending.filter((d) => d.rule === rule).map((d) => d.actBy);
    if (!got.includes(wanted)) out.push({ key: `actBy.${rule}`, wanted, got: got.length ? got.join(',') : 'not pending' });
  }
  for (const rule of expect.closed ?? []) {
    const pending = pendingDue(rule).length > 0;
    const everSeen = view.closed.some((d) => d.rule === rule);
    if (pending || !everSeen) out.push({ key: `closed.${rule}`, wanted: 'closed', got: pending ? 'still pending' : 'never opened' });
  }
  for (const rule of expect.overdue ?? []) {
    const d = view.pending.find((x) => x.rule === rule);
    const overdue = d !== undefined && (d.overdue || (d.due !== null && d.due < view.today));
    if (!overdue) out.push({ key: `overdue.${rule}`, wanted: 'overdue', got: d ? `due ${d.due}, today ${view.today}` : 'not pending' });
  }
  for (const [rule, [from, to]] of Object.entries(expect.moved ?? {})) {
    const m = seen.moved.find((x) => x.rule === rule);
    if (!m || m.from !== from || m.to !== to) out.push({ key: `moved.${rule}`, wanted: [from, to], got: m ? [m.from, m.to] : 'not moved' });
  }
  for (const n of expect.notices ?? []) {
    if (!seen.notices.some((x) => x.form === n.form && x.to.includes(n.to))) {
      out.push({ key: `notices`, wanted: n, got: seen.notices.map((x) => `${x.form}→${x.to.join('+')}`) });
    }
  }
  for (const [chart, values] of Object.entries(expect.context ?? {})) {
    for (const [key, wanted] of Object.entries(values)) {
      const got = seen.contexts[chart]?.[key];
      if (!deepEqual(got, wanted)) out.push({ key: `context.${chart}.${key}`, wanted, got: got ?? null });
    }
  }
  return out;
}
