/**
 * Reading the log of access (L4230-L4239: open to the officials responsible for the records
 * and to auditors "as a means of auditing the operation of the system"). With a studentId the
 * student's case must be in the caller's districts; without one, the lines of the caller's
 * districts' students.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AccessLogEntrySchema } from '../../access-log';
import { InstantParam } from '../../instant-param';
import { authorizeCase } from '../case-access';
import type { ApiContext } from '../context';
import { endpoint } from '../endpoint';

export const AccessLogQuery = z
  .object({
    studentId: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be a student id').optional(),
    from: InstantParam.optional(),
    to: InstantParam.optional(),
    limit: z.coerce.number().int().min(1).max(10_000).optional(),
  })
  .strict();

export function accessLogRoutes(app: FastifyInstance, ctx: ApiContext): void {
  endpoint(
    app,
    ctx,
    {
      method: 'GET',
      path: '/api/access-log',
      tag: 'access-log',
      summary: 'Who read which student’s record, when (ids only)',
      action: 'accessLog.read',
      query: AccessLogQuery,
      response: { status: 200, description: 'the matching lines, oldest first', schema: z.object({ entries: z.array(AccessLogEntrySchema) }) },
      refusals: [400, 404],
    },
    async ({ principal, query }) => {
      if (query.studentId) {
        await authorizeCase(ctx, principal, 'accessLog.read', query.studentId);
        return { entries: await ctx.accessLog.read({ studentId: query.studentId, from: query.from, to: query.to, limit: query.limit }) };
      }
      return { entries: await ctx.accessLog.read({ districtIds: principal.districtIds, from: query.from, to: query.to, limit: query.limit }) };
    },
  );
}
