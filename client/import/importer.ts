/**
 * Bulk import of existing cases from CSV: each valid row (import-plan.ts) opens its case
 * through CaseService.openCase and records the row's history in date order in one
 * recordHistory Update (workflows/late-entry.ts: all or nothing, each clock acting at its own
 * date), a bounded number of rows in flight. A bad row never blocks the good ones.
 *
 * Where the time goes (1,000 rows, profiled): not in round trips — rows are already in flight
 * 16 at a time — but in the worker, which starts one workflow per row; one Update per row
 * instead of one per date column halves the workflow tasks a row costs.
 *
 * Idempotent: when a row's case already exists, the importer reads it (caseState Query) and
 * - refuses the row as a conflict when the profile or calendar differs (another student's
 *   case, or the same student entered differently) — the refusal names the column, not values;
 * - otherwise records only the row's events the case does not hold yet (a re-run after a crash
 *   resumes), and reports the row as imported; a re-run of the same file gives the same
 *   `imported` and `refused`, with each row's outcome `unchanged`.
 */
import type { Calendar } from '../../deadlines';
import type { CaseState } from '../../workflows/case-state';
import { caseIdFor } from '../../workflows/case-state';
import { caseStateQuery } from '../../workflows/messages';
import { CaseError, type CaseService } from '../case-service';
import { inLanes } from '../exports/lanes';
import { planImport, type PlanOptions, type PlannedRow, type RowRefusal, type RowWarning } from './import-plan';

export type RowOutcome = 'opened' | 'resumed' | 'unchanged' | 'valid';

export interface ImportReport {
  dryRun: boolean;
  /** Data rows read (the header not counted). */
  rows: number;
  /** Rows whose case is now in place as the row says (opened, resumed or already there); dry run: rows that would be. */
  imported: number;
  opened: number;
  resumed: number;
  unchanged: number;
  refused: RowRefusal[];
  warnings: RowWarning[];
  cases: Array<{ line: number; studentId: string; caseId: string; outcome: RowOutcome }>;
  elapsedMs: number;
}

export interface ImportOptions {
  calendars: Readonly<Record<string, Calendar>>;
  defaultCalendarId?: string;
  /** Calendar references beyond `calendars` (import-plan.ts PlanOptions.resolveCalendar). */
  resolveCalendar?: PlanOptions['resolveCalendar'];
  /** The caller's districts (API): rows for other districts are refused. */
  districtAllowed?: (districtId: string) => boolean;
  dryRun?: boolean;
  /** Rows in flight at once (default 16). */
  lanes?: number;
  nowMs?: number;
  onProgress?: (done: number, total: number) => void;
}

type RowResult = { ok: true; outcome: Exclude<RowOutcome, 'valid'> } | { ok: false; refusal: RowRefusal };

/** Profile fields that must agree for an existing case to be this row's case (column → case). */
function conflictingColumn(state: CaseState, row: PlannedRow): string | null {
  const r = row.request;
  const p = state.profile;
  const pairs: Array<[string, unknown, unknown]> = [
    ['districtId', r.districtId, p.districtId],
    ['birthDate', r.birthDate, p.birthDate],
    ['language', r.language, p.language],
    ['schoolId', r.schoolId ?? null, p.schoolId ?? null],
    ['caseManagerId', r.caseManagerId ?? null, p.caseManagerId ?? null],
    ['calendarId', r.calendar.id, state.calendar.id],
  ];
  return pairs.find(([, want, got]) => want !== got)?.[0] ?? null;
}

function holds(state: CaseState, event: { type: string; occurredOn: string }): boolean {
  return state.timeline.some((t) => (t.kind === 'event' || t.kind === 'process') && t.type === event.type && t.occurredOn === event.occurredOn);
}

