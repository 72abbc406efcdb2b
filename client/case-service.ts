/**
 * What the CLI, the HTTP API, the importer and simulate do with cases, on the workflows'
 * Updates, Queries and visibility — never on a second copy of the state.
 */
import { Client, WorkflowIdReusePolicy, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import { calendarSchema, type Calendar } from '../deadlines';
import { IsoDate } from '../machines/contract';
import { caseIdFor, type OpenCaseInput } from '../workflows/case-state';
import type { CaseView } from '../workflows/case-view';
import {
  caseViewQuery,
  migrateProcessesUpdate,
  migrationPlanQuery,
  publishCalendarUpdate,
  recordEventUpdate,
  recordHistoryUpdate,
  signDocumentUpdate,
  timelineQuery,
  type RecordEventAnswer,
  type RecordHistoryAnswer,
  type SignDocumentAnswer,
} from '../workflows/messages';
import type { TimelineEntry } from '../workflows/case-state';
import { SA } from '../workflows/search-attributes';
import type { MigrationActor, MigrationStep, MigrationTarget } from '../workflows/chart-migration';
import { SignDocumentSchema } from '../workflows/signing-request';
import { retryingActivities, type RetryingActivity } from './activity-retries';

const id = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be an id (letters, digits, . _ -), not a name');

export const OpenCaseRequest = z
  .object({
    studentId: id,
    birthDate: IsoDate,
    language: z.string().regex(/^[a-z]{2}$/, 'must be a two-letter language code'),
    districtId: id,
    schoolId: id.optional(),
    caseManagerId: id.optional(),
    delivery: z.enum(['email', 'mail', 'hand']).optional(),
    calendar: calendarSchema(),
    policy: z.record(z.string(), z.union([z.boolean(), z.number(), z.string()])).optional(),
    settings: z.object({ timerHour: z.number().int().min(0).max(23).optional(), reminders: z.boolean().optional() }).strict().optional(),
  })
  .strict();
export type OpenCaseRequest = z.infer<typeof OpenCaseRequest>;

export class CaseError extends Error {
  constructor(
    message: string,
    readonly kind: 'refused' | 'not-found' | 'conflict' | 'bad-input',
    readonly field: string | null = null,
  ) {
    super(message);
  }
}

export interface CaseScope {
  studentId: string;
  districtId: string;
  caseManagerId: string | null;
  schoolId: string | null;
}

export interface CaseServiceOptions {
  client: Client;
  taskQueue: string;
}

export function toOpenCaseInput(req: OpenCaseRequest): OpenCaseInput {
  const { calendar, policy, settings, ...profile } = req;
  return {
    caseId: caseIdFor(req.studentId),
    profile,
    calendar: calendar as Calendar,
    policy: policy as OpenCaseInput['policy'],
    settings,
  };
}

export class CaseService {
  constructor(private readonly opts: CaseServiceOptions) {}

  get client(): Client {
    return this.opts.client;
  }

  async openCase(raw: unknown): Promise<{ caseId: string; runId: string }> {
    const parsed = OpenCaseRequest.safeParse(raw);
    if (!parsed.success) throw badInput(parsed.error, 'case');
    const input = toOpenCaseInput(parsed.data);
    try {
      const handle = await this.client.workflow.start('studentCase', {
        taskQueue: this.opts.taskQueue,
        workflowId: input.caseId,
        args: [{ open: input }],
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      });
      return { caseId: input.caseId, runId: handle.firstExecutionRunId };
    } catch (error) {
      if (error instanceof Error && error.name === 'WorkflowExecutionAlreadyStartedError') {
        throw new CaseError(`case ${input.caseId} already exists`, 'conflict', 'studentId');
      }
      throw error;
    }
  }

  async recordEvent(studentId: string, event: unknown, opts: { waitForEffects?: boolean } = {}): Promise<RecordEventAnswer> {
    if (typeof event !== 'object' || event === null) throw new CaseError('event: an event object is required', 'bad-input', 'event');
    const handle = this.client.workflow.getHandle(caseIdFor(studentId));
    try {
      return await handle.executeUpdate(recordEventUpdate, { args: [{ event: event as Record<string, unknown>, waitForEffects: opts.waitForEffects }] });
    } catch (error) {
      throw translate(error, studentId);
    }
  }

  /**
   * A case's past in one Update (recordHistory, workflows/late-entry.ts): the events in date
   * order, all recorded or, on a refusal naming `events[i]`, none.
   */
  async recordHistory(studentId: string, events: unknown[]): Promise<RecordHistoryAnswer> {
    if (!Array.isArray(events) || events.some((e) => typeof e !== 'object' || e === null)) throw new CaseError('events: a list of event objects is required', 'bad-input', 'events');
    const handle = this.client.workflow.getHandle(caseIdFor(studentId));
    try {
      return await handle.executeUpdate(recordHistoryUpdate, { args: [{ events: events as Array<Record<string, unknown>> }] });
    } catch (error) {
      throw translate(error, studentId);
    }
  }

  async view(studentId: string): Promise<CaseView> {
    try {
      return await this.client.workflow.getHandle(caseIdFor(studentId)).query(caseViewQuery);
    } catch (error) {
      throw translate(error, studentId);
    }
  }

  /**
   * Whose case this is (district, case manager), from the workflow's search attributes via
   * describe — server metadata, not a Query or Update — so the API can authorize a request
   * before anything reads or changes the case. Right after openCase the first workflow task
   * may not have published them yet: describe again briefly, then read the case view.
   */
  async scope(studentId: string): Promise<CaseScope> {
    const handle = this.client.workflow.getHandle(caseIdFor(studentId));
    try {
      for (let attempt = 0; attempt < 10; attempt++) {
        const d = await handle.describe();
        const districtId = d.typedSearchAttributes.get(SA.district);
        if (districtId) return { studentId, districtId, caseManagerId: d.typedSearchAttributes.get(SA.caseManager) ?? null, schoolId: d.typedSearchAttributes.get(SA.school) ?? null };
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const view = await handle.query(caseViewQuery);
      return { studentId, districtId: view.districtId, caseManagerId: view.caseManagerId, schoolId: view.schoolId };
    } catch (error) {
      throw translate(error, studentId);
    }
  }

  /** The case's effects being retried now (client/activity-retries.ts; describe, no Query). */
  async retrying(studentId: string): Promise<RetryingActivity[]> {
    try {
      return await retryingActivities(this.client, caseIdFor(studentId));
    } catch (error) {
      throw translate(error, studentId);
    }
  }

  async timeline(studentId: string, opts: { process?: string; until?: string } = {}): Promise<TimelineEntry[]> {
    try {
      return await this.client.workflow.getHandle(caseIdFor(studentId)).query(timelineQuery, opts);
    } catch (error) {
      throw translate(error, studentId);
    }
  }

  /**
   * A signer's answer through a signing link (POST /api/cases/:studentId/signatures): the
   * workflow's signDocument Update redeems the one-time token and applies the consent event.
   * `signedAt` defaults to now on this machine (real time, which the ledger checks against).
   */
  async sign(studentId: string, req: { token: string; decision: unknown; signerRole: string; signedAt?: string }): Promise<SignDocumentAnswer> {
    const parsed = SignDocumentSchema.safeParse(req);
    if (!parsed.success) throw badInput(parsed.error, 'signature');
    const handle = this.client.workflow.getHandle(caseIdFor(studentId));
    try {
      return await handle.executeUpdate(signDocumentUpdate, { args: [{ ...parsed.data, signedAt: parsed.data.signedAt ?? new Date().toISOString() }] });
    } catch (error) {
      throw translate(error, studentId);
    }
  }

  /** The dry run of a chart migration (migrationPlan Query): what would move, or why it cannot; changes nothing. */
  async migrationPlan(studentId: string, target: MigrationTarget): Promise<{ steps: MigrationStep[]; refused: string | null }> {
    try {
      return await this.client.workflow.getHandle(caseIdFor(studentId)).query(migrationPlanQuery, target);
    } catch (error) {
      throw translate(error, studentId);
    }
  }

  /** Move the case's open instances of `target.chart` to that version (migrateProcesses Update), recording who asked. */
  async migrate(studentId: string, target: MigrationTarget, by: MigrationActor): Promise<MigrationStep[]> {
    try {
      return await this.client.workflow.getHandle(caseIdFor(studentId)).executeUpdate(migrateProcessesUpdate, { args: [target, by] });
    } catch (error) {
      throw translate(error, studentId);
    }
  }

  async publishCalendar(studentId: string, calendar: Calendar) {
    try {
      return await this.client.workflow.getHandle(caseIdFor(studentId)).executeUpdate(publishCalendarUpdate, { args: [calendar] });
    } catch (error) {
      throw translate(error, studentId);
    }
  }
}

function translate(error: unknown, studentId: string): unknown {
  if (error instanceof WorkflowNotFoundError) return new CaseError(`no case for student ${studentId}`, 'not-found', 'studentId');
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
    const field = (error.cause.details?.[0] as { field?: string } | undefined)?.field ?? null;
    return new CaseError(error.cause.message, 'refused', field);
  }
  return error;
}

export function badInput(error: z.ZodError, prefix: string): CaseError {
  const issue = error.issues[0];
  const path = [prefix, ...issue.path.map(String)].join('.');
  return new CaseError(`${path}: ${issue.message}`, 'bad-input', path);
}
