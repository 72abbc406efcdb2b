/** `caseclock export-history <studentId> [--out F]`: the live case as a history file (and its calendar files). */
import { writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import type { Calendar } from '../../deadlines';
import { caseStateQuery, caseViewQuery } from '../../workflows/messages';
import type { StudentCaseInput } from '../../workflows/student-case';
import { exportHistory, type ExportedHistory } from '../export-history';
import { fetchCaseHistories } from '../replay';

/** The case as a history: its state, the calendar it opened with, every calendar published since, its today. */
export async function readLiveHistory(client: Client, studentId: string, baseName: string): Promise<ExportedHistory> {
  const workflowId = `case-${studentId}`;
  const handle = client.workflow.getHandle(workflowId);
  const state = await handle.query(caseStateQuery);
  const { today } = await handle.query(caseViewQuery);
  const runs = await fetchCaseHistories(client, workflowId);
  const decode = <T>(payloads: { payloads?: unknown[] | null } | null | undefined): T | undefined => {
    const p = payloads?.payloads?.[0];
    return p ? (defaultPayloadConverter.fromPayload(p as never) as T) : undefined;
  };
  const start = decode<StudentCaseInput>(runs[0]?.events?.[0]?.workflowExecutionStartedEventAttributes?.input);
  const first = start?.open?.calendar ?? start?.resume?.calendar ?? state.calendar;
  const published: Calendar[] = [];
  for (const run of runs) {
    for (const e of run.events ?? []) {
      const update = e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input;
      if (update?.name === 'publishCalendar') {
        const cal = decode<Calendar>(update.args);
        if (cal) published.push(cal);
      }
      const signal = e.workflowExecutionSignaledEventAttributes;
      if (signal?.signalName === 'calendarPublished') {
        const cal = decode<Calendar>(signal.input);
        if (cal?.id === state.calendar.id) published.push(cal);
      }
    }
  }
  return exportHistory(state, first, published, baseName, today);
}

/** Without `out`: the history JSON. With it: the files written (calendars first, so the history never names a missing file). */
export async function exportLiveHistory(client: Client, studentId: string, out?: string): Promise<string[]> {
  const base = out ? basename(out).replace(/\.json$/, '') : studentId;
  const { history, calendars } = await readLiveHistory(client, studentId, base);
  if (!out) return [JSON.stringify(history, null, 2)];
  const dir = dirname(out);
  const files: string[] = [];
  for (const [name, calendar] of Object.entries(calendars)) {
    writeFileSync(join(dir, name), `${JSON.stringify(calendar, null, 2)}\n`);
    files.push(join(dir, name));
  }
  writeFileSync(out, `${JSON.stringify(history, null, 2)}\n`);
  return [out, ...files];
}
