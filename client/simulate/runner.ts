/**
 * `caseclock simulate`: each history through the real `studentCase` workflow and the real
 * activities on the time-skipping test server, one server and one worker for the whole run.
 * Before each step time moves to the step's date at the district's timer hour; every timer due
 * on the way fires in order and is reported with the step. The case lives on its own dates
 * through the simulation epoch (CaseSettings.timeShiftMs), because the test server's clock
 * only moves forward from today.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import type { Calendar } from '../../deadlines';
import { createCaseWorker } from '../../worker/create-worker';
import type { CaseEffectActivities } from '../../workflows/activity-types';
import type { CaseView } from '../../workflows/case-view';
import { caseStateQuery, caseViewQuery, publishCalendarUpdate, recordEventUpdate } from '../../workflows/messages';
import { moveCaseTo, shiftFor } from './sim-clock';
import type { Mismatch, StepObservation } from './expectations';
import { historyReport, observeStep, simulatedCaseInput, stepReport, TIMER_HOUR } from './step-report';
import { stepDate, type LoadedHistory } from './history';

export interface StepReport {
  index: number;
  kind: 'event' | 'advanceTo' | 'publishCalendar';
  label: string;
  date: string;
  /** Timer points that fired on the way to this step (and because of it). */
  fired: Array<{ occurredOn: string; type: string; process?: string }>;
  refused: string | null;
  states: Record<string, string>;
  pending: Array<{ rule: string; due: string | null; actBy: string | null; explanation: string }>;
  notices: Array<{ form: string; to: string[] }>;
  moved: Array<{ rule: string; from: string | null; to: string | null }>;
  mismatches: Mismatch[];
}

export interface HistoryReport {
  id: string;
  path: string;
  title?: string;
  steps: StepReport[];
  mismatches: Array<Mismatch & { step: number }>;
  wallMs: number;
}

const TASK_QUEUE = 'caseclock-simulate';

export async function simulate(
  env: TestWorkflowEnvironment,
  histories: LoadedHistory[],
  activities: CaseEffectActivities,
  onReport: (report: HistoryReport) => void = () => undefined,
): Promise<HistoryReport[]> {
  const worker = await createCaseWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue: TASK_QUEUE,
    activities,
  });
  const reports: HistoryReport[] = [];
  await worker.runUntil(async () => {
    for (const loaded of histories) {
      const report = await simulateOne(env, loaded);
      reports.push(report);
      onReport(report);
    }
  });
  return reports;
}

export async function settle(handle: WorkflowHandle): Promise<CaseView> {
  // Timers that fired queue notices and alerts; wait (bounded) until the workflow has run them.
  for (let i = 0; i < 400; i++) {
    const view = await handle.query(caseViewQuery);
    if (view.effectsQueued === 0) return view;
    await new Promise((r) => setTimeout(r, 10));
  }
  return handle.query(caseViewQuery);
}

async function simulateOne(env: TestWorkflowEnvironment, loaded: LoadedHistory): Promise<HistoryReport> {
  const started = Date.now();
  const { history } = loaded;
  const timeZone = loaded.calendar.timeZone ?? 'America/Los_Angeles';
  const timerHour = TIMER_HOUR;
  const firstDate = history.steps.map(stepDate).find((d): d is string => d !== null)!;
  const timeShiftMs = await shiftFor(env, firstDate, timeZone);
  const input = simulatedCaseInput(loaded, { timeShiftMs });
  const handle = await env.client.workflow.start('studentCase', {
    taskQueue: TASK_QUEUE,
    workflowId: `${input.caseId}-${started}`,
    args: [{ open: input }],
  });

  const steps: StepReport[] = [];
  let lastSeq = 0;
  let lastTimeline = 0;
  let current = firstDate;
  for (const [index, step] of history.steps.entries()) {
    const date = stepDate(step) ?? current;
    current = date;
    // Move to the step's date, one minute past the timer hour, so that day's timers have fired.
    if (process.env.CASECLOCK_SIMULATE_TRACE) console.error(`trace ${history.id} step ${index} ${date} move`);
    await moveCaseTo(env, timeShiftMs, timeZone, date, timerHour);
    if (process.env.CASECLOCK_SIMULATE_TRACE) console.error(`trace ${history.id} step ${index} settle`);
    await settle(handle);
    if (process.env.CASECLOCK_SIMULATE_TRACE) console.error(`trace ${history.id} step ${index} apply`);
    let refused: string | null = null;
    let moved: StepObservation['moved'] = [];
    if (step.event) {
      try {
        await handle.executeUpdate(recordEventUpdate, { args: [{ event: step.event }] });
      } catch (error) {
        if (!(error instanceof WorkflowUpdateFailedError)) throw error;
        refused = error.cause?.message ?? error.message;
      }
    } else if (step.publishCalendar) {
      const answer = await handle.executeUpdate(publishCalendarUpdate, { args: [loaded.published[index] as Calendar] });
      moved = answer.moved.map((m) => ({ rule: m.rule, from: m.from, to: m.to }));
    }
    const view = await settle(handle);
    const state = await handle.query(caseStateQuery);
    if (process.env.CASECLOCK_SIMULATE_TRACE) console.error(`trace queued ${JSON.stringify(state.effects.filter((e) => e.status !== 'done').map((e) => [e.id, e.type, e.status, e.error]))}`);
    const contexts: Record<string, Record<string, unknown>> = {};
    for (const p of state.processes) contexts[p.chart] = ((p.snapshot as { context?: Record<string, unknown> })?.context ?? {}) as Record<string, unknown>;
    steps.push(stepReport(index, step, date, state, lastTimeline, observeStep(state, view, lastSeq, refused, moved, contexts)));
    lastSeq = state.seq;
    lastTimeline = state.timeline.length;
  }
  await handle.terminate('simulation finished');
  return historyReport(loaded, steps, started);
}
