/**
 * The recordHistory Update: a case's past recorded in one step. Sent as separate recordEvent
 * Updates, a late-entered history races the case's own clock loop — after the first event the
 * loop wakes at today's instant and fires every clock point due since, so a rights transfer at
 * 18 (L17009-17014) acts before the rights statement signed at 17, or a 15-day plan clock
 * escalates before the plan that met it is keyed in. Here the events are applied in date order
 * in one workflow task: each catches the clocks up to its own date (CaseEngine.apply), and only
 * then does the loop advance to today.
 *
 * The validator applies the whole batch to a copy, so a refusal names the event by index and
 * leaves nothing in the history (all or nothing: an import row never lands half-recorded).
 */
import { setHandler } from '@temporalio/workflow';
import { CaseEngine } from './case-engine';
import { buildCaseView } from './case-view';
import { RefusedEvent } from './event-router';
import { recordHistoryUpdate, type RecordHistoryAnswer, type RecordHistoryRequest } from './messages';
import { refusal } from './update-refusal';

/** Bounded like every outside input: a case's paper past is tens of events, not thousands. */
export const MAX_HISTORY_EVENTS = 500;

/** Refused the way every Update refuses (update-refusal.ts): a RefusedEvent failure naming the field. */
const refuse = (message: string, field: string): never => refusal(new RefusedEvent(message, field));

/** Throws a RefusedEvent failure naming `events[i]` and its field; applies nothing to `engine`. */
export function checkHistory(engine: CaseEngine, req: RecordHistoryRequest, nowMs: number): void {
  const events: unknown = req?.events;
  if (!Array.isArray(events) || events.length === 0) refuse('events: a non-empty list of events is required', 'events');
  const list = events as unknown[];
  if (list.length > MAX_HISTORY_EVENTS) refuse(`events: at most ${MAX_HISTORY_EVENTS} events in one history`, 'events');
  const probe = new CaseEngine(JSON.parse(JSON.stringify(engine.state)) as CaseEngine['state'], engine.registry);
  let previous = '';
  list.forEach((event, i) => {
    const on = (event as { occurredOn?: unknown } | null)?.occurredOn;
    if (typeof on === 'string' && on < previous) refuse(`events[${i}].occurredOn: ${on} is before the event above it (${previous}); list the history in date order`, `events.${i}.occurredOn`);
    try {
      // apply() routes and steps exactly as the handler will (a refusal throws before any write
      // that matters: the probe is thrown away).
      probe.apply(event, nowMs);
    } catch (error) {
      if (!(error instanceof RefusedEvent)) throw error;
      const type = typeof (event as { type?: unknown } | null)?.type === 'string' ? ` (${(event as { type: string }).type})` : '';
      refuse(`events[${i}]${type}: ${error.message}`, `events.${i}${error.field ? `.${error.field.replace(/^event\./, '')}` : ''}`);
    }
    if (typeof on === 'string') previous = on;
  });
}

/** Register the Update on the running workflow; `changed` tells the main loop the case moved. */
export function registerRecordHistory(engine: CaseEngine, changed: () => void): void {
  setHandler(
    recordHistoryUpdate,
    (req: RecordHistoryRequest): RecordHistoryAnswer => {
      const now = Date.now();
      const seqs = req.events.map((event) => engine.apply(event, now).seq);
      changed();
      return { seqs, view: buildCaseView(engine.state, engine.today(now)) };
    },
    { validator: (req: RecordHistoryRequest) => checkHistory(engine, req, Date.now()) },
  );
}
