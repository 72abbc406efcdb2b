/**
 * Against the shared dev server: a 1,000-row bulk import with 20 bad rows, each bad in its own
 * way (bad date, unknown calendar, missing field, duplicate id, consent before referral, a case
 * that already exists for someone else…). Exactly 980 cases open (visibility count, plus views
 * of a sample), the 20 are reported with their line and column, and re-running the file changes
 * nothing and reports the same. Then the exports read the imported caseload through the API.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyReply } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCalendars, toDayNumber, toIso } from '../../deadlines';
import { AccessLog } from '../../client/access-log';
import { ApiError } from '../../client/api/api-error';
import { ApiUsers, authorize } from '../../client/api/auth';
import type { ApiContext } from '../../client/api/context';
import { exportRoutes } from '../../client/api/routes/exports';
import { CaseError } from '../../client/case-service';
import { listCaseload } from '../../client/caseload';
import { csvDocument, parseCsv } from '../../client/exports/csv-text';
import { importCases, type ImportReport } from '../../client/import/importer';
import { dateIn } from '../../workflows/zoned-time';
import { devServerHarness, eventually, uniqueId, type Harness } from './harness';

let h: Harness;
let logDir: string;
beforeAll(async () => {
  h = await devServerHarness();
  logDir = mkdtempSync(join(tmpdir(), 'caseclock-import-log-'));
});
afterAll(async () => {
  await h?.close();
  if (logDir) rmSync(logDir, { recursive: true, force: true });
});

const today = dateIn('America/Los_Angeles', Date.now());
const daysAgo = (n: number) => toIso(toDayNumber(today) - n);
const COLUMNS = [
  'studentId', 'birthDate', 'language', 'districtId', 'schoolId', 'caseManagerId', 'delivery', 'calendarId', 'referralReceivedOn',
  'referredBy', 'planSentOn', 'planReceivedOn', 'consentReceivedOn', 'assessmentCompletedOn', 'lastIepOn', 'lastTriennialOn', 'lastAssessedOn',
] as const;
type Row = Partial<Record<(typeof COLUMNS)[number], string>>;

const tag = uniqueId('imp');
const district = `${tag}-d`;
const studentId = (i: number) => `${tag}-s${i}`;

/** A good row: most cases join with an IEP and an eligibility meeting on file; every 20th is mid-evaluation. */
function goodRow(i: number): Row {
  const base: Row = { studentId: studentId(i), birthDate: '2014-05-06', districtId: district, schoolId: `${tag}-sch${i % 20}`, caseManagerId: `cm${i % 10}`, calendarId: 'demo-usd' };
  if (i % 20 === 5) return { ...base, referralReceivedOn: daysAgo(12), planSentOn: daysAgo(10), consentReceivedOn: daysAgo(6) };
  return { ...base, lastIepOn: daysAgo(30 + (i % 300)), lastTriennialOn: daysAgo(400 + (i % 600)) };
}

/** Line of data row i is i + 2 (line 1 is the header). Each bad row: what it breaks → the column named. */
const BAD: Record<number, [Row, string]> = {
  17: [{ birthDate: '2014-02-30' }, 'birthDate'],
  61: [{ calendarId: 'nowhere-usd' }, 'calendarId'],
  102: [{ districtId: '' }, 'districtId'],
  150: [{ studentId: studentId(3) }, 'studentId'], // duplicate of row 3
  199: [{ lastIepOn: '', lastTriennialOn: '', referralReceivedOn: daysAgo(5), planSentOn: daysAgo(4), consentReceivedOn: daysAgo(9) }, 'consentReceivedOn'],
  240: [{ lastIepOn: '', lastTriennialOn: '', referralReceivedOn: daysAgo(-10) }, 'referralReceivedOn'], // after today
  288: [{ lastIepOn: '', lastTriennialOn: '', planSentOn: daysAgo(4) }, 'planSentOn'],
  333: [{ language: 'english' }, 'language'],
  377: [{ studentId: 'Maria Lopez' }, 'studentId'],
  401: [{ lastIepOn: '2010-01-01' }, 'lastIepOn'], // before the birth date
  455: [{ delivery: 'fax' }, 'delivery'],
  502: [{ lastAssessedOn: daysAgo(100) }, 'lastAssessedOn'], // after the eligibility meeting
  548: [{ lastIepOn: '', lastTriennialOn: '', referralReceivedOn: daysAgo(9), referredBy: 'neighbor' }, 'referredBy'],
  600: [{ schoolId: 'North Campus' }, 'schoolId'],
  651: [{ lastIepOn: '', lastTriennialOn: '', referralReceivedOn: daysAgo(9), planSentOn: daysAgo(6), planReceivedOn: daysAgo(7) }, 'planReceivedOn'],
  707: [{ lastIepOn: '', lastTriennialOn: '', assessmentCompletedOn: daysAgo(3) }, 'assessmentCompletedOn'],
  777: [{ lastTriennialOn: '2024/06/01' }, 'lastTriennialOn'],
  812: [{ caseManagerId: 'Ms. Smith' }, 'caseManagerId'],
  901: [{}, 'studentId'], // a case for this student already exists in another district (opened below)
  950: [{}, 'row'], // a short row
};

