/**
 * The case-history format (../shared/spec/case-history.md) as a zod schema, and loading a
 * file: one student's case as data, with what must hold after each step. Errors name the
 * history, the step and the field; a malformed history runs nothing.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { demoCalendars, parseCalendar, type Calendar } from '../../deadlines';
import { ActorSchema, IsoDate } from '../../machines/contract';
import type { ChartRegistry } from '../../machines/registry';

const RuleDates = z.record(z.string().regex(/^[a-z0-9-]+$/, 'must be a rule id'), IsoDate);

export const ExpectSchema = z
  .object({
    refused: z.literal(true).optional(),
    state: z.record(z.string(), z.string()).optional(),
    pending: RuleDates.optional(),
    exactPending: z.literal(true).optional(),
    /** Extension: `actBy` of open deadlines, rule id → date (Appendix C tables give it). */
    actBy: RuleDates.optional(),
    closed: z.array(z.string()).optional(),
    overdue: z.array(z.string()).optional(),
    moved: z.record(z.string(), z.tuple([IsoDate, IsoDate])).optional(),
    notices: z.array(z.object({ form: z.string(), to: z.string() }).strict()).optional(),
    context: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
  })
  .strict();
export type Expectations = z.infer<typeof ExpectSchema>;

const CalendarRef = z.union([z.string().min(1), z.object({ file: z.string().min(1) }).strict()]);

const StepSchema = z
  .object({
    event: z.object({ type: z.string(), occurredOn: IsoDate, actor: ActorSchema }).passthrough().optional(),
    advanceTo: IsoDate.optional(),
    publishCalendar: z.object({ file: z.string().min(1) }).strict().optional(),
    expect: ExpectSchema.optional(),
    note: z.string().max(500).optional(),
  })
  .strict()
  .refine((s) => [s.event, s.advanceTo, s.publishCalendar].filter((x) => x !== undefined).length === 1, {
    message: 'a step has exactly one of event, advanceTo, publishCalendar',
  });

export const HistorySchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be an id'),
    title: z.string().max(300).optional(),
    calendar: CalendarRef,
    policy: z.record(z.string(), z.union([z.boolean(), z.number(), z.string()])).optional(),
    student: z
      .object({
        id: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be an id, not a name'),
        birthDate: IsoDate,
        language: z.string().regex(/^[a-z]{2}$/, 'must be a two-letter language code'),
        school: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/).optional(),
        caseManager: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/).optional(),
      })
      .strict(),
    steps: z.array(StepSchema).min(1),
  })
  .strict();
export type History = z.infer<typeof HistorySchema>;
export type HistoryStep = History['steps'][number];

export interface LoadedHistory {
  path: string;
  history: History;
  calendar: Calendar;
  /** Calendars of publishCalendar steps, by step index. */
  published: Record<number, Calendar>;
}

export class HistoryError extends Error {}

export function stepDate(step: HistoryStep): string | null {
  return step.event?.occurredOn ?? step.advanceTo ?? null;
}

function loadCalendar(ref: z.infer<typeof CalendarRef>, base: string, where: string): Calendar {
  if (typeof ref === 'string') {
    const demo = (demoCalendars as Record<string, Calendar>)[ref];
    if (!demo) throw new HistoryError(`${where}: unknown calendar ${ref}`);
    return demo;
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(resolve(base, ref.file), 'utf8'));
  } catch {
    throw new HistoryError(`${where}.file: cannot read ${ref.file} as JSON`);
  }
  try {
    return parseCalendar(json);
  } catch (error) {
    throw new HistoryError(`${where}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Parse and check one history; throws HistoryError with one line naming the field. */
export function loadHistory(path: string, registry: ChartRegistry, text?: string): LoadedHistory {
  const name = path.split('/').pop() ?? path;
  let json: unknown;
  try {
    json = JSON.parse(text ?? readFileSync(path, 'utf8'));
  } catch {
    throw new HistoryError(`${name}: not valid JSON`);
  }
  const parsed = HistorySchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const extra = issue.code === 'unrecognized_keys' ? ` (${(issue as { keys: string[] }).keys.join(', ')})` : '';
    throw new HistoryError(`${name}: ${issue.path.join('.') || 'history'}: ${issue.message}${extra}`);
  }
  const history = parsed.data;
  const base = dirname(path);
  const calendar = loadCalendar(history.calendar, base, `${name}: calendar`);
  const published: Record<number, Calendar> = {};
  let previous = '';
  history.steps.forEach((step, i) => {
    const where = `${name}: steps.${i}`;
    const date = stepDate(step);
    if (date !== null) {
      if (date < previous) throw new HistoryError(`${where}: ${date} is before the previous step's date ${previous} (steps go in date order)`);
      previous = date;
    }
    if (step.publishCalendar) {
      const cal = loadCalendar(step.publishCalendar, base, `${where}.publishCalendar`);
      if (cal.id !== calendar.id) throw new HistoryError(`${where}.publishCalendar: calendar ${cal.id} is not the case's calendar ${calendar.id}`);
      published[i] = cal;
    }
    // A step that expects a refusal may carry an event its schema refuses: that is the point.
    if (step.event && !step.expect?.refused) checkEvent(step.event, registry, `${where}.event`);
  });
  return { path, history, calendar, published };
}

/** The event's own schema is the reference: some chart that takes this type must accept it. */
function checkEvent(event: Record<string, unknown>, registry: ChartRegistry, where: string): void {
  const schemas = registry.all().flatMap((d) => (d.events[String(event.type)] ? [d.events[String(event.type)]] : []));
  if (schemas.length === 0) throw new HistoryError(`${where}.type: unknown event type ${String(event.type)}`);
  const results = schemas.map((s) => s.safeParse(event));
  if (results.some((r) => r.success)) return;
  const issue = (results[0] as { error: z.ZodError }).error.issues[0];
  const extra = issue.code === 'unrecognized_keys' ? ` (${(issue as { keys: string[] }).keys.join(', ')})` : '';
  throw new HistoryError(`${where}.${issue.path.join('.')}: ${issue.message}${extra}`);
}
