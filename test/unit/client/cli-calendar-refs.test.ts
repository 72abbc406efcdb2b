/**
 * `--calendar id@version` on `caseclock open` and `caseclock import` (and the import's
 * calendarId column): resolved from the calendar store (stored or published versions), else the
 * demo calendars; an unknown id or version is one line naming --calendar (or the row's
 * calendarId) and exit 2. No Temporal: open stops before connecting, import runs dry.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CalendarStore } from '../../../client/calendars/calendar-store';
import { parseArgs } from '../../../client/cli/flags';
import { runImportCommand } from '../../../client/cli/import';
import { main, openRequestOf, reportFailure } from '../../../client/cli/main';
import { importCases } from '../../../client/import/importer';
import { planImport, type ImportPlan } from '../../../client/import/import-plan';
import { demoCalendars, type Calendar } from '../../../deadlines';

const dir = mkdtempSync(join(tmpdir(), 'caseclock-cli-calendar-refs-'));
const store = new CalendarStore(join(dir, 'data'));
const north = (version: string): Calendar => ({ ...demoCalendars['demo-usd'], id: 'north-usd', name: `North USD v${version}`, version });
beforeAll(() => {
  store.import(north('1'));
  store.import(north('2'));
  store.markPublished('north-usd', '1', '2026-08-01T00:00:00.000Z');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { stdout: (s: string) => void out.push(s), stderr: (s: string) => void err.push(s), readFile: (p: string) => readFileSync(p, 'utf8') } };
}

const openArgs = (calendar: string) => parseArgs(['--student', 's1', '--birth-date', '2015-01-02', '--district', 'd1', '--calendar', calendar], ['json']);
const versionOf = (request: Record<string, unknown>) => (request.calendar as Calendar).version;

describe('caseclock open --calendar', () => {
  it('id@version is that stored version; an id alone is its last published one; a demo key as before', () => {
    const t = io();
    expect(versionOf(openRequestOf(openArgs('north-usd@2'), t.io, store))).toBe('2');
    expect(versionOf(openRequestOf(openArgs('north-usd'), t.io, store))).toBe('1');
    expect(openRequestOf(openArgs('demo-usd@2'), t.io, store).calendar).toEqual(demoCalendars['demo-usd-snow']);
    expect(openRequestOf(openArgs('demo-usd-extended'), t.io, store).calendar).toEqual(demoCalendars['demo-usd-extended']);
  });

  it('a calendar file still works', () => {
    const file = join(dir, 'south.json');
    writeFileSync(file, JSON.stringify({ ...north('5'), id: 'south-usd' }));
    const request = openRequestOf(openArgs(file), io().io, store);
    expect([(request.calendar as Calendar).id, versionOf(request)]).toEqual(['south-usd', '5']);
  });

  it('an unknown id or version is one line naming --calendar, exit 2, before any connection', async () => {
    expect(() => openRequestOf(openArgs('north-usd@9'), io().io, store)).toThrow('--calendar: no version 9 of calendar north-usd (known: 1, 2)');
    expect(() => openRequestOf(openArgs('nowhere-usd'), io().io, store)).toThrow(/^--calendar: no calendar nowhere-usd \(known: demo-usd, demo-usd-extended, demo-usd-snow, north-usd, year-round-usd\)$/);
    const t = io();
    const code = await main(['open', '--student', 's1', '--birth-date', '2015-01-02', '--district', 'd1', '--calendar', 'nowhere-usd@1'], t.io);
    expect(code).toBe(2);
    expect(t.err).toEqual([expect.stringMatching(/^caseclock: --calendar: no calendar nowhere-usd/)]);
  });
});

describe('caseclock import --calendar and the calendarId column', () => {
  const csv = join(dir, 'cases.csv');
  writeFileSync(
    csv,
    [
      'studentId,birthDate,districtId,calendarId,lastIepOn',
      'g1,2015-03-02,d1,,2026-01-15', // the flag's version
      'g2,2015-03-02,d1,north-usd@1,2026-01-15', // its own version
      'g3,2015-03-02,d1,demo-usd@2,2026-01-15', // a shipped version
      'b1,2015-03-02,d1,north-usd@8,2026-01-15', // no such version
    ].join('\n'),
  );

  /** The dry run's plan, to see which calendar each row pins. */
  async function dryRun(calendar: string) {
    const t = io();
    let plan: ImportPlan | undefined;
    const code = await runImportCommand([csv, '--dry-run', '--json', '--calendar', calendar], t.io, {
      store,
      progress: { isTTY: false, write: () => undefined },
      run: async (text, opts) => {
        plan = planImport(text, { ...opts, nowMs: Date.now() });
        return importCases(null, text, opts);
      },
    }).catch((error: unknown) => reportFailure(error, t.io));
    return { code, plan, t };
  }

  it('rows pin the flag’s version or their own id@version; an unknown version in a cell refuses that row at calendarId', async () => {
    const { code, plan, t } = await dryRun('north-usd@2');
    expect(code).toBe(2);
    expect(plan!.valid.map((r) => [r.studentId, r.request.calendar.id, r.request.calendar.version])).toEqual([
      ['g1', 'north-usd', '2'],
      ['g2', 'north-usd', '1'],
      ['g3', 'demo-usd', '2'],
    ]);
    const report = JSON.parse(t.out[0]);
    expect(report.refused).toEqual([{ line: 5, field: 'calendarId', error: 'calendarId: no version 8 of calendar north-usd (known: 1, 2)', studentId: 'b1' }]);
  });

  it('an unknown --calendar version is one line naming --calendar and exit 2, no row read', async () => {
    const { code, plan, t } = await dryRun('north-usd@9');
    expect(code).toBe(2);
    expect(plan).toBeUndefined();
    expect(t.err).toEqual(['caseclock: --calendar: no version 9 of calendar north-usd (known: 1, 2)']);
  });
});
