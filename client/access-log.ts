/**
 * The log of access to student records: one JSON line per read of a student's record, allowed
 * or refused, in `<dataDir>/access-log/<YYYY-MM>.jsonl`. The handbook asks for a record of who
 * accessed a file, when and why (L9284-L9286: "name of the party, date, and purpose of
 * access"), kept as long as the record itself (L4316-L4317) — so lines are only ever appended,
 * each one fsync'd before the read it records is answered. Ids only: the party is a user id,
 * the student a student id (no names, no birth dates).
 */
import { mkdir, open, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

const Id = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be an id (letters, digits, . _ -)');

export const AccessLogEntrySchema = z
  .object({
    at: z.iso.datetime(),
    userId: Id,
    role: z.enum(['staff', 'supervisor', 'auditor', 'parent']),
    /** What was read: `case.read`, `timeline.read`, `replay.read`, `notice.read`, `case.export`… */
    action: z.string().regex(/^[a-zA-Z.]{2,40}$/, 'must be an action name'),
    studentId: Id,
    outcome: z.enum(['allowed', 'refused']),
    /** The case's district when known, so a district's supervisor finds its students' lines. */
    districtId: Id.nullable().optional(),
  })
  .strict();
export type AccessLogEntry = z.infer<typeof AccessLogEntrySchema>;
export type AccessLogRecord = Omit<AccessLogEntry, 'at'> & { at?: string };

export interface AccessLogQuery {
  studentId?: string;
  /** ISO instants (inclusive); a bare date `YYYY-MM-DD` means that whole UTC day. */
  from?: string;
  to?: string;
  /** Only lines of these districts (a supervisor's view without a studentId). */
  districtIds?: string[];
  limit?: number;
}

const MONTH_FILE = /^(\d{4}-\d{2})\.jsonl$/;

export class AccessLog {
  readonly folder: string;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    dataDir: string,
    private readonly now: () => number = Date.now,
  ) {
    this.folder = join(dataDir, 'access-log');
  }

  /**
   * Append one line and fsync it. Appends are serialised in this process so lines never
   * interleave; a torn last line left by a crash is closed with a newline before the next one.
   */
  record(record: AccessLogRecord): Promise<AccessLogEntry> {
    return this.recordMany([record]).then((entries) => entries[0]);
  }

  /** Several lines (each student of an export): validated first, then one fsync per month file. */
  recordMany(records: AccessLogRecord[]): Promise<AccessLogEntry[]> {
    const entries: AccessLogEntry[] = [];
    for (const r of records) {
      const parsed = AccessLogEntrySchema.safeParse({ ...r, at: r.at ?? new Date(this.now()).toISOString() });
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return Promise.reject(new Error(`access log: refusing to append: ${issue.path.join('.')}: ${issue.message}`));
      }
      entries.push(parsed.data);
    }
    const write = this.queue.then(() => this.append(entries));
    this.queue = write.catch(() => undefined);
    return write.then(() => entries);
  }

  private async append(entries: AccessLogEntry[]): Promise<void> {
    if (!entries.length) return;
    await mkdir(this.folder, { recursive: true });
    const byMonth = new Map<string, AccessLogEntry[]>();
    for (const e of entries) byMonth.set(e.at.slice(0, 7), [...(byMonth.get(e.at.slice(0, 7)) ?? []), e]);
    for (const [month, lines] of byMonth) {
      const handle = await open(join(this.folder, `${month}.jsonl`), 'a+');
      try {
        const { size } = await handle.stat();
        let prefix = '';
        if (size > 0) {
          const last = Buffer.alloc(1);
          await handle.read(last, 0, 1, size - 1);
          if (last[0] !== 0x0a) prefix = '\n';
        }
        await handle.write(prefix + lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
        await handle.sync();
      } finally {
        await handle.close();
      }
    }
  }

  /** Lines matching the query, oldest first; unreadable lines (a torn tail) are skipped. */
  async read(query: AccessLogQuery = {}): Promise<AccessLogEntry[]> {
    await this.queue;
    const from = query.from && /^\d{4}-\d{2}-\d{2}$/.test(query.from) ? `${query.from}T00:00:00.000Z` : query.from;
    const to = query.to && /^\d{4}-\d{2}-\d{2}$/.test(query.to) ? `${query.to}T23:59:59.999Z` : query.to;
    const months = (await readdir(this.folder).catch(() => [] as string[]))
      .map((f) => MONTH_FILE.exec(f)?.[1])
      .filter((m): m is string => m !== undefined)
      .filter((m) => (!from || m >= from.slice(0, 7)) && (!to || m <= to.slice(0, 7)))
      .sort();
    const out: AccessLogEntry[] = [];
    const limit = query.limit ?? 10_000;
    for (const month of months) {
      const text = await readFile(join(this.folder, `${month}.jsonl`), 'utf8');
      for (const line of text.split('\n')) {
        if (!line) continue;
        let json: unknown;
        try {
          json = JSON.parse(line);
        } catch {
          continue;
        }
        const parsed = AccessLogEntrySchema.safeParse(json);
        if (!parsed.success) continue;
        const e = parsed.data;
        if (query.studentId && e.studentId !== query.studentId) continue;
        if (query.districtIds && !(e.districtId && query.districtIds.includes(e.districtId))) continue;
        if (from && Date.parse(e.at) < Date.parse(from)) continue;
        if (to && Date.parse(e.at) > Date.parse(to)) continue;
        out.push(e);
        if (out.length >= limit) return out;
      }
    }
    return out;
  }
}
