/**
 * `studentCase`: one durable workflow per student (`case-<studentId>`), for years.
 *
 * Shape (style.md habits 4, 5, 11): Update handlers validate (zod + chart `can`, via the
 * pure CaseEngine) and apply the event synchronously, so the history's order is the order of
 * application and a refused event leaves nothing behind; the main loop fires clock points,
 * runs each event's queued effects as activities (together, runEffects), and continues-as-new when the history
 * grows, carrying the JSON case state (open clocks as due dates, not remaining milliseconds).
 * Processes are sub-charts inside this one workflow, not child workflows: an Update validator
 * must see every process's snapshot synchronously to refuse an event without a trace, which a
 * parent cannot do for children (see README, design).
 */
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  setHandler,
  workflowInfo,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { Calendar } from '../deadlines';
import { chartRegistry } from '../machines';
import type { ChartRegistry } from '../machines/registry';
import type { CaseEffectActivities } from './activity-types';
import { NON_RETRYABLE_EFFECT_ERRORS } from './activity-types';
import { CaseEngine, RefusedEvent } from './case-engine';
import { migrationActor, MigrationTarget, type MigrationActor } from './chart-migration';
import { patchesAnswering, type EnginePatches } from './engine-patches';
import { DEFAULT_SETTINGS, type CaseState, type EffectRecord, type OpenCaseInput } from './case-state';
import { buildCaseView, timelineOf } from './case-view';
import { runEffect } from './effect-runner';
import { registerRecordHistory } from './late-entry';
import {
  caseStateQuery,
  caseViewQuery,
  calendarPublishedSignal,
  publishCalendarUpdate,
  migrateProcessesUpdate,
  migrationPlanQuery,
  recordEventUpdate,
  timelineQuery,
  type RecordEventRequest,
} from './messages';
import { caseSearchAttributes } from './case-search-attributes';
import { registerSignDocument } from './signing';
import { refusal } from './update-refusal';

export type StudentCaseInput = { open: OpenCaseInput; resume?: undefined } | { resume: CaseState; open?: undefined };

const activities = proxyActivities<CaseEffectActivities>({
  // Short: a worker killed mid-activity is noticed after this long and the activity retried
  // elsewhere (a notice render + SMTP send takes well under a second).
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '2 seconds',
    backoffCoefficient: 2,
    maximumInterval: '10 minutes',
    maximumAttempts: 50,
    nonRetryableErrorTypes: [...NON_RETRYABLE_EFFECT_ERRORS],
  },
});

/** A migration target from outside, checked like any input (a bad one is refused naming the field). */
function migrationTarget(raw: unknown): MigrationTarget | undefined {
  if (raw === undefined || raw === null) return undefined;
  const parsed = MigrationTarget.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new RefusedEvent(`to.${issue.path.join('.')}: ${issue.message}`, 'to');
  }
  return parsed.data;
}

/** Each interpreter change a recorded history must not see, behind patched() (docs/migrations.md). */
const workflowPatches: EnginePatches = patchesAnswering(patched);

/**
 * The workflow over a chart registry: the worker's build registers `studentCase` over every
 * chart (machines/index.ts); tests build the same workflow over fixture charts, e.g. a v1 and a
 * v2 side by side for a migration (test/integration/migrate-cli.test.ts), or with the
 * interpreter changes answered without patched() (test/integration/majority-signatures.test.ts),
 * or a workflow-code change without it (`effectsTogether`, test/integration/effects-together.test.ts).
 */
export function caseWorkflow(registry: ChartRegistry, patches?: Partial<EnginePatches>, code: Partial<WorkflowCodePatches> = {}) {
  return (input: StudentCaseInput) => runCase(input, registry, { ...workflowPatches, ...patches }, { ...workflowCodePatches, ...code });
}

/** Changes of this file's own commands (not the engine's), each answered by patched(). */
interface WorkflowCodePatches {
  /** Run one event's effects together (runEffects). */
  effectsTogether(): boolean;
}

const workflowCodePatches: WorkflowCodePatches = { effectsTogether: () => patched(EFFECTS_OF_ONE_EVENT_TOGETHER) };

export async function studentCase(input: StudentCaseInput): Promise<{ caseId: string; closedOn: string }> {
  return runCase(input, chartRegistry);
}

