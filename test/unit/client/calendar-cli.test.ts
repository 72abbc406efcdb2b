/**
 * `caseclock calendar`: import (the engine's schema, errors by field path, stored under the data
 * folder, a published version never changed), list, diff (school days, long vacations,
 * holidays; with --cases the open deadlines that would move) and publish (through the
 * publishCalendar Update, progress, --json) — on a temp folder and a stand-in cluster. The
 * real cluster is test/integration/calendar-cli.test.ts.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { runCalendarCommand, type CalendarCommandDeps } from '../../../client/cli/calendar';
import { reportFailure } from '../../../client/cli/main';
import { diffCalendars } from '../../../client/calendars/calendar-diff';
import { CalendarStore } from '../../../client/calendars/calendar-store';
import { CaseError, toOpenCaseInput, type CaseService } from '../../../client/case-service';
import { demoCalendars, type Calendar } from '../../../deadlines';
import { chartRegistry } from '../../../machines';
import { CaseEngine } from '../../../workflows/case-engine';
import type { CaseState } from '../../../workflows/case-state';
import { caseStateQuery } from '../../../workflows/messages';

const root = mkdtempSync(join(tmpdir(), 'caseclock-calendar-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let dataDir: string;
let store: CalendarStore;
let n = 0;
beforeEach(() => {
  dataDir = mkdtempSync(join(root, `data-${++n}-`));
  store = new CalendarStore(dataDir);
});

const v1 = demoCalendars['demo-usd'];
const snow = demoCalendars['demo-usd-snow'];

function file(name: string, json: unknown): string {
  const path = join(root, `${n}-${name}`);
  writeFileSync(path, typeof json === 'string' ? json : JSON.stringify(json));
  return path;
}

/** The CLI as main() runs it: errors become one line on stderr and an exit code. */
async function run(argv: string[], deps: CalendarCommandDeps = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io = { stdout: (s: string) => void out.push(s), stderr: (s: string) => void err.push(s), readFile: (p: string) => readFileSync(p, 'utf8') };
  let code: number;
  try {
    code = await runCalendarCommand(argv, io, { store, ...deps });
  } catch (error) {
    code = reportFailure(error, io);
  }
  return { code, out: out.join('\n'), err };
}

/** Version 3 of demo-usd: the snow week of version 2, and Labor Day (2026-09-07) a school day again. */
const v3: Calendar = { ...snow, version: '3', holidays: snow.holidays.filter((d) => d !== '2026-09-07') };

