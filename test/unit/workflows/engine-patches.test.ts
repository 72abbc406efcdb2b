/**
 * Which chart version a new instance opens on (workflows/engine-patches.ts): the registry lists
 * a chart's versions oldest first, the pure engine opens the newest, and an engine told to open
 * an older one (the workflow replaying a run recorded before the change) pins that one, with
 * that version's clock rule.
 */
import { describe, expect, it } from 'vitest';
import { demoCalendars } from '../../../deadlines';
import { createRegistry } from '../../../machines/registry';
import { CaseEngine } from '../../../workflows/case-engine';
import { CURRENT_BEHAVIOUR, chartVersionPatchId, PATCH_IDS, patchesAnswering } from '../../../workflows/engine-patches';
import { instantAt } from '../../../workflows/zoned-time';
import { intakeV1, intakeV2 } from './migration-fixture-chart';

const registry = createRegistry([intakeV1, intakeV2]);
const now = instantAt('America/Los_Angeles', '2026-10-05', 13);

function openIntake(chartVersion?: (chart: string, versions: readonly string[]) => string | undefined): CaseEngine {
  const engine = CaseEngine.open(
    { caseId: 'case-p1', profile: { studentId: 'p1', birthDate: '2015-01-01', language: 'en', districtId: 'demo-usd' }, calendar: demoCalendars['demo-usd'] },
    registry,
  );
  if (chartVersion) engine.patches = { ...CURRENT_BEHAVIOUR, chartVersion };
  engine.apply({ type: 'FIXTURE_INTAKE_OPENED', occurredOn: '2026-10-05', actor: { role: 'district' } }, now);
  return engine;
}

describe('chart version of a new instance', () => {
  it('the registry lists versions oldest first; unknown charts have none', () => {
    expect(registry.versions('fixture-intake')).toEqual(['1.0.0', '2.0.0']);
    expect(registry.versions('nope')).toEqual([]);
    expect(chartVersionPatchId('fixture-intake', '2.0.0')).toBe('chart:fixture-intake@2.0.0');
  });

  it('opens the newest version by default', () => {
    const engine = openIntake();
    expect(engine.state.processes[0].version).toBe('2.0.0');
    expect(engine.state.clocks[0].rule).toBe('parent-request-meeting');
  });

  it('opens the version the patches name, and keeps that version\'s rules', () => {
    const asked: Array<[string, readonly string[]]> = [];
    const engine = openIntake((chart, versions) => {
      asked.push([chart, versions]);
      return versions[0];
    });
    expect(asked).toEqual([['fixture-intake', ['1.0.0', '2.0.0']]]);
    expect(engine.state.processes[0].version).toBe('1.0.0');
    expect(engine.state.clocks[0]).toMatchObject({ rule: 'assessment-plan', due: '2026-10-20' });
  });
});

describe('patchesAnswering: one mapping from flags to patch ids (workflow and auditor replay)', () => {
  it('asks each flag under its recorded id, and never renames one', () => {
    const asked: string[] = [];
    const p = patchesAnswering((id) => (asked.push(id), id === PATCH_IDS.reissueSignaturesOnTransfer));
    expect([p.reissueSignaturesOnTransfer(), p.reissueSharedSignaturesOnTransfer()]).toEqual([true, false]);
    expect(asked).toEqual(['rights-transfer-reissues-signature-requests', 'rights-transfer-moves-parent-part-of-shared-requests']);
  });

  it('chart versions: newest marked version first, stopping at the first yes; none marked is the first registered', () => {
    const asked: string[] = [];
    const marked = new Set([chartVersionPatchId('c', '2'), chartVersionPatchId('c', '3')]);
    const p = patchesAnswering((id) => (asked.push(id), marked.has(id)));
    expect(p.chartVersion('c', ['1', '2', '3', '4'])).toBe('3');
    expect(asked).toEqual(['chart:c@4', 'chart:c@3']);
    expect(patchesAnswering(() => false).chartVersion('c', ['1', '2'])).toBe('1');
  });
});
