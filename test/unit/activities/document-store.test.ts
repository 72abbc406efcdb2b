import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FolderDocumentStore } from '../../../activities';

describe('FolderDocumentStore', () => {
  let dataDir: string;
  let store: FolderDocumentStore;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'caseclock-docs-'));
    store = new FolderDocumentStore(dataDir);
  });
  afterEach(async () => rm(dataDir, { recursive: true, force: true }));

  it('stores bytes under documents/ab/cdef… by their SHA-256 and reads them back', async () => {
    const bytes = new TextEncoder().encode('%PDF-1.7 sample');
    const sha = createHash('sha256').update(bytes).digest('hex');
    expect(await store.has(sha)).toBe(false);
    expect(await store.put(bytes, { contentType: 'application/pdf', caseId: 'case-s1' })).toEqual({ sha256: sha });
    expect(await store.has(sha)).toBe(true);
    expect(Buffer.from((await store.get(sha))!).toString()).toBe('%PDF-1.7 sample');
    expect((await readdir(join(dataDir, 'documents', sha.slice(0, 2)))).sort()).toEqual([sha.slice(2), `${sha.slice(2)}.meta.json`]);
    expect(await store.meta(sha)).toEqual({ contentType: 'application/pdf', caseId: 'case-s1' });
  });

  it('a second put of the same bytes changes nothing and leaves no temp files', async () => {
    const bytes = new Uint8Array([1, 2, 3]);
    const first = await store.put(bytes, { contentType: 'application/octet-stream' });
    const second = await store.put(bytes, { contentType: 'application/octet-stream' });
    expect(second).toEqual(first);
    const files = await readdir(join(dataDir, 'documents', first.sha256.slice(0, 2)));
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(files).toHaveLength(2);
  });

  it('answers null for an unknown hash, refuses a malformed one, and detects a damaged file', async () => {
    expect(await store.get('0'.repeat(64))).toBeNull();
    await expect(store.get('../etc/passwd')).rejects.toThrow(/SHA-256/);
    const { sha256 } = await store.put(new Uint8Array([9, 9]), { contentType: 'application/octet-stream' });
    await writeFile(join(dataDir, 'documents', sha256.slice(0, 2), sha256.slice(2)), 'tampered');
    await expect(store.get(sha256)).rejects.toThrow(/damaged/);
  });
});
