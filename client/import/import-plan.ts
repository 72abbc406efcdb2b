/**
 * Everything an import can judge before it touches Temporal: the header, each row's fields
 * (zod, import-row.ts), duplicate students in the file, the calendar, and the row's history
 * run through the pure case interpreter (workflows/case-engine.ts, the code the workflow runs)
 * at the current instant — so a row the workflow would refuse is refused here, before its case
 * is opened, and nothing is half-written. `--dry-run` stops here.
 */
import type { z } from 'zod';
import type { Calendar } from '../../deadlines';
import { chartRegistry } from '../../machines';
import { CaseEngine, RefusedEvent } from '../../workflows/case-engine';
import { OpenCaseRequest, toOpenCaseInput } from '../case-service';
import { CsvSyntaxError, parseCsv } from '../exports/csv-text';
import { IMPORT_COLUMNS, ImportRow, REQUIRED_COLUMNS, rowEvents, type ImportColumn, type RowEvent } from './import-row';

/** A refused row: its line in the file, the column to blame, and one line saying why. */
export interface RowRefusal {
  line: number;
  field: string;
  error: string;
  /** Only when the id itself was valid (a refused cell might hold a name). */
  studentId?: string;
}

export interface RowWarning {
  line: number;
  field: string;
  warning: string;
}

export interface PlannedRow {
  line: number;
  studentId: string;
  request: OpenCaseRequest;
  events: RowEvent[];
}

export interface ImportPlan {
  rows: number;
  valid: PlannedRow[];
  refused: RowRefusal[];
  warnings: RowWarning[];
}

/** The whole file is refused (bad header, unreadable CSV): nothing is imported. */
export class ImportFileError extends Error {
  constructor(
    readonly line: number,
    readonly field: string,
    message: string,
  ) {
    super(`line ${line}: ${field}: ${message}`);
  }
}

export const MAX_IMPORT_ROWS = 20_000;

export interface PlanOptions {
  calendars: Readonly<Record<string, Calendar>>;
  /** Calendar for rows whose calendarId cell is blank (`--calendar`). */
  defaultCalendarId?: string;
  nowMs: number;
  /** The caller's districts (API): a row for another district is refused at districtId. */
  districtAllowed?: (districtId: string) => boolean;
  /**
   * Calendars a calendarId cell names beyond `calendars` (`id@version`, imported versions:
   * CalendarResolver.tryResolve): the calendar, or the refusal naming calendarId.
   */
  resolveCalendar?: (ref: string) => { calendar: Calendar } | { refusal: string };
}

function issueRefusal(line: number, error: z.ZodError, studentId: string | undefined): RowRefusal {
  const issue = error.issues[0];
  const field = issue.path.map(String).join('.') || 'row';
  const extra = issue.code === 'unrecognized_keys' ? ` (${(issue as { keys: string[] }).keys.join(', ')})` : '';
  return { line, field, error: `${field}: ${issue.message}${extra}`, ...(studentId ? { studentId } : {}) };
}

function readHeader(cells: string[]): ImportColumn[] {
  const seen = new Set<string>();
  const header = cells.map((c) => c.trim());
  for (const name of header) {
    if (!(IMPORT_COLUMNS as readonly string[]).includes(name)) {
      throw new ImportFileError(1, name || 'header', `unknown column${name ? '' : ' (empty name)'}; the columns are ${IMPORT_COLUMNS.join(', ')}`);
    }
    if (seen.has(name)) throw new ImportFileError(1, name, 'column given twice');
    seen.add(name);
  }
  for (const name of REQUIRED_COLUMNS) if (!seen.has(name)) throw new ImportFileError(1, name, 'required column missing from the header');
  return header as ImportColumn[];
}

/** The row's events through the pure interpreter: the workflow's own refusal, or null. */
export function checkOnEngine(request: OpenCaseRequest, events: RowEvent[], nowMs: number): { refusal: { field: string; error: string } | null; problems: string[] } {
  const engine = CaseEngine.open(toOpenCaseInput(request), chartRegistry);
  for (const { column, event } of events) {
    try {
      engine.apply(event, nowMs);
    } catch (error) {
      if (!(error instanceof RefusedEvent)) throw error;
      // The engine names the event's field (event.occurredOn); the importer names the column.
      const reason = error.message.replace(/^event(\.[A-Za-z.]+)?: /, '');
      return { refusal: { field: column, error: `${column}: ${reason}` }, problems: [] };
    }
  }
  const problems = engine.state.clocks.filter((c) => c.status === 'pending' && c.problem).map((c) => `deadline ${c.rule}: ${c.problem}`);
  return { refusal: null, problems };
}

