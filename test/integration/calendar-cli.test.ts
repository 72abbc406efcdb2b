/**
 * `caseclock calendar` against the shared dev server: two versions of a private district
 * calendar imported into a temp data folder, `diff --cases` predicting which open deadlines the
 * new version moves, and `publish` moving exactly those through the publishCalendar Update,
 * each case recording old date, new date and reason. The fan-out by signal to 100 cases is
 * test/integration/calendar-change.test.ts; this one is the CLI's path, on a few cases.
 *
 * Version 2 closes the district office on the next working day (a holiday), so a records-access
 * clock (working days) that counts across it moves one working day later — whatever today is,
 * as long as the demo calendar covers it.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCalendarCommand } from '../../client/cli/calendar';
import { reportFailure } from '../../client/cli/main';
import { casesFollowing } from '../../client/calendars/calendar-cases';
import { CalendarStore } from '../../client/calendars/calendar-store';
import { computeDeadline, demoCalendars, describeDay, recompute, toDayNumber, toIso, type Calendar } from '../../deadlines';
import { dateIn } from '../../workflows/zoned-time';
import { devServerHarness, eventually, uniqueId, type Harness } from './harness';

let h: Harness;
let dataDir: string;
beforeAll(async () => {
  h = await devServerHarness();
  dataDir = mkdtempSync(join(tmpdir(), 'caseclock-calendar-cli-'));
});
afterAll(async () => {
  await h?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const today = dateIn('America/Los_Angeles', Date.now());

function nextWorkingDay(calendar: Calendar, after: string): string {
  for (let d = toDayNumber(after) + 1; ; d++) if (describeDay(calendar, toIso(d)).workingDay) return toIso(d);
}

describe('caseclock calendar import / diff --cases / publish (dev server)', () => {
  it('publish moves the deadlines diff --cases predicted, each case recording the move', async () => {
    const id = uniqueId('calcli');
    const store = new CalendarStore(dataDir);
    const v1: Calendar = { ...demoCalendars['demo-usd'], id, version: '1' };
    const holiday = nextWorkingDay(v1, today);
    const v2: Calendar = { ...v1, version: '2', holidays: [...v1.holidays, holiday].sort() };
    const progress: string[] = [];
    const deps = {
      store,
      connect: async () => ({ service: h.service, close: async () => undefined }),
      progress: { isTTY: false, write: (s: string) => progress.push(s) },
    };
    const cli = async (...argv: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const io = { stdout: (s: string) => void out.push(s), stderr: (s: string) => void err.push(s), readFile: (p: string) => readFileSync(p, 'utf8') };
      const code = await runCalendarCommand(argv, io, deps).catch((error: unknown) => reportFailure(error, io));
      return { code, out: out.join('\n'), err };
    };
    for (const v of [v1, v2]) {
      const path = join(dataDir, `${id}-v${v.version}.json`);
      writeFileSync(path, JSON.stringify(v));
      expect(await cli('import', path)).toMatchObject({ code: 0, out: `stored ${id} version ${v.version} (${join(dataDir, 'calendars', id, `${v.version}.json`)})` });
    }
    expect(store.versions(id).map((v) => v.version)).toEqual(['1', '2']);

    // Records requested today and yesterday count five working days across the new holiday;
    // one requested twenty days ago was due before today (five working days always fit in
    // nineteen), so before the holiday, and stays. Ten days ago did not always: across holidays
    // (Thanksgiving, Christmas to New Year) its fifth working day could be the new holiday itself
    // (today 2027-11-29: requested 11-19, due 11-30, the next working day), and it moved too.
    const cases = [0, 1, 20].map((ago) => ({ studentId: uniqueId(`cli${ago}`), requestedOn: toIso(toDayNumber(today) - ago) }));
    const expected = recompute(
      v1,
      v2,
      cases.map((c) => ({ key: `case-${c.studentId}`, rule: 'records-access' as const, from: c.requestedOn })),
    ).map((m) => ({ caseId: m.key, process: 'records-access#1', rule: 'records-access', from: m.old.due, to: m.new.due }));
    expect(expected.map((m) => m.caseId)).toEqual(cases.slice(0, 2).map((c) => `case-${c.studentId}`));
    expect(expected.every((m) => m.to! > m.from!)).toBe(true);

    await h.run(async () => {
      for (const c of cases) {
        await h.service.openCase({ studentId: c.studentId, birthDate: '2016-03-01', language: 'en', districtId: `${id}-d`, calendar: v1 });
        await h.service.recordEvent(c.studentId, { type: 'RECORDS_REQUEST_RECEIVED', occurredOn: c.requestedOn, actor: { role: 'parent' } });
      }
      await eventually(() => casesFollowing(h.client, id), (found) => found.length === 3 && found.every((c) => c.version === '1'), 'the three cases on version 1', 150);

      const diff = await cli('diff', id, '1', '2', '--cases', '--json');
      expect(diff.code).toBe(0);
      const predicted = JSON.parse(diff.out);
      expect(predicted.holidays.added).toEqual([holiday]);
      expect(predicted.cases).toMatchObject({ casesExamined: 3, casesOnOtherVersions: 0, unread: [] });
      const byCase = (a: { caseId: string }, b: { caseId: string }) => a.caseId.localeCompare(b.caseId);
      expect([...predicted.cases.moves].sort(byCase)).toEqual([...expected].sort(byCase));

      const published = await cli('publish', id, '2', '--json');
      expect(published.code).toBe(0);
      const report = JSON.parse(published.out);
      expect(report).toMatchObject({ calendarId: id, version: '2', cases: 3, alreadyOnVersion: 0, failed: [] });
      expect([...report.moves].sort(byCase)).toEqual([...expected].sort(byCase));
      expect(progress.at(-1)).toBe(`publish ${id} 2: 3/3 cases\n`);
      expect(store.publishedAt(id, '2')).toBe(report.publishedAt);

      // Each case holds version 2 and says why its date moved; the third is untouched.
      for (const c of cases) {
        const view = await h.service.view(c.studentId);
        const clock = view.pending.find((d) => d.rule === 'records-access');
        const move = expected.find((m) => m.caseId === `case-${c.studentId}`);
        expect(view.calendar.version).toBe('2');
        expect(clock?.due).toBe(move ? move.to : computeDeadline(v1, { rule: 'records-access', from: c.requestedOn }).due);
        expect(clock?.moves.map((m) => [m.from, m.to, m.reason])).toEqual(move ? [[move.from, move.to, `calendar ${id} version 2 published`]] : []);
      }

      // Published: a changed version 2 is refused, and publishing again tells nobody twice.
      const changed = join(dataDir, `${id}-v2b.json`);
      writeFileSync(changed, JSON.stringify({ ...v2, holidays: v1.holidays }));
      expect((await cli('import', changed)).code).toBe(2);
      await eventually(() => casesFollowing(h.client, id), (found) => found.every((c) => c.version === '2'), 'the cases on version 2', 150);
      expect(JSON.parse((await cli('publish', id, '2', '--json')).out)).toMatchObject({ cases: 0, alreadyOnVersion: 3, moves: [] });

      for (const c of cases) await h.client.workflow.getHandle(`case-${c.studentId}`).terminate('calendar-cli test done');
    });
  });
});
