/**
 * Special-education meetings and plans as a CSV shaped like CALPADS' Special Education
 * Meetings (MEET) file, for the district's SEDS upload — shaped like it, not a certified
 * layout: ids, dates and codes only (no names or birth dates: CALPADS joins on the SSID the
 * district's SIS holds; caseclock knows the local student id).
 *
 * One record per meeting the cases' timelines hold, plus one per initial evaluation still
 * pending (CALPADS meeting type 30). Columns:
 *
 * | column | meaning |
 * | --- | --- |
 * | reportingLea | the case's district id (CALPADS Reporting LEA) |
 * | schoolOfAttendance | the case's school id, blank when none |
 * | studentId | local student id (the case is `case-<studentId>`) |
 * | process | caseclock process instance the meeting belongs to (e.g. `annual-review#2`) |
 * | meetingType | initial · initial-part-c · annual · triennial · amendment · pending |
 * | meetingTypeCode | CALPADS Special Education Meeting Type: 10 Part B initial evaluation, 15 Part C initial evaluation, 20 annual, 30 pending (initial evaluation not yet held), 40 triennial; blank for an amendment (CALPADS takes amendments in the PLAN file, reason for plan record 2) |
 * | meetingDate | the day the meeting was held (amendment: the day it was signed); blank when pending |
 * | pendingAsOf | pending only: the consent date while the 60-day count runs, the export date once it is late (CDE file submission scenarios 1a/1b) |
 * | recordedAs | held (recorded in caseclock) · on-file (the last meeting a case joined with) · pending |
 * | eligibilityOutcome | eligible · not-eligible · blank when the meeting did not decide it |
 * | educationPlanTypeCode | 100 IEP · 150 IFSP (Part C) |
 * | dueDate | the deadline the meeting answered (initial IEP, annual review, triennial, IFSP) |
 * | late | Y when held (or still pending) after that deadline, else N; blank when no deadline |
 * | meetingDelayCode | the CALPADS Meeting Delay Code the case recorded for this late meeting (`calpadsCode` of the case's delay record), blank when on time |
 * | delayReason | caseclock's own delay code (e.g. `initial-iep-late`) |
 */
import type { TimelineEntry } from '../../workflows/case-state';
import type { CaseView, DeadlineView } from '../../workflows/case-view';
import type { CaseRecord } from './case-records';
import { csvDocument } from './csv-text';

export const CALPADS_COLUMNS = [
  'reportingLea',
  'schoolOfAttendance',
  'studentId',
  'process',
  'meetingType',
  'meetingTypeCode',
  'meetingDate',
  'pendingAsOf',
  'recordedAs',
  'eligibilityOutcome',
  'educationPlanTypeCode',
  'dueDate',
  'late',
  'meetingDelayCode',
  'delayReason',
] as const;

export type CalpadsRow = Record<(typeof CALPADS_COLUMNS)[number], string>;

type MeetingType = 'initial' | 'initial-part-c' | 'annual' | 'triennial' | 'amendment' | 'pending';

const TYPE_CODE: Record<MeetingType, string> = { initial: '10', 'initial-part-c': '15', annual: '20', pending: '30', triennial: '40', amendment: '' };

interface MeetingSource {
  type: MeetingType;
  /** The deadline rules that a meeting of this process answers (the earlier one wins). */
  rules: string[];
  plan: '100' | '150';
}

/** chart id → event type in that chart's timeline → what kind of meeting it is. */
const MEETINGS: Record<string, Record<string, MeetingSource & { onFile?: true; when?: (detail: Record<string, unknown>) => boolean }>> = {
  'initial-evaluation': { MEETING_HELD: { type: 'initial', rules: ['initial-iep', 'iep-after-need'], plan: '100' } },
  'early-start': {
    IFSP_MEETING_HELD: { type: 'initial-part-c', rules: ['early-start-ifsp'], plan: '150' },
    REVIEW_HELD: { type: 'annual', rules: [], plan: '150', when: (d) => d.annual === true },
  },
  'annual-review': {
    ANNUAL_IEP_ON_FILE: { type: 'annual', rules: [], plan: '100', onFile: true },
    MEETING_HELD: { type: 'annual', rules: ['annual-review'], plan: '100' },
  },
  reassessment: {
    ELIGIBILITY_ON_FILE: { type: 'triennial', rules: [], plan: '100', onFile: true },
    MEETING_HELD: { type: 'triennial', rules: ['triennial', 'reassessment-iep'], plan: '100' },
  },
  'iep-amendment': { AMENDMENT_SIGNED: { type: 'amendment', rules: [], plan: '100' } },
  'transfer-in': { AMENDMENT_SIGNED: { type: 'amendment', rules: [], plan: '100' } },
};

