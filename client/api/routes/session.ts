/**
 * Who am I, and my caseload. The caseload is Temporal visibility (client/caseload.ts) narrowed
 * to what the caller may see: a case manager their own cases in their districts, a supervisor
 * or auditor every case of their districts (L4157-L4162: access follows the legitimate
 * educational interest). Asking for another case manager or district is refused, not emptied,
 * so a filter typo is not mistaken for "no cases".
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CaseloadFilter, listCaseload, type CaseloadRow } from '../../caseload';
import { ApiError } from '../api-error';
import type { ApiContext } from '../context';
import { endpoint } from '../endpoint';

const IdFilter = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be an id (letters, digits, . _ -)');

export const CaseloadQuery = z
  .object({
    school: IdFilter.optional(),
    caseManager: IdFilter.optional(),
    district: IdFilter.optional(),
    overdue: z.enum(['true', 'false']).optional(),
    dueBy: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD').optional(),
    rule: z.string().regex(/^[a-z0-9-]{2,64}$/, 'must be a rule id').optional(),
    limit: z.coerce.number().int().min(1).max(10_000).optional(),
  })
  .strict();

export const MeAnswer = z.object({
  userId: z.string(),
  role: z.enum(['staff', 'supervisor', 'auditor', 'parent']),
  districtIds: z.array(z.string()),
  caseManagerId: z.string().nullable(),
  studentIds: z.array(z.string()),
});

const CaseloadRowSchema = z.object({
  caseId: z.string(),
  studentId: z.string(),
  district: z.string().nullable(),
  school: z.string().nullable(),
  caseManager: z.string().nullable(),
  nextRule: z.string().nullable(),
  nextDue: z.string().nullable(),
  overdue: z.boolean(),
  overdueRules: z.array(z.string()),
  states: z.array(z.string()),
  problem: z.boolean(),
});

export function sessionRoutes(app: FastifyInstance, ctx: ApiContext): void {
  endpoint(
    app,
    ctx,
    { method: 'GET', path: '/api/me', tag: 'session', summary: 'The caller: role, districts, case manager id, students', action: 'me.read', response: { status: 200, description: 'the caller', schema: MeAnswer } },
    async ({ principal }) => ({ ...principal }),
  );

  endpoint(
    app,
    ctx,
    {
      method: 'GET',
      path: '/api/caseload',
      tag: 'caseload',
      summary: 'Open cases by next deadline, narrowed to what the caller may see',
      action: 'caseload.read',
      query: CaseloadQuery,
      response: { status: 200, description: 'the caseload', schema: z.object({ cases: z.array(CaseloadRowSchema) }) },
      refusals: [400],
    },
    async ({ principal, query }) => {
      if (query.district) ctx.authorize(principal, 'caseload.read', { districtId: query.district });
      let caseManager = query.caseManager;
      if (principal.role === 'staff') {
        if (caseManager !== undefined && caseManager !== principal.caseManagerId) {
          throw new ApiError(403, `caseManager: staff see only their own caseload (${principal.caseManagerId ?? 'unset'})`, 'caseManager');
        }
        caseManager = principal.caseManagerId ?? undefined;
      }
      const districts = query.district ? [query.district] : principal.districtIds;
      const limit = query.limit ?? 500;
      const rows: CaseloadRow[] = [];
      // Visibility takes one district per query; a user of several districts gets them merged.
      for (const district of districts) {
        const filter = CaseloadFilter.parse({
          school: query.school,
          caseManager,
          district,
          overdue: query.overdue === undefined ? undefined : query.overdue === 'true',
          dueBy: query.dueBy,
          rule: query.rule,
          limit,
        });
        rows.push(...(await listCaseload(ctx.service.client, filter)));
      }
      rows.sort((x, y) => (x.nextDue ?? '9999').localeCompare(y.nextDue ?? '9999') || x.caseId.localeCompare(y.caseId));
      return { cases: rows.slice(0, limit) };
    },
  );
}
