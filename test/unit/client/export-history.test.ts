/**
 * exportHistory (client/export-history.ts) on case states made by the pure interpreter (the
 * code the workflow runs): the history it writes holds the recorded events in date order, a
 * calendar publication on its own day, time to the case's today — and run again on the
 * interpreter it ends with the same deadlines. The live round trip through Temporal is
 * test/integration/export-history-roundtrip.test.ts.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ExportError, exportHistory, type ExportedHistory } from '../../../client/export-history';
import { runHistoryOnEngine } from '../../../client/simulate/engine-runner';
import { loadHistory, type LoadedHistory } from '../../../client/simulate/history';
import { recordedDeadlines, simulatedCaseInput, TIMER_HOUR } from '../../../client/simulate/step-report';
import { chartRegistry } from '../../../machines';
import { CaseEngine } from '../../../workflows/case-engine';
import type { CaseState, TimelineEntry } from '../../../workflows/case-state';
import { instantAt } from '../../../workflows/zoned-time';

const HISTORIES = join(__dirname, '../../histories');
const LA = 'America/Los_Angeles';
const at = (date: string) => instantAt(LA, date, TIMER_HOUR) + 60_000;
const tmp = mkdtempSync(join(tmpdir(), 'caseclock-export-unit-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The interpreter's case after `events` (each at its own date), a publication on `publishOn`, and time to `today`. */
function engineCase(loaded: LoadedHistory, events: Array<Record<string, unknown>>, today: string, publish?: { on: string; calendar: LoadedHistory['calendar'] }) {
  const engine = CaseEngine.open(simulatedCaseInput(loaded, {}), chartRegistry);
  const settle = () => engine.queuedEffects().forEach((e) => engine.settleEffect(e.id, { result: {} }));
  for (const event of events) {
    if (publish && publish.on < String(event.occurredOn)) {
      engine.advance(at(publish.on));
      engine.publishCalendar(publish.calendar, at(publish.on));
      publish = undefined;
    }
    engine.advance(at(String(event.occurredOn)));
    engine.apply(event, at(String(event.occurredOn)));
    settle();
  }
  if (publish) {
    engine.advance(at(publish.on));
    engine.publishCalendar(publish.calendar, at(publish.on));
  }
  engine.advance(at(today));
  settle();
  return engine.state;
}

function written(exported: ExportedHistory, name: string): LoadedHistory {
  for (const [file, calendar] of Object.entries(exported.calendars)) writeFileSync(join(tmp, file), JSON.stringify(calendar));
  const path = join(tmp, `${name}.json`);
  writeFileSync(path, JSON.stringify(exported.history));
  return loadHistory(path, chartRegistry);
}

describe('exportHistory', () => {
  const c1 = loadHistory(join(HISTORIES, 'C1-initial-evaluation.json'), chartRegistry);
  const events = c1.history.steps.flatMap((s) => (s.event ? [s.event as Record<string, unknown>] : []));
  const snow = JSON.parse(readFileSync(join(HISTORIES, 'calendars/demo-usd-snow.json'), 'utf8'));

  it('writes the events in order, the publication on its own day, then time to today; run again it gives the same deadlines', () => {
    const state = engineCase(c1, events.slice(0, 4), '2026-12-20', { on: '2026-12-05', calendar: snow });
    const exported = exportHistory(state, c1.calendar, [snow], 'c1x', '2026-12-20');
    expect(exported.history.steps.map((s) => s.event?.type ?? (s.advanceTo ? `advanceTo ${s.advanceTo}` : 'publish'))).toEqual([
      'REFERRAL_RECEIVED',
      'ASSESSMENT_PLAN_SENT',
      'CONSENT_RECEIVED',
      'ASSESSMENT_COMPLETED',
      'advanceTo 2026-12-05',
      'publish',
      'advanceTo 2026-12-20',
    ]);
    expect(Object.keys(exported.calendars)).toEqual(['c1x.calendar.json', `c1x.calendar-v${snow.version}.json`]);
    const report = runHistoryOnEngine(written(exported, 'c1x'));
    expect(report.steps.filter((s) => s.refused)).toEqual([]);
    expect(report.steps[5].moved).toContainEqual({ rule: 'initial-iep', from: '2027-01-05', to: '2027-01-12' });
    expect(report.deadlines).toEqual(recordedDeadlines(state));
  });

  it('carries the case through three years (C1x): the same deadlines again', () => {
    const c1x = loadHistory(join(HISTORIES, 'C1x-three-year-lifecycle.json'), chartRegistry);
    const all = c1x.history.steps.flatMap((s) => (s.event ? [s.event as Record<string, unknown>] : []));
    const state = engineCase(c1x, all, '2029-11-20');
    const exported = exportHistory(state, c1x.calendar, [], 'c1x3', '2029-11-20');
    // Two processes took MEETING_NOTICE_SENT on 2029-11-01: the event names the one it went to.
    expect(exported.history.steps.find((s) => s.event?.occurredOn === '2029-11-01' && s.event.type === 'MEETING_NOTICE_SENT')?.event).toMatchObject({ process: 'reassessment#1' });
    const report = runHistoryOnEngine(written(exported, 'c1x3'));
    expect(report.steps.filter((s) => s.refused)).toEqual([]);
    expect(report.deadlines).toEqual(recordedDeadlines(state));
    expect(report.deadlines.filter((d) => d.rule === 'annual-review').length).toBeGreaterThanOrEqual(3);
  });

  it('places an event entered late at its own date, noted, and adds no advanceTo when today is the last step', () => {
    const entry = (seq: number, type: string, occurredOn: string): TimelineEntry => ({ seq, at: '2026-10-20T15:00:00Z', occurredOn, kind: 'event', type, actor: { role: 'district' } });
    const state = {
      caseId: 'case-late',
      profile: { studentId: 'late', birthDate: '2019-05-02', language: 'en', districtId: 'demo-usd' },
      policy: {},
      timeline: [entry(1, 'A_EVENT', '2026-10-05'), entry(2, 'B_EVENT', '2026-10-14'), entry(3, 'C_EVENT', '2026-10-10'), entry(4, 'D_EVENT', '2026-10-14')],
    } as unknown as CaseState;
    const { history } = exportHistory(state, c1.calendar, [], 'late', '2026-10-14');
    expect(history.steps.map((s) => [s.event?.type, s.event?.occurredOn, s.note ?? null])).toEqual([
      ['A_EVENT', '2026-10-05', null],
      ['C_EVENT', '2026-10-10', 'entered late (recorded after a later-dated step); placed at its own date 2026-10-10'],
      ['B_EVENT', '2026-10-14', null],
      ['D_EVENT', '2026-10-14', null],
    ]);
    expect(history.policy).toBeUndefined();
  });

  it('refuses, naming the field, a case whose profile makes no valid history (nothing to write)', () => {
    const state = { caseId: 'case-x', profile: { studentId: 'x', birthDate: '2019-05-02', language: 'english', districtId: 'demo-usd' }, policy: {}, timeline: [] } as unknown as CaseState;
    expect(() => exportHistory(state, c1.calendar, [], 'x', '2026-10-14')).toThrow(new ExportError('export-history: student.language: must be a two-letter language code'));
  });
});