describe('calendar import', () => {
  it('stores a version under <dataDir>/calendars/<id>/<version>.json; the same file again is unchanged', async () => {
    const path = file('v3.json', v3);
    const first = await run(['import', path]);
    expect(first).toMatchObject({ code: 0, err: [] });
    expect(first.out).toBe(`stored demo-usd version 3 (${join(dataDir, 'calendars', 'demo-usd', '3.json')})`);
    expect(JSON.parse(readFileSync(join(dataDir, 'calendars', 'demo-usd', '3.json'), 'utf8'))).toEqual(v3);
    const again = await run(['import', path, '--json']);
    expect(JSON.parse(again.out)).toEqual({ id: 'demo-usd', version: '3', outcome: 'unchanged', path: join(dataDir, 'calendars', 'demo-usd', '3.json') });
  });

  it('replaces a version nobody was told about; refuses to change a published one, leaving the file as it was', async () => {
    await run(['import', file('v3.json', v3)]);
    const corrected = { ...v3, holidays: [...v3.holidays, '2027-03-15'].sort() };
    const replaced = await run(['import', file('v3b.json', corrected), '--json']);
    expect(JSON.parse(replaced.out).outcome).toBe('replaced');
    store.markPublished('demo-usd', '3', '2026-12-02T17:00:00.000Z');
    const stored = readFileSync(join(dataDir, 'calendars', 'demo-usd', '3.json'), 'utf8');
    const refused = await run(['import', file('v3c.json', v3)]);
    expect(refused.code).toBe(2);
    expect(refused.err).toEqual([
      `caseclock: ${join(root, `${n}-v3c.json`)}: version: demo-usd version 3 is published and cases may follow it; import the change as a new version`,
    ]);
    expect(readFileSync(join(dataDir, 'calendars', 'demo-usd', '3.json'), 'utf8')).toBe(stored);
    // The published content itself is still accepted as "unchanged" (a re-run of the same import).
    expect((await run(['import', file('v3d.json', corrected)])).out).toMatch(/^demo-usd version 3 is already stored, unchanged/);
  });

  it('names the bad field by its path, exit 2, and writes nothing', async () => {
    const cases: Array<[unknown, string]> = [
      [{ ...v3, terms: [v3.terms[0], { start: '2027-05-01', end: '2027-12-01' }] }, 'terms[1].start: overlaps terms[0]'],
      [{ ...v3, closures: [...v3.closures, { start: '2028-07-01', end: '2028-07-02', name: 'Summer event' }] }, `closures[${v3.closures.length}]: outside every term`],
      [{ ...v3, holidays: ['2026-02-30'] }, 'holidays[0]: must be a real date written YYYY-MM-DD'],
      [{ ...v3, terms: [{ ...v3.terms[0], first: true }] }, 'terms[0].first: is not a calendar field'],
      [{ ...v3, version: undefined }, 'version: is required: a stored calendar is one version of a district calendar'],
      [{ ...v3, version: '3 final' }, 'version: must be a calendar version (letters, digits, . _ -)'],
      [{ ...v1 }, 'version: demo-usd version 1 ships with caseclock; import it as another version'],
    ];
    for (const [json, message] of cases) {
      const path = file('bad.json', json);
      const r = await run(['import', path]);
      expect([r.code, r.err]).toEqual([2, [`caseclock: ${path}: ${message}`]]);
    }
    const notJson = file('broken.json', '{"id": "demo-usd",');
    expect((await run(['import', notJson])).err[0]).toMatch(new RegExp(`^caseclock: ${notJson}: cannot read it as JSON \\(`));
    expect((await run(['import'])).err).toEqual(['caseclock: calendar import needs exactly one JSON file']);
    expect(existsSync(join(dataDir, 'calendars'))).toBe(false);
  });
});

describe('calendar list', () => {
  it('lists the demo versions and the stored ones, with publication', async () => {
    await run(['import', file('v3.json', v3)]);
    store.markPublished('demo-usd', '3', '2026-12-02T17:00:00.000Z');
    const r = await run(['list', '--json']);
    const rows = (JSON.parse(r.out) as Array<{ id: string; version: string; source: string; publishedAt: string | null }>).map((e) => [e.id, e.version, e.source, e.publishedAt]);
    expect(rows).toEqual([
      ['demo-usd', '1', 'demo', null],
      ['demo-usd', '2', 'demo', null],
      ['demo-usd', '3', 'stored', '2026-12-02T17:00:00.000Z'],
      ['demo-usd-extended', '1', 'demo', null],
      ['year-round-usd', '1', 'demo', null],
    ]);
    expect(store.current('demo-usd')?.version).toBe('3');
  });
});

describe('a stored file changed by hand', () => {
  it('is refused when asked for by name, naming the file, and left out of the listing', async () => {
    await run(['import', file('v3.json', v3)]);
    const path = join(dataDir, 'calendars', 'demo-usd', '3.json');
    writeFileSync(path, JSON.stringify({ ...v3, terms: [] }));
    const r = await run(['diff', 'demo-usd', '2', '3']);
    expect([r.code, r.err]).toEqual([2, [`caseclock: version: the stored file of demo-usd version 3 is not a valid calendar (terms: must list at least one term; ${path})`]]);
    writeFileSync(path, JSON.stringify({ ...v3, version: '4' }));
    expect((await run(['diff', 'demo-usd', '2', '3'])).err).toEqual([`caseclock: version: the stored file ${path} holds demo-usd version 4`]);
    expect(store.list().map((e) => e.version)).toEqual(['1', '2', '1', '1']);
  });
});

