/**
 * What both simulation runners (the real workflow on the time-skipping server, and the pure
 * engine) share: the case a history opens, and how one step is observed, checked and reported.
 */
import type { CaseState } from '../../workflows/case-state';
import type { CaseView } from '../../workflows/case-view';
import type { OpenCaseInput, CaseSettings } from '../../workflows/case-state';
import { checkExpectations, type StepObservation } from './expectations';
import type { HistoryStep, LoadedHistory } from './history';
import type { HistoryReport, RecordedDeadline, StepReport } from './runner';

export const TIMER_HOUR = 8;

export function simulatedCaseInput(loaded: LoadedHistory, settings: Partial<CaseSettings>): OpenCaseInput {
  const { history } = loaded;
  const studentId = `${history.id}-${history.student.id}`.toLowerCase();
  return {
    caseId: `case-${studentId}`,
    profile: {
      studentId,
      birthDate: history.student.birthDate,
      language: history.student.language,
      districtId: loaded.calendar.id,
      schoolId: history.student.school,
      caseManagerId: history.student.caseManager,
    },
    calendar: loaded.calendar,
    policy: history.policy as OpenCaseInput['policy'],
    settings: { timerHour: TIMER_HOUR, ...settings },
  };
}

/** Observe the case after a step: notices with a sequence number past `fromSeq` are the step's. */
export function observeStep(
  state: CaseState,
  view: CaseView,
  fromSeq: number,
  refused: string | null,
  moved: StepObservation['moved'],
  contexts: Record<string, Record<string, unknown>>,
): StepObservation {
  const notices = state.effects
    .filter((e) => e.type === 'sendNotice' && e.seq > fromSeq)
    .map((e) => ({ form: String(e.params.form), to: e.params.to as string[] }));
  return { refused, view, moved, notices, contexts };
}

export function stepReport(index: number, step: HistoryStep, date: string, state: CaseState, fromTimeline: number, seen: StepObservation): StepReport {
  const fired = state.timeline
    .slice(fromTimeline)
    .filter((t) => t.kind === 'timer' && /_(REMINDER|DUE|OPEN|OVERDUE)$/.test(t.type))
    .map((t) => ({ occurredOn: t.occurredOn, type: t.type, process: t.process }));
  return {
    index,
    kind: step.event ? 'event' : step.advanceTo ? 'advanceTo' : 'publishCalendar',
    label: step.event ? String(step.event.type) : step.advanceTo ? `advance to ${step.advanceTo}` : `publish ${step.publishCalendar!.file}`,
    date,
    fired,
    refused: seen.refused,
    states: seen.view.states,
    pending: seen.view.pending.map((d) => ({ rule: d.rule, due: d.due, actBy: d.actBy, explanation: d.explanation[0] ?? '' })),
    notices: seen.notices,
    moved: seen.moved,
    mismatches: step.expect ? checkExpectations(step.expect, seen) : [],
  };
}

/** Every deadline record of the case, open, closed and cancelled (a restarted clock has one per start), by key. */
export function recordedDeadlines(state: CaseState): RecordedDeadline[] {
  return state.clocks.map((c) => ({ key: c.key, rule: c.rule, due: c.due, status: c.status })).sort((a, b) => a.key.localeCompare(b.key));
}

export function historyReport(loaded: LoadedHistory, steps: StepReport[], started: number, last: CaseState): HistoryReport {
  return {
    id: loaded.history.id,
    path: loaded.path,
    title: loaded.history.title,
    steps,
    mismatches: steps.flatMap((s) => s.mismatches.map((m) => ({ ...m, step: s.index }))),
    deadlines: recordedDeadlines(last),
    wallMs: Date.now() - started,
  };
}
