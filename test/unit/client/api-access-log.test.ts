/**
 * The access log file: one fsync'd JSON line per read, by month, ids only; read back by
 * student, district and time window; a torn last line neither breaks reading nor swallows the
 * next line.
 */
import { appendFileSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AccessLog } from '../../../client/access-log';

const line = { userId: 'u1', role: 'auditor' as const, action: 'case.read', studentId: 's1', outcome: 'allowed' as const, districtId: 'd1' };

describe('AccessLog', () => {
  it('appends one line per read into <dataDir>/access-log/<YYYY-MM>.jsonl and reads them back filtered', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'caseclock-al-'));
    const log = new AccessLog(dir);
    await log.record({ ...line, at: '2026-09-30T23:59:59.000Z' });
    await log.record({ ...line, studentId: 's2', districtId: 'd2', at: '2026-10-01T08:00:00.000Z' });
    await log.recordMany([
      { ...line, outcome: 'refused', at: '2026-10-02T08:00:00.000Z' },
      { ...line, action: 'case.export', studentId: 's3', at: '2026-10-02T08:00:01.000Z' },
    ]);
    expect(readdirSync(join(dir, 'access-log')).sort()).toEqual(['2026-09.jsonl', '2026-10.jsonl']);
    expect(readFileSync(join(dir, 'access-log', '2026-10.jsonl'), 'utf8').trim().split('\n')).toHaveLength(3);
    expect((await log.read({ studentId: 's1' })).map((e) => e.at)).toEqual(['2026-09-30T23:59:59.000Z', '2026-10-02T08:00:00.000Z']);
    expect((await log.read({ districtIds: ['d2'] })).map((e) => e.studentId)).toEqual(['s2']);
    expect((await log.read({ from: '2026-10-01', to: '2026-10-01' })).map((e) => e.studentId)).toEqual(['s2']);
    expect((await log.read({ from: '2026-10-02T08:00:00.500Z' })).map((e) => e.studentId)).toEqual(['s3']);
    expect(await log.read({ limit: 1 })).toHaveLength(1);
  });

  it('stamps the time from its clock and keeps concurrent appends whole, in order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'caseclock-al-'));
    const log = new AccessLog(dir, () => Date.parse('2027-01-05T10:00:00Z'));
    await Promise.all(Array.from({ length: 50 }, (_, i) => log.record({ ...line, studentId: `s${i}` })));
    const lines = readFileSync(join(dir, 'access-log', '2027-01.jsonl'), 'utf8').trim().split('\n');
    expect(lines.map((l) => JSON.parse(l).studentId)).toEqual(Array.from({ length: 50 }, (_, i) => `s${i}`));
    expect(JSON.parse(lines[0])).toEqual({ ...line, studentId: 's0', at: '2027-01-05T10:00:00.000Z' });
  });

  it('a torn last line is skipped on read and closed before the next append', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'caseclock-al-'));
    const log = new AccessLog(dir);
    await log.record({ ...line, at: '2026-10-01T00:00:00.000Z' });
    appendFileSync(join(dir, 'access-log', '2026-10.jsonl'), '{"at":"2026-10-01T00:00:01.000Z","userId":"u');
    expect(await log.read()).toHaveLength(1);
    await log.record({ ...line, studentId: 's9', at: '2026-10-01T00:00:02.000Z' });
    expect((await log.read()).map((e) => e.studentId)).toEqual(['s1', 's9']);
  });

  it('refuses a line that is not ids only (a name as the student), writing nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'caseclock-al-'));
    const log = new AccessLog(dir);
    await expect(log.record({ ...line, studentId: 'Maria Lopez' })).rejects.toThrow(/studentId/);
    await expect(log.recordMany([line, { ...line, userId: 'Jane Doe' }])).rejects.toThrow(/userId/);
    expect(await log.read()).toEqual([]);
  });
});
