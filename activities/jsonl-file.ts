/**
 * An append-only JSON-lines file whose every line is validated with zod. Appends are one
 * `write` of `line + "\n"` followed by fsync; the only partial state a crash can leave is a
 * last line without its newline, which the next append (under the caller's lock) cuts off
 * before writing. Lines are never rewritten.
 */
import { mkdir, open, readFile, truncate } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { z } from 'zod';
import { issuePath } from './failures';

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
    await mkdir(dirname(this.path), { recursive: true });
    await this.cutTornTail();
    const handle = await open(this.path, 'a');
    try {
      await handle.write(`${JSON.stringify(parsed.data)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  private async cutTornTail(): Promise<void> {
    const bytes = await readFile(this.path).catch(() => null);
    if (!bytes || bytes.length === 0 || bytes[bytes.length - 1] === 0x0a) return;
    await truncate(this.path, bytes.lastIndexOf(0x0a) + 1);
  }
}
