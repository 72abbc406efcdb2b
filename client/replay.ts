/**
 * Auditor replay: rebuild a case as it stood at any instant from its Temporal history (live,
 * or exported JSON), with the same pure interpreter the workflow runs (workflows/case-engine).
 * The history is the record: the start input, every accepted Update (events and calendar
 * versions, at the workflow time they were applied), every calendar signal, every activity
 * result. Folding them in order up to the instant, then firing the clock points due by then,
 * gives the states, deadlines with explanations, notices and timeline at that instant.
 *
 * Interpreter changes behind patched() (workflows/engine-patches.ts) are answered from the
 * history's own patch markers, exactly as the workflow answered them: a case recorded before a
 * change replays without it, so an auditor never sees a step that never happened.
 *
 * Histories carry encrypted payloads (worker/payload-codec.ts). Histories fetched with a client
 * are decoded with that client's codec; an exported JSON history is decrypted while folding,
 * with the keys this process holds, else the configured ones (the auditor's CLI has no client).
 */
import type { Client } from '@temporalio/client';
import { defaultPayloadConverter, type Payload, type PayloadCodec, type PayloadConverter } from '@temporalio/common';
import { visit, walkGetWorkflowExecutionHistoryResponse } from '@temporalio/common/lib/internal-non-workflow';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import type { temporal } from '@temporalio/proto';
import { z } from 'zod';
import { chartRegistry } from '../machines';
import type { ChartRegistry } from '../machines/registry';
import { CaseEngine, RefusedEvent } from '../workflows/case-engine';
import type { TimelineEntry } from '../workflows/case-state';
import { MigrationTarget, migrationActor } from '../workflows/chart-migration';
import { patchesAnswering } from '../workflows/engine-patches';
import { keepSignature, planSigning, replanAfterRedemption, type SigningPlan } from '../workflows/signing';
import { buildCaseView, type CaseView } from '../workflows/case-view';
import type { StudentCaseInput } from '../workflows/student-case';
import { loadConfig } from '../worker/config';
import { CaseEncryptionCodec, configuredDataConverter, PayloadCodecError } from '../worker/payload-codec';

type History = temporal.api.history.v1.IHistory;
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

interface ReplayOptions {
  registry?: ChartRegistry;
  converter?: PayloadConverter;
  codec?: CaseEncryptionCodec;
}

/** A replay asked of an instant or entry the history does not reach, named by the field asked with. */
export class ReplayRangeError extends Error {
  constructor(
    readonly field: 'at' | 'seq',
    message: string,
  ) {
    super(message);
    this.name = 'ReplayRangeError';
  }
}

/** A timeline entry number as an auditor writes it (`?seq=`, `--seq`). */
export const TimelineEntryNumber = z.string().regex(/^[1-9]\d{0,8}$/, 'must be a timeline entry number (1, 2, …)');

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

/** Reads payloads of a history: decrypts (synchronously) what is encrypted, then converts. */
class HistoryReader {
  private configuredLoaded = false;
  private readonly held = new CaseEncryptionCodec(null);

  constructor(
    private readonly converter: PayloadConverter,
    private readonly codec: CaseEncryptionCodec | undefined,
  ) {}

  private decrypt(p: Payload): Payload {
    if (this.codec) return this.codec.decryptPayload(p);
    try {
      return this.held.decryptPayload(p);
    } catch (error) {
      if (!(error instanceof PayloadCodecError) || error.kind !== 'unknown-key' || this.configuredLoaded) throw error;
      // Not a key of this process: the configured keys (creating one registers them), once.
      this.configuredLoaded = true;
      configuredDataConverter(loadConfig());
      return this.held.decryptPayload(p);
    }
  }

  value<T>(p: Payload): T {
    return this.converter.fromPayload(this.decrypt(p)) as T;
  }

  firstArg<T>(payloads: temporal.api.common.v1.IPayloads | null | undefined): T | undefined {
    const p = payloads?.payloads?.[0];
    return p ? this.value<T>(p) : undefined;
  }

  /** A failure's message, from its encoded attributes when the failure converter moved it there. */
  failureMessage(failure: temporal.api.failure.v1.IFailure | null | undefined): string {
    if (failure?.encodedAttributes) return this.value<{ message?: string }>(failure.encodedAttributes).message ?? 'failed';
    return failure?.message ?? 'failed';
  }
}

/** Marker name of a `patched()` marker (sdk-core protos constants.rs PATCH_MARKER_NAME). */
const PATCH_MARKER_NAME = 'core_patch';

