/**
 * The answers' shapes as zod, for /openapi.json (responses are built by workflows/case-view.ts
 * and are not re-validated on the way out), and the parent's restricted case view.
 */
import { z } from 'zod';
import type { CaseView } from '../../workflows/case-view';

const DeadlineSchema = z.looseObject({
  key: z.string(),
  process: z.string(),
  rule: z.string(),
  due: z.string().nullable(),
  actBy: z.string().nullable(),
  explanation: z.array(z.string()),
  overdue: z.boolean(),
  status: z.string(),
});

export const CaseViewSchema = z.looseObject({
  caseId: z.string(),
  studentId: z.string(),
  districtId: z.string(),
  schoolId: z.string().nullable(),
  caseManagerId: z.string().nullable(),
  today: z.string(),
  calendar: z.object({ id: z.string(), version: z.string() }),
  rightsHolder: z.string(),
  processes: z.array(z.looseObject({ key: z.string(), chart: z.string(), version: z.string(), status: z.string(), state: z.string() })),
  states: z.record(z.string(), z.string()),
  pending: z.array(DeadlineSchema),
  closed: z.array(DeadlineSchema),
  notices: z.array(z.looseObject({ id: z.string(), form: z.string(), on: z.string(), status: z.string(), documentSha256: z.string().nullable() })),
  signatures: z.array(z.looseObject({ id: z.string(), form: z.string(), signer: z.string(), status: z.string(), requestId: z.string().nullable() })),
  alerts: z.array(z.looseObject({ id: z.string(), kind: z.string(), rule: z.string().nullable(), on: z.string() })),
  delays: z.array(z.looseObject({})),
  /** `parent` when this is the restricted view a parent gets. */
  audience: z.enum(['staff', 'parent']).optional(),
});

/** One effect being retried (client/activity-retries.ts): failure types only, never messages. */
export const RetryingActivitySchema = z.object({
  activity: z.string(),
  state: z.enum(['scheduled', 'started', 'cancel-requested', 'unknown']),
  attempt: z.number().int(),
  maximumAttempts: z.number().int(),
  failing: z.boolean(),
  lastFailureType: z.string().nullable(),
  lastFailedAt: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
});

/**
 * GET /api/cases/:studentId: the case view plus what Temporal knows and the view does not —
 * which queued notices or alerts are failing and being retried (empty for a parent).
 */
export const CaseReadSchema = CaseViewSchema.extend({ retrying: z.array(RetryingActivitySchema) });

export const TimelineEntrySchema = z.looseObject({
  seq: z.number(),
  at: z.string(),
  occurredOn: z.string(),
  kind: z.string(),
  type: z.string(),
  process: z.string().optional(),
});

export const RecordEventAnswerSchema = z.object({ seq: z.number(), process: z.string(), state: z.string(), opened: z.array(z.string()), view: CaseViewSchema });

export type AudienceView = CaseView & { audience: 'staff' | 'parent' };

/**
 * What a parent sees of their child's case (L4055-L4058: the records about identification,
 * assessment, placement and services): processes, deadlines, notices and signature requests.
 * Staff-only working data — escalation alerts to staff, CALPADS delay coding, the case
 * manager's id, effect queue counters — is left out, not just hidden by the page.
 */
export function parentView(view: CaseView): AudienceView {
  return {
    ...view,
    caseManagerId: null,
    alerts: [],
    delays: [],
    effectsQueued: 0,
    effectsFailed: 0,
    pending: view.pending.map((d) => ({ ...d, problem: null, reminders: [] })),
    closed: view.closed.map((d) => ({ ...d, problem: null, reminders: [] })),
    audience: 'parent',
  };
}

export function staffView(view: CaseView): AudienceView {
  return { ...view, audience: 'staff' };
}