describe('calendar diff', () => {
  it('the snow week: five school days lost, the winter break’s long vacation starts a week earlier', async () => {
    const r = await run(['diff', 'demo-usd', '1', '2']);
    expect(r.code).toBe(0);
    // Mon 2026-12-14 … Fri 12-18 closed; with the weekend before they join the winter break
    // (which ran Sat 12-19 … Sun 2027-01-03 with its weekends) into one long vacation.
    expect(r.out.split('\n')).toEqual([
      'calendar demo-usd: version 1 → 2',
      'school days removed (5): 2026-12-14..2026-12-18 (5 school days)',
      'long vacation changed: 2026-12-19..2027-01-03 → 2026-12-12..2027-01-03',
    ]);
  });

  it('a holiday dropped is a school day added; --json carries the dates', async () => {
    await run(['import', file('v3.json', v3)]);
    const r = await run(['diff', 'demo-usd', '2', '3', '--json']);
    const diff = JSON.parse(r.out);
    expect(diff.schoolDays).toEqual({ added: ['2026-09-07'], removed: [], addedRuns: [{ start: '2026-09-07', end: '2026-09-07', days: 1 }], removedRuns: [] });
    expect(diff.holidays).toEqual({ added: [], removed: ['2026-09-07'] });
    expect(diff.longVacations).toEqual({ added: [], removed: [], changed: [] });
    expect(diff.coverage.from).toEqual({ start: '2026-08-12', end: '2028-06-02' });
  });

  it('groups changed school days across weekends, and reports a new break and a longer span', () => {
    const later: Calendar = {
      ...v1,
      version: '9',
      terms: [v1.terms[0], { ...v1.terms[1], end: '2028-06-09' }],
      closures: [...v1.closures, { start: '2027-10-04', end: '2027-10-15', name: 'Fall break' }],
    };
    const diff = diffCalendars(v1, later);
    // Two school weeks off (Mon 10-04 … Fri 10-15): one run of ten, not two of five.
    expect(diff.schoolDays.removedRuns).toEqual([{ start: '2027-10-04', end: '2027-10-15', days: 10 }]);
    expect(diff.schoolDays.addedRuns).toEqual([{ start: '2028-06-05', end: '2028-06-09', days: 5 }]);
    expect(diff.longVacations.added).toEqual([{ start: '2027-10-02', end: '2027-10-17' }]);
    expect(diff.coverage.to).toEqual({ start: '2026-08-12', end: '2028-06-09' });
  });

  it('refuses an unknown version or a bad id, one line, exit 2', async () => {
    expect(await run(['diff', 'demo-usd', '1', '9'])).toMatchObject({ code: 2, err: ['caseclock: version: no version 9 of calendar demo-usd (known: 1, 2)'] });
    expect((await run(['diff', 'nowhere-usd', '1', '2'])).err).toEqual(['caseclock: version: no calendar nowhere-usd (import one with caseclock calendar import)']);
    expect((await run(['diff', 'demo usd', '1', '2'])).err).toEqual(['caseclock: calendarId: must be a calendar id (letters, digits, . _ -)']);
    expect((await run(['diff', 'demo-usd', '1'])).err).toEqual(['caseclock: toVersion: is required (caseclock calendar help)']);
    expect((await run(['diff', 'demo-usd', '1', '2', '--lanes', '0'])).err).toEqual(['caseclock: --lanes: must be a whole number from 1 to 64']);
    expect((await run(['diff', 'demo-usd', '1', '2', '--fast', 'yes'])).err).toEqual(['caseclock: calendar diff: unknown option --fast']);
  });
});

/** A case on the pure engine, as the caseState Query would return it. */
function caseOn(studentId: string, calendar: Calendar, referralOn: string): CaseState {
  const engine = CaseEngine.open(toOpenCaseInput({ studentId, birthDate: '2018-01-01', language: 'en', districtId: 'd1', calendar }), chartRegistry);
  const nowMs = Date.parse('2026-12-02T20:00:00Z');
  engine.apply({ type: 'RECORDS_REQUEST_RECEIVED', occurredOn: referralOn, actor: { role: 'parent' } }, nowMs);
  engine.apply({ type: 'REFERRAL_RECEIVED', occurredOn: referralOn, actor: { role: 'parent' } }, nowMs);
  return JSON.parse(JSON.stringify(engine.state)) as CaseState;
}

