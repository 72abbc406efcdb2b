/**
 * HTTP API and dashboard (fastify), on the workflows' Updates, Queries and visibility.
 * Every body and query string is validated with zod; a refusal is a 4xx with one line that
 * names the field.
 */
import { readFileSync } from 'node:fs';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { z } from 'zod';
import { CaseError, CaseService } from '../case-service';
import { CaseloadFilter, listCaseload } from '../caseload';

const StudentParam = z.object({ studentId: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be a student id') }).strict();
const EventQuery = z.object({ wait: z.enum(['true', 'false']).optional() }).strict();
const CaseloadQuery = z
  .object({
    school: z.string().optional(),
    caseManager: z.string().optional(),
    district: z.string().optional(),
    overdue: z.enum(['true', 'false']).optional(),
    dueBy: z.string().optional(),
    rule: z.string().optional(),
    limit: z.coerce.number().optional(),
  })
  .strict();

const dashboardHtml = () => readFileSync(new URL('../dashboard/index.html', import.meta.url), 'utf8');

function fail(reply: FastifyReply, error: unknown) {
  if (error instanceof CaseError) {
    const status = error.kind === 'not-found' ? 404 : error.kind === 'conflict' ? 409 : 422;
    return reply.code(status).send({ error: error.message, field: error.field });
  }
  if (error instanceof z.ZodError) {
    const issue = error.issues[0];
    return reply.code(400).send({ error: `${issue.path.join('.') || 'request'}: ${issue.message}`, field: issue.path.join('.') });
  }
  reply.log.error({ err: error instanceof Error ? error.name : 'unknown' }, 'request failed');
  return reply.code(500).send({ error: 'internal error' });
}

export function buildApi(service: CaseService): FastifyInstance {
  // Request logging stays off: URLs and bodies carry student ids and event fields.
  const app = Fastify({ logger: false, bodyLimit: 1_000_000 });

  app.get('/health', async () => ({ ok: true }));
  app.get('/', async (_req, reply) => reply.type('text/html').send(dashboardHtml()));

  app.get('/api/caseload', async (req, reply) => {
    try {
      const q = CaseloadQuery.parse(req.query);
      const filter = CaseloadFilter.parse({ ...q, overdue: q.overdue === undefined ? undefined : q.overdue === 'true' });
      return { cases: await listCaseload(service.client, filter) };
    } catch (error) {
      return fail(reply, error);
    }
  });

  app.post('/api/cases', async (req, reply) => {
    try {
      return reply.code(201).send(await service.openCase(req.body));
    } catch (error) {
      return fail(reply, error);
    }
  });

  app.get('/api/cases/:studentId', async (req, reply) => {
    try {
      const { studentId } = StudentParam.parse(req.params);
      return await service.view(studentId);
    } catch (error) {
      return fail(reply, error);
    }
  });

  app.post('/api/cases/:studentId/events', async (req, reply) => {
    try {
      const { studentId } = StudentParam.parse(req.params);
      const { wait } = EventQuery.parse(req.query);
      const answer = await service.recordEvent(studentId, req.body, { waitForEffects: wait === 'true' });
      return reply.code(201).send(answer);
    } catch (error) {
      return fail(reply, error);
    }
  });

  return app;
}
