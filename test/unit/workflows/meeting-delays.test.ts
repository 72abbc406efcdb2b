/**
 * CALPADS meeting delay codes (workflows/meeting-delays.ts): a late initial IEP records its
 * delay with no code, the event that holds the meeting gives the reason, and the code follows
 * from the reason and the meeting type; a reason that does not fit is refused, naming the field.
 */
import { describe, expect, it } from 'vitest';
import { demoCalendars } from '../../../deadlines';
import { chartRegistry } from '../../../machines';
import { CaseEngine, RefusedEvent } from '../../../workflows/case-engine';
import type { CaseState } from '../../../workflows/case-state';
import { calpadsCodeFor, calpadsMeetingOf, DELAY_REASON_NAMES, delayForReason } from '../../../workflows/meeting-delays';
import { instantAt } from '../../../workflows/zoned-time';
import { refusal } from './refusal';

const LA = 'America/Los_Angeles';
const at = (date: string) => instantAt(LA, date, 13);
const district = { role: 'district' };

/** C1's dates, with the meeting held after the 2027-01-05 due date. */
function lateInitialIep(): CaseEngine {
  const engine = CaseEngine.open(
    { caseId: 'case-d1', profile: { studentId: 'd1', birthDate: '2019-05-02', language: 'en', districtId: 'demo-usd' }, calendar: demoCalendars['demo-usd'] },
    chartRegistry,
  );
  const send = (event: Record<string, unknown>) => engine.apply(event, at(String(event.occurredOn)));
  send({ type: 'REFERRAL_RECEIVED', occurredOn: '2026-10-05', actor: { role: 'parent' } });
  send({ type: 'ASSESSMENT_PLAN_SENT', occurredOn: '2026-10-14', actor: district, receivedByParentOn: '2026-10-14' });
  send({ type: 'CONSENT_RECEIVED', occurredOn: '2026-10-21', actor: { role: 'parent' } });
  send({ type: 'ASSESSMENT_COMPLETED', occurredOn: '2026-11-30', actor: district });
  engine.advance(at('2027-01-07'));
  send({ type: 'MEETING_NOTICE_SENT', occurredOn: '2027-01-07', actor: district, meetingOn: '2027-01-14' });
  return engine;
}

const heldLate = (extra: Record<string, unknown>) => ({ type: 'MEETING_HELD', occurredOn: '2027-01-14', actor: district, eligible: true, iepDrafted: true, ...extra });

describe('CALPADS meeting delay codes', () => {
  it('maps the late meetings CALPADS reports, and nothing else', () => {
    expect(['initial-iep', 'annual-review', 'triennial', 'reassessment-iep', 'early-start-ifsp', 'assessment-plan', null].map(calpadsMeetingOf)).toEqual([
      'initial',
      'annual',
      'triennial',
      'triennial',
      'initial-part-c',
      null,
      null,
    ]);
    expect(calpadsCodeFor('parent-unavailable', 'annual')).toEqual({ code: '20' });
    expect(calpadsCodeFor('school-break', 'initial')).toEqual({ code: '40' });
    expect(calpadsCodeFor('transfer', 'triennial')).toEqual({ code: '50' });
    expect(calpadsCodeFor('lea-delay', 'annual')).toEqual({ code: null });
    expect(calpadsCodeFor('school-break', 'annual')).toEqual({ refused: expect.stringMatching(/^school-break is not a CALPADS delay reason for a late annual meeting \(one of parent-unavailable, adult-student-unavailable, transfer, lea-delay\)$/) });
    expect(DELAY_REASON_NAMES).toHaveLength(6);
  });

  it('records a late initial IEP with no code until the meeting event gives the reason', () => {
    const engine = lateInitialIep();
    expect(engine.state.delays).toEqual([
      expect.objectContaining({ code: 'initial-iep-late', rule: 'initial-iep', on: '2027-01-05', meeting: 'initial', reason: null, calpadsCode: null }),
    ]);
    const outcome = engine.apply(heldLate({ delayReason: 'parent-unavailable' }), at('2027-01-14'));
    expect(outcome.state).toBe('awaiting-services-consent');
    expect(engine.state.delays[0]).toMatchObject({ reason: 'parent-unavailable', calpadsCode: '20' });
    const entries = engine.state.timeline.filter((t) => t.seq === outcome.seq).map((t) => [t.kind, t.type]);
    expect(entries).toContainEqual(['delay', 'DELAY_REASON_RECORDED']);
    // The reason travels with the event in the timeline, so an exported history carries it.
    expect(engine.state.timeline.find((t) => t.seq === outcome.seq && t.kind === 'event')?.detail).toMatchObject({ delayReason: 'parent-unavailable' });
  });

  it('refuses a reason that does not fit, or that answers no late meeting, changing nothing', () => {
    const engine = lateInitialIep();
    const before = JSON.stringify(engine.state);
    const wrongType = refusal(() => engine.check(heldLate({ delayReason: 'adult-student-unavailable' }), at('2027-01-14')));
    expect(wrongType.field).toBe('event.delayReason');
    expect(wrongType.message).toMatch(/^event\.delayReason: adult-student-unavailable is not a CALPADS delay reason for a late initial meeting/);
    expect(refusal(() => engine.check(heldLate({ delayReason: 'because' }), at('2027-01-14'))).field).toBe('event.delayReason');
    const opener = refusal(() => engine.check({ type: 'IEE_REQUESTED', occurredOn: '2027-01-14', actor: { role: 'parent' }, mode: 'written', delayReason: 'transfer' }, at('2027-01-14')));
    expect(opener.message).toBe('event.delayReason: IEE_REQUESTED opens a new process; a delay reason answers a late meeting of an open one');
    expect(JSON.stringify(engine.state)).toBe(before);
  });

  it('answers the latest delay of the process that has no reason yet', () => {
    const delays = [
      { process: 'annual-review#1', rule: 'annual-review', reason: 'transfer' as const },
      { process: 'annual-review#1', rule: 'annual-review', reason: null },
      { process: 'annual-review#1', rule: 'assessment-plan', reason: null },
    ];
    expect(delayForReason(delays, 'annual-review#1', 'MEETING_HELD', 'parent-unavailable')).toEqual({ delay: delays[1], code: '20' });
    expect(delayForReason(delays, 'annual-review#2', 'MEETING_HELD', 'parent-unavailable')).toEqual({ refused: 'annual-review#2 has no late meeting waiting for a reason' });
  });

  it('reads a state written with the old placeholder code as "no code yet"', () => {
    const engine = lateInitialIep();
    const old = JSON.parse(JSON.stringify(engine.state)) as CaseState;
    Object.assign(old.delays[0], { calpadsCode: 'pending-reason', meeting: undefined, reason: undefined });
    const resumed = new CaseEngine(old, chartRegistry);
    expect(resumed.state.delays[0].calpadsCode).toBeNull();
    resumed.apply(heldLate({ delayReason: 'transfer' }), at('2027-01-14'));
    expect(resumed.state.delays[0]).toMatchObject({ reason: 'transfer', calpadsCode: '50' });
  });
});
