/**
 * `caseclock export-history`: a live case written as a case history (case-history.md) — the
 * events exactly as recorded, in the order applied, no expectations — so an auditor can run it
 * again with `simulate` and see what today's rules give beside what happened. Calendar versions
 * published during the case become `publishCalendar` steps with their files written beside it.
 */
import type { Calendar } from '../deadlines';
import type { CaseState, TimelineEntry } from '../workflows/case-state';
import type { History } from './simulate/history';

export interface ExportedHistory {
  history: History;
  /** Files the history refers to, by relative name. */
  calendars: Record<string, Calendar>;
}

function eventOf(entry: TimelineEntry): Record<string, unknown> | null {
  const detail = entry.detail ?? {};
  if (entry.kind === 'event') return { type: entry.type, occurredOn: entry.occurredOn, actor: entry.actor, ...detail };
  if (entry.kind === 'process' && detail.trigger && typeof detail.trigger === 'object') {
    return { type: entry.type, occurredOn: entry.occurredOn, actor: entry.actor, ...(detail.trigger as Record<string, unknown>) };
  }
  return null;
}

export function exportHistory(state: CaseState, firstCalendar: Calendar, published: Calendar[], baseName: string): ExportedHistory {
  const calendars: Record<string, Calendar> = { [`${baseName}.calendar.json`]: firstCalendar };
  const steps: History['steps'] = [];
  let publishedIndex = 0;
  for (const entry of state.timeline) {
    if (entry.kind === 'calendar' && entry.type === 'CALENDAR_PUBLISHED') {
      const calendar = published[publishedIndex++];
      if (!calendar) continue;
      const file = `${baseName}.calendar-v${calendar.version ?? publishedIndex + 1}.json`;
      calendars[file] = calendar;
      steps.push({ publishCalendar: { file } });
      continue;
    }
    const event = eventOf(entry);
    if (event) steps.push({ event: event as History['steps'][number]['event'] });
  }
  const p = state.profile;
  return {
    history: {
      id: p.studentId,
      title: `exported from ${state.caseId} (events as recorded)`,
      calendar: { file: `${baseName}.calendar.json` },
      policy: state.policy as History['policy'],
      student: { id: p.studentId, birthDate: p.birthDate, language: p.language, school: p.schoolId, caseManager: p.caseManagerId },
      steps,
    },
    calendars,
  };
}
