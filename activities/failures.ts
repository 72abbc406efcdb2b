/**
 * Failures of activities that retrying cannot fix. Each is thrown as a non-retryable
 * `ApplicationFailure` whose `type` is one of these names, so the workflow lists them in
 * `nonRetryableErrorTypes` (workflows/activity-types.ts keeps the same list) and shows the
 * message to staff instead of retrying for hours. Messages name the field and the ids
 * involved, never a value that could be personal data (no names, emails, addresses).
 */
import { ApplicationFailure } from '@temporalio/common';
import type { z } from 'zod';

export const ActivityFailureType = {
  UnknownForm: 'UnknownForm',
  UnsupportedLanguage: 'UnsupportedLanguage',
  UnknownStudent: 'UnknownStudent',
  BadSignatureToken: 'BadSignatureToken',
  DocumentChanged: 'DocumentChanged',
  ExcusalWithoutAgreement: 'ExcusalWithoutAgreement',
  BadInput: 'BadInput',
} as const;
export type ActivityFailureType = (typeof ActivityFailureType)[keyof typeof ActivityFailureType];

/** For `nonRetryableErrorTypes` in the workflow's retry policy. */
export const NON_RETRYABLE_ACTIVITY_FAILURES: readonly ActivityFailureType[] = Object.values(ActivityFailureType);

export function nonRetryable(type: ActivityFailureType, message: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(message, type);
}

/** True when `error` is the non-retryable failure `type` (tests and callers such as the API). */
export function isActivityFailure(error: unknown, type?: ActivityFailureType): error is ApplicationFailure {
  return error instanceof ApplicationFailure && error.nonRetryable === true && (type === undefined || error.type === type);
}

/** `parent.email` style path of a zod issue; `(root)` for the value itself. */
export function issuePath(issue: z.core.$ZodIssue): string {
  return issue.path.length === 0 ? '(root)' : issue.path.map(String).join('.');
}

/**
 * Validate an activity's input. The first issue becomes one line naming the field; zod's
 * messages describe the expected shape and do not echo the received value.
 * `typeOf` maps a field path to a more specific failure type (unknown form code, language).
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  what: string,
  typeOf: (path: string) => ActivityFailureType = () => ActivityFailureType.BadInput,
): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issuePath(issue);
  throw nonRetryable(typeOf(path), `${what}: ${path}: ${issue.message}`);
}
