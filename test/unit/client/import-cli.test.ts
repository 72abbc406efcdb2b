/** `caseclock import`: dry run without Temporal, the report (human and JSON), progress on stderr, exit codes. */
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../../client/cli/main';
import { runImportCommand } from '../../../client/cli/import';
import { describeImport, type ImportReport } from '../../../client/import/importer';
import { progressOn } from '../../../client/import/progress';

const dir = mkdtempSync(join(tmpdir(), 'caseclock-import-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { stdout: (s: string) => out.push(s), stderr: (s: string) => err.push(s), readFile: (p: string) => readFileSync(p, 'utf8') } };
}

function sink(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, write: (s: string) => writes.push(s) } };
}

const csv = [
  'studentId,birthDate,districtId,lastIepOn',
  'g1,2015-03-02,demo-usd,2026-01-15',
  'g2,2015-03-02,demo-usd,2026-02-15',
  'b1,2015-03-02,demo-usd,2026-13-01',
].join('\n');
const path = join(dir, 'cases.csv');
writeFileSync(path, csv);

describe('caseclock import --dry-run', () => {
  it('checks every row without connecting, reports the refused row by line and column, exit 2', async () => {
    const t = io();
    const p = sink(false);
    const code = await runImportCommand([path, '--dry-run', '--calendar', 'demo-usd'], t.io, { progress: p.stream });
    expect(code).toBe(2);
    expect(t.out[0].split('\n')).toEqual([expect.stringMatching(/^would import 2 of 3 rows; 1 refused \(\d+\.\d s\)$/), '  line     4  lastIepOn: is not a real calendar date']);
    expect(p.writes.at(-1)).toBe('import: 2/2 rows\n');
  });

  it('prints the JSON report with --json, exit 0 when every row is good', async () => {
    const good = join(dir, 'good.csv');
    writeFileSync(good, csv.split('\n').slice(0, 3).join('\n'));
    const t = io();
    const code = await runImportCommand([good, '--dry-run', '--json', '--calendar', 'demo-usd'], t.io, { progress: sink(false).stream });
    expect(code).toBe(0);
    const report = JSON.parse(t.out[0]) as ImportReport;
    expect(report).toMatchObject({ dryRun: true, rows: 2, imported: 2, refused: [] });
    expect(report.cases).toEqual([
      { line: 2, studentId: 'g1', caseId: 'case-g1', outcome: 'valid' },
      { line: 3, studentId: 'g2', caseId: 'case-g2', outcome: 'valid' },
    ]);
  });

  it('refuses a bad header as one line on stderr naming the column (exit 2, through main)', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'studentId,birthDate,districtId,studentName\ng1,2015-03-02,demo-usd,Ann\n');
    const t = io();
    expect(await main(['import', bad, '--dry-run'], t.io)).toBe(2);
    expect(t.err).toEqual([expect.stringMatching(/^caseclock: .*bad\.csv: line 1: studentName: unknown column; /)]);
    expect(t.out).toEqual([]);
  });

  it('refuses usage errors before reading anything', async () => {
    const t = io();
    expect(await main(['import'], t.io)).toBe(2);
    expect(await main(['import', path, '--lanes', '0', '--dry-run'], t.io)).toBe(2);
    expect(await main(['import', path, '--bogus', 'x'], t.io)).toBe(2);
    expect(await main(['import', join(dir, 'missing.csv'), '--dry-run'], t.io)).toBe(2);
    expect(t.err).toEqual([
      'caseclock: import needs exactly one CSV file',
      'caseclock: --lanes: must be a whole number from 1 to 64',
      'caseclock: import: unknown option --bogus',
      `caseclock: ${join(dir, 'missing.csv')}: cannot read the file`,
    ]);
  });
});

describe('import progress and report', () => {
  it('draws a bar in place on a terminal, at most ten times a second, and ends the line', () => {
    let now = 0;
    const p = sink(true);
    const progress = progressOn(p.stream, 'import', () => now);
    progress.update(1, 4);
    now = 50;
    progress.update(2, 4); // within 100 ms: not drawn
    now = 200;
    progress.update(3, 4);
    progress.update(4, 4);
    progress.finish();
    expect(p.writes).toEqual([
      `\rimport [${'#'.repeat(8)}${' '.repeat(22)}] 1/4`,
      `\rimport [${'#'.repeat(23)}${' '.repeat(7)}] 3/4`,
      `\rimport [${'#'.repeat(30)}] 4/4`,
      `\rimport [${'#'.repeat(30)}] 4/4`,
      '\n',
    ]);
  });

  it('writes one line per tenth when stderr is not a terminal', () => {
    const p = sink(false);
    const progress = progressOn(p.stream, 'import');
    for (let i = 1; i <= 100; i++) progress.update(i, 100);
    progress.finish();
    expect(p.writes).toHaveLength(11);
    expect(p.writes[0]).toBe('import: 1/100 rows\n');
    expect(p.writes[10]).toBe('import: 100/100 rows\n');
  });

  it('describes a real run with its outcomes and warnings', () => {
    const report: ImportReport = {
      dryRun: false,
      rows: 3,
      imported: 2,
      opened: 1,
      resumed: 0,
      unchanged: 1,
      refused: [{ line: 3, field: 'studentId', error: 'studentId: a case for this student already exists with a different districtId; not imported' }],
      warnings: [{ line: 2, field: 'calendarId', warning: 'deadline annual-review: calendar does not cover 2029-01-01' }],
      cases: [],
      elapsedMs: 1234,
    };
    expect(describeImport(report).split('\n')).toEqual([
      'imported 2 of 3 rows (1 opened, 0 resumed, 1 already there); 1 refused (1.2 s)',
      '  line     3  studentId: a case for this student already exists with a different districtId; not imported',
      '1 warning(s):',
      '  line     2  calendarId: deadline annual-review: calendar does not cover 2029-01-01',
    ]);
  });
});
