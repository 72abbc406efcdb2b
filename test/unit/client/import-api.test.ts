/**
 * POST /api/imports and the export routes' scopes without Temporal: who may import, the CSV
 * body, a dry run's report, a bad header as a 422 naming the column; which visibility filters
 * an export runs for each role.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyReply } from 'fastify';
import { ZodError } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessLog } from '../../../client/access-log';
import { ApiError } from '../../../client/api/api-error';
import { ApiUsers, authorize } from '../../../client/api/auth';
import type { ApiContext } from '../../../client/api/context';
import { exportRoutes, exportScopes } from '../../../client/api/routes/exports';
import { importRoutes } from '../../../client/api/routes/imports';
import type { CaseService } from '../../../client/case-service';
import { CalendarStore } from '../../../client/calendars/calendar-store';
import { demoCalendars } from '../../../deadlines';

const dataDir = mkdtempSync(join(tmpdir(), 'caseclock-import-api-'));
const token = (name: string) => `${name}-token-0123456789abcdefghij`;
const users = new ApiUsers([
  { token: token('sup'), userId: 'sup1', role: 'supervisor', districtIds: ['demo-usd'] },
  { token: token('staff'), userId: 'staff1', role: 'staff', districtIds: ['demo-usd'], caseManagerId: 'cm1' },
  { token: token('aud'), userId: 'aud1', role: 'auditor', districtIds: ['demo-usd', 'north-usd'] },
  { token: token('parent'), userId: 'par1', role: 'parent', studentIds: ['s1'] },
]);

function fail(reply: FastifyReply, error: unknown): FastifyReply {
  if (error instanceof ApiError) return reply.code(error.status).send({ error: error.message, field: error.field });
  if (error instanceof ZodError) return reply.code(400).send({ error: error.issues[0].message, field: error.issues[0].path.join('.') });
  return reply.code(500).send({ error: 'internal error' });
}

const ctx: ApiContext = {
  // Dry runs and refusals never reach the service.
  service: {} as CaseService,
  dataDir,
  authenticate: (req) => users.authenticate(req.headers.authorization),
  authorize,
  accessLog: new AccessLog(dataDir),
  fail,
};

const app = Fastify({ logger: false });
beforeAll(async () => {
  importRoutes(app, ctx);
  exportRoutes(app, ctx);
  await app.ready();
});
afterAll(async () => {
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const csv = 'studentId,birthDate,districtId,lastIepOn\ng1,2015-03-02,demo-usd,2026-01-15\ng2,2015-03-02,north-usd,2026-01-15\ng3,2015-03-02,demo-usd,2026-13-01\n';
const post = (who: string | null, body: string, query = '?dryRun=true&calendar=demo-usd', type = 'text/csv') =>
  app.inject({ method: 'POST', url: `/api/imports${query}`, headers: { 'content-type': type, ...(who ? { authorization: `Bearer ${token(who)}` } : {}) }, payload: body });

describe('POST /api/imports', () => {
  it('lets a supervisor dry-run a CSV: rows of other districts and bad rows refused by line and field', async () => {
    const res = await post('sup', csv);
    expect(res.statusCode).toBe(200);
    const report = res.json();
    expect(report).toMatchObject({ dryRun: true, rows: 3, imported: 1 });
    expect(report.refused).toEqual([
      { line: 3, field: 'districtId', error: "districtId: north-usd is not one of the importer's districts", studentId: 'g2' },
      { line: 4, field: 'lastIepOn', error: 'lastIepOn: is not a real calendar date', studentId: 'g3' },
    ]);
  });

  it('resolves the calendar query and calendarId cells from the calendar store (id@version); an unknown version is refused naming it', async () => {
    new CalendarStore(dataDir).import({ ...demoCalendars['demo-usd'], id: 'west-usd', version: '2' });
    const rows = 'studentId,birthDate,districtId,calendarId,lastIepOn\ng1,2015-03-02,demo-usd,,2026-01-15\ng2,2015-03-02,demo-usd,west-usd@2,2026-01-15\ng3,2015-03-02,demo-usd,west-usd@4,2026-01-15\n';
    const res = await post('sup', rows, '?dryRun=true&calendar=west-usd@2');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ rows: 3, imported: 2 });
    expect(res.json().refused).toEqual([{ line: 4, field: 'calendarId', error: 'calendarId: no version 4 of calendar west-usd (known: 2)', studentId: 'g3' }]);
    const unknown = await post('sup', rows, '?dryRun=true&calendar=west-usd@4');
    expect([unknown.statusCode, unknown.json().field]).toEqual([422, 'calendar']);
  });

  it('refuses staff, auditors, parents and anonymous callers', async () => {
    expect((await post(null, csv)).statusCode).toBe(401);
    for (const who of ['staff', 'aud', 'parent']) {
      const res = await post(who, csv);
      expect(res.statusCode).toBe(403);
      expect(res.json().field).toBe('authorization');
    }
  });

  it('answers a bad header with 422 naming the column, an unknown calendar or a JSON body with a clear refusal', async () => {
    const bad = await post('sup', 'studentId,name\n');
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toEqual({ error: expect.stringMatching(/^line 1: name: unknown column; /), field: 'name' });
    const cal = await post('sup', csv, '?calendar=nowhere');
    expect([cal.statusCode, cal.json().field]).toEqual([422, 'calendar']);
    const json = await post('sup', JSON.stringify({ rows: [] }), '?dryRun=true', 'application/json');
    expect([json.statusCode, json.json().field]).toEqual([415, 'body']);
    const query = await post('sup', csv, '?dry=true');
    expect(query.statusCode).toBe(400);
  });
});

describe('export scopes', () => {
  const principal = (who: string) => users.authenticate(`Bearer ${token(who)}`);

  it('gives staff only their own caseload, in their districts', () => {
    expect(exportScopes(principal('staff'), {})).toEqual([{ district: 'demo-usd', caseManager: 'cm1' }]);
    expect(exportScopes(principal('staff'), { school: 'sch1', caseManager: 'cm1' })).toEqual([{ district: 'demo-usd', school: 'sch1', caseManager: 'cm1' }]);
    expect(() => exportScopes(principal('staff'), { caseManager: 'cm2' })).toThrow(/^caseManager: staff export only their own caseload/);
  });

  it('gives supervisors and auditors one filter per district of theirs, and refuses another district', () => {
    expect(exportScopes(principal('aud'), {})).toEqual([{ district: 'demo-usd' }, { district: 'north-usd' }]);
    expect(exportScopes(principal('aud'), { district: 'north-usd', caseManager: 'cm9' })).toEqual([{ district: 'north-usd', caseManager: 'cm9' }]);
    expect(() => exportScopes(principal('sup'), { district: 'north-usd' })).toThrow(/^district: north-usd is not one of sup1's districts/);
  });

  it('refuses parents and bad filters before any read', async () => {
    const asParent = await app.inject({ method: 'GET', url: '/api/exports/calpads.csv', headers: { authorization: `Bearer ${token('parent')}` } });
    expect(asParent.statusCode).toBe(403);
    const badFilter = await app.inject({ method: 'GET', url: '/api/exports/caseload.ics?school=Lincoln%20Elementary', headers: { authorization: `Bearer ${token('sup')}` } });
    expect(badFilter.statusCode).toBe(400);
    expect(badFilter.json().field).toBe('school');
    const unknown = await app.inject({ method: 'GET', url: '/api/exports/edfi.json?student=s1', headers: { authorization: `Bearer ${token('sup')}` } });
    expect(unknown.statusCode).toBe(400);
  });
});
