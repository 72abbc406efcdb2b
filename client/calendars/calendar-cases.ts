/**
 * The open cases a district calendar change reaches, found by the `CaseCalendar` search
 * attribute (`<calendarId>@<version>`, ids only): which of their open deadlines a new version
 * would move (worked out before publishing, on each case's own clock records, with the same
 * planner the workflow re-plans with), and publishing the version to them through the
 * `publishCalendar` Update, which re-plans and records old date, new date and reason in each
 * case (deadlines.md §5: nothing moves silently).
 */
import type { Client } from '@temporalio/client';
import type { Calendar } from '../../deadlines';
import { computeClockDates } from '../../workflows/clock-planner';
import { caseStateQuery } from '../../workflows/messages';
import { CaseError, type CaseService } from '../case-service';
import type { CalendarStore } from './calendar-store';
import { inLanes } from '../exports/lanes';

export interface FollowingCase {
  caseId: string;
  studentId: string;
  /** The version the case holds now. */
  version: string;
  /** The case's district (CaseDistrict), for who may publish to it; null if not yet indexed. */
  districtId: string | null;
}

export interface DeadlineMove {
  caseId: string;
  process: string;
  rule: string;
  from: string | null;
  to: string | null;
  /** When the engine cannot date the deadline under the new version (e.g. not covered). */
  problem?: string;
}

export interface CaseImpact {
  /** Open cases on the old version, whose deadlines were recomputed. */
  casesExamined: number;
  /** Open cases of this calendar on some other version (publishing re-plans them too). */
  casesOnOtherVersions: number;
  moves: DeadlineMove[];
  /** Cases that could not be read (ended meanwhile, no worker): id and why, never case data. */
  unread: Array<{ caseId: string; error: string }>;
}

export interface PublishReport {
  calendarId: string;
  version: string;
  publishedAt: string;
  /** Cases told about this version (those already on it are left alone). */
  cases: number;
  alreadyOnVersion: number;
  moves: DeadlineMove[];
  failed: Array<{ caseId: string; error: string }>;
}

/** Running cases that follow `calendarId`, on any version. The id was validated (no quotes). */
export async function casesFollowing(client: Client, calendarId: string): Promise<FollowingCase[]> {
  const cases: FollowingCase[] = [];
  const query = `WorkflowType = 'studentCase' AND ExecutionStatus = 'Running' AND CaseCalendar STARTS_WITH '${calendarId}@'`;
  for await (const wf of client.workflow.list({ query })) {
    const pinned = (wf.searchAttributes?.CaseCalendar as string[] | undefined)?.[0] ?? '';
    const studentId = (wf.searchAttributes?.CaseStudentId as string[] | undefined)?.[0] ?? wf.workflowId.replace(/^case-/, '');
    const districtId = (wf.searchAttributes?.CaseDistrict as string[] | undefined)?.[0] ?? null;
    cases.push({ caseId: wf.workflowId, studentId, version: pinned.slice(calendarId.length + 1), districtId });
  }
  return cases.sort((a, b) => a.caseId.localeCompare(b.caseId));
}

const firstLine = (error: unknown) => (error instanceof Error ? error.message.split('\n')[0] : String(error));

/**
 * Which open deadlines of the cases on `fromVersion` would move under `to`. Read-only: each
 * case's pending clocks (caseState Query) are recomputed with the new calendar and the case's
 * own policy, trigger, referral, agreed date and companion rules, as
 * workflows/calendar-change.ts will do when the version is published.
 */
export async function deadlinesThatWouldMove(client: Client, fromVersion: string, to: Calendar, lanes = 16): Promise<CaseImpact> {
  const following = await casesFollowing(client, to.id);
  const examined = following.filter((c) => c.version === fromVersion);
  const impact: CaseImpact = { casesExamined: examined.length, casesOnOtherVersions: following.length - examined.length, moves: [], unread: [] };
  const perCase = await inLanes(examined, lanes, async (c) => {
    try {
      const state = await client.workflow.getHandle(c.caseId).query(caseStateQuery);
      const ctx = { calendar: to, calendarVersion: to.version ?? '1', policy: state.policy, remindersOn: false, today: '' };
      const moves: DeadlineMove[] = [];
      for (const clock of state.clocks.filter((x) => x.status === 'pending')) {
        const next = computeClockDates(clock.rule, clock.from, clock.referral, clock.override, clock.also, undefined, ctx);
        if (next.due === clock.due && next.problem === clock.problem) continue;
        moves.push({ caseId: c.caseId, process: clock.process, rule: clock.rule, from: clock.due, to: next.due, ...(next.problem ? { problem: next.problem } : {}) });
      }
      return { moves };
    } catch (error) {
      return { error: firstLine(error) };
    }
  });
  perCase.forEach((r, i) => {
    if ('error' in r) impact.unread.push({ caseId: examined[i].caseId, error: r.error ?? 'unreadable' });
    else impact.moves.push(...r.moves);
  });
  return impact;
}

/**
 * Send `calendar` to every running case of its id that holds another version, a bounded
 * number at a time, through CaseService.publishCalendar (the Update answers with what moved).
 * A case that cannot take it (ended meanwhile) is reported and the others go on; a re-run
 * skips the cases already on the version, so it finishes what a failed run left.
 */
export async function publishToCases(
  service: CaseService,
  calendar: Calendar,
  publishedAt: string,
  opts: { lanes?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<PublishReport> {
  const version = calendar.version ?? '1';
  const following = await casesFollowing(service.client, calendar.id);
  const todo = following.filter((c) => c.version !== version);
  const report: PublishReport = { calendarId: calendar.id, version, publishedAt, cases: todo.length, alreadyOnVersion: following.length - todo.length, moves: [], failed: [] };
  let done = 0;
  opts.onProgress?.(0, todo.length);
  const answers = await inLanes(todo, opts.lanes ?? 16, async (c) => {
    try {
      return { answer: await service.publishCalendar(c.studentId, calendar) };
    } catch (error) {
      return { error: error instanceof CaseError ? error.message : firstLine(error) };
    } finally {
      opts.onProgress?.(++done, todo.length);
    }
  });
  answers.forEach((r, i) => {
    const caseId = todo[i].caseId;
    if ('error' in r) return void report.failed.push({ caseId, error: r.error ?? 'not published' });
    for (const m of r.answer.moved) report.moves.push({ caseId, process: m.process, rule: m.rule, from: m.from, to: m.to });
  });
  return report;
}

/**
 * The one way a version goes out, for the CLI (`caseclock calendar publish`) and the API
 * (POST /api/calendars/:calendarId/publish): the stored (or shipped) version is marked
 * published first — from then on no import may change it while cases move to it (a re-run
 * keeps the first instant) — and then sent to the cases by publishToCases.
 */
export async function publishVersion(
  store: CalendarStore,
  service: CaseService,
  ref: { calendarId: string; version: string },
  opts: { now?: string; lanes?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<PublishReport> {
  const calendar = store.get(ref.calendarId, ref.version);
  const publishedAt = store.markPublished(ref.calendarId, ref.version, opts.now ?? new Date().toISOString());
  return publishToCases(service, calendar, publishedAt, { lanes: opts.lanes, onProgress: opts.onProgress });
}
