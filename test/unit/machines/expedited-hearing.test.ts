import { describe, expect, it } from 'vitest';
import { definition } from '../../../machines/expedited-hearing';
import { district, drive, parent, student, system } from './drive';

const oah = { role: 'oah' as const };
const act = (type: string, occurredOn: string, fields: Record<string, unknown> = {}, actor: { role: string } = oah) => ({
  type,
  occurredOn,
  actor,
  ...fields,
});
const timer = (type: string, clock: string, rule: string, due: string) => ({ type, occurredOn: due, actor: system, clock, rule, due });
const late = (code: string) => [
  expect.objectContaining({ type: 'recordDelay', params: { code } }),
  expect.objectContaining({ type: 'escalate', params: { to: ['caseManager', 'spedDirector'] } }),
];
const appeal = () => drive(definition, { trigger: act('APPEAL_REQUESTED', '2027-01-25', { ground: 'placement' }, parent), student });

describe('expedited-hearing', () => {
  it('opened by an outside appeal: hearing clock from the request', () => {
    const d = appeal();
    expect(d.state()).toBe('requested');
    expect(d.snapshot.context).toMatchObject({ requestedOn: '2027-01-25', requestedBy: 'parent', ground: 'placement', inIaes: false });
    expect(d.clocks()).toEqual([{ id: 'expeditedHearing', rule: 'expedited-hearing', from: '2027-01-25' }]);
  });

  it('the LEA appeals on danger', () => {
    const d = drive(definition, { trigger: act('APPEAL_REQUESTED', '2027-01-25', { ground: 'danger' }, district), student });
    expect(d.snapshot.context.requestedBy).toBe('district');
  });

  it('late hearing and late decision are recorded and escalated; the acts are still accepted', () => {
    const d = appeal();
    d.send(timer('EXPEDITED_HEARING_DUE', 'expeditedHearing', 'expedited-hearing', '2027-03-01'));
    expect(d.actions).toEqual(late('expedited-hearing-late'));
    d.send(act('HEARING_HELD', '2027-03-03'));
    expect(d.state()).toBe('awaiting-decision');
    expect(d.clocks()).toEqual([{ id: 'expeditedDecision', rule: 'expedited-decision', from: '2027-03-03' }]);
    d.send(timer('EXPEDITED_DECISION_DUE', 'expeditedDecision', 'expedited-decision', '2027-03-17'));
    expect(d.actions).toEqual(late('expedited-decision-late'));
    d.send(act('DECISION_ISSUED', '2027-03-18', { order: 'return' }));
    expect(d.state()).toBe('returned');
    expect(d.snapshot.context).toMatchObject({ decidedOn: '2027-03-18', order: 'return' });
  });

  it('a decision before the hearing is refused', () => {
    appeal().refuse(act('DECISION_ISSUED', '2027-02-01', { order: 'return' }));
  });

  it('an ALJ-ordered IAES for danger opens iaes', () => {
    const d = appeal();
    d.send(act('HEARING_HELD', '2027-02-22'));
    d.send(act('DECISION_ISSUED', '2027-03-01', { order: 'iaes', iaesStartsOn: '2027-03-02' }));
    expect(d.state()).toBe('iaes-ordered');
    expect(d.actions).toEqual([
      expect.objectContaining({
        type: 'openProcess',
        params: { chart: 'iaes', input: { orderedOn: '2027-03-01', ground: 'danger', iaesStartOn: '2027-03-02', openedBy: 'expedited-hearing' } },
      }),
    ]);
    expect(d.snapshot.status).toBe('done');
  });

  it('an upheld decision opens nothing', () => {
    const d = appeal();
    d.send(act('HEARING_HELD', '2027-02-22'));
    d.send(act('DECISION_ISSUED', '2027-03-01', { order: 'upheld' }));
    expect(d.state()).toBe('upheld');
    expect(d.actions).toEqual([]);
  });

  it('C10: parent appeal 2027-01-25 runs the hearing clock from the request', () => {
    const d = drive(definition, {
      trigger: null,
      opener: { requestedOn: '2027-01-25', ground: 'manifestation-determination', requestedBy: 'parent', inIaes: false },
      student,
    });
    expect(d.state()).toBe('requested');
    expect(d.clocks()).toEqual([{ id: 'expeditedHearing', rule: 'expedited-hearing', from: '2027-01-25' }]);
  });
});
