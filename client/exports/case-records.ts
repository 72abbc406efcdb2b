/**
 * What every export reads: the open cases of a caseload through Temporal visibility
 * (client/caseload.ts), then each case's own view and timeline through its Queries — never a
 * second copy of case state. Ids, dates and codes only: names stay in the student directory.
 */
import { z } from 'zod';
import type { CaseService } from '../case-service';
import { CaseError } from '../case-service';
import { listCaseload } from '../caseload';
import type { CaseView } from '../../workflows/case-view';
import type { TimelineEntry } from '../../workflows/case-state';
import { caseIdFor } from '../../workflows/case-state';
import { timelineQuery } from '../../workflows/messages';
import { inLanes } from './lanes';

const id = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be an id (letters, digits, . _ -)');

export const ExportFilter = z
  .object({
    district: id.optional(),
    school: id.optional(),
    caseManager: id.optional(),
  })
  .strict();
export type ExportFilter = z.infer<typeof ExportFilter>;

export interface CaseRecord {
  view: CaseView;
  timeline: TimelineEntry[];
}

/** Visibility holds up to this many cases per export; a larger caseload is split by filter. */
export const EXPORT_CASE_LIMIT = 10_000;

export async function readCaseRecords(
  service: CaseService,
  rawFilter: ExportFilter,
  opts: { lanes?: number } = {},
): Promise<CaseRecord[]> {
  const filter = ExportFilter.parse(rawFilter);
  const rows = await listCaseload(service.client, { ...filter, limit: EXPORT_CASE_LIMIT });
  const records = await inLanes(rows, opts.lanes ?? 16, async (row) => {
    try {
      const view = await service.view(row.studentId);
      const timeline = await service.client.workflow.getHandle(caseIdFor(row.studentId)).query(timelineQuery, {});
      return { view, timeline };
    } catch (error) {
      // Closed between the visibility read and the query: not in the caseload any more.
      if (error instanceof CaseError && error.kind === 'not-found') return null;
      throw error;
    }
  });
  return records.filter((r): r is CaseRecord => r !== null).sort((a, b) => a.view.studentId.localeCompare(b.view.studentId));
}