async function importRow(service: CaseService, row: PlannedRow): Promise<RowResult> {
  const refuse = (field: string, error: string): RowResult => ({ ok: false, refusal: { line: row.line, field, error, studentId: row.studentId } });
  let events = row.events;
  let outcome: 'opened' | 'resumed' | 'unchanged' = 'opened';
  try {
    await service.openCase(row.request);
  } catch (error) {
    if (!(error instanceof CaseError && error.kind === 'conflict')) throw error;
    const state = await service.client.workflow.getHandle(caseIdFor(row.studentId)).query(caseStateQuery);
    const column = conflictingColumn(state, row);
    if (column) return refuse('studentId', `studentId: a case for this student already exists with a different ${column}; not imported`);
    events = events.filter((e) => !holds(state, e.event));
    outcome = events.length ? 'resumed' : 'unchanged';
  }
  if (!events.length) return { ok: true, outcome };
  try {
    await service.recordHistory(row.studentId, events.map((e) => e.event));
  } catch (error) {
    if (!(error instanceof CaseError)) throw error;
    // The Update names the event by index (`events[2] (CONSENT_RECEIVED): event.occurredOn: …`);
    // the importer names the row's column it came from.
    const index = Number(/^events\.(\d+)/.exec(error.field ?? '')?.[1]);
    const column = Number.isInteger(index) && events[index] ? events[index].column : 'row';
    const reason = error.message.replace(/^events\[\d+\](\.occurredOn)?( \([A-Z0-9_]+\))?: /, '').replace(/^event(\.[A-Za-z.]+)?: /, '');
    return refuse(column, `${column}: ${reason} (case open, none of the row's dates recorded; fix the row and re-run to resume)`);
  }
  return { ok: true, outcome };
}

export async function importCases(service: CaseService | null, text: string, opts: ImportOptions): Promise<ImportReport> {
  const started = Date.now();
  const plan = planImport(text, {
    calendars: opts.calendars,
    defaultCalendarId: opts.defaultCalendarId,
    resolveCalendar: opts.resolveCalendar,
    districtAllowed: opts.districtAllowed,
    nowMs: opts.nowMs ?? Date.now(),
  });
  const report: ImportReport = {
    dryRun: opts.dryRun === true,
    rows: plan.rows,
    imported: 0,
    opened: 0,
    resumed: 0,
    unchanged: 0,
    refused: [...plan.refused],
    warnings: plan.warnings,
    cases: [],
    elapsedMs: 0,
  };
  const total = plan.valid.length;
  if (opts.dryRun || !service) {
    if (!opts.dryRun) throw new Error('importCases: a CaseService is required unless dryRun');
    report.imported = total;
    report.cases = plan.valid.map((r) => ({ line: r.line, studentId: r.studentId, caseId: caseIdFor(r.studentId), outcome: 'valid' }));
    opts.onProgress?.(total, total);
  } else {
    let done = 0;
    const results = await inLanes(plan.valid, opts.lanes ?? 16, async (row) => {
      let result: RowResult;
      try {
        result = await importRow(service, row);
      } catch (error) {
        // Not a refusal of the row (the cluster, the network): report it on the row and go on.
        const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
        result = { ok: false, refusal: { line: row.line, field: 'row', error: `row: not imported (${message})`, studentId: row.studentId } };
      }
      opts.onProgress?.(++done, total);
      return result;
    });
    results.forEach((result, i) => {
      const row = plan.valid[i];
      if (!result.ok) return void report.refused.push(result.refusal);
      report.imported++;
      report[result.outcome]++;
      report.cases.push({ line: row.line, studentId: row.studentId, caseId: caseIdFor(row.studentId), outcome: result.outcome });
    });
  }
  report.refused.sort((a, b) => a.line - b.line);
  report.elapsedMs = Date.now() - started;
  return report;
}

/** The report for people: totals, then one line per refused row, then warnings. */
export function describeImport(report: ImportReport): string {
  const verb = report.dryRun ? 'would import' : 'imported';
  const detail = report.dryRun ? '' : ` (${report.opened} opened, ${report.resumed} resumed, ${report.unchanged} already there)`;
  const lines = [`${verb} ${report.imported} of ${report.rows} rows${detail}; ${report.refused.length} refused (${(report.elapsedMs / 1000).toFixed(1)} s)`];
  for (const r of report.refused) lines.push(`  line ${String(r.line).padStart(5)}  ${r.error}`);
  if (report.warnings.length) lines.push(`${report.warnings.length} warning(s):`, ...report.warnings.map((w) => `  line ${String(w.line).padStart(5)}  ${w.field}: ${w.warning}`));
  return lines.join('\n');
}
