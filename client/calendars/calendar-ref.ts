/**
 * A district calendar named by reference — `caseclock open --calendar`, `caseclock import
 * --calendar` and its `calendarId` column, the API's open-case body and import query:
 *
 *   <id>@<version>   that one version, imported (calendar-store.ts) or shipped (demo-usd@2)
 *   <id>             the version people mean by the id alone (CalendarStore.current): the one
 *                    published last, else the demo calendar of that key (as before the store
 *                    existed), else the highest version imported
 *
 * Pinning a case to `id@version` is what deadlines.md §5 needs: a case records the version it
 * was computed with, and a later import or publication never changes that version.
 */
import { z } from 'zod';
import type { Calendar } from '../../deadlines';
import { CalendarRefusal, type CalendarStore } from './calendar-store';

const NAME = '[A-Za-z0-9][A-Za-z0-9._-]{0,63}';
export const CALENDAR_REF_PATTERN = new RegExp(`^${NAME}(@${NAME})?$`);
export const CalendarRefArg = z.string().regex(CALENDAR_REF_PATTERN, 'must be a calendar id or id@version (letters, digits, . _ -)');

export function parseCalendarRef(ref: string): { id: string; version: string | null } {
  const at = ref.indexOf('@');
  return at === -1 ? { id: ref, version: null } : { id: ref.slice(0, at), version: ref.slice(at + 1) };
}

/**
 * Resolves references against one store, each reference read once (an import of 1,000 rows
 * naming the same calendar reads its file once). Refusals name the caller's field.
 */
export class CalendarResolver {
  private readonly found = new Map<string, Calendar>();

  constructor(private readonly store: CalendarStore) {}

  /** The calendar `ref` names, or a CalendarRefusal naming `field` (`--calendar`, `calendar`, `calendarId`). */
  resolve(ref: string, field: string): Calendar {
    const known = this.found.get(ref);
    if (known) return known;
    if (!CALENDAR_REF_PATTERN.test(ref)) throw new CalendarRefusal(field, 'bad-input', 'must be a calendar id or id@version (letters, digits, . _ -)');
    const { id, version } = parseCalendarRef(ref);
    let calendar: Calendar | null;
    try {
      calendar = version === null ? this.store.current(id) : this.store.get(id, version);
    } catch (error) {
      if (!(error instanceof CalendarRefusal)) throw error;
      // The store names its own field (`version`); the caller's field is what the person typed.
      throw new CalendarRefusal(field, error.kind, error.message.replace(/^[A-Za-z]+: /, ''));
    }
    if (!calendar) throw new CalendarRefusal(field, 'not-found', `no calendar ${id} (known: ${this.knownIds().join(', ')})`);
    this.found.set(ref, calendar);
    return calendar;
  }

  /** Like resolve, for callers that report rather than throw (the importer's rows). */
  tryResolve(ref: string, field: string): { calendar: Calendar } | { refusal: string } {
    try {
      return { calendar: this.resolve(ref, field) };
    } catch (error) {
      if (error instanceof CalendarRefusal) return { refusal: error.message };
      throw error;
    }
  }

  private knownIds(): string[] {
    const entries = this.store.list();
    const ids = new Set<string>();
    for (const e of entries) {
      ids.add(e.id);
      if (e.demoKey) ids.add(e.demoKey);
    }
    return [...ids].sort();
  }
}
