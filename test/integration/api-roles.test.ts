/**
 * The HTTP API with bearer-token roles against the real dev server (shared, global-setup.ts),
 * through fastify inject: a case manager opens a case and sends events (the next deadline
 * moves), an auditor replays the case to a past instant and may not write, a parent sees their
 * own child (restricted view, the notice PDF) and nobody else's, and every read left an
 * access-log line with ids only.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { demoCalendars } from '../../deadlines';
import type { ApiUser } from '../../client/api/auth';
import { buildApi } from '../../client/api/server';
import { devServerHarness, eventually, uniqueId, type Harness } from './harness';

let h: Harness;
let app: FastifyInstance;
const district = uniqueId('dist');
const cm = uniqueId('cm');
const childA = uniqueId('api-a');
const childB = uniqueId('api-b');
const colleagueCase = uniqueId('api-c');
const tokens = { staff: 'staff-token-'.padEnd(40, 's'), supervisor: 'super-token-'.padEnd(40, 'u'), auditor: 'audit-token-'.padEnd(40, 'a'), parent: 'parent-token-'.padEnd(40, 'p') };
const users: ApiUser[] = [
  { token: tokens.staff, userId: 'it-staff', role: 'staff', districtIds: [district], caseManagerId: cm },
  { token: tokens.supervisor, userId: 'it-super', role: 'supervisor', districtIds: [district] },
  { token: tokens.auditor, userId: 'it-audit', role: 'auditor', districtIds: [district] },
  { token: tokens.parent, userId: 'it-parent', role: 'parent', districtIds: [district], studentIds: [childA] },
];

beforeAll(async () => {
  h = await devServerHarness();
  // The harness's data folder holds the worker's rendered notices: the API reads them there.
  app = buildApi(h.service, { users, dataDir: h.dataDir });
});
afterAll(async () => {
  await app?.close();
  await h?.close();
});

async function call(role: keyof typeof tokens, method: 'GET' | 'POST', url: string, payload?: unknown) {
  const res = await app.inject({ method, url, headers: { authorization: `Bearer ${tokens[role]}` }, payload: payload as never });
  const json = res.headers['content-type']?.toString().startsWith('application/json') ? res.json() : null;
  return { status: res.statusCode, json, body: res.rawPayload, type: res.headers['content-type'] };
}

const openRequest = (studentId: string, caseManagerId: string) => ({
  studentId,
  birthDate: '2019-05-02',
  language: 'es',
  districtId: district,
  schoolId: 'sch-api',
  caseManagerId,
  calendar: demoCalendars['demo-usd'],
});

describe('API roles on the dev server', () => {
  it('staff open and drive a case; auditor replays; parent sees only their child; reads are logged', async () => {
    await h.run(async () => {
      // Staff: open two cases of their own caseload; a supervisor opens a colleague's.
      expect((await call('staff', 'POST', '/api/cases', openRequest(childA, cm))).status).toBe(201);
      // A calendar may be named instead of sent: id@version from the calendar store or the demo calendars.
      expect((await call('staff', 'POST', '/api/cases', { ...openRequest(childB, cm), calendar: 'demo-usd@1' })).status).toBe(201);
      expect((await call('staff', 'POST', '/api/cases', openRequest(colleagueCase, 'cm-other'))).status).toBe(403);
      expect((await call('supervisor', 'POST', '/api/cases', openRequest(colleagueCase, 'cm-other'))).status).toBe(201);

      const referral = await call('staff', 'POST', `/api/cases/${childA}/events?wait=true`, { type: 'REFERRAL_RECEIVED', occurredOn: '2026-10-05', actor: { role: 'parent' } });
      expect(referral.status).toBe(201);
      expect(referral.json.view.pending.map((d: { rule: string; due: string }) => [d.rule, d.due])).toEqual([['assessment-plan', '2026-10-20']]);
      const between = new Date().toISOString();
      await new Promise((r) => setTimeout(r, 1100)); // history times are to the millisecond; keep the instants apart

      const plan = await call('staff', 'POST', `/api/cases/${childA}/events?wait=true`, {
        type: 'ASSESSMENT_PLAN_SENT',
        occurredOn: '2026-10-14',
        actor: { role: 'district' },
        receivedByParentOn: '2026-10-14',
      });
      expect(plan.status).toBe(201);
      expect(plan.json.view.pending.map((d: { rule: string; due: string }) => [d.rule, d.due])).toEqual([['consent-response', '2026-10-29']]);
      // Refused by the case itself (the Update validator): 422 with its reason, nothing recorded.
      const refused = await call('staff', 'POST', `/api/cases/${childA}/events`, { type: 'CONSENT_RECEIVED', occurredOn: '2026-10-21', actor: { role: 'system' } });
      expect(refused.status).toBe(422);
      expect(refused.json).toEqual({ error: 'event.actor.role: system events come only from the case clocks', field: 'event.actor.role' });

      // Staff see their own cases only, in the case view and the caseload.
      expect((await call('staff', 'GET', `/api/cases/${colleagueCase}`)).status).toBe(403);
      const caseload = await eventually(
        () => call('staff', 'GET', '/api/caseload'),
        (r) => r.json.cases.length >= 2,
        'staff caseload',
      );
      expect(caseload.json.cases.map((c: { studentId: string }) => c.studentId).sort()).toEqual([childA, childB].sort());
      const districtLoad = await eventually(() => call('supervisor', 'GET', '/api/caseload'), (r) => r.json.cases.length >= 3, 'district caseload');
      expect(districtLoad.json.cases).toHaveLength(3);

      // The case view with Temporal's pending activities (an alert may still be on its first
      // try): none failing, each in the documented shape, types only.
      const read = await call('supervisor', 'GET', `/api/cases/${childA}`);
      expect(read.status).toBe(200);
      const retrying = read.json.retrying as Array<Record<string, unknown>>;
      expect(retrying.filter((r) => r.failing), JSON.stringify(retrying)).toEqual([]);
      for (const r of retrying) expect(Object.keys(r)).toEqual(['activity', 'state', 'attempt', 'maximumAttempts', 'failing', 'lastFailureType', 'lastFailedAt', 'nextAttemptAt']);
      expect((await call('staff', 'GET', `/api/cases/${childB}`)).json.calendar).toEqual({ id: 'demo-usd', version: '1' });

      // Auditor: the case as it stood between the two events, and no writes.
      const replay = await call('auditor', 'GET', `/api/cases/${childA}/replay?at=${encodeURIComponent(between)}`);
      expect(replay.status).toBe(200);
      expect(replay.json.view.states['initial-evaluation']).toBe('referral-received');
      expect(replay.json.view.pending.map((d: { rule: string; due: string }) => [d.rule, d.due])).toEqual([['assessment-plan', '2026-10-20']]);
      const now = await call('auditor', 'GET', `/api/cases/${childA}/replay?at=${encodeURIComponent(new Date().toISOString())}`);
      expect(now.json.view.states['initial-evaluation']).toBe('awaiting-consent');
      // By timeline entry: just after the referral (entry 1), whatever instants the entries share.
      const atReferral = await call('auditor', 'GET', `/api/cases/${childA}/replay?seq=1`);
      expect(atReferral.status).toBe(200);
      expect(atReferral.json.throughSeq).toBe(1);
      expect(atReferral.json.view.states['initial-evaluation']).toBe('referral-received');
      const beyond = await call('auditor', 'GET', `/api/cases/${childA}/replay?seq=999`);
      expect([beyond.status, beyond.json.field]).toEqual([422, 'seq']);
      const before = await call('auditor', 'GET', `/api/cases/${childA}/replay?at=2020-01-01`);
      expect(before.status).toBe(422);
      expect(before.json.field).toBe('at');
      expect((await call('auditor', 'POST', `/api/cases/${childA}/events`, { type: 'CONSENT_RECEIVED', occurredOn: '2026-10-21', actor: { role: 'parent' } })).status).toBe(403);
      const timeline = await call('auditor', 'GET', `/api/cases/${childA}/timeline`);
      const types = timeline.json.entries.map((e: { type: string }) => e.type);
      expect(types.filter((t: string) => t === 'REFERRAL_RECEIVED' || t === 'ASSESSMENT_PLAN_SENT')).toEqual(['REFERRAL_RECEIVED', 'ASSESSMENT_PLAN_SENT']);

      // Parent: own child (restricted view, notice PDF), nobody else's.
      const own = await call('parent', 'GET', `/api/cases/${childA}`);
      expect(own.status).toBe(200);
      expect(own.json).toMatchObject({ audience: 'parent', studentId: childA, caseManagerId: null, alerts: [] });
      const notice = own.json.notices.find((n: { form: string; documentSha256: string | null }) => n.form === 'NC 3' && n.documentSha256);
      expect(notice).toBeDefined();
      const pdf = await call('parent', 'GET', `/api/cases/${childA}/notices/${encodeURIComponent(notice.id)}.pdf`);
      expect(pdf.status).toBe(200);
      expect(pdf.type).toBe('application/pdf');
      expect(pdf.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      for (const other of [childB, colleagueCase]) {
        const r = await call('parent', 'GET', `/api/cases/${other}`);
        expect(r.status).toBe(404);
        expect(r.json).toEqual({ error: `studentId: no case for student ${other}`, field: 'studentId' });
      }
      expect((await call('parent', 'GET', `/api/cases/${childA}/timeline`)).status).toBe(403);

      // The access log: one line per read, ids only, readable by the auditor.
      const log = await call('auditor', 'GET', `/api/access-log?studentId=${childA}`);
      const seen = log.json.entries.map((e: { userId: string; action: string; outcome: string }) => `${e.userId} ${e.action} ${e.outcome}`);
      expect(seen).toEqual(['it-super case.read allowed', 'it-audit replay.read allowed', 'it-audit replay.read allowed', 'it-audit replay.read allowed', 'it-audit replay.read allowed', 'it-audit replay.read allowed', 'it-audit timeline.read allowed', 'it-parent case.read allowed', 'it-parent notice.read allowed', 'it-parent timeline.read refused']);
      const refusedParent = await call('supervisor', 'GET', `/api/access-log?studentId=${childB}`);
      expect(refusedParent.json.entries).toMatchObject([{ userId: 'it-staff', action: 'case.read', outcome: 'allowed' }, { userId: 'it-parent', action: 'case.read', outcome: 'refused' }]);
      const folder = join(h.dataDir, 'access-log');
      const text = readdirSync(folder).map((f) => readFileSync(join(folder, f), 'utf8')).join('');
      for (const raw of text.trim().split('\n')) {
        expect(Object.keys(JSON.parse(raw)).sort()).toEqual(['action', 'at', 'districtId', 'outcome', 'role', 'studentId', 'userId']);
      }
      expect(text).not.toContain('2019-05-02'); // the birth date never reaches the log
    });
  });
});
