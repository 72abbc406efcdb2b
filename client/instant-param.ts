/**
 * An instant as the API's query strings and the CLI's flags take it: a bare date YYYY-MM-DD or
 * an ISO date-time with its zone. One schema for `replay --at`, `GET /api/cases/…/replay?at=`
 * and the access log's bounds, so the three refuse the same inputs with the same words.
 */
import { z } from 'zod';
import { isIsoDate } from '../deadlines';

const INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;

export const InstantParam = z
  .string()
  .regex(INSTANT, 'must be a date YYYY-MM-DD or an ISO date-time with zone')
    // The deadline engine's date check: Date.parse takes 2027-02-30 (as March 2).
  .refine((s) => isIsoDate(s.slice(0, 10)) && !Number.isNaN(Date.parse(s.length === 10 ? `${s}T00:00:00Z` : s)), 'must be a real date');

/** Replay "as of" an instant: a bare date reads as the end of that day (UTC), so its events count. */
export function replayUntilMs(at: string): number {
  return Date.parse(at.length === 10 ? `${at}T23:59:59Z` : at);
}