/** A stand-in cluster: visibility lists the cases, caseState answers from the pure engine. */
function cluster(cases: Array<{ studentId: string; version: string; state: CaseState }>, opts: { failFor?: string } = {}) {
  const queries: string[] = [];
  const published: string[] = [];
  const client = {
    workflow: {
      async *list({ query }: { query: string }) {
        queries.push(query);
        for (const c of cases) yield { workflowId: `case-${c.studentId}`, searchAttributes: { CaseCalendar: [`demo-usd@${c.version}`], CaseStudentId: [c.studentId] } };
      },
      getHandle: (workflowId: string) => ({
        async query(q: unknown) {
          if (q !== caseStateQuery) throw new Error('unexpected query');
          return cases.find((c) => `case-${c.studentId}` === workflowId)!.state;
        },
      }),
    },
  };
  const service = {
    client,
    async publishCalendar(studentId: string, calendar: Calendar) {
      if (studentId === opts.failFor) throw new CaseError(`no case for student ${studentId}`, 'not-found', 'studentId');
      published.push(`${studentId}@${calendar.version}`);
      const c = cases.find((x) => x.studentId === studentId)!;
      const moved = c.state.clocks
        .filter((k) => k.rule === 'assessment-plan' && k.from === '2026-12-01')
        .map((k) => ({ key: k.key, process: k.process, rule: k.rule, from: k.due, to: '2027-01-08', explanation: [] }));
      return { calendarVersion: calendar.version, moved };
    },
  } as unknown as CaseService;
  return { queries, published, deps: { connect: async () => ({ service, close: async () => undefined }) } };
}

describe('calendar diff --cases', () => {
  it('names each open deadline the new version would move, old due → new due, from the case’s own clocks', async () => {
    const c = cluster([
      { studentId: 's-moves', version: '1', state: caseOn('s-moves', v1, '2026-12-01') },
      { studentId: 's-stays', version: '1', state: caseOn('s-stays', v1, '2026-11-20') },
      { studentId: 's-newer', version: '2', state: caseOn('s-newer', snow, '2026-12-01') },
    ]);
    const r = await run(['diff', 'demo-usd', '1', '2', '--cases', '--json'], c.deps);
    expect(r.code).toBe(0);
    expect(c.queries).toEqual(["WorkflowType = 'studentCase' AND ExecutionStatus = 'Running' AND CaseCalendar STARTS_WITH 'demo-usd@'"]);
    // 15 days from 12-01 not counting breaks of more than five school days: 12-02..12-11 (10),
    // then the vacation 12-12..01-03 is skipped, then 01-04..01-08 (5). Records access counts
    // working days: the closure does not move it, nor does anything of the 11-20 referral.
    expect(JSON.parse(r.out).cases).toEqual({
      casesExamined: 2,
      casesOnOtherVersions: 1,
      moves: [{ caseId: 'case-s-moves', process: 'initial-evaluation#1', rule: 'assessment-plan', from: '2026-12-16', to: '2027-01-08' }],
      unread: [],
    });
    const human = await run(['diff', 'demo-usd', '1', '2', '--cases'], c.deps);
    expect(human.out.split('\n').slice(-2)).toEqual([
      'open deadlines that would move: 1 in 2 open case(s) on version 1; 1 open case(s) on other versions not examined',
      '  case-s-moves  initial-evaluation#1  assessment-plan  2026-12-16 → 2027-01-08',
    ]);
  });
});

