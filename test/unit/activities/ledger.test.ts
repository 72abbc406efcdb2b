import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CaseLedger, GENESIS_HASH, verifyLedger } from '../../../activities';
import { entryHash, type LedgerEntry } from '../../../activities/ledger';

const CASE = 'case-s-77';

describe('case ledger (hash chain)', () => {
  let dataDir: string;
  let ledger: CaseLedger;
  let tick: number;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'caseclock-ledger-'));
    tick = 0;
    ledger = new CaseLedger(dataDir, () => new Date(Date.UTC(2026, 9, 14, 16, 0, tick++)));
    for (let i = 1; i <= 5; i++) await ledger.append(CASE, 'attendance', { meetingId: `m${i}` });
  });
  afterEach(async () => rm(dataDir, { recursive: true, force: true }));

  const path = () => join(dataDir, 'ledger', `${CASE}.jsonl`);
  const readLines = async () => (await readFile(path(), 'utf8')).trim().split('\n');
  const writeLines = (lines: string[]) => writeFile(path(), `${lines.join('\n')}\n`);

  it('chains entries: seq, prevHash of the previous entry, hash over the canonical content', async () => {
    const entries = await ledger.entries(CASE);
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(entries[0].prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < entries.length; i++) expect(entries[i].prevHash).toBe(entries[i - 1].hash);
    for (const e of entries) expect(entryHash(e)).toBe(e.hash);
    const verified = await ledger.verify(CASE);
    expect(verified).toMatchObject({ ok: true, head: { seq: 5, hash: entries[4].hash } });
    expect(await ledger.head(CASE)).toEqual({ caseId: CASE, seq: 5, hash: entries[4].hash });
  });

  it('reports an entry altered on disk by its seq', async () => {
    const lines = await readLines();
    const third = JSON.parse(lines[2]) as LedgerEntry;
    third.body.meetingId = 'm-forged';
    lines[2] = JSON.stringify(third);
    await writeLines(lines);
    expect(await ledger.verify(CASE)).toMatchObject({ ok: false, firstBadSeq: 3, reason: 'altered' });
  });

  it('reports an altered and re-hashed entry by its seq (its successor no longer chains)', async () => {
    const lines = await readLines();
    const second = JSON.parse(lines[1]) as LedgerEntry;
    second.body.meetingId = 'm-forged';
    second.hash = entryHash(second);
    lines[1] = JSON.stringify(second);
    await writeLines(lines);
    expect(await ledger.verify(CASE)).toMatchObject({ ok: false, firstBadSeq: 2, reason: 'altered' });
  });

  it('reports a removed entry by the missing seq', async () => {
    const lines = await readLines();
    lines.splice(3, 1);
    await writeLines(lines);
    expect(await ledger.verify(CASE)).toMatchObject({ ok: false, firstBadSeq: 4, reason: 'removed' });
  });

  it('reports two swapped entries as reordered', async () => {
    const lines = await readLines();
    [lines[1], lines[2]] = [lines[2], lines[1]];
    await writeLines(lines);
    expect(await ledger.verify(CASE)).toMatchObject({ ok: false, firstBadSeq: 2, reason: 'reordered' });
  });

  it('catches a removed tail only against the head carried by the workflow', async () => {
    const head = await ledger.head(CASE);
    const lines = await readLines();
    await writeLines(lines.slice(0, 3));
    expect((await ledger.verify(CASE)).ok).toBe(true);
    expect(await ledger.verify(CASE, { expectedHead: head })).toMatchObject({ ok: false, firstBadSeq: 4, reason: 'removed' });
  });

  it('reports a line that is not JSON as altered', async () => {
    const lines = await readLines();
    lines[0] = '{not json';
    await writeLines(lines);
    expect(await ledger.verify(CASE)).toMatchObject({ ok: false, firstBadSeq: 1, reason: 'altered' });
  });

  it('appends with a key once: the retry returns the first entry', async () => {
    const first = await ledger.append(CASE, 'excusal', { meetingId: 'm9' }, { key: 'case-s-77:9:0' });
    const again = await ledger.append(CASE, 'excusal', { meetingId: 'm9' }, { key: 'case-s-77:9:0' });
    expect(again).toEqual(first);
    expect((await ledger.entries(CASE)).length).toBe(6);
  });

  it('ignores a torn last line (a crash mid-write) and cuts it before the next append', async () => {
    await appendFile(path(), '{"seq":6,"prevH');
    expect(await ledger.verify(CASE)).toMatchObject({ ok: true, head: { seq: 5 } });
    const next = await ledger.append(CASE, 'attendance', { meetingId: 'm6' });
    expect(next.seq).toBe(6);
    expect((await ledger.verify(CASE)).ok).toBe(true);
  });

  it('verifies plain entry arrays too', () => {
    expect(verifyLedger([])).toEqual({ ok: true, entries: [], head: { seq: 0, hash: GENESIS_HASH } });
    expect(verifyLedger([{ seq: 1 }])).toMatchObject({ ok: false, firstBadSeq: 1, reason: 'altered' });
  });
});
