/**
 * A history through the pure interpreter alone (workflows/case-engine.ts, the code the
 * workflow runs), with synthetic time and effects marked done at once: a fast check of a
 * history's expectations for writing and unit-testing histories. `caseclock simulate` runs the
 * same histories through the real workflow and activities on the time-skipping server.
 */
import { chartRegistry } from '../../machines';
import type { ChartRegistry } from '../../machines/registry';
import { CaseEngine, RefusedEvent } from '../../workflows/case-engine';
import { buildCaseView } from '../../workflows/case-view';
import { instantAt } from '../../workflows/zoned-time';
import { checkExpectations, type StepObservation } from './expectations';
import { stepDate, type LoadedHistory } from './history';
import type { HistoryReport, StepReport } from './runner';
import { MINUTE } from './sim-clock';

export function runHistoryOnEngine(loaded: LoadedHistory, registry: ChartRegistry = chartRegistry): HistoryReport {
  const started = Date.now();
  const { history } = loaded;
  const timeZone = loaded.calendar.timeZone ?? 'America/Los_Angeles';
  const timerHour = 8;
  const studentId = `${history.id}-${history.student.id}`.toLowerCase();
  const engine = CaseEngine.open(
    {
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
      policy: history.policy as never,
      settings: { timerHour },
    },
    registry,
  );
  const settleAll = () => {
    for (const e of engine.queuedEffects()) engine.settleEffect(e.id, { result: {} });
  };
  const steps: StepReport[] = [];
  let lastSeq = 0;
  let lastTimeline = 0;
  let current = history.steps.map(stepDate).find((d): d is string => d !== null)!;
  for (const [index, step] of history.steps.entries()) {
    const date = stepDate(step) ?? current;
    current = date;
    const now = instantAt(timeZone, date, timerHour) + MINUTE;
    engine.advance(now);
    settleAll();
    let refused: string | null = null;
    let moved: StepObservation['moved'] = [];
    if (step.event) {
      try {
        engine.apply(step.event, now);
      } catch (error) {
        if (!(error instanceof RefusedEvent)) throw error;
        refused = error.message;
      }
    } else if (step.publishCalendar) {
      moved = engine.publishCalendar(loaded.published[index], now).map((m) => ({ rule: m.rule, from: m.from, to: m.to }));
    }
    settleAll();
    const view = buildCaseView(engine.state, engine.today(now));
    const contexts: Record<string, Record<string, unknown>> = {};
    for (const p of engine.state.processes) contexts[p.chart] = engine.snapshotOf(p).context as Record<string, unknown>;
    const notices = engine.state.effects
      .filter((e) => e.type === 'sendNotice' && e.seq > lastSeq)
      .map((e) => ({ form: String(e.params.form), to: e.params.to as string[] }));
    const fired = engine.state.timeline
      .slice(lastTimeline)
      .filter((t) => t.kind === 'timer' && /_(REMINDER|DUE|OPEN|OVERDUE)$/.test(t.type))
      .map((t) => ({ occurredOn: t.occurredOn, type: t.type, process: t.process }));
    lastSeq = engine.state.seq;
    lastTimeline = engine.state.timeline.length;
    const mismatches = step.expect ? checkExpectations(step.expect, { refused, view, moved, notices, contexts }) : [];
    steps.push({
      index,
      kind: step.event ? 'event' : step.advanceTo ? 'advanceTo' : 'publishCalendar',
      label: step.event ? String(step.event.type) : step.advanceTo ? `advance to ${step.advanceTo}` : `publish ${step.publishCalendar!.file}`,
      date,
      fired,
      refused,
      states: view.states,
      pending: view.pending.map((d) => ({ rule: d.rule, due: d.due, actBy: d.actBy, explanation: d.explanation[0] ?? '' })),
      notices,
      moved,
      mismatches,
    });
  }
  return {
    id: history.id,
    path: loaded.path,
    title: history.title,
    steps,
    mismatches: steps.flatMap((s) => s.mismatches.map((m) => ({ ...m, step: s.index }))),
    wallMs: Date.now() - started,
  };
}