describe('calendar publish', () => {
  const cases = () => [
    { studentId: 's-a', version: '1', state: caseOn('s-a', v1, '2026-12-01') },
    { studentId: 's-b', version: '1', state: caseOn('s-b', v1, '2026-11-20') },
    { studentId: 's-done', version: '2', state: caseOn('s-done', snow, '2026-12-01') },
  ];

  it('sends the version to each case not on it yet, reports what moved, marks it published; progress on stderr', async () => {
    const c = cluster(cases());
    const writes: string[] = [];
    const r = await run(['publish', 'demo-usd', '2', '--json'], { ...c.deps, progress: { isTTY: false, write: (s) => writes.push(s) }, now: () => '2026-12-02T18:00:00.000Z' });
    expect(r.code).toBe(0);
    expect(c.published.sort()).toEqual(['s-a@2', 's-b@2']);
    expect(JSON.parse(r.out)).toEqual({
      calendarId: 'demo-usd',
      version: '2',
      publishedAt: '2026-12-02T18:00:00.000Z',
      cases: 2,
      alreadyOnVersion: 1,
      moves: [{ caseId: 'case-s-a', process: 'initial-evaluation#1', rule: 'assessment-plan', from: '2026-12-16', to: '2027-01-08' }],
      failed: [],
    });
    expect(writes).toEqual(['publish demo-usd 2: 0/2 cases\n', 'publish demo-usd 2: 1/2 cases\n', 'publish demo-usd 2: 2/2 cases\n']);
    expect(store.publishedAt('demo-usd', '2')).toBe('2026-12-02T18:00:00.000Z');
  });

  it('a case that cannot take it is reported (exit 1) and the others still get it; human output', async () => {
    const c = cluster(cases(), { failFor: 's-b' });
    const r = await run(['publish', 'demo-usd', '2'], { ...c.deps, progress: { isTTY: true, write: () => undefined }, now: () => '2026-12-02T18:00:00.000Z' });
    expect(r.code).toBe(1);
    expect(c.published).toEqual(['s-a@2']);
    expect(r.out.split('\n')).toEqual([
      'published demo-usd version 2 (2026-12-02T18:00:00.000Z) to 1 of 2 case(s) (1 already on it); 1 deadline(s) moved',
      '  case-s-a  initial-evaluation#1  assessment-plan  2026-12-16 → 2027-01-08',
      'not published (1):',
      '  case-s-b: no case for student s-b',
    ]);
  });

  it('refuses an unknown version before connecting', async () => {
    let connected = false;
    const r = await run(['publish', 'demo-usd', '7'], { connect: async () => ((connected = true), { service: {} as CaseService, close: async () => undefined }) });
    expect([r.code, r.err, connected]).toEqual([2, ['caseclock: version: no version 7 of calendar demo-usd (known: 1, 2)'], false]);
  });
});

describe('GET /api/calendars (what the CLI stored, next to the demo calendars)', () => {
  it('lists stored versions and serves a stored calendar’s days, current or by ?version=', async () => {
    const { fakeApi, TOKENS, bearer } = await import('./api-fake-service');
    const api = fakeApi();
    try {
      const local = new CalendarStore(api.dataDir);
      local.import({ ...v1, id: 'north-usd', version: '1', name: 'North USD' });
      local.import({ ...snow, id: 'north-usd', version: '2', name: 'North USD' });
      const list = await api.app.inject({ method: 'GET', url: '/api/calendars', headers: bearer(TOKENS.auditor) });
      expect(list.statusCode).toBe(200);
      const ids = (list.json().calendars as Array<{ id: string; version: string; source: string }>).map((c) => `${c.id}@${c.version} ${c.source}`);
      expect(ids).toEqual(['demo-usd@1 demo', 'demo-usd@2 demo', 'demo-usd-extended@1 demo', 'north-usd@1 stored', 'north-usd@2 stored', 'year-round-usd@1 demo']);
      expect((await api.app.inject({ method: 'GET', url: '/api/calendars', headers: bearer(TOKENS.parent) })).statusCode).toBe(403);

      // Nothing published yet: the highest version imported; after publishing 1, that one.
      const day = (url: string) => api.app.inject({ method: 'GET', url, headers: bearer(TOKENS.staff) }).then((r) => r.json());
      expect(await day('/api/calendars/north-usd?from=2026-12-14&to=2026-12-14')).toMatchObject({ id: 'north-usd', version: '2', days: [{ date: '2026-12-14', kind: 'long-vacation' }] });
      local.markPublished('north-usd', '1', '2026-12-01T10:00:00.000Z');
      expect(await day('/api/calendars/north-usd?from=2026-12-14&to=2026-12-14')).toMatchObject({ version: '1', days: [{ kind: 'school-day' }] });
      expect(await day('/api/calendars/north-usd?from=2026-12-14&to=2026-12-14&version=2')).toMatchObject({ version: '2' });
      expect(await day('/api/calendars/north-usd?version=5')).toEqual({ error: 'version: no version 5 of calendar north-usd (known: 1, 2)', field: 'version' });
      expect(await day('/api/calendars/demo-usd-snow?from=2026-12-14&to=2026-12-14')).toMatchObject({ id: 'demo-usd', version: '2' });
    } finally {
      await api.app.close();
      rmSync(api.dataDir, { recursive: true, force: true });
    }
  });
});