function chartOf(processKey: string): string {
  return processKey.replace(/#\d+$/, '');
}

function eligibility(detail: Record<string, unknown> | undefined): string {
  const e = (detail?.trigger as Record<string, unknown> | undefined)?.eligible ?? detail?.eligible;
  return e === true ? 'eligible' : e === false ? 'not-eligible' : '';
}

/** The deadline a meeting answered: the earliest-due of its rules in that process. */
function answeredDeadline(view: CaseView, process: string, rules: string[]): DeadlineView | undefined {
  return [...view.closed, ...view.pending]
    .filter((d) => d.process === process && rules.includes(d.rule) && d.status !== 'cancelled')
    .sort((a, b) => (a.due ?? '9999').localeCompare(b.due ?? '9999'))[0];
}

function delayFor(view: CaseView, process: string, rules: string[]) {
  return [...view.delays].reverse().find((d) => d.process === process && d.rule !== null && rules.includes(d.rule));
}

function baseRow(view: CaseView, process: string): Pick<CalpadsRow, 'reportingLea' | 'schoolOfAttendance' | 'studentId' | 'process'> {
  return { reportingLea: view.districtId, schoolOfAttendance: view.schoolId ?? '', studentId: view.studentId, process };
}

function meetingRow(view: CaseView, entry: TimelineEntry, source: MeetingSource & { onFile?: true }): CalpadsRow {
  const process = entry.process!;
  const deadline = source.rules.length ? answeredDeadline(view, process, source.rules) : undefined;
  const late = deadline ? deadline.late || (deadline.due !== null && entry.occurredOn > deadline.due) : null;
  const delay = late ? delayFor(view, process, source.rules) : undefined;
  return {
    ...baseRow(view, process),
    meetingType: source.type,
    meetingTypeCode: TYPE_CODE[source.type],
    meetingDate: entry.occurredOn,
    pendingAsOf: '',
    recordedAs: source.onFile ? 'on-file' : 'held',
    eligibilityOutcome: eligibility(entry.detail),
    educationPlanTypeCode: source.plan,
    dueDate: deadline?.due ?? '',
    late: late === null ? '' : late ? 'Y' : 'N',
    meetingDelayCode: delay?.calpadsCode ?? '',
    delayReason: delay?.code ?? '',
  };
}

/** An initial evaluation whose meeting is still owed (CALPADS type 30, scenarios 1a/1b). */
function pendingRows(view: CaseView): CalpadsRow[] {
  return view.pending
    .filter((d) => d.rule === 'initial-iep')
    .map((d) => {
      const late = d.overdue || (d.due !== null && d.due < view.today);
      const delay = late ? delayFor(view, d.process, ['initial-iep']) : undefined;
      return {
        ...baseRow(view, d.process),
        meetingType: 'pending',
        meetingTypeCode: TYPE_CODE.pending,
        meetingDate: '',
        pendingAsOf: late ? view.today : d.from,
        recordedAs: 'pending',
        eligibilityOutcome: '',
        educationPlanTypeCode: '100',
        dueDate: d.due ?? '',
        late: late ? 'Y' : 'N',
        meetingDelayCode: delay?.calpadsCode ?? '',
        delayReason: delay?.code ?? '',
      };
    });
}

export function calpadsRows(cases: readonly CaseRecord[]): CalpadsRow[] {
  const rows: CalpadsRow[] = [];
  for (const { view, timeline } of cases) {
    const own: CalpadsRow[] = [];
    for (const entry of timeline) {
      if (!entry.process || (entry.kind !== 'event' && entry.kind !== 'process')) continue;
      const source = MEETINGS[chartOf(entry.process)]?.[entry.type];
      if (!source || (source.when && !source.when((entry.detail ?? {}) as Record<string, unknown>))) continue;
      own.push(meetingRow(view, entry, source));
    }
    own.push(...pendingRows(view));
    own.sort((a, b) => (a.meetingDate || a.pendingAsOf).localeCompare(b.meetingDate || b.pendingAsOf) || a.process.localeCompare(b.process));
    rows.push(...own);
  }
  return rows;
}

export function calpadsCsv(cases: readonly CaseRecord[]): { text: string; rows: number } {
  const rows = calpadsRows(cases);
  return { text: csvDocument(CALPADS_COLUMNS, rows.map((r) => CALPADS_COLUMNS.map((c) => r[c]))), rows: rows.length };
}