function importFile(): string {
  const records = Array.from({ length: 1000 }, (_, i) => {
    const row = { ...goodRow(i), ...(BAD[i]?.[0] ?? {}) };
    const cells = COLUMNS.map((c) => row[c] ?? '');
    return i === 950 ? cells.slice(0, 5) : cells;
  });
  return csvDocument(COLUMNS, records);
}

const expectedRefusals = Object.entries(BAD)
  .map(([i, [, field]]) => [Number(i) + 2, field] as const)
  .sort((a, b) => a[0] - b[0]);

function fail(reply: FastifyReply, error: unknown): FastifyReply {
  if (error instanceof ApiError) return reply.code(error.status).send({ error: error.message, field: error.field });
  return reply.code(500).send({ error: error instanceof Error ? error.message : 'internal error' });
}

describe('bulk import of 1,000 rows (dev server)', () => {
  it('opens exactly the 980 good cases, reports the 20 bad rows by line and field, and re-runs idempotently', async () => {
    const text = importFile();
    expect(parseCsv(text)).toHaveLength(1001);
    await h.run(async () => {
      // Someone else's case under row 901's student id: the import must not touch it.
      await h.service.openCase({ studentId: studentId(901), birthDate: '2013-01-01', language: 'en', districtId: `${tag}-other`, calendar: demoCalendars['demo-usd'] });

      const started = Date.now();
      let progressCalls = 0;
      const first = await importCases(h.service, text, { calendars: demoCalendars, lanes: 16, onProgress: () => progressCalls++ });
      const firstMs = Date.now() - started;
      console.log(`import-1000: first run ${(firstMs / 1000).toFixed(1)} s (${first.opened} opened)`);

      expect(first.rows).toBe(1000);
      expect(first.refused.map((r) => [r.line, r.field])).toEqual(expectedRefusals);
      expect(first.refused.find((r) => r.line === 152)!.error).toBe('studentId: the same student as line 5 (one row per case)');
      expect(first.refused.find((r) => r.line === 201)!.error).toBe('consentReceivedOn: cannot be before referralReceivedOn');
      expect(first.refused.find((r) => r.line === 903)!.error).toBe('studentId: a case for this student already exists with a different districtId; not imported');
      expect(first.refused.find((r) => r.line === 379)).toEqual({ line: 379, field: 'studentId', error: 'studentId: must be a student id (letters, digits, . _ -), not a name' });
      expect(JSON.stringify(first.refused)).not.toContain('2014-05-06'); // no birth date in any refusal
      expect([first.imported, first.opened, first.resumed, first.unchanged]).toEqual([980, 980, 0, 0]);
      expect(progressCalls).toBe(981); // every planned row (the conflict row included)

      // Exactly 980 open cases in the district, through visibility.
      const rows = await eventually(() => listCaseload(h.client, { district, limit: 2000 }), (r) => r.length === 980, '980 imported cases visible', 150);
      const goodIndices = Array.from({ length: 1000 }, (_, i) => i).filter((i) => !(i in BAD));
      const expectedIds = goodIndices.map(studentId);
      expect(rows.map((r) => r.studentId).sort()).toEqual(expectedIds.sort());

      // A sample read back through the case's own Query: profile and the deadlines the history implies.
      for (const i of [0, 5, 123, 499, 998]) {
        const view = await h.service.view(studentId(i));
        const row = goodRow(i);
        expect([view.districtId, view.schoolId, view.caseManagerId, view.calendar.id]).toEqual([district, row.schoolId, row.caseManagerId, 'demo-usd']);
        if (row.consentReceivedOn) {
          expect(view.states['initial-evaluation']).toBe('evaluation.assessing');
          expect(view.pending.find((d) => d.rule === 'initial-iep')?.from).toBe(row.consentReceivedOn);
        } else {
          expect(view.pending.find((d) => d.rule === 'annual-review')?.from).toBe(row.lastIepOn);
          expect(view.pending.find((d) => d.rule === 'triennial')?.from).toBe(row.lastTriennialOn);
        }
      }
      // Refused rows opened nothing; the other district's case is as it was.
      for (const i of [17, 199, 240]) await expect(h.service.view(studentId(i))).rejects.toBeInstanceOf(CaseError);
      expect((await h.service.view(studentId(901))).districtId).toBe(`${tag}-other`);

      // The same file again: nothing new, the same imported count and the same refusals.
      const againStarted = Date.now();
      const again: ImportReport = await importCases(h.service, text, { calendars: demoCalendars, lanes: 16 });
      console.log(`import-1000: re-run ${((Date.now() - againStarted) / 1000).toFixed(1)} s`);
      expect([again.imported, again.opened, again.resumed, again.unchanged]).toEqual([980, 0, 0, 980]);
      expect(again.refused).toEqual(first.refused);
      const sample = await h.service.view(studentId(123));
      expect(sample.processes.map((p) => p.key).sort()).toEqual(['annual-review#1', 'reassessment#1']);
      expect((await listCaseload(h.client, { district, limit: 2000 })).length).toBe(980);

      // Exports of one school through the API: staff see their caseload, each student an access-log read.
      const users = new ApiUsers([
        { token: `${tag}-supervisor-token-0123456789`, userId: 'sup1', role: 'supervisor', districtIds: [district] },
        { token: `${tag}-staff-token-0123456789abc`, userId: 'staff1', role: 'staff', districtIds: [district], caseManagerId: 'cm5' },
      ]);
      const accessLog = new AccessLog(logDir);
      const ctx: ApiContext = { service: h.service, dataDir: logDir, authenticate: (req) => users.authenticate(req.headers.authorization), authorize, accessLog, fail };
      const app = Fastify({ logger: false });
      exportRoutes(app, ctx);
      try {
        const school = `${tag}-sch5`; // rows 5, 25, 45 …: the mid-evaluation cases, all with case manager cm5
        const csv = await app.inject({ method: 'GET', url: `/api/exports/calpads.csv?school=${school}`, headers: { authorization: `Bearer ${tag}-supervisor-token-0123456789` } });
        expect(csv.statusCode).toBe(200);
        const records = parseCsv(csv.body).slice(1);
        const inSchool = goodIndices.filter((i) => i % 20 === 5).map(studentId);
        expect(records).toHaveLength(inSchool.length);
        expect(records.every((r) => r.cells[4] === 'pending' && r.cells[5] === '30')).toBe(true);
        const ics = await app.inject({ method: 'GET', url: '/api/exports/caseload.ics', headers: { authorization: `Bearer ${tag}-staff-token-0123456789abc` } });
        expect(ics.statusCode).toBe(200);
        expect(ics.headers['x-caseclock-students']).toBe(String(goodIndices.filter((i) => i % 10 === 5).length));
        const log = await accessLog.read({ districtIds: [district] });
        expect(log.filter((l) => l.userId === 'sup1').map((l) => l.studentId).sort()).toEqual([...inSchool].sort());
        expect(log.every((l) => l.action === 'case.export' && l.outcome === 'allowed')).toBe(true);
      } finally {
        await app.close();
      }

      // Leave the shared dev server as we found it: the imported cases end, by one server-side
      // batch over this test's districts (980 terminate calls took ≈ 35 s of this test's time).
      await h.client.workflowService.startBatchOperation({
        namespace: h.client.options.namespace,
        jobId: uniqueId('import-1000-cleanup'),
        reason: 'import-1000 test done',
        visibilityQuery: `WorkflowType = 'studentCase' AND ExecutionStatus = 'Running' AND (CaseDistrict = '${district}' OR CaseDistrict = '${tag}-other')`,
        terminationOperation: {},
      });
    });
  }, 480_000); // 1,000 new workflows on the one shared worker of a 2-core machine: 175–250 s measured, more under load
});
