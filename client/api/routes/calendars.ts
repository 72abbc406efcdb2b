/**
 * District calendars: the versions there are (demo and stored, client/calendars/calendar-store.ts),
 * the day kinds the deadline engine counts with (deadlines/calendar-view.ts
 * — the dashboard shows what the counts used), and publishing a version (deadlines.md §5) by
 * the same path as `caseclock calendar publish` (client/calendars/calendar-cases.ts
 * publishVersion), which re-plans every running case on that calendar. A calendar
 * has no district of its own, so publishing is allowed only when every case that follows it is
 * in the supervisor's districts.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { calendarSchema, describeDay, indexCalendar, toDayNumber, toIso, type Calendar } from '../../../deadlines';
import { casesFollowing, publishVersion } from '../../calendars/calendar-cases';
import { CalendarRefusal, CalendarStore } from '../../calendars/calendar-store';
import { ApiError } from '../api-error';
import type { ApiContext } from '../context';
import { endpoint } from '../endpoint';

const CalendarId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be a calendar id');
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
export const CalendarParam = z.object({ calendarId: CalendarId }).strict();
const Version = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be a calendar version');
export const CalendarDaysQuery = z.object({ from: Day.optional(), to: Day.optional(), version: Version.optional() }).strict();

/** Longest window one answer lists (about ten school years). */
const MAX_DAYS = 3700;

const DayKinds = z.enum(['school-day', 'weekend', 'holiday', 'closure', 'long-vacation', 'between-sessions', 'not-covered']);

const CalendarEntry = z.object({
  id: z.string(),
  version: z.string(),
  name: z.string(),
  source: z.enum(['demo', 'stored']),
  demoKey: z.string().nullable(),
  importedAt: z.string().nullable(),
  publishedAt: z.string().nullable(),
});

const MoveSchema = z.object({ caseId: z.string(), process: z.string(), rule: z.string(), from: z.string().nullable(), to: z.string().nullable(), problem: z.string().optional() });
const PublishReportSchema = z.object({
  calendarId: z.string(),
  version: z.string(),
  publishedAt: z.string(),
  cases: z.number().int(),
  alreadyOnVersion: z.number().int(),
  moves: z.array(MoveSchema),
  failed: z.array(z.object({ caseId: z.string(), error: z.string() })),
});

/** A demo key (`demo-usd-snow`), or a stored calendar id: one version (`?version=`) or the current one. */
function calendarFor(store: CalendarStore, calendarId: string, version: string | undefined): Calendar {
  try {
    const calendar = version ? store.get(calendarId, version) : store.current(calendarId);
    if (calendar) return calendar;
  } catch (error) {
    if (!(error instanceof CalendarRefusal)) throw error;
    if (error.kind !== 'not-found') throw new ApiError(500, `calendarId: the stored calendar ${calendarId} cannot be read`, 'calendarId');
    throw new ApiError(404, `${version ? 'version' : 'calendarId'}: ${error.message.replace(/^version: /, '')}`, version ? 'version' : 'calendarId');
  }
  throw new ApiError(404, `calendarId: no calendar ${calendarId}`, 'calendarId');
}

export function calendarRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const store = new CalendarStore(ctx.dataDir);
  endpoint(
    app,
    ctx,
    {
      method: 'GET',
      path: '/api/calendars',
      tag: 'calendars',
      summary: 'Every calendar version: the demo calendars and those imported with `caseclock calendar import`',
      action: 'calendar.read',
      response: { status: 200, description: 'the versions, by id then version', schema: z.object({ calendars: z.array(CalendarEntry) }) },
      refusals: [],
    },
    async () => ({ calendars: store.list() }),
  );

  endpoint(
    app,
    ctx,
    {
      method: 'GET',
      path: '/api/calendars/:calendarId',
      tag: 'calendars',
      summary: 'Each day’s kind between from and to (default: the calendar’s whole span); the current version unless ?version=',
      action: 'calendar.read',
      params: CalendarParam,
      query: CalendarDaysQuery,
      response: {
        status: 200,
        description: 'the days',
        schema: z.object({
          id: z.string(),
          name: z.string(),
          version: z.string().nullable(),
          from: z.string(),
          to: z.string(),
          days: z.array(z.object({ date: z.string(), kind: DayKinds, closure: z.string().optional() })),
        }),
      },
      refusals: [400, 404],
    },
    async ({ params, query }) => {
      const calendar = calendarFor(store, params.calendarId, query.version);
      const index = indexCalendar(calendar);
      const from = query.from ? toDayNumber(query.from, 'from') : index.spanStart;
      const to = query.to ? toDayNumber(query.to, 'to') : index.spanEnd;
      if (to < from) throw new ApiError(400, 'to: must not be before from', 'to');
      if (to - from + 1 > MAX_DAYS) throw new ApiError(400, `to: at most ${MAX_DAYS} days in one answer`, 'to');
      const days = [];
      for (let d = from; d <= to; d++) {
        const { date, kind, closure } = describeDay(calendar, toIso(d));
        days.push(closure ? { date, kind, closure } : { date, kind });
      }
      return { id: calendar.id, name: calendar.name, version: calendar.version ?? null, from: toIso(from), to: toIso(to), days };
    },
  );

  endpoint(
    app,
    ctx,
    {
      method: 'POST',
      path: '/api/calendars/:calendarId/publish',
      tag: 'calendars',
      summary:
        'Publish a calendar version: stored as `caseclock calendar import` would (a published version with other content is refused), marked published, then sent to every running case that follows the calendar through the publishCalendar Update',
      action: 'calendar.publish',
      params: CalendarParam,
      body: calendarSchema(),
      response: { status: 202, description: 'the publication report (as `caseclock calendar publish --json`): cases told, cases that failed (ids), deadlines that moved', schema: PublishReportSchema },
      refusals: [400, 422],
    },
    async ({ principal, params, body, reply }) => {
      if (body.id !== params.calendarId) throw new ApiError(400, `id: the body is calendar ${body.id}, the path ${params.calendarId}`, 'id');
      if (!body.version) throw new ApiError(400, 'version: a published calendar needs a version', 'version');
      const districtIds = new Set<string>();
      for (const c of await casesFollowing(ctx.service.client, body.id)) districtIds.add(c.districtId ?? '(none)');
      ctx.authorize(principal, 'calendar.publish', { districtIds: [...districtIds] });
      // Only after the caller is allowed: a refused request leaves the store as it was.
      try {
        store.importForPublishing(body);
      } catch (error) {
        if (error instanceof CalendarRefusal) throw new ApiError(400, error.message, error.field);
        throw error;
      }
      // From here the CLI's own path (client/cli/calendar.ts publish): marked published, then the Update to each case.
      const report = await publishVersion(store, ctx.service, { calendarId: body.id, version: body.version });
      // 202 as before the Update path (clients key on it); the report is final, not a promise.
      return reply.code(202).send(report);
    },
  );
}
