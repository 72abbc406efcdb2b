/**
 * The case routes through fastify inject, each role allowed and refused, on a fake CaseService
 * that records its calls: a refused request never reaches a Query or Update, and a parent's
 * refusal or a role refusal never even looks the case up.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { buildApi } from '../../../client/api/server';
import { MemoryDocuments, NOTICE_ID, TOKENS, USERS, bearer, fakeApi } from './api-fake-service';
import { failingSendNotice } from './retrying-fixture';

let api: ReturnType<typeof fakeApi>;
beforeEach(() => {
  api = fakeApi();
});

type Method = 'GET' | 'POST';
async function call(method: Method, url: string, token?: string, payload?: unknown) {
  const res = await api.app.inject({ method, url, headers: token ? bearer(token) : {}, payload: payload as never });
  const calls = api.calls.splice(0);
  const json = res.headers['content-type']?.toString().startsWith('application/json') ? res.json() : null;
  return { status: res.statusCode, json, body: res.body, headers: res.headers, calls };
}

/** No Query or Update (and no case start) reached the fake. */
const touchedCase = (calls: string[]) => calls.filter((c) => !c.startsWith('scope:'));

const OPEN = { studentId: 's-new', birthDate: '2015-04-05', language: 'en', districtId: 'd-north', caseManagerId: 'cm-1', calendar: { id: 'demo-usd', name: 'Demo', terms: [{ start: '2026-08-20', end: '2027-06-10' }] } };
const EVENT = { type: 'CONSENT_RECEIVED', occurredOn: '2026-10-01', actor: { role: 'district' } };
const pdfUrl = (studentId: string, id = NOTICE_ID) => `/api/cases/${studentId}/notices/${encodeURIComponent(id)}.pdf`;

describe('every route needs a token', () => {
  const routes: Array<[Method, string]> = [
    ['GET', '/api/me'],
    ['GET', '/api/caseload'],
    ['POST', '/api/cases'],
    ['GET', '/api/cases/s-own'],
    ['POST', '/api/cases/s-own/events'],
    ['GET', '/api/cases/s-own/timeline'],
    ['GET', '/api/cases/s-own/replay?at=2026-10-01'],
    ['GET', pdfUrl('s-own')],
    ['POST', '/api/cases/s-own/signatures'],
    ['GET', '/api/charts'],
    ['GET', '/api/charts/initial-evaluation'],
    ['GET', '/api/calendars/demo-usd'],
    ['POST', '/api/calendars/demo-usd/publish'],
    ['GET', '/api/access-log'],
  ];
  for (const [method, url] of routes) {
    it(`${method} ${url}: 401 without a token and with an unknown one, nothing called`, async () => {
      for (const token of [undefined, 'not-a-known-token-0123456789abc']) {
        const r = await call(method, url, token, method === 'POST' ? {} : undefined);
        expect(r.status).toBe(401);
        expect(r.json).toMatchObject({ field: 'authorization' });
        expect(r.json.error).toMatch(/^authorization: /);
        expect(r.calls).toEqual([]);
      }
    });
  }
});

describe('POST /api/cases', () => {
  it('staff open a case of their own caseload and district (201)', async () => {
    const r = await call('POST', '/api/cases', TOKENS.staff, OPEN);
    expect(r.status).toBe(201);
    expect(r.json).toEqual({ caseId: 'case-s-new', runId: 'run-1' });
    expect(r.calls).toEqual(['openCase:s-new']);
  });
  it('staff may not open a case for another case manager or district (403), nothing started', async () => {
    for (const body of [{ ...OPEN, caseManagerId: 'cm-2' }, { ...OPEN, districtId: 'd-south' }, { ...OPEN, caseManagerId: undefined }]) {
      const r = await call('POST', '/api/cases', TOKENS.staff, body);
      expect(r.status).toBe(403);
      expect(r.calls).toEqual([]);
    }
  });
  it('a supervisor opens any case of the district; auditors and parents are refused (403)', async () => {
    expect((await call('POST', '/api/cases', TOKENS.supervisor, { ...OPEN, caseManagerId: 'cm-2' })).status).toBe(201);
    expect((await call('POST', '/api/cases', TOKENS.southSupervisor, OPEN)).status).toBe(403);
    for (const token of [TOKENS.auditor, TOKENS.parent]) {
      const r = await call('POST', '/api/cases', token, OPEN);
      expect(r.status).toBe(403);
      expect(r.json.error).toMatch(/^authorization: role (auditor|parent) may not case.open$/);
      expect(r.calls).toEqual([]);
    }
  });
  it('a bad body names the field (400); an existing case is a conflict (409)', async () => {
    const bad = await call('POST', '/api/cases', TOKENS.staff, { ...OPEN, birthDate: '2015-02-30' });
    expect(bad.status).toBe(400);
    expect(bad.json.field).toBe('birthDate');
    expect(bad.calls).toEqual([]);
    const notJson = await api.app.inject({ method: 'POST', url: '/api/cases', headers: { ...bearer(TOKENS.staff), 'content-type': 'application/json' }, payload: '{oops' });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json()).toEqual({ error: 'body: is not valid JSON', field: 'body' });
    const dup = await call('POST', '/api/cases', TOKENS.staff, { ...OPEN, studentId: 's-own' });
    expect(dup.status).toBe(409);
    expect(dup.json).toEqual({ error: 'studentId: case case-s-own already exists', field: 'studentId' });
  });
});

