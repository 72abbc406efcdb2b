import { describe, expect, it } from 'vitest';
import { definition } from '../../../machines/secondary-transition-and-majority';
import { district, drive, student, system } from './drive';

const opened = (birthDate: string) => drive(definition, { trigger: null, opener: {}, student: { ...student, birthDate } });
const timer = (type: string, occurredOn: string, rule: string) => ({ type, occurredOn, actor: system, clock: 'c', rule, due: occurredOn });

describe('secondary-transition-and-majority: Appendix C13', () => {
  it('student M: the transition-plan clock runs from the birth date until the plan is adopted', () => {
    const d = opened('2011-01-15');
    expect(d.state()).toBe('majority.minor|plan.pending');
    expect(d.clocks()).toEqual([
      { id: 'transitionPlan', rule: 'transition-plan', from: '2011-01-15' },
      { id: 'ageOfMajorityNotice', rule: 'age-of-majority-notice', from: '2011-01-15' },
      { id: 'rightsTransfer', rule: 'age-of-majority', from: '2011-01-15' },
    ]);
    d.send({ type: 'TRANSITION_PLAN_ADOPTED', occurredOn: '2026-09-30', actor: district });
    expect(d.state()).toBe('majority.minor|plan.active');
    expect(d.clocks().map((c) => c.id)).toEqual(['ageOfMajorityNotice', 'rightsTransfer']);
  });

  it('student N: the rights statement ends the notice clock; rights transfer stays due at 18', () => {
    const d = opened('2009-11-20').send({ type: 'MAJORITY_STATEMENT_SIGNED', occurredOn: '2026-10-06', actor: { role: 'student' } });
    expect(d.state()).toBe('majority.informed|plan.pending');
    expect(d.clocks()).toContainEqual({ id: 'rightsTransfer', rule: 'age-of-majority', from: '2009-11-20' });
    expect(d.clocks().map((c) => c.id)).not.toContain('ageOfMajorityNotice');
  });

  it('student G: at 18 rights pass to the adult student, notices go to both', () => {
    const d = opened('2008-12-09')
      .send({ type: 'TRANSITION_PLAN_ADOPTED', occurredOn: '2024-11-01', actor: district })
      .send({ type: 'MAJORITY_STATEMENT_SIGNED', occurredOn: '2025-11-20', actor: { role: 'student' } })
      .send(timer('RIGHTS_TRANSFER_DUE', '2026-12-09', 'age-of-majority'));
    expect(d.state()).toBe('majority.adult|plan.active');
    expect(d.actions).toEqual([
      { type: 'sendNotice', params: { form: 'Rights transfer notice', to: ['adultStudent', 'parent'] } },
      { type: 'transferRights', params: { to: 'adultStudent' } },
    ]);
    expect(d.snapshot.context.rightsTransferredOn).toBe('2026-12-09');
    expect(d.clocks()).toEqual([]);
  });
});

describe('secondary-transition-and-majority: branches', () => {
  it('records late plans and statements, and transfers rights at 18 even without a statement', () => {
    const d = opened('2008-12-09').send(timer('TRANSITION_PLAN_DUE', '2024-12-09', 'transition-plan'));
    expect(d.actions).toContainEqual({ type: 'recordDelay', params: { code: 'transition-plan-late' } });
    d.send(timer('AGE_OF_MAJORITY_NOTICE_DUE', '2025-12-09', 'age-of-majority-notice'));
    expect(d.actions).toContainEqual({ type: 'recordDelay', params: { code: 'age-of-majority-notice-late' } });
    d.send(timer('RIGHTS_TRANSFER_DUE', '2026-12-09', 'age-of-majority'));
    expect(d.state()).toBe('majority.adult|plan.pending');
  });

  it('gives the rights to a conservator or a representative instead', () => {
    const conserved = opened('2008-12-09')
      .send({ type: 'CONSERVATORSHIP_RECORDED', occurredOn: '2026-11-01', actor: { role: 'court' } })
      .send(timer('RIGHTS_TRANSFER_DUE', '2026-12-09', 'age-of-majority'));
    expect(conserved.state()).toBe('majority.conserved|plan.pending');
    expect(conserved.actions).toEqual([{ type: 'transferRights', params: { to: 'conservator' } }]);
    const represented = opened('2008-12-09')
      .send({ type: 'CONSENT_INCAPACITY_DETERMINED', occurredOn: '2026-11-01', actor: district })
      .send(timer('RIGHTS_TRANSFER_DUE', '2026-12-09', 'age-of-majority'));
    expect(represented.state()).toBe('majority.represented|plan.pending');
    expect(represented.actions).toEqual([{ type: 'transferRights', params: { to: 'representative' } }]);
  });

  it('opens from outside for a case that joins with an IEP', () => {
    const d = drive(definition, { trigger: { type: 'TRANSITION_TRACKING_STARTED', occurredOn: '2026-09-01', actor: district }, student });
    expect(d.state()).toBe('majority.minor|plan.pending');
  });
});
