/**
 * What the event fuzz (event-fuzz.test.ts) found, pinned as plain examples:
 * - P9 transfer-in with no parent available opened P19 surrogate-parent with an opener input
 *   P19 did not know: the validator passed, the handler threw (a failed workflow task, for ever);
 * - the validator now applies the event to a copy, so any step that cannot happen is refused
 *   before the history, with nothing written;
 * - an event dated before its process's last recorded event was accepted (architecture.md: only
 *   where the chart allows it; none does);
 * - free text in the `process` hint was repeated in the refusal.
 */
import { setup } from 'xstate';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { demoCalendars } from '../../../deadlines';
import { chartRegistry } from '../../../machines';
import { declaredEffects, eventSchema, IsoDate, type ProcessDefinition, type ProcessInput } from '../../../machines/contract';
import { createRegistry, type ChartRegistry } from '../../../machines/registry';
import { CaseEngine, RefusedEvent } from '../../../workflows/case-engine';
import { instantAt } from '../../../workflows/zoned-time';
import { refusal } from '../workflows/refusal';

const afternoon = (date: string) => instantAt('America/Los_Angeles', date, 13);
const district = { role: 'district' };

function openCase(registry: ChartRegistry = chartRegistry): CaseEngine {
  return CaseEngine.open(
    { caseId: 'case-fz1', profile: { studentId: 'fz1', birthDate: '2015-03-09', language: 'en', districtId: 'demo-usd' }, calendar: demoCalendars['demo-usd'] },
    registry,
  );
}

describe('found by the event fuzz', () => {
  it('a transfer-in with no parent available opens an interim surrogate (L10033-10036), validator and handler agreeing', () => {
    const engine = openCase();
    const enrolled = {
      type: 'ENROLLED_WITH_IEP',
      occurredOn: '2026-10-05',
      actor: district,
      from: 'other-ca-selpa',
      sameAcademicYear: true,
      parentAvailable: false,
      evaluationUnderWay: false,
    };
    const now = afternoon('2026-10-05');
    expect(engine.check(enrolled, now)).toMatchObject({ kind: 'new', chart: 'transfer-in' });
    const outcome = engine.apply(enrolled, now);
    expect(outcome.opened).toEqual(['transfer-in#1', 'surrogate-parent#1']);
    const surrogate = engine.state.processes.find((p) => p.key === 'surrogate-parent#1')!;
    expect([surrogate.state, surrogate.openedOn]).toEqual(['interim', '2026-10-05']);
    // Both interim clocks run from the need: SELPA told in 2 working days, surrogate in 5.
    const clocks = engine.state.clocks.filter((c) => c.process === surrogate.key).map((c) => [c.rule, c.from, c.due]);
    expect(clocks).toEqual([
      ['interim-surrogate-notify', '2026-10-05', '2026-10-07'],
      ['interim-surrogate-assign', '2026-10-05', '2026-10-12'],
    ]);
  });

  it('a step the handler could not take (a chart that cannot open on its opener input) is refused by the validator, nothing written', () => {
    // A stand-in pair: PING opens `opener-demo`, whose entry opens `picky-demo` with an input
    // `picky-demo` refuses — the shape of the transfer-in / surrogate-parent bug.
    const picky: ProcessDefinition = {
      id: 'picky-demo',
      version: '1',
      title: 'refuses its opener input',
      cites: [],
      machine: setup({ types: { input: {} as ProcessInput } }).createMachine({
        id: 'picky-demo',
        context: ({ input }) => z.object({ neededOn: IsoDate }).parse(input.opener ?? {}),
        initial: 'open',
        states: { open: {} },
      }),
      events: {},
      startsOn: [],
    };
    const opener: ProcessDefinition = {
      id: 'opener-demo',
      version: '1',
      title: 'opens picky-demo with the wrong input',
      cites: [],
      machine: setup({ types: { input: {} as ProcessInput }, actions: { ...declaredEffects } }).createMachine({
        id: 'opener-demo',
        initial: 'open',
        states: { open: { entry: [{ type: 'openProcess', params: { chart: 'picky-demo', input: { needed: '2026-10-05' } } }] } },
      }),
      events: { PING: eventSchema('PING', {}) },
      startsOn: ['PING'],
    };
    const engine = openCase(createRegistry([opener, picky]));
    const before = JSON.stringify(engine.state);
    const error = refusal(() => engine.check({ type: 'PING', occurredOn: '2026-10-05', actor: district }, afternoon('2026-10-05')));
    expect([error.field, error.message]).toEqual(['event', 'event: picky-demo cannot open: input.neededOn: Invalid input: expected string, received undefined']);
    expect(JSON.stringify(engine.state)).toBe(before);
  });

  it('an event dated before the last one its process recorded is refused, naming both dates; clock points do not count', () => {
    const engine = openCase();
    engine.apply({ type: 'REFERRAL_RECEIVED', occurredOn: '2026-10-05', actor: { role: 'parent' } }, afternoon('2026-10-05'));
    engine.apply({ type: 'ASSESSMENT_PLAN_SENT', occurredOn: '2026-10-14', actor: district, receivedByParentOn: '2026-10-14' }, afternoon('2026-10-14'));
    const before = JSON.stringify(engine.state);
    const early = refusal(() => engine.check({ type: 'CONSENT_RECEIVED', occurredOn: '2026-10-13', actor: { role: 'parent' } }, afternoon('2026-10-22')));
    expect([early.field, early.message]).toEqual([
      'event.occurredOn',
      "event.occurredOn: 2026-10-13 is before the last event recorded for initial-evaluation#1 (2026-10-14); record a process's events in date order",
    ]);
    expect(JSON.stringify(engine.state)).toBe(before);
    // Same day as the last event, or later, is in order; a consent-response reminder that fired
    // on 2026-10-22 does not make a consent dated 2026-10-21 out of order (a late entry).
    engine.advance(afternoon('2026-10-22'));
    expect(engine.state.timeline.some((t) => t.kind === 'timer' && t.occurredOn === '2026-10-22')).toBe(true);
    expect(engine.check({ type: 'CONSENT_RECEIVED', occurredOn: '2026-10-21', actor: { role: 'parent' } }, afternoon('2026-10-22'))).toMatchObject({ kind: 'existing' });
  });

  it('a process hint that is not a process key is refused without repeating it', () => {
    const engine = openCase();
    engine.apply({ type: 'REFERRAL_RECEIVED', occurredOn: '2026-10-05', actor: { role: 'parent' } }, afternoon('2026-10-05'));
    const error = refusal(() => engine.check({ type: 'ASSESSMENT_PLAN_SENT', occurredOn: '2026-10-06', actor: district, receivedByParentOn: '2026-10-06', process: 'Jane Doe 2015-03-09' }, afternoon('2026-10-06')));
    expect([error.field, error.message]).toEqual(['event.process', 'event.process: must be a process key such as initial-evaluation#1']);
  });
});
