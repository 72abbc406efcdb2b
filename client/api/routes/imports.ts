/**
 * POST /api/imports — a bulk-import CSV as the body (`Content-Type: text/csv`; format in
 * client/import/import-row.ts), supervisors only, rows for their own districts only.
 * Query: `calendar` (default calendar for rows without one: `id` or `id@version`, from the
 * calendar store or the demo calendars), `dryRun=true` (check only).
 * 200 → the import report `{ imported, refused: [{ line, field, error }], … }`; a file that
 * cannot be read at all (bad header, unclosed quote) → 422 naming the line and column, and
 * nothing is imported.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Calendar } from '../../../deadlines';
import { CalendarResolver, CALENDAR_REF_PATTERN } from '../../calendars/calendar-ref';
import { CalendarStore } from '../../calendars/calendar-store';
import { ImportFileError } from '../../import/import-plan';
import { importCases } from '../../import/importer';
import { ApiError, type ApiContext } from '../context';
import { rolesFor } from '../auth';
import { documentRoute } from '../endpoint';

const ImportQuery = z
  .object({
    calendar: z.string().regex(CALENDAR_REF_PATTERN, 'must be a calendar id or id@version').optional(),
    dryRun: z.enum(['true', 'false']).optional(),
  })
  .strict();

/** Enough for ~80,000 rows of the documented columns; the importer itself stops at 20,000. */
const IMPORT_BODY_LIMIT = 10 * 1024 * 1024;

export function importRoutes(app: FastifyInstance, ctx: ApiContext): void {
  if (!app.hasContentTypeParser('text/csv')) {
    app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: IMPORT_BODY_LIMIT }, (_req, body, done) => done(null, body));
  }
  documentRoute(app, {
    method: 'POST',
    path: '/api/imports',
    tag: 'imports',
    summary: 'Import existing cases from CSV (mid-process); a bad row is reported with its line and field',
    action: 'case.import',
    roles: rolesFor('case.import'),
    query: ImportQuery,
    bodyContentType: 'text/csv',
    response: { status: 200, description: 'the import report: imported, refused rows' },
    refusals: [400, 415, 422],
  });
  app.post('/api/imports', { bodyLimit: IMPORT_BODY_LIMIT }, async (req, reply) => {
    try {
      const principal = ctx.authenticate(req);
      ctx.authorize(principal, 'case.import');
      const query = ImportQuery.parse(req.query);
      if (typeof req.body !== 'string') throw new ApiError(415, 'body: send the CSV as text/csv', 'body');
      // Rows and the default resolve like `caseclock import` (calendars/calendar-ref.ts).
      const resolver = new CalendarResolver(new CalendarStore(ctx.dataDir));
      const calendars: Record<string, Calendar> = {};
      let defaultCalendarId: string | undefined;
      if (query.calendar !== undefined) {
        const found = resolver.tryResolve(query.calendar, 'calendar');
        if ('refusal' in found) throw new ApiError(422, found.refusal, 'calendar');
        calendars[query.calendar] = found.calendar;
        defaultCalendarId = query.calendar;
      }
      const report = await importCases(ctx.service, req.body, {
        calendars,
        resolveCalendar: (ref) => resolver.tryResolve(ref, 'calendarId'),
        defaultCalendarId,
        dryRun: query.dryRun === 'true',
        districtAllowed: (districtId) => principal.districtIds.includes(districtId),
      });
      return reply.code(200).send(report);
    } catch (error) {
      if (error instanceof ImportFileError) return ctx.fail(reply, new ApiError(422, error.message, error.field));
      return ctx.fail(reply, error);
    }
  });
}
