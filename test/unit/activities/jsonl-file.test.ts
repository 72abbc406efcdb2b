/**
 * JsonlFile's per-process cache of read records: an append adds to it without reading the file
 * again, and a change made outside this object (another process appending, a line damaged) is
 * seen by the next read.
 */
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { JsonlFile } from '../../../activities/jsonl-file';

const Line = z.object({ n: z.number() }).strict();
const dir = mkdtempSync(join(tmpdir(), 'caseclock-jsonl-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('JsonlFile', () => {
  it('reads its own appends, and what another writer appended', async () => {
    const path = join(dir, 'a.jsonl');
    const file = new JsonlFile(path, Line, 'test ledger');
    expect(await file.readAll()).toEqual([]);
    await file.append({ n: 1 });
    await file.append({ n: 2 });
    expect(await file.readAll()).toEqual([{ n: 1 }, { n: 2 }]);
    appendFileSync(path, '{"n":3}\n'); // another process
    await file.append({ n: 4 });
    expect(await new JsonlFile(path, Line, 'test ledger').readAll()).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }]);
    expect(await file.readAll()).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }]);
    expect(readFileSync(path, 'utf8')).toBe('{"n":1}\n{"n":2}\n{"n":3}\n{"n":4}\n');
  });

  it('a record changed by its reader does not change the next read', async () => {
    const file = new JsonlFile(join(dir, 'b.jsonl'), Line, 'test ledger');
    await file.append({ n: 1 });
    const [first] = await file.readAll();
    first.n = 99;
    expect(await file.readAll()).toEqual([{ n: 1 }]);
  });

  it('a line damaged after it was read is an error on the next read', async () => {
    const path = join(dir, 'c.jsonl');
    const file = new JsonlFile(path, Line, 'test ledger');
    await file.append({ n: 1 });
    await file.append({ n: 2 });
    expect(await file.readAll()).toHaveLength(2);
    writeFileSync(path, '{"n":1}\n{"x":2}\n');
    await expect(file.readAll()).rejects.toThrow(/test ledger: line 2: /);
  });

  it('a torn last line is left out, then cut by the next append', async () => {
    const path = join(dir, 'd.jsonl');
    const file = new JsonlFile(path, Line, 'test ledger');
    await file.append({ n: 1 });
    appendFileSync(path, '{"n":');
    expect(await file.readAll()).toEqual([{ n: 1 }]);
    await file.append({ n: 2 });
    expect(readFileSync(path, 'utf8')).toBe('{"n":1}\n{"n":2}\n');
    expect(await file.readAll()).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('an append makes a missing folder and file, and adds to an empty file', async () => {
    const path = join(dir, 'new', 'case-s9', 'e.jsonl');
    const file = new JsonlFile(path, Line, 'test ledger');
    await file.append({ n: 1 });
    expect(readFileSync(path, 'utf8')).toBe('{"n":1}\n');
    const empty = join(dir, 'f.jsonl');
    writeFileSync(empty, '');
    const other = new JsonlFile(empty, Line, 'test ledger');
    expect(await other.readAll()).toEqual([]);
    await other.append({ n: 7 });
    expect(await other.readAll()).toEqual([{ n: 7 }]);
    expect(readFileSync(empty, 'utf8')).toBe('{"n":7}\n');
  });

  it('a record its schema refuses is not written', async () => {
    const path = join(dir, 'g.jsonl');
    const file = new JsonlFile(path, Line, 'test ledger');
    await file.append({ n: 1 });
    await expect(file.append({ n: 'two' } as never)).rejects.toThrow(/^test ledger: refusing to append: n: /);
    expect(readFileSync(path, 'utf8')).toBe('{"n":1}\n');
  });
});
