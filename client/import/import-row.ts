/**
 * The bulk-import CSV format: one existing case per row, with the history it already has, so
 * a district moving to caseclock can bring its open cases in mid-process.
 *
 * Header row required; column names exactly as below, any order; a blank cell is "not known"
 * (history) or "use the default" (language, calendarId). Dates are YYYY-MM-DD.
 *
 * | column | required | becomes |
 * | --- | --- | --- |
 * | studentId | yes | the case `case-<studentId>` (an id, never a name) |
 * | birthDate | yes | profile birth date (never logged, never in a report) |
 * | districtId | yes | profile district |
 * | language | no (en) | notice language, two letters |
 * | schoolId, caseManagerId | no | profile ids (visibility: caseload by school / manager) |
 * | delivery | no | email · mail · hand, how notices reach the parent |
 * | calendarId | yes unless a default is given (`--calendar`) | the district calendar the case pins: `id` or `id@version` (client/calendars/calendar-ref.ts) |
 * | referralReceivedOn | no | REFERRAL_RECEIVED (opens the initial evaluation, P01) |
 * | referredBy | no | parent · teacher · staff · agency · professional · public (default parent) |
 * | planSentOn, planReceivedOn | no | ASSESSMENT_PLAN_SENT (received defaults to sent), needs a referral |
 * | consentReceivedOn | no | CONSENT_RECEIVED (starts the 60-day count), needs a plan |
 * | assessmentCompletedOn | no | ASSESSMENT_COMPLETED, needs consent |
 * | lastIepOn | no | ANNUAL_IEP_ON_FILE: the last annual IEP meeting (opens the annual review, P04) |
 * | lastTriennialOn, lastAssessedOn | no | ELIGIBILITY_ON_FILE: the last eligibility meeting (opens the triennial, P05) |
 *
 * Events are recorded in date order after the case opens; the workflow applies late-entered
 * events in date order, so deadlines count from the dates on the paper, not the import day.
 */
import { z } from 'zod';
import { IsoDate } from '../../machines/contract';

export const IMPORT_COLUMNS = [
  'studentId',
  'birthDate',
  'language',
  'districtId',
  'schoolId',
  'caseManagerId',
  'delivery',
  'calendarId',
  'referralReceivedOn',
  'referredBy',
  'planSentOn',
  'planReceivedOn',
  'consentReceivedOn',
  'assessmentCompletedOn',
  'lastIepOn',
  'lastTriennialOn',
  'lastAssessedOn',
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

export const REQUIRED_COLUMNS: readonly ImportColumn[] = ['studentId', 'birthDate', 'districtId'];

const required = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());
const id = (what: string) => z.string({ error: 'is required' }).regex(/^[A-Za-z0-9._-]{1,64}$/, `must be ${what} (letters, digits, . _ -), not a name`);
const date = IsoDate;

/** Each history column needs, and must not come before, the ones it answers (path = the later column). */
const ORDER: Array<[later: ImportColumn, earlier: ImportColumn]> = [
  ['planSentOn', 'referralReceivedOn'],
  ['planReceivedOn', 'planSentOn'],
  ['consentReceivedOn', 'referralReceivedOn'],
  ['consentReceivedOn', 'planSentOn'],
  ['assessmentCompletedOn', 'consentReceivedOn'],
];

/** The dated history columns: by this file's convention every one, and only those, ends in `On`. */
const HISTORY_DATES: readonly ImportColumn[] = IMPORT_COLUMNS.filter((column) => column.endsWith('On'));

