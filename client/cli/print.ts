/** Human output of the CLI: plain text tables, ids and dates only. */
import type { CaseView } from '../../workflows/case-view';
import type { CaseloadRow } from '../caseload';

/**
 * The case as text. `retrying` are the lines of effects being retried now
 * (activity-retries.ts describeRetry), printed in the notices' part of the page.
 */
export function printCase(v: CaseView, retrying: readonly string[] = []): string {
  const lines = [
    `case ${v.caseId}  (student ${v.studentId}, district ${v.districtId}${v.schoolId ? `, school ${v.schoolId}` : ''})`,
    `calendar ${v.calendar.id} v${v.calendar.version} · today ${v.today} · rights held by ${v.rightsHolder}`,
    '',
    'processes:',
    ...v.processes.map((p) => `  ${p.key.padEnd(38)} ${p.status.padEnd(5)} ${p.state}`),
    '',
    'open deadlines:',
    ...(v.pending.length
      ? v.pending.flatMap((d) => [
          `  ${d.rule.padEnd(30)} due ${d.due ?? '—'}${d.actBy && d.actBy !== d.due ? ` (act by ${d.actBy})` : ''}${d.overdue ? '  OVERDUE' : ''}`,
          ...d.explanation.slice(0, 3).map((e) => `      ${e}`),
          ...(d.problem ? [`      problem: ${d.problem}`] : []),
        ])
      : ['  none']),
    '',
    `notices: ${v.notices.length ? '' : 'none'}`,
    ...v.notices.map((n) => `  ${n.on} ${n.form.padEnd(16)} → ${n.to.join(', ')}  ${n.status}`),
    `signatures requested: ${v.signatures.length ? '' : 'none'}`,
    ...v.signatures.map((s) => `  ${s.on} ${s.form} ${s.scope} (${s.signer})  ${s.status}`),
    ...retrying.map((line) => `retrying: ${line}`),
  ];
  if (v.effectsFailed) lines.push('', `${v.effectsFailed} effect(s) FAILED — see the timeline`);
  return lines.join('\n');
}

export function printCaseload(rows: CaseloadRow[]): string {
  if (!rows.length) return 'no open cases match';
  const header = `${'student'.padEnd(16)} ${'next due'.padEnd(10)} ${'rule'.padEnd(28)} ${'school'.padEnd(10)} ${'manager'.padEnd(10)} flags`;
  return [
    header,
    ...rows.map((r) =>
      `${r.studentId.padEnd(16)} ${(r.nextDue ?? '—').padEnd(10)} ${(r.nextRule ?? '').padEnd(28)} ${(r.school ?? '').padEnd(10)} ${(r.caseManager ?? '').padEnd(10)} ${r.overdue ? `OVERDUE ${r.overdueRules.join(',')}` : ''}${r.problem ? ' PROBLEM' : ''}`,
    ),
  ].join('\n');
}
