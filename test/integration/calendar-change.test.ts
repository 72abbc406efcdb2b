/**
 * Against the real dev server: 100 cases started, found by search attribute, then a new
 * calendar version (a snow closure of ten days starting after today, so more than five weekdays: a
 * long vacation the counts skip) published through the HTTP API
 * (POST /api/calendars/:id/publish — the CLI's path: stored, marked published, then the
 * publishCalendar Update to each case) re-plans every affected one, each recording old date,
 * new date and reason — the same moves the deadline engine's own `recompute` gives for those
 * triggers, and the same the API's report lists.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayKind, demoCalendars, recompute, toDayNumber, toIso, type Calendar } from '../../deadlines';
import { buildApi } from '../../client/api/server';
import { casesFollowing, type PublishReport } from '../../client/calendars/calendar-cases';
import { CalendarStore } from '../../client/calendars/calendar-store';
import { listCaseload } from '../../client/caseload';
import { inLanes } from '../../client/exports/lanes';
import { dateIn } from '../../workflows/zoned-time';
import { devServerHarness, eventually, uniqueId, type Harness } from './harness';

let h: Harness;
let apiDir: string;
beforeAll(async () => {
  h = await devServerHarness();
  apiDir = mkdtempSync(join(tmpdir(), 'caseclock-calendar-change-'));
});
afterAll(async () => {
  await h?.close();
  if (apiDir) rmSync(apiDir, { recursive: true, force: true });
});

/** The triggers these cases have; the comparison is on their clocks. */
const WATCHED = ['assessment-plan', 'records-access'];
const SUPERVISOR = 'calendar-change-supervisor-token-0123456789';

const today = dateIn('America/Los_Angeles', Date.now());

/**
 * Ten days from the first day after today on which all ten are school days or weekends: whatever
 * today is (a fixed week went stale once the cases' counts no longer crossed it), the closure
 * holds more than five weekdays, is clear of the calendar's own closures and inside a term.
 */
function snowClosureAfter(calendar: Calendar, from: string): { start: string; end: string; name: string } {
  const first = toDayNumber(from) + 1;
  for (let start = first; start < first + 200; start++) {
    const days = Array.from({ length: 10 }, (_, i) => toIso(start + i));
    if (days.every((d) => ['school-day', 'weekend'].includes(dayKind(calendar, d)))) return { start: days[0], end: days[9], name: 'Snow closure' };
  }
  throw new Error(`no ten clear days in a term within 200 days after ${from}: the demo calendar needs another year`);
}

describe('a calendar change across 100 open cases (dev server)', () => {
  it('finds them by search attribute and re-plans them with recorded diffs', async () => {
    // A private copy of the demo calendar, so no other test's cases are touched.
    const base = { ...demoCalendars['demo-usd'], id: uniqueId('cal'), version: '1' };
    const school = uniqueId('sch');
    const cases = Array.from({ length: 100 }, (_, i) => ({ studentId: uniqueId(`cc${i}`), referralOn: toIso(toDayNumber(today) - (i % 20)) }));
    await h.run(async () => {
      for (let i = 0; i < cases.length; i += 10) {
        await Promise.all(
          cases.slice(i, i + 10).map(async (c) => {
            await h.service.openCase({ studentId: c.studentId, birthDate: '2018-01-01', language: 'en', districtId: 'demo-usd', schoolId: school, calendar: base });
            await h.service.recordEvent(c.studentId, { type: 'RECORDS_REQUEST_RECEIVED', occurredOn: c.referralOn, actor: { role: 'parent' } });
            await h.service.recordEvent(c.studentId, { type: 'REFERRAL_RECEIVED', occurredOn: c.referralOn, actor: { role: 'parent' } });
          }),
        );
      }
      const found = await eventually(() => listCaseload(h.client, { school, limit: 500 }), (rows) => rows.length === 100, 'all 100 cases visible', 150);
      expect(new Set(found.map((r) => r.studentId))).toEqual(new Set(cases.map((c) => c.studentId)));

      const snow = { ...base, version: '2', closures: [...base.closures, snowClosureAfter(base, today)] };
      const expected = recompute(
        base,
        snow,
        cases.flatMap((c) => [
          { key: `case-${c.studentId}|assessment-plan`, rule: 'assessment-plan' as const, from: c.referralOn },
          { key: `case-${c.studentId}|records-access`, rule: 'records-access' as const, from: c.referralOn },
        ]),
      )
        .map((m) => `${m.key.split('|')[0]} ${m.rule} ${m.old.due} → ${m.new.due}`)
        .sort();
      // Working-day rules (records-access) do not move with a school closure; school-day-counted plans do.
      expect(expected.length).toBeGreaterThan(0);
      expect(expected.every((line) => line.includes('assessment-plan'))).toBe(true);

      await eventually(() => casesFollowing(h.client, base.id), (found) => found.length === 100 && found.every((c) => c.version === '1'), 'all 100 on version 1', 150);
      const app = buildApi(h.service, { users: [{ token: SUPERVISOR, userId: 'it-super', role: 'supervisor', districtIds: ['demo-usd'] }], dataDir: apiDir });
      try {
        const res = await app.inject({ method: 'POST', url: `/api/calendars/${base.id}/publish`, headers: { authorization: `Bearer ${SUPERVISOR}` }, payload: snow });
        expect(res.statusCode, res.body).toBe(202);
        const report = res.json() as PublishReport;
        expect([report.calendarId, report.version, report.cases, report.alreadyOnVersion, report.failed]).toEqual([base.id, '2', 100, 0, []]);
        // The version is in the API's calendar store, published, and no longer changeable.
        expect(new CalendarStore(apiDir).publishedAt(base.id, '2')).toBe(report.publishedAt);
        const fromReport = report.moves.filter((m) => WATCHED.includes(m.rule)).map((m) => `${m.caseId} ${m.rule} ${m.from} → ${m.to}`).sort();
        expect(fromReport).toEqual(expected);
        const changed = await app.inject({ method: 'POST', url: `/api/calendars/${base.id}/publish`, headers: { authorization: `Bearer ${SUPERVISOR}` }, payload: { ...snow, name: `${snow.name} (changed)` } });
        expect([changed.statusCode, changed.json().field]).toEqual([400, 'version']);
      } finally {
        await app.close();
      }
      // Each case recorded the move itself, with the reason.
      const views = await inLanes(cases, 16, (c) => h.service.view(c.studentId));
      const recorded = views.flatMap((view) =>
        [...view.pending, ...view.closed].flatMap((d) => d.moves.filter((m) => m.reason.includes('version 2 ')).map((m) => ({ rule: d.rule, line: `${view.caseId} ${d.rule} ${m.from} → ${m.to}`, reason: m.reason }))),
      );
      expect(views.every((v) => v.calendar.version === '2')).toBe(true);
      expect(recorded.filter((r) => WATCHED.includes(r.rule)).map((r) => r.line).sort()).toEqual(expected);
      expect(recorded.every((r) => r.reason === `calendar ${base.id} version 2 published`)).toBe(true);
    });
  });
});
