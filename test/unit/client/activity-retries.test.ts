/**
 * retryingActivities maps DescribeWorkflowExecution's pending activities to what staff need:
 * running vs retrying, the attempt, the failure type (never its message) and the next try.
 * The real server is exercised in test/integration/faults-smtp-docstore.test.ts.
 */
import type { Client } from '@temporalio/client';
import { msNumberToTs } from '@temporalio/common/lib/time';
import { describe, expect, it } from 'vitest';
import { retryingActivities } from '../../../client/activity-retries';

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