/**
 * The patch id a MarkerRecorded event holds, if it is a patch marker. Details key `patch-data`:
 * a JSON payload `{ id, deprecated }`; older cores wrote `patch_id` as plain bytes.
 */
export function patchIdOf(e: HistoryEvent, reader: Pick<HistoryReader, 'value'> = new HistoryReader(defaultPayloadConverter, undefined)): string | null {
  const marker = e.markerRecordedEventAttributes;
  if (!marker || marker.markerName !== PATCH_MARKER_NAME) return null;
  const data = marker.details?.['patch-data']?.payloads?.[0];
  if (data) return reader.value<{ id?: unknown }>(data).id?.toString() ?? null;
  const legacy = marker.details?.['patch_id']?.payloads?.[0]?.data;
  return legacy ? Buffer.from(legacy).toString('utf8') : null;
}

/**
 * The patch ids each workflow task recorded, by the index of its WorkflowTaskStarted event.
 * A marker is a command of the task that called patched(): it follows that task's
 * WorkflowTaskCompleted. The SDK tells a replaying workflow of it at the start of that very
 * task (sdk-core looks ahead to the task's commands), so the fold learns it at that task's
 * WorkflowTaskStarted: from that task on patched(id) is yes, before it no, as in the workflow.
 */
export function patchMarkersByTask(events: readonly HistoryEvent[], reader?: Pick<HistoryReader, 'value'>): Map<number, string[]> {
  const byTask = new Map<number, string[]>();
  let task = -1;
  events.forEach((e, i) => {
    if (e.workflowTaskStartedEventAttributes) task = i;
    const id = patchIdOf(e, reader);
    if (id !== null) byTask.set(task, [...(byTask.get(task) ?? []), id]);
  });
  return byTask;
}

/** A signDocument Update on its way: accepted, its redeemSignature activity not yet answered. */
interface PendingSignature {
  raw: unknown;
  plan: SigningPlan;
}

