// Types of case-reading.js for the TypeScript tests (the dashboard itself is plain ES modules).
export interface DeadlineLike {
  due: string | null;
  overdue: boolean;
  status: string;
}
export interface TimelineEntryLike {
  seq: number;
  at: string;
  kind: string;
  type: string;
  occurredOn?: string | null;
}
export interface ReplayStop {
  at: string;
  seq: number;
  label: string;
}
export interface EventFormValues {
  type: string;
  otherType: string;
  occurredOn: string;
  role: string;
  actorId: string;
  process?: string;
  fields: string;
}
export declare const ROLES: string[];
export declare const OTHER: string;
export declare function isDeadlineDueSoon(deadline: DeadlineLike, today: string): boolean;
export declare function deadlineUrgency(deadline: DeadlineLike, today: string): 'overdue' | 'soon' | null;
export declare function nextDeadline<T extends { due: string | null }>(view: { pending: T[] }): T | null;
export declare function replayStops(entries: readonly TimelineEntryLike[]): ReplayStop[];
export declare function detailText(detail: Record<string, unknown> | null | undefined): string;
export declare function eventFromForm(values: EventFormValues): { event: Record<string, unknown>; field?: undefined; message?: undefined } | { event?: undefined; field: string; message: string };
export interface RetryingLike {
  activity: string;
  state: string;
  attempt: number;
  failing: boolean;
  lastFailureType: string | null;
  nextAttemptAt: string | null;
}
export declare function retryLines(retrying: readonly RetryingLike[] | undefined, nowMs: number, timeZone?: string): Array<{ activity: string; text: string }>;
