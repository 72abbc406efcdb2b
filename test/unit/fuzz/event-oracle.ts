/**
 * What the case should do with an outside event, worked out from the contract (architecture.md
 * "Every event carries…", processes.md §0) rather than read off the router: the base fields by
 * hand-written checks, then the charts' own decisions — each open process's event schema and
 * its XState `can` — and the order rule (an event is not dated before the last event its
 * process has recorded). `either` is for what the contract leaves to the interpreter's routing
 * detail (a case-level bar, a delay reason); those must still end cleanly.
 */
import type { AnyMachineSnapshot } from 'xstate';
import { chartRegistry } from '../../../machines';
import { ROLES } from '../../../machines/contract';
import type { CaseState, ProcessRecord } from '../../../workflows/case-state';
import { DELAY_REASON_NAMES } from '../../../workflows/meeting-delays';
import { lastOutsideEventOn } from './case-checkpoints';

export type Expected =
  | { accept: true; kind: 'existing'; process: string }
  | { accept: true; kind: 'new'; chart: string }
  | { accept: false; field?: string; fieldPrefix?: string; why: string }
  | { accept: 'either'; why: string };

const refuse = (why: string, field?: string): Expected => ({ accept: false, field, why });

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A real Gregorian date written YYYY-MM-DD, years 1000-9999 (written out, not zod's). */
export function isRealDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number);
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = m === 2 && leap ? 29 : DAYS_IN_MONTH[m - 1];
  return y >= 1000 && m >= 1 && m <= 12 && d >= 1 && d <= days;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The first base field (type, occurredOn, actor, process, delayReason) that is wrong, or null. */
export function baseProblem(raw: unknown): string | null {
  if (!isPlainObject(raw)) return 'event';
  if (typeof raw.type !== 'string' || !/^[A-Z][A-Z0-9_]*$/.test(raw.type)) return 'event.type';
  if (!isRealDate(raw.occurredOn)) return 'event.occurredOn';
  const actor = raw.actor;
  if (!isPlainObject(actor)) return 'event.actor';
  if (!(ROLES as readonly unknown[]).includes(actor.role)) return 'event.actor.role';
  if (actor.id !== undefined && (typeof actor.id !== 'string' || !/^[A-Za-z0-9._:-]{1,64}$/.test(actor.id))) return 'event.actor.id';
  if (Object.keys(actor).some((k) => k !== 'role' && k !== 'id')) return 'event.actor';
  if (raw.process !== undefined && (typeof raw.process !== 'string' || !/^[a-z0-9-]+#\d+$/.test(raw.process))) return 'event.process';
  if (raw.delayReason !== undefined && !(DELAY_REASON_NAMES as readonly unknown[]).includes(raw.delayReason)) return 'event.delayReason';
  return null;
}

/** The chart's own answer: its schema for the type takes the fields and its snapshot `can` take the event. */
export function chartTakes(process: ProcessRecord, event: Record<string, unknown>): 'takes' | 'declines' | 'bad-shape' | 'no-such-event' {
  const def = chartRegistry.require(process.chart, process.version);
  const schema = def.events[String(event.type)];
  if (!schema) return 'no-such-event';
  const { process: _hint, delayReason: _reason, ...fields } = event;
  const parsed = schema.safeParse(fields);
  if (!parsed.success) return 'bad-shape';
  try {
    const snapshot = def.machine.resolveState(process.snapshot) as AnyMachineSnapshot;
    return snapshot.can(parsed.data as never) ? 'takes' : 'declines';
  } catch {
    return 'declines';
  }
}

/** What the case should do with `raw`, on `state`, on district day `today`. */
export function expectedFor(state: CaseState, raw: unknown, today: string): Expected {
  const base = baseProblem(raw);
  if (base) return refuse('a base field is wrong', base);
  const event = raw as Record<string, unknown> & { type: string; occurredOn: string; actor: { role: string }; process?: string };
  if (event.actor.role === 'system') return refuse('system events come from the clocks', 'event.actor.role');
  if (event.occurredOn > today) return refuse('dated after today', 'event.occurredOn');
  if (event.actor.role === 'district' && ['DUE_PROCESS_FILED', 'MEDIATION_REQUESTED'].includes(event.type) && state.processes.some((p) => p.chart === 'revocation-of-services')) {
    return { accept: 'either', why: 'the revocation bar (case-rules.ts) may apply' };
  }
  if (event.delayReason !== undefined) return { accept: 'either', why: 'a delay reason needs a late meeting to answer' };
  const open = state.processes.filter((p) => p.status === 'open');
  if (event.process !== undefined && !open.some((p) => p.key === event.process)) return refuse('no such open process', 'event.process');
  const candidates = event.process ? open.filter((p) => p.key === event.process) : open;
  const answers = candidates.map((p) => ({ p, answer: chartTakes(p, event) }));
  const takers = answers.filter((a) => a.answer === 'takes').map((a) => a.p);
  if (takers.length > 1) return refuse('several open processes take it', 'event.process');
  if (takers.length === 1) {
    const last = lastOutsideEventOn(state, takers[0]);
    if (event.occurredOn < last) return refuse(`out of order: ${takers[0].key} last recorded an event on ${last}`, 'event.occurredOn');
    return { accept: true, kind: 'existing', process: takers[0].key };
  }
  if (answers.some((a) => a.answer === 'bad-shape')) {
    // An open process knows the type but not this shape: refused naming one of its fields.
    return { accept: false, fieldPrefix: 'event', why: 'an open process refuses the shape' };
  }
  const opener = event.process ? undefined : chartRegistry.openedBy(event.type);
  if (!opener) return refuse('no open process takes it and no chart opens on it', 'event.type');
  if (answers.some((a) => a.p.chart === opener.id && a.answer === 'declines')) return refuse('the running instance refuses it', 'event.type');
  const { process: _hint, delayReason: _reason, ...fields } = event;
  if (!opener.events[event.type].safeParse(fields).success) return { accept: false, fieldPrefix: 'event', why: 'the opening chart refuses the shape' };
  return { accept: true, kind: 'new', chart: opener.id };
}
