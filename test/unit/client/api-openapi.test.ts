/**
 * /openapi.json lists every route the server really serves (fastify's onRoute, whoever
 * registered it) with the schemas the routes validate with, its bearer security and roles —
 * and the completeness check fails when a route is added without a document entry.
 */
import { describe, expect, it } from 'vitest';
import { rolesFor, type ApiAction } from '../../../client/api/auth';
import { routeDocs, undocumentedRoutes } from '../../../client/api/endpoint';
import { openApiPath } from '../../../client/api/openapi';
import { fakeApi } from './api-fake-service';

type Operation = {
  security: unknown[];
  'x-roles': string[];
  'x-action': ApiAction | null;
  parameters: Array<{ name: string; in: string; required: boolean }>;
  requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown>; required?: string[] } }> };
  responses: Record<string, unknown>;
};

async function openApi(app: ReturnType<typeof fakeApi>['app']) {
  const res = await app.inject('/openapi.json');
  return res.json() as { openapi: string; paths: Record<string, Record<string, Operation>>; components: { securitySchemes: Record<string, unknown> } };
}

describe('the OpenAPI document', () => {
  it('documents every registered route, and only those', async () => {
    const { app } = fakeApi();
    await app.ready();
    expect(undocumentedRoutes(app)).toEqual([]);
    const doc = await openApi(app);
    const listed = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(listed.sort()).toEqual(routeDocs(app).map((d) => `${d.method} ${openApiPath(d.path)}`).sort());
    for (const must of ['GET /api/me', 'GET /api/caseload', 'POST /api/cases', 'GET /api/cases/{studentId}', 'POST /api/cases/{studentId}/events', 'GET /api/cases/{studentId}/timeline', 'GET /api/cases/{studentId}/replay', 'GET /api/cases/{studentId}/notices/{noticeId}.pdf', 'POST /api/cases/{studentId}/signatures', 'GET /api/charts', 'GET /api/charts/{chart}', 'GET /api/calendars/{calendarId}', 'POST /api/calendars/{calendarId}/publish', 'GET /api/access-log', 'GET /openapi.json', 'GET /docs']) {
      expect(listed).toContain(must);
    }
  });

  it('a route added without a document entry is caught', async () => {
    const { app } = fakeApi();
    app.get('/api/sneaky', async () => ({}));
    await app.ready();
    expect(undocumentedRoutes(app)).toEqual(['GET /api/sneaky']);
  });

  it('each operation: bearer security and the roles of its action, path parameters, body schema', async () => {
    const { app } = fakeApi();
    const doc = await openApi(app);
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const where = `${method} ${path}`;
        if (op['x-action']) {
          expect(op.security, where).toEqual([{ bearer: [] }]);
          expect(op['x-roles'], where).toEqual(rolesFor(op['x-action']));
          expect(op.responses, where).toHaveProperty('401');
          expect(op.responses, where).toHaveProperty('403');
        } else {
          expect(op.security, where).toEqual([]);
        }
        const names = [...path.matchAll(/\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1]);
        expect(op.parameters.filter((p) => p.in === 'path').map((p) => p.name), where).toEqual(names);
      }
    }
    const open = doc.paths['/api/cases'].post;
    expect(open['x-roles']).toEqual(['staff', 'supervisor']);
    const body = open.requestBody!.content['application/json'].schema;
    expect(body.required).toEqual(expect.arrayContaining(['studentId', 'birthDate', 'language', 'districtId', 'calendar']));
    expect(Object.keys(body.properties ?? {})).toContain('caseManagerId');
    expect(doc.paths['/api/cases/{studentId}/events'].post.responses).toHaveProperty('422');
    expect(doc.paths['/api/cases/{studentId}/signatures'].post['x-roles']).toEqual(['parent']);
    expect(doc.paths['/api/access-log'].get['x-roles']).toEqual(['supervisor', 'auditor']);
    // The case view's answer documents the retried effects (view-schemas.ts CaseReadSchema).
    const read = doc.paths['/api/cases/{studentId}'].get.responses['200'] as { content: Record<string, { schema: { properties: Record<string, { items?: { properties?: Record<string, unknown> } }>; required: string[] } }> };
    const readSchema = read.content['application/json'].schema;
    expect(readSchema.required).toContain('retrying');
    expect(Object.keys(readSchema.properties.retrying.items?.properties ?? {})).toEqual(['activity', 'state', 'attempt', 'maximumAttempts', 'failing', 'lastFailureType', 'lastFailedAt', 'nextAttemptAt']);
    const caseload = doc.paths['/api/caseload'].get.parameters.map((p) => p.name);
    expect(caseload).toEqual(['school', 'caseManager', 'district', 'overdue', 'dueBy', 'rule', 'limit']);
  });
});
