/**
 * Auditor replay: rebuild a case as it stood at any instant from its Temporal history (live,
 * or exported JSON), with the same pure interpreter the workflow runs (workflows/case-engine).
 * The history is the record: the start input, every accepted Update (events and calendar
 * versions, at the workflow time they were applied), every calendar signal, every activity
 * result. Folding them in order up to the instant, then firing the clock points due by then,
 * gives the states, deadlines with explanations, notices and timeline at that instant.
 */
import type { Client } from '@temporalio/client';
import { defaultPayloadConverter, type PayloadConverter } from '@temporalio/common';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import type { temporal } from '@temporalio/proto';
import { chartRegistry } from '../machines';
import type { ChartRegistry } from '../machines/registry';
import { CaseEngine } from '../workflows/case-engine';
import { buildCaseView, type CaseView } from '../workflows/case-view';
import type { TimelineEntry } from '../workflows/case-state';
import type { StudentCaseInput } from '../workflows/student-case';

type History = temporal.api.history.v1.IHistory;
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

export interface ReplayResult {
  at: string;
  view: CaseView;
  timeline: TimelineEntry[];
  /** History events read, and how many of them were folded (≤ the instant). */
  eventsRead: number;
  eventsApplied: number;
}

function millis(t: HistoryEvent['eventTime']): number {
  if (!t) return 0;
  const seconds = typeof t.seconds === 'number' ? t.seconds : Number(t.seconds ?? 0);
  return seconds * 1000 + Math.floor((t.nanos ?? 0) / 1e6);
}

function firstArg<T>(converter: PayloadConverter, payloads: temporal.api.common.v1.IPayloads | null | undefined): T | undefined {
  const p = payloads?.payloads?.[0];
  return p ? (converter.fromPayload(p) as T) : undefined;
}

/** Fold one run's history into an engine, up to `untilMs`. */
export function replayHistory(history: History, untilMs: number, opts: { registry?: ChartRegistry; converter?: PayloadConverter } = {}): ReplayResult {
  const registry = opts.registry ?? chartRegistry;
  const converter = opts.converter ?? defaultPayloadConverter;
  const events = history.events ?? [];
  let engine: CaseEngine | null = null;
  let taskTime = 0;
  let applied = 0;
  const scheduled = new Map<string, string>(); // scheduled event id → effect id
  for (const e of events) {
    const t = millis(e.eventTime);
    if (t > untilMs) break;
    applied++;
    if (e.workflowExecutionStartedEventAttributes) {
      const input = firstArg<StudentCaseInput>(converter, e.workflowExecutionStartedEventAttributes.input);
      if (!input) throw new Error('history has no start input');
      engine = input.resume ? new CaseEngine(input.resume, registry) : CaseEngine.open(input.open!, registry);
      taskTime = t;
    } else if (e.workflowTaskStartedEventAttributes) {
      taskTime = t;
    } else if (engine && e.workflowExecutionUpdateAcceptedEventAttributes) {
      const request = e.workflowExecutionUpdateAcceptedEventAttributes.acceptedRequest?.input;
      const arg = firstArg<Record<string, unknown>>(converter, request?.args);
      engine.advance(taskTime);
      if (request?.name === 'recordEvent' && arg) engine.apply(arg.event, taskTime);
      if (request?.name === 'publishCalendar' && arg) engine.publishCalendar(arg as never, taskTime);
    } else if (engine && e.workflowExecutionSignaledEventAttributes?.signalName === 'calendarPublished') {
      const calendar = firstArg<Record<string, unknown>>(converter, e.workflowExecutionSignaledEventAttributes.input);
      engine.advance(taskTime);
      if (calendar) engine.publishCalendar(calendar as never, t);
    } else if (engine && e.activityTaskScheduledEventAttributes) {
      const input = firstArg<{ idempotencyKey?: string }>(converter, e.activityTaskScheduledEventAttributes.input);
      if (input?.idempotencyKey) scheduled.set(String(e.eventId), input.idempotencyKey);
    } else if (engine && e.activityTaskCompletedEventAttributes) {
      const id = scheduled.get(String(e.activityTaskCompletedEventAttributes.scheduledEventId));
      engine.advance(taskTime);
      if (id) engine.settleEffect(id, { result: firstArg(converter, e.activityTaskCompletedEventAttributes.result) ?? {} });
    } else if (engine && e.activityTaskFailedEventAttributes) {
      const id = scheduled.get(String(e.activityTaskFailedEventAttributes.scheduledEventId));
      if (id) engine.settleEffect(id, { error: e.activityTaskFailedEventAttributes.failure?.message ?? 'failed' });
    }
  }
  if (!engine) throw new Error('the instant is before the case started');
  engine.advance(untilMs);
  return {
    at: new Date(untilMs).toISOString(),
    view: buildCaseView(engine.state, engine.today(untilMs)),
    timeline: engine.state.timeline,
    eventsRead: events.length,
    eventsApplied: applied,
  };
}

/** Every run of a case, oldest first (continue-as-new links runs through `continuedExecutionRunId`). */
export async function fetchCaseHistories(client: Client, workflowId: string): Promise<History[]> {
  const runs: History[] = [];
  let runId: string | undefined;
  for (let i = 0; i < 1000; i++) {
    const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    runs.unshift(history);
    const previous = history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId;
    if (!previous) break;
    runId = previous;
  }
  return runs;
}

/** The run that was live at `untilMs`: the last one that started by then. */
export function runAt(runs: History[], untilMs: number): History {
  const started = runs.filter((h) => millis(h.events?.[0]?.eventTime) <= untilMs);
  if (!started.length) throw new Error('the instant is before the case started');
  return started[started.length - 1];
}

export function historyFromExport(json: unknown): History {
  return historyFromJSON(json);
}
