/**
 * District calendar versions kept under the data folder (deadlines.md §5: every open case holds
 * the version it was computed with, so a version, once cases may follow it, must never change):
 *
 *   <dataDir>/calendars/<calendarId>/<version>.json            the calendar as the engine parsed it
 *   <dataDir>/calendars/<calendarId>/published/<version>.json  { publishedAt } once it went out
 *
 * A version may be re-imported (corrected) until it is published; after that an import of the
 * same version with other content is refused. The demo calendars shipped in deadlines/calendars
 * are versions of their ids too (demo-usd 1 and 2 …), read-only. Files are written to a temp
 * name and renamed, so a refused or interrupted import leaves nothing half-written.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { DeadlineInputError, demoCalendars, parseCalendar, type Calendar } from '../../deadlines';

/** The ids a calendar and its versions go by; they become folder and file names. */
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const CalendarIdArg = z.string().regex(SAFE_NAME, 'must be a calendar id (letters, digits, . _ -)');
export const CalendarVersionArg = z.string().regex(SAFE_NAME, 'must be a calendar version (letters, digits, . _ -)');

/** A refusal of the store: `field` names what is wrong (`version`, `calendarId`, `id`). */
export class CalendarRefusal extends Error {
  constructor(
    readonly field: string,
    readonly kind: 'bad-input' | 'not-found' | 'conflict',
    detail: string,
  ) {
    super(`${field}: ${detail}`);
  }
}

export interface CalendarVersionEntry {
  id: string;
  version: string;
  name: string;
  /** `demo`: shipped with caseclock (deadlines/calendars); `stored`: imported into the data folder. */
  source: 'demo' | 'stored';
  /** The demo calendar's own key (`demo-usd-snow` is demo-usd version 2). */
  demoKey: string | null;
  importedAt: string | null;
  publishedAt: string | null;
}

export type ImportOutcome = 'stored' | 'replaced' | 'unchanged';

const PublishedMark = z.object({ publishedAt: z.string() }).strict();

const canonical = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(canonical)
    : value && typeof value === 'object'
      ? Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([x], [y]) => x.localeCompare(y)).map(([k, v]) => [k, canonical(v)]))
      : value;

/** A calendar as text with its fields in one order: two calendars are the same when their texts are. */
export const canonicalCalendarText = (calendar: Calendar): string => JSON.stringify(canonical(calendar));

/** Same calendar, field order aside (a re-import of the same file is not a change). */
function sameCalendar(a: Calendar, b: Calendar): boolean {
  return canonicalCalendarText(a) === canonicalCalendarText(b);
}

/** Numbers as numbers (`10` after `9`), the rest as text. */
export function compareVersions(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

function writeAtomically(path: string, text: string): void {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, text, { mode: 0o644 });
  renameSync(temp, path);
}

export class CalendarStore {
  readonly root: string;

  constructor(dataDir: string) {
    this.root = join(dataDir, 'calendars');
  }

  private folder(id: string): string {
    return join(this.root, CalendarIdArg.parse(id));
  }

  private file(id: string, version: string): string {
    return join(this.folder(id), `${CalendarVersionArg.parse(version)}.json`);
  }

  private markFile(id: string, version: string): string {
    return join(this.folder(id), 'published', `${CalendarVersionArg.parse(version)}.json`);
  }

  private demoOf(id: string, version: string): { key: string; calendar: Calendar } | null {
    for (const [key, calendar] of Object.entries(demoCalendars)) {
      if (calendar.id === id && (calendar.version ?? '1') === version) return { key, calendar };
    }
    return null;
  }

  /**
   * Validate a calendar document with the deadline engine (throws DeadlineInputError naming the
   * field by its path) and keep it as `<id>/<version>.json`.
   */
  import(raw: unknown): { calendar: Calendar; outcome: ImportOutcome; path: string } {
    const calendar = parseCalendar(raw);
    if (!calendar.version) throw new CalendarRefusal('version', 'bad-input', 'is required: a stored calendar is one version of a district calendar');
    const version = CalendarVersionArg.safeParse(calendar.version);
    if (!version.success) throw new CalendarRefusal('version', 'bad-input', version.error.issues[0].message);
    if (this.demoOf(calendar.id, calendar.version)) {
      throw new CalendarRefusal('version', 'conflict', `${calendar.id} version ${calendar.version} ships with caseclock; import it as another version`);
    }
    const path = this.file(calendar.id, calendar.version);
    let outcome: ImportOutcome = 'stored';
    if (existsSync(path)) {
      if (sameCalendar(this.readFile(path, calendar.id, calendar.version), calendar)) return { calendar, outcome: 'unchanged', path };
      if (this.publishedAt(calendar.id, calendar.version)) {
        throw new CalendarRefusal('version', 'conflict', `${calendar.id} version ${calendar.version} is published and cases may follow it; import the change as a new version`);
      }
      outcome = 'replaced';
    }
    mkdirSync(this.folder(calendar.id), { recursive: true });
    writeAtomically(path, `${JSON.stringify(calendar, null, 2)}\n`);
    return { calendar, outcome, path };
  }

