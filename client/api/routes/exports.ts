/**
 * GET /api/exports/calpads.csv · /api/exports/edfi.json · /api/exports/caseload.ics
 * (query: district, school, caseManager — the same filters as the CLI).
 *
 * Who gets what (client/api/auth.ts, action `case.export`): a supervisor or auditor the cases
 * of their districts, staff only their own caseload (caseManager is forced to theirs), parents
 * nothing. Every student in an export is one access-log line (the handbook's record of who
 * read which file, L9284-L9286), written before the export is answered.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ExportFilter, readCaseRecords, renderExport, type CaseRecord, type ExportKind } from '../../exports';
import { dateIn } from '../../../workflows/zoned-time';
import { ApiError, type ApiContext, type Principal } from '../context';
import { rolesFor } from '../auth';
import { documentRoute } from '../endpoint';

const ExportQuery = z
  .object({
    district: z.string().optional(),
    school: z.string().optional(),
    caseManager: z.string().optional(),
  })
  .strict();

const PATHS: Record<ExportKind, string> = {
  calpads: '/api/exports/calpads.csv',
  edfi: '/api/exports/edfi.json',
  ics: '/api/exports/caseload.ics',
};

const EXPORT_TITLES: Record<ExportKind, string> = {
  calpads: 'CALPADS-shaped CSV of special-education meetings and plans',
  edfi: 'Ed-Fi-shaped JSON of special-education events',
  ics: 'ICS calendar of the pending deadlines',
};
const CONTENT_TYPES: Record<ExportKind, string> = { calpads: 'text/csv', edfi: 'application/json', ics: 'text/calendar' };

/** One visibility filter per district the caller may read (a caseload never crosses them). */
export function exportScopes(principal: Principal, query: z.infer<typeof ExportQuery>): ExportFilter[] {
  if (query.district !== undefined && !principal.districtIds.includes(query.district)) {
    throw new ApiError(403, `district: ${query.district} is not one of ${principal.userId}'s districts`, 'district');
  }
  let caseManager = query.caseManager;
  if (principal.role === 'staff') {
    if (caseManager !== undefined && caseManager !== principal.caseManagerId) {
      throw new ApiError(403, `caseManager: staff export only their own caseload (${principal.caseManagerId ?? 'unset'})`, 'caseManager');
    }
    caseManager = principal.caseManagerId ?? undefined;
    if (!caseManager) throw new ApiError(403, 'caseManager: this staff user has no caseload', 'caseManager');
  }
  const districts = query.district !== undefined ? [query.district] : principal.districtIds;
  return districts.map((district) => ExportFilter.parse({ district, school: query.school, caseManager }));
}

export function exportRoutes(app: FastifyInstance, ctx: ApiContext): void {
  for (const [kind, path] of Object.entries(PATHS) as Array<[ExportKind, string]>) {
    documentRoute(app, {
      method: 'GET',
      path,
      tag: 'exports',
      summary: `${EXPORT_TITLES[kind]} of the cases the caller may read (each student an access-log line)`,
      action: 'case.export',
      roles: rolesFor('case.export'),
      query: ExportQuery,
      response: { status: 200, description: EXPORT_TITLES[kind], contentType: CONTENT_TYPES[kind] },
      refusals: [400],
    });
    app.get(path, async (req, reply) => {
      try {
        const principal = ctx.authenticate(req);
        ctx.authorize(principal, 'case.export');
        const scopes = exportScopes(principal, ExportQuery.parse(req.query));
        const seen = new Set<string>();
        const allowed: CaseRecord[] = [];
        const refused: CaseRecord[] = [];
        for (const filter of scopes) {
          for (const record of await readCaseRecords(ctx.service, filter)) {
            const { view } = record;
            if (seen.has(view.caseId)) continue;
            seen.add(view.caseId);
            try {
              ctx.authorize(principal, 'case.export', { studentId: view.studentId, districtId: view.districtId, caseManagerId: view.caseManagerId });
              allowed.push(record);
            } catch {
              // Visibility matched a case the rule table refuses: left out, and the refusal logged.
              refused.push(record);
            }
          }
        }
        allowed.sort((a, b) => a.view.studentId.localeCompare(b.view.studentId));
        const line = (r: CaseRecord, outcome: 'allowed' | 'refused') => ({
          userId: principal.userId,
          role: principal.role,
          action: 'case.export',
          studentId: r.view.studentId,
          districtId: r.view.districtId,
          outcome,
        });
        await ctx.accessLog.recordMany([...allowed.map((r) => line(r, 'allowed')), ...refused.map((r) => line(r, 'refused'))]);
        const nowMs = Date.now();
        const rendered = renderExport(kind, allowed, { nowMs, today: allowed[0]?.view.today ?? dateIn('America/Los_Angeles', nowMs) });
        return reply
          .type(rendered.contentType)
          .header('content-disposition', `attachment; filename="${rendered.fileName}"`)
          .header('x-caseclock-students', String(rendered.studentIds.length))
          .header('x-caseclock-records', String(rendered.records))
          .send(rendered.body);
      } catch (error) {
        return ctx.fail(reply, error);
      }
    });
  }
}