export const ImportRow = z
  .object({
    studentId: required(id('a student id')),
    birthDate: required(z.string({ error: 'is required' }).pipe(date)),
    language: optional(z.string().regex(/^[a-z]{2}$/, 'must be a two-letter language code')),
    districtId: required(id('a district id')),
    schoolId: optional(id('a school id')),
    caseManagerId: optional(id('a case manager id')),
    delivery: optional(z.enum(['email', 'mail', 'hand'])),
    calendarId: optional(z.string().regex(/^[A-Za-z0-9._-]{1,64}(@[A-Za-z0-9._-]{1,64})?$/, 'must be a calendar id or id@version (letters, digits, . _ -), not a name')),
    referralReceivedOn: optional(date),
    referredBy: optional(z.enum(['parent', 'teacher', 'staff', 'agency', 'professional', 'public'])),
    planSentOn: optional(date),
    planReceivedOn: optional(date),
    consentReceivedOn: optional(date),
    assessmentCompletedOn: optional(date),
    lastIepOn: optional(date),
    lastTriennialOn: optional(date),
    lastAssessedOn: optional(date),
  })
  .strict()
  .superRefine((row, ctx) => {
    for (const [later, earlier] of ORDER) {
      const l = row[later];
      const e = row[earlier];
      if (l === undefined) continue;
      if (e === undefined) {
        ctx.addIssue({ code: 'custom', path: [later], message: `needs ${earlier} (it answers it)` });
      } else if (String(l) < String(e)) {
        ctx.addIssue({ code: 'custom', path: [later], message: `cannot be before ${earlier}` });
      }
    }
    // The assessment an eligibility meeting decided on comes before (or on) that meeting.
    if (row.lastAssessedOn !== undefined) {
      if (row.lastTriennialOn === undefined) ctx.addIssue({ code: 'custom', path: ['lastAssessedOn'], message: 'needs lastTriennialOn (the meeting it was for)' });
      else if (row.lastAssessedOn > row.lastTriennialOn) ctx.addIssue({ code: 'custom', path: ['lastAssessedOn'], message: 'cannot be after lastTriennialOn' });
    }
    // Never echo the birth date: the message names the columns only.
    for (const column of HISTORY_DATES) {
      const v = row[column];
      if (v !== undefined && String(v) < row.birthDate) ctx.addIssue({ code: 'custom', path: [column], message: 'cannot be before birthDate' });
    }
  });
export type ImportRow = z.infer<typeof ImportRow>;

export interface RowEvent {
  /** The column the event comes from, named in any refusal. */
  column: ImportColumn;
  event: Record<string, unknown> & { type: string; occurredOn: string };
}

/** The row's history as events, in date order (ties keep the P01 chain's order). */
export function rowEvents(row: ImportRow): RowEvent[] {
  const district = { role: 'district' } as const;
  const out: RowEvent[] = [];
  if (row.referralReceivedOn) {
    const fromParent = row.referredBy === undefined || row.referredBy === 'parent';
    out.push({
      column: 'referralReceivedOn',
      event: {
        type: 'REFERRAL_RECEIVED',
        occurredOn: row.referralReceivedOn,
        actor: fromParent ? { role: 'parent' } : district,
        ...(row.referredBy ? { referredBy: row.referredBy } : {}),
      },
    });
  }
  if (row.planSentOn) {
    out.push({
      column: 'planSentOn',
      event: { type: 'ASSESSMENT_PLAN_SENT', occurredOn: row.planSentOn, actor: district, receivedByParentOn: row.planReceivedOn ?? row.planSentOn },
    });
  }
  if (row.consentReceivedOn) out.push({ column: 'consentReceivedOn', event: { type: 'CONSENT_RECEIVED', occurredOn: row.consentReceivedOn, actor: { role: 'parent' } } });
  if (row.assessmentCompletedOn) {
    out.push({ column: 'assessmentCompletedOn', event: { type: 'ASSESSMENT_COMPLETED', occurredOn: row.assessmentCompletedOn, actor: district } });
  }
  if (row.lastIepOn) out.push({ column: 'lastIepOn', event: { type: 'ANNUAL_IEP_ON_FILE', occurredOn: row.lastIepOn, actor: district } });
  if (row.lastTriennialOn) {
    out.push({
      column: 'lastTriennialOn',
      event: { type: 'ELIGIBILITY_ON_FILE', occurredOn: row.lastTriennialOn, actor: district, ...(row.lastAssessedOn ? { lastAssessedOn: row.lastAssessedOn } : {}) },
    });
  }
  // A stable sort: same-day events keep the order above (referral before plan before consent).
  return out.map((e, i) => ({ e, i })).sort((a, b) => a.e.event.occurredOn.localeCompare(b.e.event.occurredOn) || a.i - b.i).map(({ e }) => e);
}