export function planImport(text: string, opts: PlanOptions): ImportPlan {
  let records;
  try {
    records = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw new ImportFileError(error.line, 'row', 'a quoted field is never closed');
    throw error;
  }
  if (records.length === 0) throw new ImportFileError(1, 'header', 'the file is empty; the first line names the columns');
  const header = readHeader(records[0].cells);
  const body = records.slice(1);
  if (body.length > MAX_IMPORT_ROWS) throw new ImportFileError(records[MAX_IMPORT_ROWS + 1].line, 'row', `more than ${MAX_IMPORT_ROWS} rows; split the file`);

  const plan: ImportPlan = { rows: body.length, valid: [], refused: [], warnings: [] };
  const firstLineOf = new Map<string, number>();
  for (const { line, cells } of body) {
    if (cells.length !== header.length) {
      plan.refused.push({ line, field: 'row', error: `row: has ${cells.length} cells, the header has ${header.length}` });
      continue;
    }
    const raw: Record<string, string> = {};
    header.forEach((name, i) => (raw[name] = cells[i].trim()));
    const idOk = /^[A-Za-z0-9._-]{1,64}$/.test(raw.studentId ?? '');
    const studentId = idOk ? raw.studentId : undefined;
    if (studentId) {
      const first = firstLineOf.get(studentId);
      if (first !== undefined) {
        plan.refused.push({ line, field: 'studentId', error: `studentId: the same student as line ${first} (one row per case)`, studentId });
        continue;
      }
      firstLineOf.set(studentId, line);
    }
    const parsed = ImportRow.safeParse(raw);
    if (!parsed.success) {
      plan.refused.push(issueRefusal(line, parsed.error, studentId));
      continue;
    }
    const row = parsed.data;
    if (opts.districtAllowed && !opts.districtAllowed(row.districtId)) {
      plan.refused.push({ line, field: 'districtId', error: `districtId: ${row.districtId} is not one of the importer's districts`, studentId });
      continue;
    }
    const calendarId = row.calendarId ?? opts.defaultCalendarId;
    if (!calendarId) {
      plan.refused.push({ line, field: 'calendarId', error: 'calendarId: is required (or give a default calendar)', studentId });
      continue;
    }
    let calendar = Object.prototype.hasOwnProperty.call(opts.calendars, calendarId) ? opts.calendars[calendarId] : undefined;
    if (!calendar && opts.resolveCalendar) {
      const resolved = opts.resolveCalendar(calendarId);
      if ('refusal' in resolved) {
        plan.refused.push({ line, field: 'calendarId', error: resolved.refusal, studentId });
        continue;
      }
      calendar = resolved.calendar;
    }
    if (!calendar) {
      plan.refused.push({ line, field: 'calendarId', error: `calendarId: unknown calendar ${calendarId} (known: ${Object.keys(opts.calendars).sort().join(', ')})`, studentId });
      continue;
    }
    const request = OpenCaseRequest.safeParse({
      studentId: row.studentId,
      birthDate: row.birthDate,
      language: row.language ?? 'en',
      districtId: row.districtId,
      schoolId: row.schoolId,
      caseManagerId: row.caseManagerId,
      delivery: row.delivery,
      calendar,
    });
    if (!request.success) {
      plan.refused.push(issueRefusal(line, request.error, studentId));
      continue;
    }
    const events = rowEvents(row);
    const checked = checkOnEngine(request.data, events, opts.nowMs);
    if (checked.refusal) {
      plan.refused.push({ line, ...checked.refusal, studentId });
      continue;
    }
    for (const p of checked.problems) plan.warnings.push({ line, field: 'calendarId', warning: p });
    plan.valid.push({ line, studentId: row.studentId, request: request.data, events });
  }
  return plan;
}
