/**
 * Publishing a new version of a district calendar (deadlines.md §5): every running case that
 * follows it is signalled, re-plans its open deadlines and records old date, new date and
 * why; the diff report is read back from the cases themselves.
 */
import type { Client } from '@temporalio/client';
import { parseCalendar, type Calendar } from '../deadlines';
import { calendarPublishedSignal, caseViewQuery } from '../workflows/messages';

export interface CalendarDiffRow {
  caseId: string;
  rule: string;
  from: string | null;
  to: string | null;
  reason: string;
}

/** Cases on an older version of this calendar (CaseCalendar = `<id>@<version>`). */
function staleCasesQuery(calendar: Calendar): string {
  const id = calendar.id.replace(/'/g, '');
  return `WorkflowType = 'studentCase' AND ExecutionStatus = 'Running' AND CaseCalendar STARTS_WITH '${id}@'`;
}

export async function publishCalendar(
  client: Client,
  raw: unknown,
  opts: { concurrency?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<{ calendar: Calendar; caseIds: string[] }> {
  const calendar = parseCalendar(raw);
  if (!calendar.version) throw new Error('calendar.version: a published calendar needs a version');
  const caseIds: string[] = [];
  for await (const wf of client.workflow.list({ query: staleCasesQuery(calendar) })) {
    const current = (wf.searchAttributes?.CaseCalendar as string[] | undefined)?.[0];
    if (current !== `${calendar.id}@${calendar.version}`) caseIds.push(wf.workflowId);
  }
  const concurrency = opts.concurrency ?? 32;
  let next = 0;
  let done = 0;
  const lanes = Array.from({ length: Math.min(concurrency, caseIds.length) }, async () => {
    while (next < caseIds.length) {
      const id = caseIds[next++];
      await client.workflow.getHandle(id).signal(calendarPublishedSignal, calendar);
      opts.onProgress?.(++done, caseIds.length);
    }
  });
  await Promise.all(lanes);
  return { calendar, caseIds };
}

/** What moved in each case because of this calendar version, read from the cases' own records. */
export async function calendarDiff(client: Client, caseIds: string[], calendar: Calendar): Promise<{ pending: string[]; rows: CalendarDiffRow[] }> {
  const rows: CalendarDiffRow[] = [];
  const pending: string[] = [];
  for (const caseId of caseIds) {
    const view = await client.workflow.getHandle(caseId).query(caseViewQuery);
    if (view.calendar.version !== calendar.version) {
      pending.push(caseId);
      continue;
    }
    for (const d of [...view.pending, ...view.closed]) {
      for (const m of d.moves) {
        if (m.reason.includes(`version ${calendar.version} `)) rows.push({ caseId, rule: d.rule, from: m.from, to: m.to, reason: m.reason });
      }
    }
  }
  return { pending, rows };
}
