import { describe, expect, it } from 'vitest';
import { demoCalendars } from '../../../deadlines';
import { createRegistry } from '../../../machines/registry';
import { CaseEngine, RefusedEvent } from '../../../workflows/case-engine';
import { instantAt } from '../../../workflows/zoned-time';
import { fixtureEvaluation, fixtureFollowUp } from './fixture-chart';
import { refusal } from './refusal';

const registry = createRegistry([fixtureEvaluation, fixtureFollowUp]);
const calendar = demoCalendars['demo-usd'];
const LA = 'America/Los_Angeles';
/** 13:00 in Los Angeles on that date: after the 08:00 timer hour. */
const afternoon = (date: string) => instantAt(LA, date, 13);

function openCase(studentId = 's1') {
  return CaseEngine.open(
    { caseId: `case-${studentId}`, profile: { studentId, birthDate: '2019-05-02', language: 'es', districtId: 'demo-usd' }, calendar },
    registry,
  );
}

const referral = { type: 'REFERRAL_RECEIVED', occurredOn: '2026-10-05', actor: { role: 'parent' } };

describe('CaseEngine', () => {
  it('opens a process from its trigger event, dates its clock and queues the entry notice with the date it states', () => {
    const engine = openCase();
    const outcome = engine.apply(referral, afternoon('2026-10-05'));
    expect(outcome).toMatchObject({ seq: 1, process: 'fixture-evaluation#1', state: 'referral-received', opened: ['fixture-evaluation#1'] });
    const [clock] = engine.state.clocks;
    // C1: referral 2026-10-05 → assessment plan due 2026-10-20 (15 days, no long vacation on the way).
    expect(clock).toMatchObject({ rule: 'assessment-plan', from: '2026-10-05', due: '2026-10-20', status: 'pending' });
    // 5 working days before Tuesday 2026-10-20: 19, 16, 15, 14, 13 → Tuesday 2026-10-13.
    expect(clock.reminders).toEqual(['2026-10-13']);
    const [notice] = engine.queuedEffects();
    expect(notice).toMatchObject({ id: 'case-s1:1:fixture-evaluation#1:0', type: 'sendNotice', params: { form: 'IEP 18', to: ['parent'], language: 'es' } });
    expect((notice.params.deadlines as Array<{ rule: string; due: string }>).map((d) => [d.rule, d.due])).toEqual([['assessment-plan', '2026-10-20']]);
  });

  it('refuses, naming the field, what it cannot take — and changes nothing', () => {
    const engine = openCase();
    engine.apply(referral, afternoon('2026-10-05'));
    const before = JSON.stringify(engine.state);
    const now = afternoon('2026-10-06');
    expect(refusal(() => engine.check({ ...referral, type: 'ASSESSMENT_PLAN_SENT', occurredOn: '2026-10-07' }, now)).field).toBe('event.occurredOn');
    expect(refusal(() => engine.check({ type: 'ASSESSMENT_PLAN_SENT', occurredOn: '2026-10-06', actor: { role: 'district' } }, now)).message).toMatch(
      /^event\.receivedByParentOn: /,
    );
    expect(
      refusal(() => engine.check({ type: 'ASSESSMENT_PLAN_SENT', occurredOn: '2026-10-06', actor: { role: 'district' }, receivedByParentOn: '2026-10-06', note: 'x' }, now))
        .message,
    ).toMatch(/note/);
    expect(refusal(() => engine.check({ type: 'ASSESSMENT_PLAN_DUE', occurredOn: '2026-10-06', actor: { role: 'system' } }, now)).field).toBe('event.actor.role');
    expect(refusal(() => engine.check({ type: 'NO_SUCH_EVENT', occurredOn: '2026-10-06', actor: { role: 'parent' } }, now)).message).toMatch(/unknown event type/);
    expect(refusal(() => engine.check({ ...referral, occurredOn: '2026-02-30' }, now)).field).toBe('event.occurredOn');
    expect(JSON.stringify(engine.state)).toBe(before);
  });

  it('fires reminder, due and overdue points in order, once each, at the district timer hour', () => {
    const engine = openCase();
    engine.apply(referral, afternoon('2026-10-05'));
    expect(engine.nextWake()).toBe(instantAt(LA, '2026-10-13', 8));
    expect(engine.advance(instantAt(LA, '2026-10-13', 7))).toBe(0);
    expect(engine.advance(instantAt(LA, '2026-10-13', 9))).toBe(1);
    expect(engine.snapshotOf(engine.state.processes[0]).context.reminded).toBe(1);
    expect(engine.queuedEffects().at(-1)).toMatchObject({ type: 'escalate', params: { kind: 'reminder', rule: 'assessment-plan', to: ['caseManager'] } });
    expect(engine.advance(instantAt(LA, '2026-10-13', 9))).toBe(0);

    expect(engine.advance(instantAt(LA, '2026-10-20', 9))).toBe(1);
    expect(engine.state.delays).toEqual([expect.objectContaining({ code: 'assessment-plan-late', rule: 'assessment-plan', on: '2026-10-20' })]);
    // The chart escalated itself, so the interpreter adds no second alert for the same due.
    // It names the clock's rule and date even though the chart's action params did not.
    expect(engine.queuedEffects().filter((e) => e.type === 'escalate').map((e) => [e.params.kind, e.params.rule, e.params.to])).toEqual([
      ['reminder', 'assessment-plan', ['caseManager']],
      ['due', 'assessment-plan', ['caseManager', 'spedDirector']],
    ]);
    expect(engine.state.clocks[0].overdue).toBe(false);
    expect(engine.advance(instantAt(LA, '2026-10-21', 1))).toBe(1);
    expect(engine.state.clocks[0].overdue).toBe(true);
    expect(engine.nextWake()).toBeNull();
  });

  it('closes a clock late when the act comes after due, and opens the next process the chart names', () => {
    const engine = openCase();
    engine.apply(referral, afternoon('2026-10-05'));
    engine.advance(afternoon('2026-10-22'));
    const outcome = engine.apply(
      { type: 'ASSESSMENT_PLAN_SENT', occurredOn: '2026-10-22', actor: { role: 'district' }, receivedByParentOn: '2026-10-22' },
      afternoon('2026-10-22'),
    );
    expect(outcome.opened).toEqual(['fixture-follow-up#1']);
    expect(engine.state.processes.map((p) => [p.key, p.status])).toEqual([
      ['fixture-evaluation#1', 'done'],
      ['fixture-follow-up#1', 'open'],
    ]);
    expect(engine.state.clocks[0]).toMatchObject({ status: 'closed', closedOn: '2026-10-22', late: true });
    expect(engine.snapshotOf(engine.state.processes[1]).context.note).toBe('opened');
    const signature = engine.queuedEffects().find((e) => e.type === 'requestSignature');
    // Index 1: `assign` runs inside the pure transition and is not returned; NC 3 is action 0.
    expect(signature).toMatchObject({ id: `case-s1:${outcome.seq}:fixture-evaluation#1:1`, params: { scope: 'initial-assessment', signer: 'parent' } });
  });

  it('restarts a clock on an agreed date and records it on the timeline', () => {
    const engine = openCase();
    engine.apply(referral, afternoon('2026-10-05'));
    engine.apply({ type: 'PLAN_EXTENSION_AGREED', occurredOn: '2026-10-08', actor: { role: 'parent' }, agreedDate: '2026-10-30' }, afternoon('2026-10-08'));
    const [old, next] = engine.state.clocks;
    expect(old).toMatchObject({ status: 'cancelled', due: '2026-10-20' });
    expect(next).toMatchObject({ status: 'pending', due: '2026-10-30', override: '2026-10-30' });
    expect(next.explanation[0]).toMatch(/agreed/);
    expect(engine.state.timeline.filter((t) => t.type === 'CLOCK_RESTARTED')).toHaveLength(1);
  });

  it('re-plans open deadlines on a new calendar version and records old and new date', () => {
    const engine = openCase();
    engine.apply({ ...referral, occurredOn: '2026-12-07' }, afternoon('2026-12-07'));
    // 15 days excluding the winter break (long vacation 2026-12-19..2027-01-03): 8..18 Dec = 11, then 4..7 Jan → 2027-01-07.
    expect(engine.state.clocks[0].due).toBe('2027-01-07');
    const snow = { ...calendar, version: '2', closures: [...calendar.closures, { start: '2026-12-14', end: '2026-12-18', name: 'Snow closure' }] };
    const moves = engine.publishCalendar(snow, afternoon('2026-12-08'));
    // The snow week joins the break: long vacation 2026-12-12..2027-01-03; 8..11 Dec = 4, then 4..14 Jan → 2027-01-14.
    expect(moves).toEqual([expect.objectContaining({ rule: 'assessment-plan', from: '2027-01-07', to: '2027-01-14' })]);
    expect(engine.state.clocks[0].moves[0]).toMatchObject({ from: '2027-01-07', to: '2027-01-14', reason: 'calendar demo-usd version 2 published' });
    expect(engine.state.calendarVersion).toBe('2');
  });

  it('continues identically from its JSON state (what continue-as-new carries)', () => {
    const a = openCase();
    a.apply(referral, afternoon('2026-10-05'));
    const b = new CaseEngine(JSON.parse(JSON.stringify(a.state)), registry);
    for (const engine of [a, b]) {
      engine.advance(afternoon('2026-10-14'));
      engine.apply({ type: 'ASSESSMENT_PLAN_SENT', occurredOn: '2026-10-14', actor: { role: 'district' }, receivedByParentOn: '2026-10-14' }, afternoon('2026-10-14'));
    }
    expect(JSON.stringify(b.state)).toBe(JSON.stringify(a.state));
  });
});