/** Fold one run's history into an engine, up to `untilMs`. */
export function replayHistory(
  history: History,
  untilMs: number,
  opts: ReplayOptions & {
    /** Fold events before this index only, and stop there: no clock fires past the last one. */
    stopBeforeEvent?: number;
    /** Once this entry is recorded, no clock fires and no event of a recordHistory Update applies. */
    throughSeq?: number;
    /**
     * Told the case's entry counter after each folded event (replayThroughSeq's first pass);
     * answering true stops the fold there (the case is then not advanced to `untilMs`).
     */
    onFolded?: (index: number, seq: number) => boolean | void;
  } = {},
): ReplayResult {
  const registry = opts.registry ?? chartRegistry;
  const reader = new HistoryReader(opts.converter ?? defaultPayloadConverter, opts.codec);
  const firstArg = <T>(payloads: temporal.api.common.v1.IPayloads | null | undefined) => reader.firstArg<T>(payloads);
  const events = history.events ?? [];
  const markers = patchMarkersByTask(events, reader);
  // What patched() answered in the recorded run, as far as the fold has come.
  const known = new Set<string>();
  const patches = patchesAnswering((id) => known.has(id));
  let engine: CaseEngine | null = null;
  let taskTime = 0;
  let previousTaskTime = 0;
  let applied = 0;
  const scheduled = new Map<string, string>(); // scheduled event id → effect id
  const signing = new Map<string, PendingSignature>(); // token → accepted signDocument
  const redeeming = new Map<string, PendingSignature>(); // scheduled event id → its redemption
  let lastFolded = 0;
  let told = false; // onFolded answered "enough"
  for (const [i, e] of events.entries()) {
    if (opts.stopBeforeEvent !== undefined && i >= opts.stopBeforeEvent) break;
    const t = millis(e.eventTime);
    if (t > untilMs) {
      // The clock points due by the instant that the run had not fired yet fire in its next
      // workflow task: answer them with that task's markers too.
      const next = events.findIndex((x, j) => j >= i && x.workflowTaskStartedEventAttributes);
      for (const id of markers.get(next) ?? []) known.add(id);
      break;
    }
    if (opts.onFolded && i > 0 && opts.onFolded(i - 1, engine?.state.seq ?? 0) === true) {
      told = true;
      break;
    }
    applied++;
    lastFolded = t;
    if (e.workflowExecutionStartedEventAttributes) {
      const input = firstArg<StudentCaseInput>(e.workflowExecutionStartedEventAttributes.input);
      if (!input) throw new Error('history has no start input');
      engine = input.resume ? new CaseEngine(input.resume, registry) : CaseEngine.open(input.open!, registry);
      engine.patches = patches;
      if (opts.throughSeq !== undefined) engine.firesUpToSeq = opts.throughSeq;
      taskTime = t;
    } else if (e.workflowTaskStartedEventAttributes) {
      // The points the last task's loop fired (at its own instant, with its markers) fire before
      // this task's markers are known: a marker never reaches back to an earlier step.
      engine?.advance(taskTime);
      previousTaskTime = taskTime;
      taskTime = t;
      for (const id of markers.get(i) ?? []) known.add(id);
    } else if (engine && e.workflowExecutionUpdateAcceptedEventAttributes) {
      const request = e.workflowExecutionUpdateAcceptedEventAttributes.acceptedRequest?.input;
      const args = request?.args?.payloads ?? [];
      const arg = args[0] ? reader.value<Record<string, unknown>>(args[0]) : undefined;
      if (request?.name === 'recordHistory' && arg) {
        // Applied in date order in one task, each event catching the clocks up to its own date
        // (workflows/late-entry.ts): only the main loop's last advance comes first.
        engine.advance(previousTaskTime);
        for (const event of (arg.events as unknown[]) ?? []) {
          // A past recorded at once is many entries in one Update: stop at the one asked for.
          if (opts.throughSeq !== undefined && engine.state.seq >= opts.throughSeq) break;
          engine.apply(event, taskTime);
        }
        continue;
      }
      if (request?.name === 'signDocument' && arg) {
        // Recorded once its redeemSignature activity answered (workflows/signing.ts).
        try {
          signing.set(String(arg.token), { raw: arg, plan: planSigning(engine, arg, taskTime) });
        } catch (error) {
          if (!(error instanceof RefusedEvent)) throw error;
        }
        continue;
      }
      engine.advance(taskTime);
      if (request?.name === 'recordEvent' && arg) engine.apply(arg.event, taskTime);
      if (request?.name === 'publishCalendar' && arg) engine.publishCalendar(arg as never, taskTime);
      if (request?.name === 'migrateProcesses') {
        const by = args[1] ? reader.value<unknown>(args[1]) : undefined;
        engine.migrateProcesses(taskTime, arg ? MigrationTarget.parse(arg) : undefined, migrationActor(by));
      }
    } else if (engine && e.activityTaskScheduledEventAttributes?.activityType?.name === 'redeemSignature') {
      const input = firstArg<{ token?: string }>(e.activityTaskScheduledEventAttributes.input);
      const pending = input?.token ? signing.get(input.token) : undefined;
      if (pending) redeeming.set(String(e.eventId), pending);
    } else if (engine && e.activityTaskCompletedEventAttributes && redeeming.has(String(e.activityTaskCompletedEventAttributes.scheduledEventId))) {
      const pending = redeeming.get(String(e.activityTaskCompletedEventAttributes.scheduledEventId))!;
      const result = firstArg<{ ledgerEntry?: { seq?: number } }>(e.activityTaskCompletedEventAttributes.result);
      try {
        const event = replanAfterRedemption(engine, pending.raw, pending.plan, t);
        keepSignature(engine, pending.plan, event, Number(result?.ledgerEntry?.seq ?? 0), t);
      } catch (error) {
        // The Update was refused after the ledger entry (the case had moved): nothing applied.
        if (!(error instanceof RefusedEvent)) throw error;
      }
    } else if (engine && e.workflowExecutionSignaledEventAttributes?.signalName === 'calendarPublished') {
      const calendar = firstArg<Record<string, unknown>>(e.workflowExecutionSignaledEventAttributes.input);
      engine.advance(taskTime);
      if (calendar) engine.publishCalendar(calendar as never, t);
    } else if (engine && e.activityTaskScheduledEventAttributes) {
      const input = firstArg<{ idempotencyKey?: string }>(e.activityTaskScheduledEventAttributes.input);
      if (input?.idempotencyKey) scheduled.set(String(e.eventId), input.idempotencyKey);
    } else if (engine && e.activityTaskCompletedEventAttributes) {
      const id = scheduled.get(String(e.activityTaskCompletedEventAttributes.scheduledEventId));
      engine.advance(taskTime);
      if (id) engine.settleEffect(id, { result: firstArg(e.activityTaskCompletedEventAttributes.result) ?? {} });
    } else if (engine && e.activityTaskFailedEventAttributes) {
      const id = scheduled.get(String(e.activityTaskFailedEventAttributes.scheduledEventId));
      if (id) engine.settleEffect(id, { error: reader.failureMessage(e.activityTaskFailedEventAttributes.failure) });
    }
  }
  if (!engine) throw new ReplayRangeError('at', 'the instant is before the case started');
  if (opts.onFolded && applied > 0 && !told) opts.onFolded(applied - 1, engine.state.seq);
  // Stopped at an event, the case stands as that event left it, at its own instant: a clock
  // the run fired only in its next task is not fired here.
  const stopped = opts.stopBeforeEvent !== undefined || told;
  const atMs = stopped ? lastFolded : untilMs;
  if (!stopped) engine.advance(atMs);
  return {
    at: new Date(atMs).toISOString(),
    view: buildCaseView(engine.state, engine.today(atMs)),
    timeline: engine.state.timeline,
    eventsRead: events.length,
    eventsApplied: applied,
  };
}

