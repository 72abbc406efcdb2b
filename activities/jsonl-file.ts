/**
 * An append-only JSON-lines file whose every line is validated with zod. Appends are one
 * `write` of `line + "\n"` followed by fsync; the only partial state a crash can leave is a
 * last line without its newline, which the next append (under the caller's lock) cuts off
 * before writing. Lines are never rewritten.
 *
 * Read records are kept per process (the last MAX_CACHED files read), with the file's size,
 * mtime, ctime and inode when read: a later read or append that finds the file unchanged uses
 * them instead of reading and validating every line again, and an append adds its own record
 * to them. Any change by another process (every append grows the file) → read afresh.
 */
import type { Stats } from 'node:fs';
import { mkdir, open, readFile, stat, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { z } from 'zod';
import { issuePath } from './failures';

const MAX_CACHED = 256;

interface Cached {
  schema: z.ZodType;
  stamp: string;
  records: unknown[];
}

const cache = new Map<string, Cached>();

const stampOf = (st: Stats) => `${st.size}:${st.mtimeMs}:${st.ctimeMs}:${st.ino}`;

async function statOrNull(path: string): Promise<Stats | null> {
  return stat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
}

function remember(path: string, entry: Cached): void {
  cache.delete(path);
  cache.set(path, entry);
  if (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value as string);
}

export class JsonlFile<S extends z.ZodType> {
  constructor(
    readonly path: string,
    private readonly schema: S,
    /** Name used in errors (`delivery ledger of case-s1`). */
    private readonly label: string,
  ) {}

  /** Raw text lines, complete ones only (a torn last line is left out). */
  async lines(): Promise<string[]> {
    const text = await readFile(this.path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return '';
      throw error;
    });
    const complete = text.endsWith('\n') ? text : text.slice(0, text.lastIndexOf('\n') + 1);
    return complete.split('\n').filter((line) => line.length > 0);
  }

  /** Every record, validated; a bad line is an error naming the line number and field. */
  async readAll(): Promise<Array<z.infer<S>>> {
    const before = await statOrNull(this.path);
    if (!before) return [];
    const hit = cache.get(this.path);
    // A torn last line (size not ending in a newline) is not cached: the next append cuts it.
    if (hit && hit.schema === this.schema && hit.stamp === stampOf(before)) {
      remember(this.path, hit);
      return structuredClone(hit.records) as Array<z.infer<S>>;
    }
    const records = await this.parseAll();
    const after = await statOrNull(this.path);
    if (after && stampOf(after) === stampOf(before)) remember(this.path, { schema: this.schema, stamp: stampOf(after), records: structuredClone(records) });
    return records;
  }

  private async parseAll(): Promise<Array<z.infer<S>>> {
    const lines = await this.lines();
    return lines.map((line, index) => {
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        throw new Error(`${this.label}: line ${index + 1} is not JSON`);
      }
      const parsed = this.schema.safeParse(json);
      if (!parsed.success) {
        throw new Error(`${this.label}: line ${index + 1}: ${issuePath(parsed.error.issues[0])}: ${parsed.error.issues[0].message}`);
      }
      return parsed.data;
    });
  }

  /** Append one record (validated first). Callers hold the file's lock. */
  async append(record: z.infer<S>): Promise<void> {
    const parsed = this.schema.safeParse(record);
    if (!parsed.success) {
      throw new Error(`${this.label}: refusing to append: ${issuePath(parsed.error.issues[0])}: ${parsed.error.issues[0].message}`);
    }
    // One handle for the whole append (read for the torn-tail check, append for the line):
    // a notice makes four appends, each was ten file system calls.
    const handle = await this.openForAppend();
    try {
      const before = await this.cutTornTail(handle);
      const hit = cache.get(this.path);
      const current = hit && hit.schema === this.schema && hit.stamp === stampOf(before) ? hit : null;
      const line = `${JSON.stringify(parsed.data)}\n`;
      await handle.write(line);
      await handle.sync();
      const after = await handle.stat();
      // Our line alone grew the file (callers hold its lock): the cached records plus ours.
      if (current && after.size === before.size + Buffer.byteLength(line)) {
        remember(this.path, { schema: this.schema, stamp: stampOf(after), records: [...current.records, structuredClone(parsed.data)] });
      } else {
        cache.delete(this.path);
      }
    } catch (error) {
      cache.delete(this.path);
      throw error;
    } finally {
      await handle.close();
    }
  }

  /** The file opened to read and append, made (with its folder) when missing. */
  private async openForAppend(): Promise<FileHandle> {
    try {
      return await open(this.path, 'a+');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      await mkdir(dirname(this.path), { recursive: true });
      return open(this.path, 'a+');
    }
  }

  /**
   * A last line without its newline (a torn write) is cut off; only the last byte is read when
   * there is none. Answers the file's stats as the append finds them.
   */
  private async cutTornTail(handle: FileHandle): Promise<Stats> {
    const st = await handle.stat();
    if (st.size === 0) return st;
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, st.size - 1);
    if (last[0] === 0x0a) return st;
    cache.delete(this.path);
    const bytes = await readFile(this.path);
    await handle.truncate(bytes.lastIndexOf(0x0a) + 1);
    return handle.stat();
  }
}
