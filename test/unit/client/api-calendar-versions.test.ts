/**
 * Calendar versions through the API, over the recording fake and a temp data folder: publishing
 * goes the CLI's way (the version stored and marked published in the calendar store, then the
 * publishCalendar Update to each case, the same report), a published version never changes,
 * GET /api/calendars lists what was stored, and the open-case body may name a calendar as
 * `id@version` or `id` (resolved from the store, else the demo calendars).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { CalendarStore } from '../../../client/calendars/calendar-store';
import { demoCalendars } from '../../../deadlines';
import { TOKENS, bearer, fakeApi } from './api-fake-service';

let api: ReturnType<typeof fakeApi>;
let store: CalendarStore;
beforeEach(() => {
  api = fakeApi();
  store = new CalendarStore(api.dataDir);
});

async function call(method: 'GET' | 'POST', url: string, token: string, payload?: unknown) {
  const res = await api.app.inject({ method, url, headers: bearer(token), payload: payload as never });
  const calls = api.calls.splice(0);
  return { status: res.statusCode, json: res.json(), calls };
}

const v7 = { ...demoCalendars['demo-usd'], version: '7' };
const publish = (body: unknown, token = TOKENS.supervisor) => call('POST', '/api/calendars/demo-usd/publish', token, body);

describe('POST /api/calendars/:calendarId/publish: the CLI’s path', () => {
  it('stores the version, marks it published before any case hears of it, and answers the publication report', async () => {
    const r = await publish(v7);
    expect(r.status).toBe(202);
    expect(r.json).toEqual({
      calendarId: 'demo-usd',
      version: '7',
      publishedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      cases: 2,
      alreadyOnVersion: 0,
      moves: [{ caseId: 'case-s-own', process: 'initial-evaluation#1', rule: 'plan-response', from: '2026-09-17', to: '2026-09-18' }],
      // The ended case is named by its id and the failure's first line, nothing of the case.
      failed: [{ caseId: 'case-s-colleague', error: 'workflow execution already completed' }],
    });
    expect(store.publishedAt('demo-usd', '7')).toBe(r.json.publishedAt);
    expect(store.get('demo-usd', '7')).toEqual(v7);
    expect(existsSync(join(api.dataDir, 'calendars', 'demo-usd', '7.json'))).toBe(true);
  });

  it('GET /api/calendars lists the stored version with its publication, beside the demo versions', async () => {
    const published = await publish(v7);
    const list = await call('GET', '/api/calendars', TOKENS.staff);
    expect(list.status).toBe(200);
    const demoUsd = list.json.calendars.filter((c: { id: string }) => c.id === 'demo-usd');
    expect(demoUsd.map((c: { version: string; source: string; publishedAt: string | null }) => [c.version, c.source, c.publishedAt])).toEqual([
      ['1', 'demo', null],
      ['2', 'demo', null],
      ['7', 'stored', published.json.publishedAt],
    ]);
  });

  it('re-publishing the same content keeps the first instant; other content under a published version is refused (400 naming version), no case told', async () => {
    const first = await publish(v7);
    const again = await publish(v7);
    expect(again.status).toBe(202);
    expect(again.json.publishedAt).toBe(first.json.publishedAt);
    const changed = await publish({ ...v7, holidays: [...v7.holidays, '2027-03-01'].sort() });
    expect(changed.status).toBe(400);
    expect(changed.json).toEqual({ error: expect.stringMatching(/^version: demo-usd version 7 is published and cases may follow it; import the change as a new version$/), field: 'version' });
    expect(changed.calls.filter((c) => c.startsWith('publishCalendar:'))).toEqual([]);
    expect(store.get('demo-usd', '7')).toEqual(v7);
  });

  it('a version shipped with caseclock publishes as it ships; other content under its version is refused', async () => {
    const snow = await publish(demoCalendars['demo-usd-snow']);
    expect([snow.status, snow.json.version]).toEqual([202, '2']);
    expect(store.publishedAt('demo-usd', '2')).toBe(snow.json.publishedAt);
    const other = await publish({ ...demoCalendars['demo-usd'], version: '2' });
    expect([other.status, other.json.field]).toEqual([400, 'version']);
    expect(other.calls.filter((c) => c.startsWith('publishCalendar:'))).toEqual([]);
  });

  it('a refused caller stores nothing', async () => {
    const south = await publish(v7, TOKENS.southSupervisor);
    expect(south.status).toBe(403);
    expect(store.versions('demo-usd').map((v) => v.version)).toEqual(['1', '2']);
  });
});

const OPEN = { studentId: 's-new', birthDate: '2015-04-05', language: 'en', districtId: 'd-north', caseManagerId: 'cm-1' };

describe('POST /api/cases with a named calendar', () => {
  it('id@version opens on that version: a shipped one, or one from the store', async () => {
    store.import({ ...demoCalendars['demo-usd'], id: 'north-usd', version: '3' });
    const shipped = await call('POST', '/api/cases', TOKENS.staff, { ...OPEN, calendar: 'demo-usd@2' });
    expect(shipped.status).toBe(201);
    const stored = await call('POST', '/api/cases', TOKENS.staff, { ...OPEN, studentId: 's-new2', calendar: 'north-usd@3' });
    expect(stored.status).toBe(201);
    const bare = await call('POST', '/api/cases', TOKENS.staff, { ...OPEN, studentId: 's-new3', calendar: 'demo-usd-extended' });
    expect(bare.status).toBe(201);
    expect(api.opened.map((r) => r.calendar)).toEqual([demoCalendars['demo-usd-snow'], store.get('north-usd', '3'), demoCalendars['demo-usd-extended']]);
  });

  it('an id alone is its last published version', async () => {
    await publish(v7);
    api.opened.splice(0);
    expect((await call('POST', '/api/cases', TOKENS.staff, { ...OPEN, calendar: 'demo-usd' })).status).toBe(201);
    expect((api.opened[0].calendar as { version: string }).version).toBe('7');
  });

  it('an unknown id or version, or a malformed name, is a 400 naming calendar; nothing opened', async () => {
    for (const [calendar, pattern] of [
      ['demo-usd@9', /^calendar: no version 9 of calendar demo-usd \(known: 1, 2\)$/],
      ['nowhere-usd', /^calendar: no calendar nowhere-usd \(known: demo-usd, /],
      ['nowhere-usd@1', /^calendar: no calendar nowhere-usd/],
      ['Lincoln USD', /^calendar: /],
    ] as const) {
      const r = await call('POST', '/api/cases', TOKENS.staff, { ...OPEN, calendar });
      expect([r.status, r.json.field], calendar).toEqual([400, 'calendar']);
      expect(r.json.error).toMatch(pattern);
      expect(r.calls).toEqual([]);
    }
  });
});
