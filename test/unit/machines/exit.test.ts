import { describe, expect, it } from 'vitest';
import { definition } from '../../../machines/exit';
import { district, drive, student, system } from './drive';

const closes = ['annual-review', 'reassessment', 'secondary-transition-and-majority', 'surrogate-parent'].map((chart) => ({
  type: 'closeProcess',
  params: { chart, reason: 'exit' },
}));

describe('exit: Appendix C13 (graduation, age-out) and C4 (revocation)', () => {
  it('student G: graduation PWN, summary of performance, graduated, follow-up owed', () => {
    const g = { ...student, birthDate: '2008-12-09' };
    const d = drive(definition, { trigger: { type: 'GRADUATION_EXPECTED', occurredOn: '2027-03-15', actor: district }, student: g });
    expect(d.state()).toBe('graduation-notice');
    expect(d.actions).toEqual([{ type: 'sendNotice', params: { form: 'PWN graduation', to: ['parent', 'student'] } }]);
    d.send({ type: 'SOP_GIVEN', occurredOn: '2027-05-20', actor: district });
    expect(d.actions).toEqual([
      { type: 'sendNotice', params: { form: 'NC 12', to: 'parent' } },
      { type: 'sendNotice', params: { form: 'NC 1', to: 'parent' } },
      { type: 'sendNotice', params: { form: 'NC 12', to: ['district', 'dor', 'caseManager', 'providers'], purpose: 'sop-copy' } },
      { type: 'requestSignature', params: { scope: 'exit-sop', signer: 'parent', form: 'NC 12' } },
    ]);
    d.send({ type: 'GRADUATED', occurredOn: '2027-06-03', actor: district });
    expect(d.state()).toBe('exited');
    expect(d.actions).toEqual(closes);
    expect(d.clocks()).toEqual([{ id: 'postsecondaryFollowUp', rule: 'postsecondary-follow-up', from: '2027-06-03' }]);
    d.refuse({ type: 'CASE_CLOSED', occurredOn: '2028-06-01', actor: district });
    expect(d.send({ type: 'FOLLOW_UP_RECORDED', occurredOn: '2028-05-15', actor: district, contacted: true }).state()).toBe('closed');
  });

  it('student Z: the age-out clock from the birth date ends the program with the exit on its due date', () => {
    const z = { ...student, birthDate: '2005-02-10' };
    const d = drive(definition, { trigger: { type: 'AGE_OUT_APPROACHING', occurredOn: '2027-02-10', actor: district }, student: z });
    expect(d.state()).toBe('age-out');
    expect(d.clocks()).toEqual([{ id: 'ageOut', rule: 'age-out', from: '2005-02-10' }]);
    d.send({ type: 'SOP_GIVEN', occurredOn: '2027-06-01', actor: district });
    d.send({ type: 'AGE_OUT_DUE', occurredOn: '2027-06-30', actor: system, clock: 'ageOut', rule: 'age-out', due: '2027-06-30' });
    expect(d.state()).toBe('exited');
    expect(d.snapshot.context).toMatchObject({ exitOn: '2027-06-30', followUpFrom: '2027-06-30' });
    expect(d.actions.filter((a) => a.type === 'escalate')).toEqual([]);
  });

  it('alerts staff when the summary of performance was not given before exit (B-29)', () => {
    const d = drive(definition, { trigger: { type: 'GRADUATION_EXPECTED', occurredOn: '2027-03-15', actor: district }, student }).send({
      type: 'GRADUATED',
      occurredOn: '2027-06-03',
      actor: district,
    });
    expect(d.actions).toContainEqual({ type: 'escalate', params: { to: ['caseManager', 'spedDirector'] } });
  });

  it('C4: revocation exits at once and closes the annual cycle and reassessment', () => {
    const d = drive(definition, { trigger: null, opener: { reason: 'revocation', exitOn: '2027-03-05' }, student });
    expect(d.state()).toBe('exited');
    expect(d.actions).toEqual(closes);
    expect(d.clocks()).toEqual([]);
    expect(d.send({ type: 'CASE_CLOSED', occurredOn: '2027-03-08', actor: district }).state()).toBe('closed');
  });

  it('ineligible (from reassessment) and preschool exits wait for the effective date', () => {
    const ineligible = drive(definition, { trigger: null, opener: { reason: 'not-eligible', decidedOn: '2027-01-29' }, student });
    expect(ineligible.state()).toBe('ineligible');
    expect(ineligible.actions).toEqual([{ type: 'sendNotice', params: { form: 'PWN', to: 'parent', purpose: 'exit-not-eligible' } }]);
    expect(ineligible.send({ type: 'EXIT_EFFECTIVE', occurredOn: '2027-02-05', actor: district }).state()).toBe('exited');
    expect(ineligible.clocks()).toEqual([]);
    const preschool = drive(definition, { trigger: { type: 'PRESCHOOL_EXIT', occurredOn: '2027-06-01', actor: district }, student });
    expect(preschool.state()).toBe('preschool-exit');
    expect(preschool.send({ type: 'EXIT_EFFECTIVE', occurredOn: '2027-06-03', actor: district }).state()).toBe('exited');
  });

  it('records a late follow-up', () => {
    const d = drive(definition, { trigger: { type: 'GRADUATION_EXPECTED', occurredOn: '2027-03-15', actor: district }, student })
      .send({ type: 'SOP_GIVEN', occurredOn: '2027-05-20', actor: district })
      .send({ type: 'GRADUATED', occurredOn: '2027-06-03', actor: district })
      .send({ type: 'POSTSECONDARY_FOLLOW_UP_DUE', occurredOn: '2028-06-30', actor: system, clock: 'postsecondaryFollowUp', rule: 'postsecondary-follow-up', due: '2028-06-30' });
    expect(d.actions).toEqual([
      { type: 'recordDelay', params: { code: 'postsecondary-follow-up-late' } },
      { type: 'escalate', params: { to: ['caseManager', 'spedDirector'] } },
    ]);
  });
});
