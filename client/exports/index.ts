/**
 * The three exports behind one call, for the CLI and the API alike: read the caseload's cases
 * (case-records.ts), render one format, and say which students are in it (the API writes one
 * access-log read per student).
 */
import { z } from 'zod';
import { dateIn } from '../../workflows/zoned-time';
import type { CaseService } from '../case-service';
import { calpadsCsv } from './calpads';
import { readCaseRecords, type CaseRecord, type ExportFilter } from './case-records';
import { edfiDocument } from './edfi';
import { caseloadCalendar } from './ics';

export { ExportFilter, readCaseRecords, type CaseRecord } from './case-records';
export { calpadsCsv, calpadsRows, CALPADS_COLUMNS } from './calpads';
export { edfiDocument } from './edfi';
export { caseloadCalendar } from './ics';

export const ExportKind = z.enum(['calpads', 'edfi', 'ics']);
export type ExportKind = z.infer<typeof ExportKind>;

export interface RenderedExport {
  kind: ExportKind;
  contentType: string;
  fileName: string;
  body: string;
  /** Students whose data is in the body, in order. */
  studentIds: string[];
  /** Records of the format: CSV rows, program associations, or calendar events. */
  records: number;
  /** Anything the reader should know (e.g. deadlines without a date, left out of the calendar). */
  notes: string[];
}

export function renderExport(kind: ExportKind, cases: readonly CaseRecord[], opts: { nowMs: number; today: string }): RenderedExport {
  const studentIds = cases.map((c) => c.view.studentId);
  switch (kind) {
    case 'calpads': {
      const { text, rows } = calpadsCsv(cases);
      return { kind, contentType: 'text/csv; charset=utf-8', fileName: 'calpads-meetings.csv', body: text, studentIds, records: rows, notes: [] };
    }
    case 'edfi': {
      const doc = edfiDocument(cases, opts.today);
      return {
        kind,
        contentType: 'application/json; charset=utf-8',
        fileName: 'edfi-special-education.json',
        body: `${JSON.stringify(doc, null, 2)}\n`,
        studentIds,
        records: doc.studentSpecialEducationProgramAssociations.length,
        notes: [],
      };
    }
    case 'ics': {
      const cal = caseloadCalendar(cases, { nowMs: opts.nowMs });
      const notes = cal.undated.length ? [`${cal.undated.length} open deadline(s) have no date (calendar coverage) and are not in the calendar: ${cal.undated.join(', ')}`] : [];
      return { kind, contentType: 'text/calendar; charset=utf-8', fileName: 'caseload.ics', body: cal.text, studentIds, records: cal.events, notes };
    }
  }
}

/** Read and render: the caseload by filter, through visibility and the cases' Queries. */
export async function exportCaseload(service: CaseService, kind: ExportKind, filter: ExportFilter, opts: { nowMs: number }): Promise<RenderedExport> {
  const cases = await readCaseRecords(service, filter);
  // Every case carries its district's today; an empty export dates itself in the default zone.
  const today = cases[0]?.view.today ?? dateIn('America/Los_Angeles', opts.nowMs);
  return renderExport(kind, cases, { nowMs: opts.nowMs, today });
}