describe('GET /api/cases/:studentId', () => {
  it('staff read their own case; a colleague’s case is 403 with no Query', async () => {
    const ok = await call('GET', '/api/cases/s-own', TOKENS.staff);
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ studentId: 's-own', caseManagerId: 'cm-1', audience: 'staff' });
    expect(ok.json.alerts).toHaveLength(1);
    const refused = await call('GET', '/api/cases/s-colleague', TOKENS.staff);
    expect(refused.status).toBe(403);
    expect(refused.json.field).toBe('caseManagerId');
    expect(touchedCase(refused.calls)).toEqual([]);
  });
  it('supervisor and auditor read any case of their district, not another district’s', async () => {
    for (const token of [TOKENS.supervisor, TOKENS.auditor]) {
      expect((await call('GET', '/api/cases/s-colleague', token)).status).toBe(200);
      const south = await call('GET', '/api/cases/s-south', token);
      expect(south.status).toBe(403);
      expect(south.json.field).toBe('districtId');
      expect(touchedCase(south.calls)).toEqual([]);
    }
  });
  it('a parent gets the restricted view of their child, and 404 for any other student without a lookup', async () => {
    const own = await call('GET', '/api/cases/s-own', TOKENS.parent);
    expect(own.status).toBe(200);
    expect(own.json).toMatchObject({ audience: 'parent', caseManagerId: null, alerts: [], delays: [], effectsQueued: 0 });
    expect(own.json.pending[0]).toMatchObject({ rule: 'plan-response', due: '2026-09-17', problem: null, reminders: [] });
    expect(own.json.notices).toHaveLength(1);
    expect(own.json.signatures).toHaveLength(1);
    for (const other of ['s-colleague', 's-south', 's-does-not-exist']) {
      const r = await call('GET', `/api/cases/${other}`, TOKENS.parent);
      expect(r.status).toBe(404);
      expect(r.json).toEqual({ error: `studentId: no case for student ${other}`, field: 'studentId' });
      expect(r.calls).toEqual([]);
    }
  });
  it('an unknown case is 404 with the same words; a bad id is 400', async () => {
    const r = await call('GET', '/api/cases/s-does-not-exist', TOKENS.supervisor);
    expect(r.status).toBe(404);
    expect(r.json).toEqual({ error: 'studentId: no case for student s-does-not-exist', field: 'studentId' });
    const bad = await call('GET', '/api/cases/Jane%20Doe', TOKENS.supervisor);
    expect(bad.status).toBe(400);
    expect(bad.json.field).toBe('studentId');
    expect(bad.calls).toEqual([]);
  });
});

describe('POST /api/cases/:studentId/events', () => {
  it('staff (own case) and supervisors record events (201), the event passed on as sent', async () => {
    const r = await call('POST', '/api/cases/s-own/events?wait=true', TOKENS.staff, EVENT);
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ seq: 4, state: 'consented', event: EVENT });
    expect((await call('POST', '/api/cases/s-colleague/events', TOKENS.supervisor, EVENT)).status).toBe(201);
  });
  it('refused: a colleague’s case (staff), any write by an auditor or parent — the case never sees it', async () => {
    const staff = await call('POST', '/api/cases/s-colleague/events', TOKENS.staff, EVENT);
    expect(staff.status).toBe(403);
    expect(touchedCase(staff.calls)).toEqual([]);
    for (const [token, student] of [
      [TOKENS.auditor, 's-own'],
      [TOKENS.parent, 's-own'],
      [TOKENS.parent, 's-colleague'],
    ]) {
      const r = await call('POST', `/api/cases/${student}/events`, token, EVENT);
      expect(r.status).toBe(403);
      expect(r.calls).toEqual([]);
    }
  });
  it('an event the case refuses is 422 with the reason; a malformed one is 400 naming the field', async () => {
    const refused = await call('POST', '/api/cases/s-own/events', TOKENS.staff, { ...EVENT, type: 'BAD_ORDER' });
    expect(refused.status).toBe(422);
    expect(refused.json).toEqual({ error: 'occurredOn: before the referral', field: 'occurredOn' });
    const bad = await call('POST', '/api/cases/s-own/events', TOKENS.staff, { occurredOn: '2026-10-01' });
    expect(bad.status).toBe(400);
    expect(bad.json.field).toBe('type');
    const badWait = await call('POST', '/api/cases/s-own/events?wait=yes', TOKENS.staff, EVENT);
    expect(badWait.status).toBe(400);
    expect(badWait.json.field).toBe('wait');
    expect([...bad.calls, ...badWait.calls]).toEqual([]);
  });
});

