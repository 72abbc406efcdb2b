/**
 * What needs no token: the health check, the dashboard's page (its scripts and styles are
 * client/api/routes/dashboard-assets.ts), the OpenAPI document and the page that renders it.
 * None of them carries a student's data.
 */
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { publicRoute, routeDocs } from '../endpoint';
import { openApiDocument } from '../openapi';

const page = (relative: string) => readFileSync(new URL(relative, import.meta.url), 'utf8');

export function publicRoutes(app: FastifyInstance): void {
  publicRoute(
    app,
    { method: 'GET', path: '/health', tag: 'public', summary: 'Liveness', response: { status: 200, description: 'the API answers', schema: z.object({ ok: z.literal(true) }) } },
    async () => ({ ok: true }),
  );
  publicRoute(
    app,
    { method: 'GET', path: '/', tag: 'public', summary: 'The dashboard page', response: { status: 200, description: 'HTML', contentType: 'text/html' } },
    async (_req, reply) => reply.type('text/html; charset=utf-8').send(page('../../dashboard/index.html')),
  );
  const docsHtml = page('../docs.html');
  publicRoute(
    app,
    { method: 'GET', path: '/docs', tag: 'public', summary: 'This API’s documentation (renders /openapi.json)', response: { status: 200, description: 'HTML', contentType: 'text/html' } },
    async (_req, reply) => reply.type('text/html; charset=utf-8').send(docsHtml),
  );
  publicRoute(
    app,
    { method: 'GET', path: '/openapi.json', tag: 'public', summary: 'The OpenAPI 3.1 document', response: { status: 200, description: 'OpenAPI 3.1', contentType: 'application/json' } },
    // Built on request: route plugins registered after this one are in it too.
    async () => openApiDocument(routeDocs(app)),
  );
}
