/** `caseclock export`: format and filters validated first, --out written whole, notes on stderr. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../../client/cli/main';
import { runExportCommand, type ExportRunner } from '../../../client/cli/export';
import { renderExport, type ExportFilter, type ExportKind } from '../../../client/exports';
import { caseRecordFrom } from './exports-fixture';

const dir = mkdtempSync(join(tmpdir(), 'caseclock-export-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { stdout: (s: string) => out.push(s), stderr: (s: string) => err.push(s), readFile: (p: string) => readFileSync(p, 'utf8') } };
}

const c1 = caseRecordFrom('C1-initial-evaluation.json');
const calls: Array<[ExportKind, ExportFilter]> = [];
const runner: ExportRunner = async (kind, filter) => {
  calls.push([kind, filter]);
  return renderExport(kind, [c1], { nowMs: Date.UTC(2026, 11, 2), today: '2026-12-02' });
};

describe('caseclock export', () => {
  it('passes the filters through and prints the file to stdout', async () => {
    const t = io();
    expect(await runExportCommand(['calpads', '--district', 'demo-usd', '--school', 's1', '--case-manager', 'cm1'], t.io, runner)).toBe(0);
    expect(calls.at(-1)).toEqual(['calpads', { district: 'demo-usd', school: 's1', caseManager: 'cm1' }]);
    expect(t.out[0].startsWith('reportingLea,schoolOfAttendance,studentId,')).toBe(true);
  });

  it('writes --out whole (no partial file left) and prints a summary', async () => {
    const out = join(dir, 'caseload.ics');
    const t = io();
    expect(await runExportCommand(['ics', '--out', out], t.io, runner)).toBe(0);
    expect(readFileSync(out, 'utf8').startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(t.out).toEqual([`wrote ${out}: ${c1.view.pending.length} events for 1 students`]);
    expect(readdirSync(dir)).toEqual(['caseload.ics']);
  });

  it('refuses an unwritable --out with one line and leaves nothing behind', async () => {
    const out = join(dir, 'no-such-folder', 'x.json');
    await expect(runExportCommand(['edfi', '--out', out], io().io, runner)).rejects.toThrow(/^--out: cannot write /);
    expect(existsSync(join(dir, 'no-such-folder'))).toBe(false);
  });

  it('refuses an unknown format, a bad filter or an unknown option before connecting (exit 2)', async () => {
    const t = io();
    expect(await main(['export', 'pdf'], t.io)).toBe(2);
    expect(await main(['export'], t.io)).toBe(2);
    expect(await main(['export', 'ics', '--school', 'Lincoln Elementary'], t.io)).toBe(2);
    expect(await main(['export', 'ics', '--student', 'x'], t.io)).toBe(2);
    expect(t.err).toEqual([
      'caseclock: export: the format is one of calpads, edfi, ics (not pdf)',
      'caseclock: export: the format is one of calpads, edfi, ics',
      'caseclock: --school: must be an id (letters, digits, . _ -)',
      'caseclock: export: unknown option --student',
    ]);
  });
});
