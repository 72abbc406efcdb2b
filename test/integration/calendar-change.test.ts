/**
 * Against the real dev server: 100 cases started, found by search attribute, then a new
 * calendar version (a snow week next to the winter break) re-plans every affected one, each
 * recording old date, new date and reason — the same moves the deadline engine's own
 * `recompute` gives for those triggers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCalendars, recompute, toDayNumber, toIso } from '../../deadlines';
import { calendarDiff, publishCalendar } from '../../client/calendar-publish';
import { listCaseload } from '../../client/caseload';
import { dateIn } from '../../workflows/zoned-time';
import { devServerHarness, eventually, uniqueId, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await devServerHarness();
});
afterAll(async () => h?.close());

const today = dateIn('America/Los_Angeles', Date.now());


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

      const snow = { ...base, version: '2', closures: [...base.closures, { start: '2026-12-14', end: '2026-12-18', name: 'Snow closure' }] };
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

      const published = await eventually(() => publishCalendar(h.client, snow), (p) => p.caseIds.length === 100, 'cases on the old version', 150);
      expect(published.caseIds).toHaveLength(100);
      const diff = await eventually(() => calendarDiff(h.client, published.caseIds, snow), (d) => d.pending.length === 0, 'every case re-planned', 150);
      const recorded = diff.rows
        .filter((r) => r.rule === 'assessment-plan' || r.rule === 'records-access')
        .map((r) => `${r.caseId} ${r.rule} ${r.from} → ${r.to}`)
        .sort();
      expect(recorded).toEqual(expected);
      expect(diff.rows.every((r) => r.reason === `calendar ${base.id} version 2 published`)).toBe(true);
    });
  });
});
