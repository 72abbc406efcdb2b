/** Human output of a simulated history: each step, the timers that fired on the way, states, open deadlines, notices. */
import type { HistoryReport } from './runner';

export function printReport(r: HistoryReport): string {
  const lines = [`${r.id}${r.title ? ` — ${r.title}` : ''}  (${(r.wallMs / 1000).toFixed(1)} s)`];
  for (const s of r.steps) {
    lines.push(`  [${s.index}] ${s.date}  ${s.label}${s.refused ? `  REFUSED: ${s.refused}` : ''}`);
    for (const f of s.fired) lines.push(`        fired ${f.occurredOn} ${f.type}${f.process ? ` (${f.process})` : ''}`);
    lines.push(`        states: ${Object.entries(s.states).map(([c, st]) => `${c}=${st}`).join(', ') || '—'}`);
    for (const d of s.pending) lines.push(`        open ${d.rule} due ${d.due ?? '—'}${d.actBy && d.actBy !== d.due ? ` actBy ${d.actBy}` : ''}: ${d.explanation}`);
    for (const n of s.notices) lines.push(`        notice ${n.form} → ${n.to.join(', ')}`);
    for (const m of s.moved) lines.push(`        moved ${m.rule} ${m.from} → ${m.to}`);
    for (const m of s.mismatches) lines.push(`        MISMATCH ${m.key}: wanted ${JSON.stringify(m.wanted)}, got ${JSON.stringify(m.got)}`);
  }
  return lines.join('\n');
}