describe('GET timeline and replay', () => {
  it('timeline: staff (own), supervisor, auditor 200; parent 403 without a lookup; colleague 403', async () => {
    for (const token of [TOKENS.staff, TOKENS.supervisor, TOKENS.auditor]) {
      const r = await call('GET', '/api/cases/s-own/timeline', token);
      expect(r.status).toBe(200);
      expect(r.json.entries[0]).toMatchObject({ seq: 1, type: 'REFERRAL_RECEIVED' });
    }
    const parent = await call('GET', '/api/cases/s-own/timeline', TOKENS.parent);
    expect(parent.status).toBe(403);
    expect(parent.calls).toEqual([]);
    const colleague = await call('GET', '/api/cases/s-colleague/timeline', TOKENS.staff);
    expect(colleague.status).toBe(403);
    expect(touchedCase(colleague.calls)).toEqual([]);
  });
  it('replay: refused for a parent and a colleague’s case before any history is read; `at` is validated', async () => {
    const parent = await call('GET', '/api/cases/s-own/replay?at=2026-10-01', TOKENS.parent);
    expect(parent.status).toBe(403);
    expect(parent.calls).toEqual([]);
    const colleague = await call('GET', '/api/cases/s-colleague/replay?at=2026-10-01', TOKENS.staff);
    expect(colleague.status).toBe(403);
    expect(touchedCase(colleague.calls)).toEqual([]);
    for (const q of ['', '?at=yesterday', '?at=2026-13-01', '?at=2026-10-01T10:00', '?seq=2&at=2026-10-01']) {
      const r = await call('GET', `/api/cases/s-own/replay${q}`, TOKENS.auditor);
      expect(r.status, q).toBe(400);
      expect(r.json.field, q).toBe(q.startsWith('?seq') ? 'seq' : 'at');
    }
    for (const q of ['?seq=0', '?seq=two', '?seq=-1']) {
      const r = await call('GET', `/api/cases/s-own/replay${q}`, TOKENS.auditor);
      expect(r.status, q).toBe(400);
      expect(r.json.field, q).toBe('seq');
    }
  });
});

describe('notices and signatures', () => {
  it('the notice PDF: parent (own child), staff (own), auditor 200; others refused', async () => {
    for (const token of [TOKENS.parent, TOKENS.staff, TOKENS.auditor, TOKENS.supervisor]) {
      const r = await call('GET', pdfUrl('s-own'), token);
      expect(r.status).toBe(200);
      expect(r.headers['content-type']).toBe('application/pdf');
      expect(r.body.startsWith('%PDF')).toBe(true);
    }
    const parent = await call('GET', pdfUrl('s-colleague', 'case-s-colleague:3:x#1:0'), TOKENS.parent);
    expect(parent.status).toBe(404);
    expect(parent.calls).toEqual([]);
    const staff = await call('GET', pdfUrl('s-colleague'), TOKENS.staff);
    expect(staff.status).toBe(403);
    expect(touchedCase(staff.calls)).toEqual([]);
    const missing = await call('GET', pdfUrl('s-own', 'case-s-own:9:x#1:0'), TOKENS.parent);
    expect(missing.status).toBe(404);
    expect(missing.json.field).toBe('noticeId');
  });
  it('signing: the parent of the child only (201, signer role parent); staff, supervisor, auditor 403; another child 404', async () => {
    const body = { token: 'A'.repeat(43), decision: { scope: 'full' } };
    const ok = await call('POST', '/api/cases/s-own/signatures', TOKENS.parent, body);
    expect(ok.status).toBe(201);
    expect(ok.json).toEqual({ signed: true, req: { token: 'A'.repeat(43), decision: { scope: 'full' }, signerRole: 'parent' } });
    expect(ok.calls).toEqual(['scope:s-own', 'sign:s-own']);
    for (const token of [TOKENS.staff, TOKENS.supervisor, TOKENS.auditor]) {
      const r = await call('POST', '/api/cases/s-own/signatures', token, body);
      expect(r.status).toBe(403);
      expect(r.calls).toEqual([]);
    }
    const adult = 'adult-student-token-'.padEnd(40, 'x');
    api = { ...api, app: buildApi(api.service, { users: [...USERS, { token: adult, userId: 'u-adult', role: 'parent', studentIds: ['s-own'], signsAs: 'adultStudent' }], dataDir: api.dataDir, documents: new MemoryDocuments() }) };
    const asAdult = await call('POST', '/api/cases/s-own/signatures', adult, body);
    expect(asAdult.status).toBe(201);
    expect(asAdult.json.req.signerRole).toBe('adultStudent');
    const other = await call('POST', '/api/cases/s-colleague/signatures', TOKENS.parent, body);
    expect(other.status).toBe(404);
    expect(other.calls).toEqual([]);
    const badToken = await call('POST', '/api/cases/s-own/signatures', TOKENS.parent, { ...body, token: 'short' });
    expect(badToken.status).toBe(400);
    expect(badToken.json.field).toBe('token');
    const partial = await call('POST', '/api/cases/s-own/signatures', TOKENS.parent, { ...body, decision: { scope: 'partial' } });
    // The workflow's own decision schema (workflows/signing-request.ts): the API cannot take what signDocument refuses.
    const consented = await call('POST', '/api/cases/s-own/signatures', TOKENS.parent, { ...body, decision: { scope: 'partial', consentedItems: ['speech'] } });
    expect(consented.status).toBe(400);
    expect(consented.json.field).toBe('decision.consentedItems');
    expect(partial.status).toBe(400);
    expect(partial.json.field).toBe('decision.refusedItems');
  });
});

