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
import type { StepObservation } from './expectations';
import { stepDate, type LoadedHistory } from './history';
import type { HistoryReport, StepReport } from './runner';
import { historyReport, observeStep, simulatedCaseInput, stepReport, TIMER_HOUR } from './step-report';
import { MINUTE } from './sim-clock';

export function runHistoryOnEngine(loaded: LoadedHistory, registry: ChartRegistry = chartRegistry): HistoryReport {
  const started = Date.now();
  const { history } = loaded;
  const timeZone = loaded.calendar.timeZone ?? 'America/Los_Angeles';
  const timerHour = TIMER_HOUR;
  const engine = CaseEngine.open(simulatedCaseInput(loaded, {}), registry);
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
    steps.push(stepReport(index, step, date, engine.state, lastTimeline, observeStep(engine.state, view, lastSeq, refused, moved, contexts)));
    lastSeq = engine.state.seq;
    lastTimeline = engine.state.timeline.length;
  }
  return historyReport(loaded, steps, started, engine.state);
}
