/**
 * How an Update says no: a RefusedEvent from the interpreter becomes a non-retryable
 * `RefusedEvent` ApplicationFailure whose details name the field (CaseService turns it into a
 * CaseError of kind `refused`). Thrown from a validator, it leaves nothing in the history.
 */
import { ApplicationFailure } from '@temporalio/workflow';
import { RefusedEvent } from './event-router';

export function refusal(error: unknown): never {
  if (error instanceof RefusedEvent) {
    throw ApplicationFailure.create({ type: 'RefusedEvent', message: error.message, nonRetryable: true, details: [{ field: error.field }] });
  }
  throw error;
}