/** Runs every payload of `history` (in place) through `codecs`, as the SDK decodes what it reads. */
export async function decodeHistory(history: History, codecs: PayloadCodec[]): Promise<History> {
  if (!codecs.length) return history;
  const decode = async (payloads: Payload[]) => {
    let out = payloads;
    for (const codec of [...codecs].reverse()) out = await codec.decode(out);
    return out;
  };
  // Search attributes never pass through codecs (they are plain on the server).
  await visit({ history }, walkGetWorkflowExecutionHistoryResponse, {
    transformPayload: async (p) => (await decode([p]))[0],
    transformPayloads: decode,
    skipSearchAttributes: true,
  });
  return history;
}

/**
 * Every run of a case, oldest first (continue-as-new links runs through `continuedExecutionRunId`),
 * decoded with the client's payload codecs (`decode: false`: as stored, for the golden corpus).
 */
export async function fetchCaseHistories(client: Client, workflowId: string, opts: { decode?: boolean } = {}): Promise<History[]> {
  const runs: History[] = [];
  let runId: string | undefined;
  const codecs = opts.decode === false ? [] : client.options.loadedDataConverter.payloadCodecs;
  for (let i = 0; i < 1000; i++) {
    const history = await decodeHistory(await client.workflow.getHandle(workflowId, runId).fetchHistory(), codecs);
    runs.unshift(history);
    const previous = history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId;
    if (!previous) break;
    runId = previous;
  }
  return runs;
}

/**
 * The case as it stood just after timeline entry `seq` was recorded. Entries recorded within
 * one second share an instant (records are second-precise, workflows/zoned-time.ts isoInstant),
 * so the dashboard's slider asks by entry rather than by instant. The fold stops before the
 * history event that recorded entry `seq + 1`. Where one history event recorded both (clocks
 * of a late-entered case firing together, a past recorded in one Update), it goes on through
 * that event with the clocks and the past's events stopped once entry `seq` is there.
 */
export function replayThroughSeq(runs: History[], seq: number, opts: ReplayOptions = {}): ReplayResult & { throughSeq: number } {
  if (!runs.length) throw new Error('the case has no history');
  const reader = new HistoryReader(opts.converter ?? defaultPayloadConverter, opts.codec);
  // A continued run starts from the state its predecessor handed over: the last run that
  // started at or before the entry.
  const startSeq = (h: History) => reader.firstArg<StudentCaseInput>(h.events?.[0]?.workflowExecutionStartedEventAttributes?.input)?.resume?.seq ?? 0;
  const run = [...runs].reverse().find((h) => startSeq(h) <= seq) ?? runs[0];
  const events = run.events ?? [];
  const seqAfter: number[] = [];
  // Pass 1 learns which event recorded which entry, and stops at the first past the one asked.
  replayHistory(run, millis(events[events.length - 1]?.eventTime), {
    ...opts,
    onFolded: (i, s) => {
      seqAfter[i] = s;
      return s > seq;
    },
  });
  const first = seqAfter.findIndex((s) => s > seq);
  if (first < 0 && (seqAfter[seqAfter.length - 1] ?? 0) < seq) throw new ReplayRangeError('seq', `the case has no timeline entry ${seq}`);
  const stop = first < 0 ? events.length : first > 0 && seqAfter[first - 1] < seq ? first + 1 : first;
  const result = replayHistory(run, Number.MAX_SAFE_INTEGER, { ...opts, stopBeforeEvent: stop, throughSeq: seq });
  return { ...result, throughSeq: seq };
}

/** The run that was live at `untilMs`: the last one that started by then. */
export function runAt(runs: History[], untilMs: number): History {
  const started = runs.filter((h) => millis(h.events?.[0]?.eventTime) <= untilMs);
  if (!started.length) throw new ReplayRangeError('at', 'the instant is before the case started');
  return started[started.length - 1];
}

export function historyFromExport(json: unknown): History {
  return historyFromJSON(json);
}
