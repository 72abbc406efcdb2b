/**
 * One student's case: open it, read its view and timeline, send it events, and replay it to a
 * past instant from its Temporal history (client/replay.ts). Every route authorizes the case
 * (case-access.ts) before its Query or Update; reads are access-logged there.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { calendarSchema, type Calendar } from '../../../deadlines';
import { CalendarRefArg, CalendarResolver } from '../../calendars/calendar-ref';
import { CalendarStore } from '../../calendars/calendar-store';
import { OpenCaseRequest } from '../../case-service';
import { InstantParam, replayUntilMs } from '../../instant-param';
import { fetchCaseHistories, ReplayRangeError, replayHistory, replayThroughSeq, runAt, TimelineEntryNumber } from '../../replay';
import { caseIdFor } from '../../../workflows/case-state';
import { ApiError } from '../api-error';
import { authorizeCase } from '../case-access';
import type { ApiContext } from '../context';
import { endpoint } from '../endpoint';
import { CaseReadSchema, CaseViewSchema, RecordEventAnswerSchema, TimelineEntrySchema, parentView, staffView } from '../view-schemas';

/**
 * The open-case body: the calendar as a document (as before) or named — `id@version` from the
 * calendar store (a published or stored version) or the demo calendars, or `id` for its
 * current version (client/calendars/calendar-ref.ts).
 */
export const OpenCaseBody = OpenCaseRequest.extend({ calendar: z.union([CalendarRefArg, calendarSchema()]) });

function calendarNamed(store: CalendarStore, ref: string): Calendar {
  const found = new CalendarResolver(store).tryResolve(ref, 'calendar');
  if ('refusal' in found) throw new ApiError(400, found.refusal, 'calendar');
  return found.calendar;
}

export const StudentParam = z.object({ studentId: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be a student id') }).strict();

export const EventQuery = z.object({ wait: z.enum(['true', 'false']).optional() }).strict();

/** The chart event; its own fields are checked by the workflow's Update validator (422 with the reason). */
export const EventBody = z.looseObject({
  type: z.string().regex(/^[A-Z][A-Z0-9_]{1,63}$/, 'must be an event type (UPPER_SNAKE_CASE)'),
  occurredOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD'),
  actor: z.looseObject({ role: z.string(), id: z.string().optional() }).optional(),
});

/** An instant, or a timeline entry: entries recorded within one second share an instant. */
export const ReplayQuery = z
  .object({ at: InstantParam.optional(), seq: TimelineEntryNumber.optional() })
  .strict()
  .superRefine((q, issues) => {
    if ((q.at === undefined) === (q.seq === undefined)) issues.addIssue({ code: 'custom', path: [q.at === undefined ? 'at' : 'seq'], message: 'give one of at (an instant) or seq (a timeline entry), not both' });
  });

export function caseRoutes(app: FastifyInstance, ctx: ApiContext): void {
  endpoint(
    app,
    ctx,
    {
      method: 'POST',
      path: '/api/cases',
      tag: 'cases',
      summary: 'Open a case (the case manager and district must be the caller’s)',
      action: 'case.open',
      body: OpenCaseBody,
      response: { status: 201, description: 'the case was opened', schema: z.object({ caseId: z.string(), runId: z.string() }) },
      refusals: [400, 409],
    },
    async ({ principal, body, reply }) => {
      // Opening is checked on the request itself: the case does not exist yet.
      ctx.authorize(principal, 'case.open', { studentId: body.studentId, districtId: body.districtId, caseManagerId: body.caseManagerId ?? null });
      const calendar = typeof body.calendar === 'string' ? calendarNamed(new CalendarStore(ctx.dataDir), body.calendar) : body.calendar;
      return reply.code(201).send(await ctx.service.openCase({ ...body, calendar }));
    },
  );

  endpoint(
    app,
    ctx,
    {
      method: 'GET',
      path: '/api/cases/:studentId',
      tag: 'cases',
      summary: 'The case view (a parent gets the restricted parent view)',
      action: 'case.read',
      params: StudentParam,
      response: { status: 200, description: 'the case view, with the effects being retried now', schema: CaseReadSchema },
      refusals: [404],
    },
    async ({ principal, params }) => {
      await authorizeCase(ctx, principal, 'case.read', params.studentId);
      if (principal.role === 'parent') return { ...parentView(await ctx.service.view(params.studentId)), retrying: [] };
      const [view, retrying] = await Promise.all([ctx.service.view(params.studentId), ctx.service.retrying(params.studentId)]);
      return { ...staffView(view), retrying };
    },
  );

  endpoint(
    app,
    ctx,
    {
      method: 'POST',
      path: '/api/cases/:studentId/events',
      tag: 'cases',
      summary: 'Record a chart event; ?wait=true waits for the notices and requests it causes',
      action: 'case.event',
      params: StudentParam,
      query: EventQuery,
      body: EventBody,
      response: { status: 201, description: 'the event was recorded', schema: RecordEventAnswerSchema },
      refusals: [400, 404, 422],
    },
    async ({ principal, params, query, body, reply }) => {
      await authorizeCase(ctx, principal, 'case.event', params.studentId);
      // The event goes as sent: its actor is who acted (often the parent), not who typed it in.
      const answer = await ctx.service.recordEvent(params.studentId, body, { waitForEffects: query.wait === 'true' });
      return reply.code(201).send(answer);
    },
  );

  endpoint(
    app,
    ctx,
    {
      method: 'GET',
      path: '/api/cases/:studentId/timeline',
      tag: 'cases',
      summary: 'Everything that happened to the case, in order',
      action: 'timeline.read',
      params: StudentParam,
      response: { status: 200, description: 'the timeline', schema: z.object({ entries: z.array(TimelineEntrySchema) }) },
      refusals: [404],
    },
    async ({ principal, params }) => {
      await authorizeCase(ctx, principal, 'timeline.read', params.studentId);
      return { entries: await ctx.service.timeline(params.studentId) };
    },
  );

  endpoint(
    app,
    ctx,
    {
      method: 'GET',
      path: '/api/cases/:studentId/replay',
      tag: 'cases',
      summary: 'The case as it stood at an instant (a bare date means the end of that day, UTC), or just after a timeline entry (seq), from its history',
      action: 'replay.read',
      params: StudentParam,
      query: ReplayQuery,
      response: {
        status: 200,
        description: 'the replayed case',
        schema: z.object({ at: z.string(), throughSeq: z.number().optional(), view: CaseViewSchema, timeline: z.array(TimelineEntrySchema), eventsRead: z.number(), eventsApplied: z.number() }),
      },
      refusals: [400, 404, 422],
    },
    async ({ principal, params, query }) => {
      await authorizeCase(ctx, principal, 'replay.read', params.studentId);
      const runs = await fetchCaseHistories(ctx.service.client, caseIdFor(params.studentId));
      if (query.seq !== undefined) {
        try {
          const result = replayThroughSeq(runs, Number(query.seq));
          return { ...result, view: staffView(result.view) };
        } catch (error) {
          if (error instanceof ReplayRangeError) throw new ApiError(422, 'seq: the case has no timeline entry of that number', 'seq');
          throw error;
        }
      }
      const untilMs = replayUntilMs(query.at!);
      try {
        const result = replayHistory(runAt(runs, untilMs), untilMs);
        return { ...result, view: staffView(result.view) };
      } catch (error) {
        if (error instanceof ReplayRangeError) throw new ApiError(422, 'at: the instant is before the case started', 'at');
        throw error;
      }
    },
  );
}