describe('the access log of these reads', () => {
  it('one line per read, allowed or refused, ids only, in <dataDir>/access-log/<YYYY-MM>.jsonl', async () => {
    await call('GET', '/api/cases/s-own', TOKENS.parent);
    await call('GET', '/api/cases/s-colleague', TOKENS.parent);
    await call('GET', '/api/cases/s-colleague/timeline', TOKENS.staff);
    await call('GET', pdfUrl('s-own'), TOKENS.auditor);
    await call('POST', '/api/cases/s-own/events', TOKENS.staff, EVENT); // a write: not a read line
    const folder = join(api.dataDir, 'access-log');
    const files = readdirSync(folder);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^\d{4}-\d{2}\.jsonl$/);
    const lines = readFileSync(join(folder, files[0]), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map(({ at: _at, ...rest }) => rest)).toEqual([
      { userId: 'u-parent', role: 'parent', action: 'case.read', studentId: 's-own', outcome: 'allowed', districtId: 'd-north' },
      { userId: 'u-parent', role: 'parent', action: 'case.read', studentId: 's-colleague', outcome: 'refused', districtId: null },
      { userId: 'u-staff', role: 'staff', action: 'timeline.read', studentId: 's-colleague', outcome: 'refused', districtId: 'd-north' },
      { userId: 'u-audit', role: 'auditor', action: 'notice.read', studentId: 's-own', outcome: 'allowed', districtId: 'd-north' },
    ]);
    expect(files[0].slice(0, 7)).toBe(lines[0].at.slice(0, 7));
  });
});

describe('GET /api/cases/:studentId: effects being retried', () => {
  const failing = failingSendNotice('2026-10-01T18:41:50.000Z', '2026-10-01T18:42:10.000Z');

  it('staff, supervisors and auditors get `retrying` beside the view, read with the view after the scope check', async () => {
    api.retrying['s-own'] = [failing];
    for (const token of [TOKENS.staff, TOKENS.supervisor, TOKENS.auditor]) {
      const r = await call('GET', '/api/cases/s-own', token);
      expect(r.status).toBe(200);
      expect(r.json.retrying).toEqual([failing]);
      expect(r.calls.sort()).toEqual(['retrying:s-own', 'scope:s-own', 'view:s-own']);
    }
    expect((await call('GET', '/api/cases/s-colleague', TOKENS.supervisor)).json.retrying).toEqual([]);
  });

  it('a parent gets an empty list and Temporal is not asked; a refused caller reaches neither', async () => {
    api.retrying['s-own'] = [failing];
    const parent = await call('GET', '/api/cases/s-own', TOKENS.parent);
    expect(parent.json.retrying).toEqual([]);
    expect(parent.calls).toEqual(['scope:s-own', 'view:s-own']);
    const refused = await call('GET', '/api/cases/s-colleague', TOKENS.staff);
    expect(refused.status).toBe(403);
    expect(refused.calls.filter((c) => c.startsWith('retrying:'))).toEqual([]);
  });
});
