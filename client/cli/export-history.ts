/** `caseclock export-history <studentId> [--out F]`: the live case as a history file (and its calendar files). */
import { writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import type { Calendar } from '../../deadlines';
import { caseStateQuery } from '../../workflows/messages';
import type { StudentCaseInput } from '../../workflows/student-case';
import { exportHistory } from '../export-history';
import { fetchCaseHistories } from '../replay';

export async function exportLiveHistory(client: Client, studentId: string, out?: string): Promise<string[]> {
  const workflowId = `case-${studentId}`;
  const state = await client.workflow.getHandle(workflowId).query(caseStateQuery);
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
  const base = out ? basename(out).replace(/\.json$/, '') : studentId;
  const { history, calendars } = exportHistory(state, first, published, base);
  if (!out) return [JSON.stringify(history, null, 2)];
  const dir = dirname(out);
  writeFileSync(out, `${JSON.stringify(history, null, 2)}\n`);
  const files = [out];
  for (const [name, calendar] of Object.entries(calendars)) {
    writeFileSync(join(dir, name), `${JSON.stringify(calendar, null, 2)}\n`);
    files.push(join(dir, name));
  }
  return files;
}
