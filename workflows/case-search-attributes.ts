/**
 * The one mapper from case state to search attributes (ids, codes, dates, flags — no PII).
 */
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import type { CaseState } from './case-state';
import { SA } from './search-attributes';

type Pair = SearchAttributeUpdatePair;

export function caseSearchAttributes(state: CaseState, today: string): Pair[] {
  const open = state.processes.filter((p) => p.status === 'open');
  const pending = state.clocks.filter((c) => c.status === 'pending' && c.due !== null).sort((a, b) => (a.due! < b.due! ? -1 : a.due! > b.due! ? 1 : 0));
  const overdue = state.clocks.filter((c) => c.status === 'pending' && c.due !== null && (c.overdue || c.due < today));
  const problem =
    state.clocks.some((c) => c.status === 'pending' && c.problem !== null) || state.effects.some((e) => e.status === 'failed');
  const next = pending[0];
  const pairs: Pair[] = [
    { key: SA.studentId, value: state.profile.studentId },
    { key: SA.district, value: state.profile.districtId },
    { key: SA.calendar, value: `${state.calendar.id}@${state.calendarVersion}` },
    { key: SA.openProcesses, value: [...new Set(open.map((p) => p.chart))].sort() },
    { key: SA.states, value: open.map((p) => `${p.chart}:${p.state}`).sort() },
    { key: SA.overdueRules, value: [...new Set(overdue.map((c) => c.rule))].sort() },
    { key: SA.overdue, value: overdue.length > 0 },
    { key: SA.problem, value: problem },
  ] as Pair[];
  // null unsets: a case with no open deadline must not keep showing an old one.
  pairs.push({ key: SA.school, value: state.profile.schoolId ?? null });
  pairs.push({ key: SA.caseManager, value: state.profile.caseManagerId ?? null });
  pairs.push({ key: SA.nextRule, value: next ? next.rule : null });
  pairs.push({ key: SA.nextDue, value: next ? new Date(`${next.due}T00:00:00Z`) : null });
  return pairs;
}
