/**
 * `caseclock export-history`: a live case written as a case history (case-history.md) — the
 * events exactly as recorded, no expectations — so an auditor can run it again with `simulate`
 * and see what today's rules give beside what happened. Calendar versions published during the
 * case become `publishCalendar` steps with their files written beside it.
 *
 * Time is part of what happened: a calendar published on a later day than the step before it
 * re-plans from that day (calendar-change.ts re-arms by "today"), and the case has lived on to
 * the day of the export, with every timer due by then fired. So a publication is preceded by
 * `advanceTo` its day, and the history ends with `advanceTo` the case's today: fed back to
 * `simulate` it stands where the live case stands (test/integration/export-history-roundtrip).
 *
 * A history goes in date order; an event keyed in late (recorded after a later-dated one) is
 * placed at its own date, in recording order among same-day steps, with a note saying so.
 */
import type { Calendar } from '../deadlines';
import type { CaseState, TimelineEntry } from '../workflows/case-state';
import { HistorySchema, type History } from './simulate/history';

export interface ExportedHistory {
  history: History;
  /** Files the history refers to, by relative name. */
  calendars: Record<string, Calendar>;
}

type Step = History['steps'][number];

/**
 * The event as it was sent. The routing hint `process` is not kept in the recorded event, so
 * an event to an open process names the process it went to (the key is the same when the
 * history runs again: instances are numbered in order); an event that opened a process names
 * none.
 */
function eventOf(entry: TimelineEntry): Record<string, unknown> | null {
  const detail = entry.detail ?? {};
  if (entry.kind === 'event') return { type: entry.type, occurredOn: entry.occurredOn, actor: entry.actor, ...detail, ...(entry.process ? { process: entry.process } : {}) };
  if (entry.kind === 'process' && detail.trigger && typeof detail.trigger === 'object') {
    return { type: entry.type, occurredOn: entry.occurredOn, actor: entry.actor, ...(detail.trigger as Record<string, unknown>) };
  }
  return null;
}

export class ExportError extends Error {}

/**
 * The history of `state` (the case's events and calendar publications, then time to `asOf`,
 * the case's today). Throws ExportError naming the field when the result is not a valid
 * history, so nothing is written.
 */
export function exportHistory(state: CaseState, firstCalendar: Calendar, published: Calendar[], baseName: string, asOf?: string): ExportedHistory {
  const calendars: Record<string, Calendar> = { [`${baseName}.calendar.json`]: firstCalendar };
  const dated: Array<{ date: string; step: Step }> = [];
  let publishedIndex = 0;
  for (const entry of state.timeline) {
    if (entry.kind === 'calendar' && entry.type === 'CALENDAR_PUBLISHED') {
      const calendar = published[publishedIndex++];
      if (!calendar) continue;
      const file = `${baseName}.calendar-v${calendar.version ?? publishedIndex + 1}.json`;
      calendars[file] = calendar;
      dated.push({ date: entry.occurredOn, step: { publishCalendar: { file } } });
      continue;
    }
    const event = eventOf(entry);
    if (event) dated.push({ date: entry.occurredOn, step: { event: event as Step['event'] } });
  }
  const steps: Step[] = [];
  let last = '';
  const advanceTo = (date: string) => {
    if (date > last) steps.push({ advanceTo: date });
  };
  // Late: dated before a step recorded earlier. Stable sort: same-day steps keep the order
  // they were applied in.
  let latest = '';
  const marked = dated.map((d, i) => {
    const late = d.date < latest;
    latest = d.date > latest ? d.date : latest;
    return { ...d, i, late };
  });
  for (const { date, step, late } of marked.sort((a, b) => a.date.localeCompare(b.date) || a.i - b.i)) {
    if (step.publishCalendar) advanceTo(date);
    steps.push(late ? { ...step, note: `entered late (recorded after a later-dated step); placed at its own date ${date}` } : step);
    if (date > last) last = date;
  }
  if (asOf) advanceTo(asOf);
  const p = state.profile;
  const history = {
    id: p.studentId,
    title: `exported from ${state.caseId} (events as recorded${asOf ? `, to ${asOf}` : ''})`,
    calendar: { file: `${baseName}.calendar.json` },
    ...(state.policy && Object.keys(state.policy).length ? { policy: state.policy as History['policy'] } : {}),
    student: { id: p.studentId, birthDate: p.birthDate, language: p.language, school: p.schoolId, caseManager: p.caseManagerId },
    steps,
  };
  const parsed = HistorySchema.safeParse(JSON.parse(JSON.stringify(history)));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ExportError(`export-history: ${issue.path.join('.') || 'history'}: ${issue.message}`);
  }
  return { history: parsed.data, calendars };
}
