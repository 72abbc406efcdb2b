/** The RefusedEvent `fn` throws (any other error is rethrown; no throw at all fails the test). */
import { RefusedEvent } from '../../../workflows/event-router';

export function refusal(fn: () => unknown): RefusedEvent {
  try {
    fn();
  } catch (error) {
    if (error instanceof RefusedEvent) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}
