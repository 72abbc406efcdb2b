/**
 * Chart migration on the pure interpreter (workflows/chart-migration.ts, case-commands.ts):
 * an instance started on v1 moves to v2 only when asked, its pending clock is re-planned under
 * v2's rule with the move recorded, the dry run changes nothing, and a version that lacks the
 * instance's state is refused with nothing changed.
 */
import { describe, expect, it } from 'vitest';
import { demoCalendars } from '../../../deadlines';
import { createRegistry } from '../../../machines/registry';
import { CaseEngine, RefusedEvent } from '../../../workflows/case-engine';
import { instantAt } from '../../../workflows/zoned-time';
import { intakeV1, intakeV2, intakeV3 } from './migration-fixture-chart';
import { refusal } from './refusal';

const LA = 'America/Los_Angeles';
const at = (date: string) => instantAt(LA, date, 13);
const v1Only = createRegistry([intakeV1]);
const sideBySide = createRegistry([intakeV1, intakeV2]);
const toV2 = { chart: 'fixture-intake', version: '2.0.0' };

/** A case opened under a build that knows only v1, then read by a build with v1 and v2. */
function caseOnV1(id: string): CaseEngine {
  const engine = CaseEngine.open(
    { caseId: `case-${id}`, profile: { studentId: id, birthDate: '2015-01-01', language: 'en', districtId: 'demo-usd' }, calendar: demoCalendars['demo-usd'] },
    v1Only,
  );
  engine.apply({ type: 'FIXTURE_INTAKE_OPENED', occurredOn: '2026-10-05', actor: { role: 'district' } }, at('2026-10-05'));
  return new CaseEngine(engine.state, sideBySide);
}

describe('chart migration', () => {
  it('keeps an instance on its pinned version until a migration moves it', () => {
    const engine = caseOnV1('m1');
    expect(engine.state.processes[0]).toMatchObject({ key: 'fixture-intake#1', version: '1.0.0', state: 'waiting' });
    expect(engine.state.clocks[0]).toMatchObject({ rule: 'assessment-plan', due: '2026-10-20' });
    // v2's new event is not v1's: refused while the instance is on v1.
    expect(refusal(() => engine.check({ type: 'FIXTURE_INTAKE_REVIEWED', occurredOn: '2026-10-12', actor: { role: 'district' } }, at('2026-10-12'))).field).toBe('event.type');
  });

  it('dry run: names what would move and which clock would be re-planned, changing nothing', () => {
    const engine = caseOnV1('m2');
    const before = JSON.stringify(engine.state);
    const steps = engine.previewMigration(at('2026-10-12'), toV2);
    expect(steps).toEqual([
      {
        process: 'fixture-intake#1',
        from: '1.0.0',
        to: '2.0.0',
        replanned: [{ clock: 'intakeReply', rule: 'parent-request-meeting', previousRule: 'assessment-plan', due: '2026-11-04', previousDue: '2026-10-20' }],
        opened: [],
        closed: [],
      },
    ]);
    expect(JSON.stringify(engine.state)).toBe(before);
  });

  it('moves the instance to v2, re-plans its clock with the move recorded, and v2 events apply', () => {
    const engine = caseOnV1('m3');
    const steps = engine.migrateProcesses(at('2026-10-12'), toV2);
    expect(steps.map((s) => [s.process, s.from, s.to])).toEqual([['fixture-intake#1', '1.0.0', '2.0.0']]);
    expect(engine.state.processes[0].version).toBe('2.0.0');
    const [clock] = engine.state.clocks.filter((c) => c.status === 'pending');
    expect(clock).toMatchObject({ rule: 'parent-request-meeting', due: '2026-11-04', dueFired: false });
    expect(clock.moves).toEqual([expect.objectContaining({ from: '2026-10-20', to: '2026-11-04', reason: 'chart fixture-intake migrated from 1.0.0 to 2.0.0' })]);
    const seq = engine.state.seq;
    expect(engine.state.timeline.filter((t) => t.seq === seq).map((t) => t.type)).toEqual(['PROCESS_MIGRATED', 'CLOCK_REPLANNED']);
    expect(engine.state.timeline.find((t) => t.type === 'PROCESS_MIGRATED')?.detail).toEqual({ chart: 'fixture-intake', from: '1.0.0', to: '2.0.0' });
    // The old due no longer fires; the new one does, once.
    engine.advance(at('2026-10-21'));
    expect(engine.state.delays).toEqual([]);
    engine.advance(at('2026-11-05'));
    expect(engine.state.delays.map((d) => [d.code, d.on])).toEqual([['parent-request-meeting-late', '2026-11-04']]);
    const outcome = engine.apply({ type: 'FIXTURE_INTAKE_REVIEWED', occurredOn: '2026-11-05', actor: { role: 'district' } }, at('2026-11-05'));
    expect(outcome.state).toBe('reviewed');
    // Nothing left to move: a second migration is a no-op that records nothing.
    expect(engine.migrateProcesses(at('2026-11-05'), toV2)).toEqual([]);
    expect(engine.state.seq).toBe(outcome.seq);
  });

  it('re-arms a due that had fired under v1 when v2 moves it later', () => {
    const engine = caseOnV1('m4');
    engine.advance(at('2026-10-21'));
    expect(engine.state.delays.map((d) => d.code)).toEqual(['assessment-plan-late']);
    engine.migrateProcesses(at('2026-10-22'));
    expect(engine.state.clocks[0]).toMatchObject({ due: '2026-11-04', dueFired: false, overdue: false });
    engine.advance(at('2026-11-05'));
    expect(engine.state.delays.map((d) => d.code)).toEqual(['assessment-plan-late', 'parent-request-meeting-late']);
  });

  it('refuses an unknown version or a version without the instance state, changing nothing', () => {
    const engine = new CaseEngine(caseOnV1('m5').state, createRegistry([intakeV1, intakeV2, intakeV3]));
    const before = JSON.stringify(engine.state);
    const unknown = refusal(() => engine.migrateProcesses(at('2026-10-12'), { chart: 'fixture-intake', version: '9.9.9' }));
    expect([unknown.field, unknown.message]).toEqual(['to', 'to: this build has no fixture-intake@9.9.9 (current 3.0.0)']);
    const missing = refusal(() => engine.migrateProcesses(at('2026-10-12'), { chart: 'fixture-intake', version: '3.0.0' }));
    expect(missing.message).toMatch(/^migration: fixture-intake#1 is in waiting, which fixture-intake@3\.0\.0 does not have \(/);
    expect(refusal(() => engine.previewMigration(at('2026-10-12'))).field).toBe('process');
    expect(JSON.stringify(engine.state)).toBe(before);
  });
});
