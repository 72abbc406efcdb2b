/**
 * Late-entered events (an import, paper keyed in later): applied in date order, so the clock
 * points dated up to an event's date act before it and later ones after it — a case entered
 * on 2026-12-02 from paper ends where it would have ended live (processes.md C5).
 */
import { describe, expect, it } from 'vitest';
import { demoCalendars } from '../../../deadlines';
import { chartRegistry } from '../../../machines';
import { CaseEngine } from '../../../workflows/case-engine';
import { instantAt } from '../../../workflows/zoned-time';

const entered = instantAt('America/Los_Angeles', '2026-12-02', 13);
const district = { role: 'district' };

describe('late-entered events', () => {
  it('replays an annual review keyed in after the fact in date order, without stale alerts', () => {
    const engine = CaseEngine.open(
      { caseId: 'case-late', profile: { studentId: 'late', birthDate: '2014-02-02', language: 'en', districtId: 'demo-usd' }, calendar: demoCalendars['demo-usd'] },
      chartRegistry,
    );
    const events = [
      { type: 'ANNUAL_IEP_ON_FILE', occurredOn: '2025-11-04', actor: district },
      { type: 'MEETING_NOTICE_SENT', occurredOn: '2026-10-14', actor: district, meetingOn: '2026-10-28' },
      { type: 'MEETING_HELD', occurredOn: '2026-10-28', actor: district, esyNeeded: false },
      { type: 'IEP_CONSENT_RECORDED', occurredOn: '2026-10-28', actor: { role: 'parent' }, scope: 'all' },
    ];
    for (const event of events) {
      // Each is accepted by the validator view and applied: the 60/30-day reminders of
      // 2026-09-05 and 2026-10-05 moved the chart to `preparing` before the notice of 10-14.
      expect(() => engine.check(event, entered)).not.toThrow();
      engine.apply(event, entered);
    }
    engine.advance(entered);
    const reviews = engine.state.processes.filter((p) => p.chart === 'annual-review');
    expect(reviews.map((p) => [p.status, p.state])).toEqual([
      ['done', 'renewed'],
      ['open', 'cycle.waiting'],
    ]);
    const first = engine.state.clocks.find((c) => c.rule === 'annual-review' && c.from === '2025-11-04')!;
    // Met on 2026-10-28, before its due 2026-11-04: no delay, no overdue.
    expect(first).toMatchObject({ status: 'closed', closedOn: '2026-10-28', late: false, dueFired: false });
    expect(engine.state.delays).toEqual([]);
    // The reminders were in the past when keyed in: they moved the chart but alerted nobody.
    expect(first.remindersFired).toEqual(['2026-09-05', '2026-10-05']);
    expect(engine.state.effects.filter((e) => e.type === 'escalate')).toEqual([]);
    expect(engine.state.clocks.find((c) => c.rule === 'annual-review' && c.status === 'pending')?.due).toBe('2027-10-28');
  });
});
