/** A notice whose mail server has refused it four times, as activity-retries.ts reports it (tests of the CLI, API and dashboard). */
import type { RetryingActivity } from '../../../client/activity-retries';

export function failingSendNotice(lastFailedAt: string, nextAttemptAt: string, extra: Partial<RetryingActivity> = {}): RetryingActivity {
  return { activity: 'sendNotice', state: 'scheduled', attempt: 4, maximumAttempts: 50, failing: true, lastFailureType: 'SmtpRefused', lastFailedAt, nextAttemptAt, ...extra };
}