  /**
   * The calendar a publication sends (POST /api/calendars/:id/publish): stored as a version
   * like `import` (a new one kept, an unpublished one corrected, a published one with other
   * content refused naming `version`), except that a version shipped with caseclock may be
   * published as it ships — the same content is that demo version, other content is refused.
   */
  importForPublishing(raw: unknown): { calendar: Calendar; outcome: ImportOutcome } {
    const calendar = parseCalendar(raw);
    const demo = calendar.version ? this.demoOf(calendar.id, calendar.version) : null;
    if (!demo) return this.import(calendar);
    if (!sameCalendar(demo.calendar, calendar)) {
      throw new CalendarRefusal('version', 'conflict', `${calendar.id} version ${calendar.version} ships with caseclock with other content; publish the change as a new version`);
    }
    return { calendar: demo.calendar, outcome: 'unchanged' };
  }

  /** A stored file is outside input too: validated again, and it must be the version its name says. */
  private readFile(path: string, id: string, version: string): Calendar {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(path, 'utf8'));
    } catch {
      throw new CalendarRefusal('version', 'bad-input', `the stored file of ${id} version ${version} is not valid JSON (${path})`);
    }
    let calendar: Calendar;
    try {
      calendar = parseCalendar(json);
    } catch (error) {
      if (!(error instanceof DeadlineInputError)) throw error;
      throw new CalendarRefusal('version', 'bad-input', `the stored file of ${id} version ${version} is not a valid calendar (${error.message}; ${path})`);
    }
    if (calendar.id !== id || calendar.version !== version) {
      throw new CalendarRefusal('version', 'bad-input', `the stored file ${path} holds ${calendar.id} version ${calendar.version ?? '(none)'}`);
    }
    return calendar;
  }

  /** One version, stored or shipped. */
  get(id: string, version: string): Calendar {
    CalendarIdArg.parse(id);
    CalendarVersionArg.parse(version);
    const path = this.file(id, version);
    if (existsSync(path)) return this.readFile(path, id, version);
    const demo = this.demoOf(id, version);
    if (demo) return demo.calendar;
    const known = this.versions(id).map((v) => v.version);
    throw new CalendarRefusal(
      'version',
      'not-found',
      known.length ? `no version ${version} of calendar ${id} (known: ${known.join(', ')})` : `no calendar ${id} (import one with caseclock calendar import)`,
    );
  }

  publishedAt(id: string, version: string): string | null {
    const path = this.markFile(id, version);
    if (!existsSync(path)) return null;
    const mark = PublishedMark.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return mark.success ? mark.data.publishedAt : null;
  }

  /**
   * Record that this version went out (before any case is told, so no import can change it
   * while cases move to it). The first publication's instant is kept on a re-run.
   */
  markPublished(id: string, version: string, at: string): string {
    this.get(id, version);
    const earlier = this.publishedAt(id, version);
    if (earlier) return earlier;
    mkdirSync(join(this.folder(id), 'published'), { recursive: true });
    writeAtomically(this.markFile(id, version), `${JSON.stringify({ publishedAt: at })}\n`);
    return at;
  }

  /** Every version of one calendar id, oldest first. */
  versions(id: string): CalendarVersionEntry[] {
    return this.list().filter((v) => v.id === id);
  }

  /** Demo and stored calendars, by id then version. */
  list(): CalendarVersionEntry[] {
    const entries: CalendarVersionEntry[] = [];
    for (const [key, calendar] of Object.entries(demoCalendars)) {
      const version = calendar.version ?? '1';
      entries.push({ id: calendar.id, version, name: calendar.name, source: 'demo', demoKey: key, importedAt: null, publishedAt: this.publishedAtQuietly(calendar.id, version) });
    }
    for (const id of this.ids()) {
      for (const name of readdirSync(join(this.root, id))) {
        const version = name.endsWith('.json') ? name.slice(0, -'.json'.length) : '';
        if (!SAFE_NAME.test(version)) continue;
        const path = join(this.root, id, name);
        let calendar: Calendar;
        try {
          calendar = this.readFile(path, id, version);
        } catch {
          continue; // a damaged file is reported when it is asked for by name, not in a listing
        }
        entries.push({ id, version, name: calendar.name, source: 'stored', demoKey: null, importedAt: statSync(path).mtime.toISOString(), publishedAt: this.publishedAtQuietly(id, version) });
      }
    }
    return entries.sort((a, b) => a.id.localeCompare(b.id) || compareVersions(a.version, b.version));
  }

  /**
   * The version people mean by a calendar id alone: the one published last; else, for a demo
   * key, that demo calendar; else the highest version imported.
   */
  current(idOrDemoKey: string): Calendar | null {
    const versions = this.versions(idOrDemoKey);
    const published = versions.filter((v) => v.publishedAt).sort((a, b) => a.publishedAt!.localeCompare(b.publishedAt!));
    if (published.length) return this.get(idOrDemoKey, published[published.length - 1].version);
    if (Object.prototype.hasOwnProperty.call(demoCalendars, idOrDemoKey)) return demoCalendars[idOrDemoKey as keyof typeof demoCalendars];
    const stored = versions.filter((v) => v.source === 'stored');
    return stored.length ? this.get(idOrDemoKey, stored[stored.length - 1].version) : null;
  }

  private ids(): string[] {
    if (!existsSync(this.root)) return [];
    return readdirSync(this.root).filter((name) => SAFE_NAME.test(name) && statSync(join(this.root, name)).isDirectory());
  }

  private publishedAtQuietly(id: string, version: string): string | null {
    try {
      return this.publishedAt(id, version);
    } catch {
      return null;
    }
  }
}
