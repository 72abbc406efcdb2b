/**
 * Which process instance an outside event is for, or why it is refused. Pure and read-only:
 * the Update validator runs it, so a refused event leaves nothing in the history.
 *
 * Order: the base fields (type, occurredOn, actor) → not dated after today → the instance the
 * event names, or the one open instance whose chart `can` take it now → else the chart the
 * event type opens → else a refusal that says what each open process is waiting for.
 */
import { z } from 'zod';
import type { AnyMachineSnapshot } from 'xstate';
import { ActorSchema, IsoDate } from '../machines/contract';
import type { ChartRegistry } from '../machines/registry';
import type { CaseState, ProcessRecord } from './case-state';
import { caseLevelRefusal } from './case-rules';
import { DELAY_REASON_NAMES, type DelayReason } from './meeting-delays';

export class RefusedEvent extends Error {
  constructor(
    message: string,
    /** Dotted path of the offending field, when one field is to blame. */
    readonly field: string | null = null,
  ) {
    super(message);
    this.name = 'RefusedEvent';
  }
}

export const CaseEventBase = z
  .object({
    type: z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'must be an event type in SCREAMING_SNAKE_CASE'),
    occurredOn: IsoDate,
    actor: ActorSchema,
    // A process key, checked here so a refusal never repeats free text typed into the hint.
    process: z.string().regex(/^[a-z0-9-]+#\d+$/, 'must be a process key such as initial-evaluation#1').optional(),
    /** Why a late meeting is late (meeting-delays.ts): read by the interpreter, never by a chart. */
    delayReason: z.enum(DELAY_REASON_NAMES).optional(),
  })
  .passthrough();
export type CaseEventInput = z.infer<typeof CaseEventBase>;

export type Route = (
  | { kind: 'existing'; process: ProcessRecord; event: Record<string, unknown> & { type: string; occurredOn: string } }
  | { kind: 'new'; chart: string; event: Record<string, unknown> & { type: string; occurredOn: string } }
) & { delayReason?: DelayReason };

export function firstIssue(error: z.ZodError, prefix: string): RefusedEvent {
  const issue = error.issues[0];
  const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
  const unknownKeys = issue.code === 'unrecognized_keys' ? ` (${(issue as { keys: string[] }).keys.join(', ')})` : '';
  return new RefusedEvent(`${path}: ${issue.message}${unknownKeys}`, path);
}

export interface RouterDeps {
  registry: ChartRegistry;
  /** Restores (and caches) the live snapshot of an open instance. */
  snapshotOf(process: ProcessRecord): AnyMachineSnapshot;
}

export function routeEvent(state: CaseState, raw: unknown, today: string, deps: RouterDeps): Route {
  const base = CaseEventBase.safeParse(raw);
  if (!base.success) throw firstIssue(base.error, 'event');
  const event = base.data;
  if (event.actor.role === 'system') {
    throw new RefusedEvent('event.actor.role: system events come only from the case clocks', 'event.actor.role');
  }
  if (event.occurredOn > today) {
    throw new RefusedEvent(
      `event.occurredOn: ${event.occurredOn} is after today (${today}); record events when they happen`,
      'event.occurredOn',
    );
  }
  const barred = caseLevelRefusal(state, event);
  if (barred) throw new RefusedEvent(barred, 'event.type');
  const open = state.processes.filter((p) => p.status === 'open');
  const candidates = event.process ? open.filter((p) => p.key === event.process) : open;
  if (event.process && candidates.length === 0) {
    throw new RefusedEvent(`event.process: no open process ${event.process} in this case`, 'event.process');
  }

  const accepting: Array<{ process: ProcessRecord; event: Route['event'] }> = [];
  /** Open instances that took the event's shape but refuse it now (a guard said no). */
  const declining: ProcessRecord[] = [];
  let schemaError: RefusedEvent | null = null;
  for (const p of candidates) {
    const schema = deps.registry.require(p.chart, p.version).events[event.type];
    if (!schema) continue;
    const { process: _routing, delayReason: _reason, ...fields } = event;
    const parsed = schema.safeParse(fields);
    if (!parsed.success) {
      schemaError ??= firstIssue(parsed.error, 'event');
      continue;
    }
    const typed = parsed.data as Route['event'];
    if (safeCan(deps.snapshotOf(p), typed)) accepting.push({ process: p, event: typed });
    else declining.push(p);
  }
  const reason = event.delayReason === undefined ? {} : { delayReason: event.delayReason };
  if (accepting.length === 1) {
    // A process's events are recorded in date order (architecture.md: a late-entered event
    // dated before the process's last event is accepted only where the chart allows it; none does).
    const last = lastRecordedOn(state, accepting[0].process);
    if (event.occurredOn < last) {
      throw new RefusedEvent(
        `event.occurredOn: ${event.occurredOn} is before the last event recorded for ${accepting[0].process.key} (${last}); record a process's events in date order`,
        'event.occurredOn',
      );
    }
    return { kind: 'existing', ...accepting[0], ...reason };
  }
  if (accepting.length > 1) {
    const keys = accepting.map((a) => a.process.key).join(', ');
    throw new RefusedEvent(`event.process: ${event.type} fits several open processes (${keys}); name one`, 'event.process');
  }
  if (schemaError) throw schemaError;

  const opener = event.process ? undefined : deps.registry.openedBy(event.type);
  const sameChart = opener && declining.find((p) => p.chart === opener.id);
  if (sameChart) {
    // An open instance refused it (e.g. a removal over the year's cap): a fresh instance with an
    // empty ledger must not take what the running one refused.
    throw new RefusedEvent(`event.type: ${sameChart.key} refuses ${event.type} in ${sameChart.state}`, 'event.type');
  }
  if (opener) {
    const { process: _routing, delayReason: _reason, ...fields } = event;
    const parsed = opener.events[event.type].safeParse(fields);
    if (!parsed.success) throw firstIssue(parsed.error, 'event');
    return { kind: 'new', chart: opener.id, event: parsed.data as Route['event'], ...reason };
  }
  const waiting = open.map((p) => `${p.key} is in ${p.state}`).join('; ');
  const known = deps.registry.eventTypes().includes(event.type);
  throw new RefusedEvent(
    known
      ? `event.type: no open process accepts ${event.type} now${waiting ? ` (${waiting})` : ''}`
      : `event.type: unknown event type ${event.type}`,
    'event.type',
  );
}

/**
 * The date of the last outside event recorded for a process: its opening, or a later event.
 * Clock points do not count (a paper form dated before a reminder that already fired is a late
 * entry, not out of order), nor does a migration (an administrative step, dated when it ran).
 */
export function lastRecordedOn(state: CaseState, process: ProcessRecord): string {
  let last = process.openedOn;
  for (const t of state.timeline) if (t.kind === 'event' && t.process === process.key && t.occurredOn > last) last = t.occurredOn;
  return last;
}

/** A guard that throws on an odd event must not take the workflow down: it simply does not accept. */
export function safeCan(snapshot: AnyMachineSnapshot, event: { type: string }): boolean {
  try {
    return snapshot.can(event as never);
  } catch {
    return false;
  }
}
