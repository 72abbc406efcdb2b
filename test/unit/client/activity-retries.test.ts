/**
 * retryingActivities maps DescribeWorkflowExecution's pending activities to what staff need:
 * running vs retrying, the attempt, the failure type (never its message) and the next try.
 * The real server is exercised in test/integration/faults-smtp-docstore.test.ts.
 */
import type { Client } from '@temporalio/client';
import { msNumberToTs } from '@temporalio/common/lib/time';
import { describe, expect, it } from 'vitest';
import { describeRetry, failingOnly, retryingActivities, type RetryingActivity } from '../../../client/activity-retries';
import { printCase } from '../../../client/cli/print';
import { fakeView } from './api-fake-service';
import { failingSendNotice } from './retrying-fixture';

const T0 = Date.parse('2026-12-02T16:00:00.000Z');

function clientDescribing(caseId: string, pendingActivities: unknown[]): { client: Client; asked: string[] } {
  const asked: string[] = [];
  const client = {
    workflow: {
      getHandle: (id: string) => ({
        describe: async () => {
          asked.push(id);
          return { raw: id === caseId ? { pendingActivities } : {} };
        },
      }),
    },
  } as unknown as Client;
  return { client, asked };
}

describe('retryingActivities', () => {
  it('tells a first attempt that runs from one retried after failures, with types only', async () => {
    const { client, asked } = clientDescribing('case-s1', [
      { activityType: { name: 'alertStaff' }, state: 2, attempt: 1, maximumAttempts: 50 },
      {
        activityType: { name: 'sendNotice' },
        state: 1,
        attempt: 4,
        maximumAttempts: 50,
        lastFailure: { message: 'Encoded failure', applicationFailureInfo: { type: 'Error', nonRetryable: false } },
        lastAttemptCompleteTime: msNumberToTs(T0),
        nextAttemptScheduleTime: msNumberToTs(T0 + 8_000),
      },
    ]);
    expect(await retryingActivities(client, 'case-s1')).toEqual([
      { activity: 'alertStaff', state: 'started', attempt: 1, maximumAttempts: 50, failing: false, lastFailureType: null, lastFailedAt: null, nextAttemptAt: null },
      {
        activity: 'sendNotice',
        state: 'scheduled',
        attempt: 4,
        maximumAttempts: 50,
        failing: true,
        lastFailureType: 'Error',
        lastFailedAt: '2026-12-02T16:00:00.000Z',
        nextAttemptAt: '2026-12-02T16:00:08.000Z',
      },
    ]);
    expect(asked).toEqual(['case-s1']);
  });

  it('names a timed-out attempt (a worker that died mid-activity) and a typed activity failure', async () => {
    const { client } = clientDescribing('case-s2', [
      { activityType: { name: 'requestSignature' }, state: 1, attempt: 2, maximumAttempts: 50, lastFailure: { message: 'activity StartToClose timeout', timeoutFailureInfo: { timeoutType: 2 } } },
      { activityType: { name: 'sendNotice' }, state: 2, attempt: 3, maximumAttempts: 50, lastFailure: { message: 'Encoded failure', applicationFailureInfo: { type: 'UnknownStudent' } } },
      { activityType: { name: 'alertStaff' }, state: 2, attempt: 2, maximumAttempts: 50, lastFailure: { message: 'Encoded failure', applicationFailureInfo: { type: '' } } },
    ]);
    const got = await retryingActivities(client, 'case-s2');
    expect(got.map((r) => [r.activity, r.failing, r.lastFailureType])).toEqual([
      ['requestSignature', true, 'timeout'],
      ['sendNotice', true, 'UnknownStudent'],
      ['alertStaff', true, 'Error'],
    ]);
    // Never the message: it may echo what an SMTP server refused.
    expect(JSON.stringify(got)).not.toContain('Encoded failure');
    expect(JSON.stringify(got)).not.toContain('StartToClose');
  });

  it('is empty for a case with nothing pending', async () => {
    const { client } = clientDescribing('case-s3', []);
    expect(await retryingActivities(client, 'case-other')).toEqual([]);
    expect(await retryingActivities(client, 'case-s3')).toEqual([]);
  });
});

describe('describeRetry: the lines `caseclock show` prints', () => {
  // 18:42 UTC is 10:42 in Los Angeles (PST) on 2026-12-02.
  const retry = (extra: Partial<RetryingActivity> = {}): RetryingActivity => failingSendNotice('2026-12-02T18:41:50.000Z', '2026-12-02T18:42:10.000Z', extra);
  const now = Date.parse('2026-12-02T18:42:00.000Z');
  const LA = 'America/Los_Angeles';

  it('says the activity, the attempt, the failure type and the next try in the district’s wall time', () => {
    expect(describeRetry(retry(), LA, now)).toBe('sendNotice attempt 4, last failure SmtpRefused, next 10:42');
    expect(describeRetry(retry(), 'America/New_York', now)).toBe('sendNotice attempt 4, last failure SmtpRefused, next 13:42');
  });

  it('dates a next try that is not today there; says when it runs now or waits for a worker', () => {
    expect(describeRetry(retry({ nextAttemptAt: '2026-12-03T09:05:00.000Z' }), LA, now)).toBe('sendNotice attempt 4, last failure SmtpRefused, next 2026-12-03 01:05');
    expect(describeRetry(retry({ state: 'started', nextAttemptAt: null }), LA, now)).toBe('sendNotice attempt 4, last failure SmtpRefused, running now');
    expect(describeRetry(retry({ activity: 'alertStaff', attempt: 2, lastFailureType: 'timeout', nextAttemptAt: null }), LA, now)).toBe('alertStaff attempt 2, last failure timeout, waiting for a worker');
  });

  it('show prints one "retrying:" line per failing effect, none for a first attempt that just runs', () => {
    const running = retry({ activity: 'requestSignature', attempt: 1, failing: false, lastFailureType: null, nextAttemptAt: null, state: 'started' });
    const lines = failingOnly([running, retry()]).map((r) => describeRetry(r, LA, now));
    const text = printCase(fakeView('s-own'), lines).split('\n');
    expect(text.filter((l) => l.startsWith('retrying:'))).toEqual(['retrying: sendNotice attempt 4, last failure SmtpRefused, next 10:42']);
    expect(printCase(fakeView('s-own')).includes('retrying:')).toBe(false);
  });
});
