/**
 * Which of a case's activities are failing and being retried. The case view says a notice or
 * alert is `queued` (not done yet) and turns it `failed` only when the retry policy gives up
 * (50 attempts, hours later: workflows/student-case.ts), so "sending now" and "the mail server
 * has refused it six times" look the same there. Temporal knows the difference — each pending
 * activity has its attempt, its last failure and its next attempt — and this reads it for one
 * case (DescribeWorkflowExecution; nothing is written, and the workflow's history and
 * determinism are untouched).
 *
 * Failure *types* only, never messages: a message may echo what an SMTP server refused (an
 * address), and it is encrypted in Temporal anyway (worker/failure-converter.cjs).
 */
import type { Client } from '@temporalio/client';
import { optionalTsToMs } from '@temporalio/common/lib/time';
import { dateIn } from '../workflows/zoned-time';

export interface RetryingActivity {
  /** sendNotice, alertStaff, requestSignature, redeemSignature. */
  activity: string;
  /** Waiting for a worker to take it (a retry waits here for its backoff too), or running on one. */
  state: 'scheduled' | 'started' | 'cancel-requested' | 'unknown';
  /** 1 while the first try runs; n after n-1 failures. */
  attempt: number;
  maximumAttempts: number;
  /** True once an attempt has failed (or timed out): the effect is being retried, not just running. */
  failing: boolean;
  /** `Error`, an activity failure type (activities/failures.ts), or `timeout`; null before any failure. */
  lastFailureType: string | null;
  lastFailedAt: string | null;
  nextAttemptAt: string | null;
}

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());
const STATES: Record<number, RetryingActivity['state']> = { 1: 'scheduled', 2: 'started', 3: 'cancel-requested' };

/** The pending activities of the case's current run (at most a few: its effects run one at a time). */
export async function retryingActivities(client: Client, caseId: string): Promise<RetryingActivity[]> {
  const described = await client.workflow.getHandle(caseId).describe();
  return (described.raw.pendingActivities ?? []).map((p) => {
    const failure = p.lastFailure ?? null;
    const type = failure ? (failure.applicationFailureInfo?.type ?? (failure.timeoutFailureInfo ? 'timeout' : 'unknown')) : null;
    return {
      activity: p.activityType?.name ?? 'unknown',
      state: STATES[p.state ?? 0] ?? 'unknown',
      attempt: p.attempt ?? 1,
      maximumAttempts: p.maximumAttempts ?? 0,
      failing: failure !== null,
      lastFailureType: type === '' ? 'Error' : type,
      lastFailedAt: iso(optionalTsToMs(p.lastAttemptCompleteTime)),
      nextAttemptAt: iso(optionalTsToMs(p.nextAttemptScheduleTime)),
    };
  });
}

/** Only the effects that have failed at least once: a first attempt running is not news. */
export function failingOnly(activities: readonly RetryingActivity[]): RetryingActivity[] {
  return activities.filter((a) => a.failing);
}

/**
 * One line for people (`caseclock show`): "sendNotice attempt 4, last failure SmtpRefused,
 * next 10:42" — the next attempt's wall time in `timeZone` (the district's), with its date
 * when that is not today there. Types only, as the record holds (never a failure message).
 */
export function describeRetry(r: RetryingActivity, timeZone: string, nowMs: number): string {
  const head = `${r.activity} attempt ${r.attempt}${r.lastFailureType ? `, last failure ${r.lastFailureType}` : ''}`;
  if (r.nextAttemptAt === null) return `${head}, ${r.state === 'started' ? 'running now' : 'waiting for a worker'}`;
  const next = Date.parse(r.nextAttemptAt);
  const time = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(next);
  const day = dateIn(timeZone, next);
  return `${head}, next ${day === dateIn(timeZone, nowMs) ? time : `${day} ${time}`}`;
}