async function runCase(input: StudentCaseInput, registry: ChartRegistry, patches = workflowPatches, code = workflowCodePatches): Promise<{ caseId: string; closedOn: string }> {
  const engine = input.resume ? new CaseEngine(input.resume, registry) : CaseEngine.open(input.open, registry);
  engine.patches = patches;
  if (input.resume) engine.state.run += 1;
  let dirty = true;
  let lastAttributes = '';

  const publishSearchAttributes = () => {
    const attrs = caseSearchAttributes(engine.state, engine.today(Date.now()));
    const key = JSON.stringify(attrs);
    if (key !== lastAttributes) {
      upsertSearchAttributes(attrs);
      lastAttributes = key;
    }
  };

  setHandler(
    recordEventUpdate,
    async (req: RecordEventRequest) => {
      const now = Date.now();
      engine.advance(now); // a clock point due before this event acts first
      const outcome = engine.apply(req.event, now);
      dirty = true;
      publishSearchAttributes();
      if (req.waitForEffects) {
        await condition(() => !engine.state.effects.some((e) => e.seq === outcome.seq && e.status === 'queued'));
      }
      const view = buildCaseView(engine.state, engine.today(Date.now()));
      return req.withState ? { ...outcome, view, caseState: engine.state } : { ...outcome, view };
    },
    {
      validator: (req: RecordEventRequest) => {
        if (!req || typeof req !== 'object' || typeof req.event !== 'object' || req.event === null) {
          throw ApplicationFailure.create({ type: 'RefusedEvent', message: 'event: an event object is required', nonRetryable: true });
        }
        for (const flag of ['waitForEffects', 'withState'] as const) {
          if (req[flag] !== undefined && typeof req[flag] !== 'boolean') {
            throw ApplicationFailure.create({ type: 'RefusedEvent', message: `${flag}: true or false`, nonRetryable: true });
          }
        }
        try {
          engine.check(req.event, Date.now());
        } catch (error) {
          refusal(error);
        }
      },
    },
  );

  const applyCalendar = (calendar: Calendar) => {
    const moved = engine.publishCalendar(calendar, Date.now());
    dirty = true;
    publishSearchAttributes();
    return { calendarVersion: engine.state.calendarVersion, moved };
  };
  setHandler(publishCalendarUpdate, applyCalendar, {
    validator: (calendar: Calendar) => {
      if (!calendar || calendar.id !== engine.state.calendar.id) {
        throw ApplicationFailure.create({ type: 'RefusedEvent', message: `calendar.id: this case follows calendar ${engine.state.calendar.id}`, nonRetryable: true });
      }
    },
  });
  setHandler(calendarPublishedSignal, (calendar: Calendar) => {
    if (calendar?.id === engine.state.calendar.id) applyCalendar(calendar);
  });
  setHandler(
    migrateProcessesUpdate,
    (target?: MigrationTarget, by?: MigrationActor) => {
      const migrated = engine.migrateProcesses(Date.now(), migrationTarget(target), migrationActor(by));
      dirty = true;
      publishSearchAttributes();
      return migrated;
    },
    {
      // Judged on a copy, so a refused migration leaves nothing in the history.
      validator: (target?: MigrationTarget, by?: MigrationActor) => {
        try {
          migrationActor(by);
          engine.previewMigration(Date.now(), migrationTarget(target));
        } catch (error) {
          refusal(error);
        }
      },
    },
  );
  setHandler(migrationPlanQuery, (target?: MigrationTarget) => {
    try {
      return { steps: engine.previewMigration(Date.now(), migrationTarget(target)), refused: null };
    } catch (error) {
      if (error instanceof RefusedEvent) return { steps: [], refused: error.message };
      throw error;
    }
  });
  const changed = () => {
    dirty = true;
    publishSearchAttributes();
  };
  registerSignDocument(engine, changed);
  registerRecordHistory(engine, changed);
  setHandler(caseViewQuery, () => buildCaseView(engine.state, engine.today(Date.now())));
  setHandler(caseStateQuery, () => engine.state);
  setHandler(timelineQuery, (opts) => timelineOf(engine.state, opts ?? {}));

  for (;;) {
    engine.advance(Date.now());
    publishSearchAttributes();
    const queued = engine.queuedEffects();
    if (queued.length > 0) {
      await runEffects(engine, queued, code);
      continue;
    }
    if (isClosed(engine.state)) {
      await condition(allHandlersFinished);
      return { caseId: engine.state.caseId, closedOn: engine.today(Date.now()) };
    }
    const info = workflowInfo();
    // Continue-as-new well before Temporal's history limits (50k events / 50 MB), carrying the
    // JSON state: clocks travel as dates, so nothing fires twice or is lost on the way.
    const limit = engine.state.settings.historyEventsLimit ?? DEFAULT_SETTINGS.historyEventsLimit;
    if (info.continueAsNewSuggested || info.historyLength > limit) {
      await condition(allHandlersFinished);
      // Hand over in a quiet workflow task of its own, not in the one that answers an Update:
      // an event arriving meanwhile is applied first and the loop comes back here.
      dirty = false;
      const busy = await condition(() => dirty, '2 seconds');
      if (!busy && engine.queuedEffects().length === 0) {
        await continueAsNew<typeof studentCase>({ resume: engine.state });
      }
      continue;
    }
    const wake = engine.nextWake();
    dirty = false;
    if (wake === null) await condition(() => dirty);
    else await condition(() => dirty, Math.max(wake - Date.now(), 1));
  }
}

/**
 * The patch id of running one event's effects together (docs/migrations.md): recorded in a
 * history the first time an event queued more than one. Never rename it.
 */
export const EFFECTS_OF_ONE_EVENT_TOGETHER = 'effects-of-one-event-run-together';

/**
 * Run the oldest event's queued effects: together (one workflow task schedules them all, and
 * their completions are awaited in any order), or one at a time in a history recorded before
 * that change. An event's effects are its answer at one instant (the Notification of Referral
 * goes "along with the assessment plan", L15954-15956), so none waits on another's delivery;
 * effects of different events still run in the order the events were applied. Each outcome is recorded by its own effect id
 * (CaseEngine.settleEffect), so the order completions arrive in changes nothing a chart sees.
 */
async function runEffects(engine: CaseEngine, queued: EffectRecord[], code: WorkflowCodePatches): Promise<void> {
  const batch = queued.filter((e) => e.seq === queued[0].seq);
  if (batch.length > 1 && code.effectsTogether()) {
    await Promise.all(batch.map((effect) => runEffect(engine, effect, activities)));
  } else {
    await runEffect(engine, queued[0], activities);
  }
}

/** A case ends when the student has exited (P16 closed) and nothing else is open. */
function isClosed(state: CaseState): boolean {
  const exited = state.processes.some((p) => p.chart === 'exit' && p.status === 'done');
  return exited && state.processes.every((p) => p.status === 'done') && !state.effects.some((e) => e.status === 'queued');
}
