/**
 * Case records for the export tests, made by the pure interpreter (the code the workflow runs)
 * from acceptance histories or inline ones, dated on the history's own days — so the exports
 * are tested on the same views and timelines the Queries return.
 */
import { resolve } from 'node:path';
import { chartRegistry } from '../../../machines';
import { loadHistory, stepDate } from '../../../client/simulate/history';
import { simulatedCaseInput } from '../../../client/simulate/step-report';
import type { CaseRecord } from '../../../client/exports';
import { CaseEngine } from '../../../workflows/case-engine';
import { buildCaseView } from '../../../workflows/case-view';
import { instantAt } from '../../../workflows/zoned-time';

const MINUTE = 60_000;

export function caseRecordFrom(file: string, opts: { text?: string; until?: string; school?: string; caseManager?: string } = {}): CaseRecord {
  const path = resolve(__dirname, '../../histories', file);
  const loaded = loadHistory(path, chartRegistry, opts.text);
  const input = simulatedCaseInput(loaded, {});
  input.profile.schoolId = opts.school ?? input.profile.schoolId;
  input.profile.caseManagerId = opts.caseManager ?? input.profile.caseManagerId;
  const engine = CaseEngine.open(input, chartRegistry);
  const at = (date: string) => instantAt('America/Los_Angeles', date, 8) + MINUTE;
  const settle = () => {
    for (const e of engine.queuedEffects()) engine.settleEffect(e.id, { result: {} });
  };
  let today = loaded.history.steps.map(stepDate).find((d): d is string => d !== null)!;
  for (const step of loaded.history.steps) {
    today = stepDate(step) ?? today;
    engine.advance(at(today));
    settle();
    if (step.event) engine.apply(step.event, at(today));
    if (step.publishCalendar) engine.publishCalendar(Object.values(loaded.published)[0], at(today));
    settle();
  }
  if (opts.until) {
    today = opts.until;
    engine.advance(at(today));
    settle();
  }
  return { view: buildCaseView(engine.state, today), timeline: engine.state.timeline };
}

/** An initial evaluation whose 60-day count runs out (referral 2026-08-20, consent 2026-08-27). */
export function lateInitialHistory(id: string, meetingOn: string | null, assessed = true): string {
  const steps = [
    { event: { type: 'REFERRAL_RECEIVED', occurredOn: '2026-08-20', actor: { role: 'parent' } } },
    { event: { type: 'ASSESSMENT_PLAN_SENT', occurredOn: '2026-08-24', actor: { role: 'district' }, receivedByParentOn: '2026-08-24' } },
    { event: { type: 'CONSENT_RECEIVED', occurredOn: '2026-08-27', actor: { role: 'parent' } } },
    ...(assessed ? [{ event: { type: 'ASSESSMENT_COMPLETED', occurredOn: '2026-10-20', actor: { role: 'district' } } }] : []),
    ...(meetingOn
      ? [
          { event: { type: 'MEETING_NOTICE_SENT', occurredOn: '2026-11-30', actor: { role: 'district' }, meetingOn } },
          { event: { type: 'MEETING_HELD', occurredOn: meetingOn, actor: { role: 'district' }, eligible: true, iepDrafted: true } },
        ]
      : []),
  ];
  return JSON.stringify({ id, calendar: 'demo-usd', student: { id: 'late', birthDate: '2018-04-01', language: 'en' }, steps });
}
