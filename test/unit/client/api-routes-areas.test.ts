/**
 * The other areas through fastify inject: me, caseload (narrowed by role), charts, calendars
 * (days and publishing), the access-log reader, the public pages — each role allowed and
 * refused, and the fake CaseService not called on refusals.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { demoCalendars } from '../../../deadlines';
import { TOKENS, bearer, fakeApi } from './api-fake-service';

let api: ReturnType<typeof fakeApi>;
beforeEach(() => {
  api = fakeApi();
});

async function call(method: 'GET' | 'POST', url: string, token?: string, payload?: unknown) {
  const res = await api.app.inject({ method, url, headers: token ? bearer(token) : {}, payload: payload as never });
  const calls = api.calls.splice(0);
  const queries = api.queries.splice(0);
  const json = res.headers['content-type']?.toString().startsWith('application/json') ? res.json() : null;
  return { status: res.statusCode, json, body: res.body, headers: res.headers, calls, queries };
}

describe('GET /api/me', () => {
  it('answers each role with its ids', async () => {
    expect((await call('GET', '/api/me', TOKENS.staff)).json).toEqual({ userId: 'u-staff', role: 'staff', districtIds: ['d-north'], caseManagerId: 'cm-1', studentIds: [] });
    expect((await call('GET', '/api/me', TOKENS.supervisor)).json).toMatchObject({ role: 'supervisor', caseManagerId: null });
    expect((await call('GET', '/api/me', TOKENS.auditor)).json).toMatchObject({ role: 'auditor', districtIds: ['d-north'] });
    expect((await call('GET', '/api/me', TOKENS.parent)).json).toEqual({ userId: 'u-parent', role: 'parent', districtIds: [], caseManagerId: null, studentIds: ['s-own'] });
  });
});

describe('GET /api/caseload', () => {
  it('staff see only their own cases in their district', async () => {
    const r = await call('GET', '/api/caseload', TOKENS.staff);
    expect(r.status).toBe(200);
    expect(r.json.cases.map((c: { studentId: string }) => c.studentId)).toEqual(['s-own']);
    expect(r.queries).toHaveLength(1);
    expect(r.queries[0]).toContain("CaseManager = 'cm-1'");
    expect(r.queries[0]).toContain("CaseDistrict = 'd-north'");
  });
  it('supervisor and auditor see every case of their district, none of another', async () => {
    for (const token of [TOKENS.supervisor, TOKENS.auditor]) {
      const r = await call('GET', '/api/caseload', token);
      expect(r.json.cases.map((c: { studentId: string }) => c.studentId).sort()).toEqual(['s-colleague', 's-own']);
      const filtered = await call('GET', '/api/caseload?caseManager=cm-2&overdue=true', token);
      expect(filtered.json.cases.map((c: { studentId: string }) => c.studentId)).toEqual(['s-colleague']);
      expect(filtered.queries[0]).toContain('CaseOverdue = true');
    }
  });
  it('refused: another case manager for staff, another district for anyone (403), parents (403) — no visibility query', async () => {
    const staff = await call('GET', '/api/caseload?caseManager=cm-2', TOKENS.staff);
    expect(staff.status).toBe(403);
    expect(staff.json.field).toBe('caseManager');
    const district = await call('GET', '/api/caseload?district=d-south', TOKENS.supervisor);
    expect(district.status).toBe(403);
    expect(district.json.field).toBe('districtId');
    const parent = await call('GET', '/api/caseload', TOKENS.parent);
    expect(parent.status).toBe(403);
    for (const r of [staff, district, parent]) expect(r.calls).toEqual([]);
  });
  it('validates every filter, naming it (400)', async () => {
    for (const [q, field] of [
      ['overdue=maybe', 'overdue'],
      ['dueBy=next-week', 'dueBy'],
      ['limit=0', 'limit'],
      ['school=Lincoln%20Elementary', 'school'],
      ['student=s-own', 'student'],
    ]) {
      const r = await call('GET', `/api/caseload?${q}`, TOKENS.supervisor);
      expect(r.status).toBe(400);
      expect(r.json.field).toBe(field);
    }
  });
});

describe('charts', () => {
  it('lists the charts and gives one chart’s Mermaid text and states (staff, supervisor, auditor)', async () => {
    for (const token of [TOKENS.staff, TOKENS.supervisor, TOKENS.auditor]) {
      const list = await call('GET', '/api/charts', token);
      expect(list.status).toBe(200);
      expect(list.json).toContainEqual({ chart: 'initial-evaluation', version: '1.0.0', title: 'Initial evaluation' });
    }
    const one = await call('GET', '/api/charts/initial-evaluation', TOKENS.auditor);
    expect(one.json.mermaid.startsWith('stateDiagram-v2\n')).toBe(true);
    expect(one.json.states).toContain('opening');
    expect(one.json.mermaid).toContain('state "opening" as s_initial_evaluation_opening');
  });
  it('refuses parents (403), an unknown chart or version (404)', async () => {
    expect((await call('GET', '/api/charts', TOKENS.parent)).status).toBe(403);
    const unknown = await call('GET', '/api/charts/no-such-chart', TOKENS.staff);
    expect(unknown.status).toBe(404);
    expect(unknown.json.field).toBe('chart');
    const version = await call('GET', '/api/charts/initial-evaluation?version=9.9.9', TOKENS.staff);
    expect(version.status).toBe(404);
    expect(version.json.field).toBe('version');
  });
});

describe('calendars', () => {
  it('gives the day kinds of a window (winter break, a weekend, a school day)', async () => {
    const r = await call('GET', '/api/calendars/demo-usd?from=2026-12-18&to=2026-12-21', TOKENS.staff);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ id: 'demo-usd', version: demoCalendars['demo-usd'].version ?? null, from: '2026-12-18', to: '2026-12-21' });
    expect(r.json.days.map((d: { date: string }) => d.date)).toEqual(['2026-12-18', '2026-12-19', '2026-12-20', '2026-12-21']);
    expect(r.json.days[0].kind).toBe('school-day');
    expect(r.json.days[3].kind).toBe('long-vacation');
  });
  it('refuses a parent (403), an unknown calendar (404), a bad or reversed window (400)', async () => {
    expect((await call('GET', '/api/calendars/demo-usd', TOKENS.parent)).status).toBe(403);
    expect((await call('GET', '/api/calendars/nowhere-usd', TOKENS.staff)).json).toEqual({ error: 'calendarId: no calendar nowhere-usd', field: 'calendarId' });
    expect((await call('GET', '/api/calendars/demo-usd?from=2026-12-21&to=2026-12-01', TOKENS.staff)).json.field).toBe('to');
    expect((await call('GET', '/api/calendars/demo-usd?from=Dec-1', TOKENS.staff)).json.field).toBe('from');
  });
  it('publishing: a supervisor whose district has every case of the calendar (202, the Update to each case)', async () => {
    const body = { ...demoCalendars['demo-usd'], version: '7' };
    const r = await call('POST', '/api/calendars/demo-usd/publish', TOKENS.supervisor, body);
    expect(r.status).toBe(202);
    expect(r.json).toMatchObject({ calendarId: 'demo-usd', version: '7', cases: 2, alreadyOnVersion: 0 });
    expect(r.calls.filter((c) => c.startsWith('publishCalendar:')).sort()).toEqual(['publishCalendar:s-colleague@7', 'publishCalendar:s-own@7']);
    expect(r.calls.filter((c) => c.startsWith('signal:'))).toEqual([]);
  });
  it('publishing refused: cases of another district follow it, staff/auditor/parent, a body for another calendar', async () => {
    const body = { ...demoCalendars['demo-usd'], version: '7' };
    const south = await call('POST', '/api/calendars/demo-usd/publish', TOKENS.southSupervisor, body);
    expect(south.status).toBe(403);
    expect(south.json.field).toBe('districtId');
    expect(south.calls.filter((c) => c.startsWith('publishCalendar:'))).toEqual([]);
    for (const token of [TOKENS.staff, TOKENS.auditor, TOKENS.parent]) {
      const r = await call('POST', '/api/calendars/demo-usd/publish', token, body);
      expect(r.status).toBe(403);
      expect(r.calls).toEqual([]);
    }
    const other = await call('POST', '/api/calendars/year-round-usd/publish', TOKENS.supervisor, body);
    expect(other.status).toBe(400);
    expect(other.json.field).toBe('id');
    const unversioned = await call('POST', '/api/calendars/demo-usd/publish', TOKENS.supervisor, { ...body, version: undefined });
    expect(unversioned.json.field).toBe('version');
    const malformed = await call('POST', '/api/calendars/demo-usd/publish', TOKENS.supervisor, { ...body, terms: [] });
    expect(malformed.status).toBe(400);
    expect(malformed.json.field).toBe('terms');
    expect([...other.calls, ...unversioned.calls, ...malformed.calls]).toEqual([]);
  });
});

describe('GET /api/access-log', () => {
  it('supervisor and auditor read their district’s lines; by student once the case is theirs', async () => {
    await call('GET', '/api/cases/s-own', TOKENS.staff);
    await call('GET', '/api/cases/s-south', TOKENS.southSupervisor);
    await call('GET', '/api/cases/s-colleague', TOKENS.parent);
    for (const token of [TOKENS.supervisor, TOKENS.auditor]) {
      const all = await call('GET', '/api/access-log', token);
      expect(all.status).toBe(200);
      expect(all.json.entries.map((e: { studentId: string; userId: string }) => `${e.userId}:${e.studentId}`)).toEqual(['u-staff:s-own']);
      const byStudent = await call('GET', '/api/access-log?studentId=s-colleague', token);
      expect(byStudent.json.entries).toMatchObject([{ userId: 'u-parent', studentId: 's-colleague', outcome: 'refused' }]);
    }
    const south = await call('GET', '/api/access-log?studentId=s-south', TOKENS.auditor);
    expect(south.status).toBe(403);
    const future = await call('GET', '/api/access-log?from=2999-01-01', TOKENS.auditor);
    expect(future.json.entries).toEqual([]);
  });
  it('refused for staff and parents (403); bounds validated (400)', async () => {
    for (const token of [TOKENS.staff, TOKENS.parent]) {
      const r = await call('GET', '/api/access-log', token);
      expect(r.status).toBe(403);
      expect(r.calls).toEqual([]);
    }
    expect((await call('GET', '/api/access-log?from=last-week', TOKENS.auditor)).json.field).toBe('from');
  });
});

describe('public pages', () => {
  it('health, dashboard page, docs and the OpenAPI document need no token', async () => {
    expect((await call('GET', '/health')).json).toEqual({ ok: true });
    const page = await call('GET', '/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>caseclock</title>');
    const docs = await call('GET', '/docs');
    expect(docs.headers['content-type']).toContain('text/html');
    expect(docs.body).toContain("fetch('/openapi.json')");
    // Self-contained: no script or stylesheet from elsewhere (the browser has no internet).
    expect(docs.body).not.toMatch(/(src|href)=["']https?:/);
    expect((await call('GET', '/openapi.json')).json.openapi).toBe('3.1.0');
    const missing = await call('GET', '/api/nothing-here', TOKENS.staff);
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ error: 'path: no route GET /api/nothing-here', field: 'path' });
  });
});
