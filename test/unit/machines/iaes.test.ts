import { describe, expect, it } from 'vitest';
import { definition } from '../../../machines/iaes';
import { definition as discipline } from '../../../machines/discipline';
import { definition as expeditedHearing } from '../../../machines/expedited-hearing';
import { district, drive, parent, student, system } from './drive';

const act = (type: string, occurredOn: string, fields: Record<string, unknown> = {}, actor: { role: string } = district) => ({
  type,
  occurredOn,
  actor,
  ...fields,
});
const order = (fields: Record<string, unknown> = {}) =>
  act('IAES_ORDERED', '2027-03-02', { ground: 'weapon', location: 'school', ...fields });
const iaesEndDue = (due: string) => ({ type: 'IAES_END_DUE', occurredOn: due, actor: system, clock: 'iaesEnd', rule: 'iaes-end', due });
const opened = (actions: Array<{ type: string; params: unknown }>, chart: string) =>
  (actions.find((a) => a.type === 'openProcess' && (a.params as { chart: string }).chart === chart)?.params as {
    input: Record<string, string | boolean | null>;
  }).input;

describe('iaes', () => {
  it('opened by an outside order: same-day notices, opens discipline for the MD, clock waits for the first day', () => {
    const d = drive(definition, { trigger: order(), student });
    expect(d.state()).toBe('in-iaes');
    expect(d.actions).toEqual([
      expect.objectContaining({ type: 'sendNotice', params: expect.objectContaining({ form: 'Decision notice', to: 'parent', purpose: 'iaes' }) }),
      expect.objectContaining({ type: 'sendNotice', params: expect.objectContaining({ form: 'NC 1', to: 'parent' }) }),
      expect.objectContaining({
        type: 'openProcess',
        params: { chart: 'discipline', input: { decisionOn: '2027-03-02', basis: 'iaes', hasFbaBip: false } },
      }),
    ]);
    expect(d.clocks()).toEqual([]);
    d.send(act('IAES_STARTED', '2027-03-03'));
    expect(d.clocks()).toEqual([{ id: 'iaesEnd', rule: 'iaes-end', from: '2027-03-03' }]);
    d.refuse(act('IAES_STARTED', '2027-03-04'));
  });

  it('opened by discipline: no notices, no discipline reopened, clock from the given first day', () => {
    const d = drive(definition, {
      trigger: null,
      opener: { orderedOn: '2027-03-02', ground: 'drugs', iaesStartOn: '2027-03-03', openedBy: 'discipline' },
      student,
    });
    expect(d.actions).toEqual([]);
    expect(d.clocks()).toEqual([{ id: 'iaesEnd', rule: 'iaes-end', from: '2027-03-03' }]);
  });

  it('an opener without an order date leaves an errored snapshot naming the field', () => {
    const d = drive(definition, { trigger: null, opener: { ground: 'drugs', openedBy: 'discipline' }, student });
    expect(d.snapshot.status).toBe('error');
    expect(String(d.snapshot.error)).toMatch(/orderedOn/);
  });

  it('the 45th day sends the student back; return ends it', () => {
    const d = drive(definition, { trigger: order({ startsOn: '2027-03-03' }), student });
    d.send(iaesEndDue('2027-05-11'));
    expect(d.state()).toBe('returning');
    expect(d.clocks()).toEqual([]);
    d.send(act('RETURNED', '2027-05-12'));
    expect(d.state()).toBe('returned');
    expect(d.snapshot.status).toBe('done');
  });

  it('a placement change needs the parent’s agreement', () => {
    const d = drive(definition, { trigger: order({ startsOn: '2027-03-03' }), student });
    d.refuse(act('PLACEMENT_CHANGED', '2027-03-20', { parentAgreed: false }));
    d.send(act('PLACEMENT_CHANGED', '2027-03-20', { parentAgreed: true }));
    expect(d.state()).toBe('changed');
  });

  it('an ALJ order to return ends the setting early; an order to remain keeps the clock', () => {
    const stay = drive(definition, { trigger: order({ startsOn: '2027-03-03' }), student });
    stay.send(act('ALJ_ORDERED', '2027-04-20', { order: 'remain' }, { role: 'oah' }));
    expect(stay.state()).toBe('in-iaes');
    expect(stay.snapshot.context.aljOrder).toBe('remain');
    expect(stay.clocks()).toEqual([{ id: 'iaesEnd', rule: 'iaes-end', from: '2027-03-03' }]);
    stay.send(act('ALJ_ORDERED', '2027-04-21', { order: 'return' }, { role: 'oah' }));
    expect(stay.state()).toBe('returning');
  });
});

describe('iaes: Appendix C', () => {
  it('C11: weapon, IAES, MD manifestation, appeal upheld, return after day 45', () => {
    const iaes = drive(definition, { trigger: order({ hasFbaBip: false }), student });
    const disc = drive(discipline, { trigger: null, opener: opened(iaes.actions, 'discipline') as never, student });
    expect(disc.state()).toBe('ledger.within-ten|placement.md-pending');
    expect(disc.clocks()).toEqual([{ id: 'manifestationDetermination', rule: 'manifestation-determination', from: '2027-03-02' }]);

    iaes.send(act('IAES_STARTED', '2027-03-03'));
    expect(iaes.clocks()).toEqual([{ id: 'iaesEnd', rule: 'iaes-end', from: '2027-03-03' }]);

    disc.send(act('APPEAL_REQUESTED', '2027-03-10', { ground: 'placement' }, parent));
    const hearing = drive(expeditedHearing, { trigger: null, opener: opened(disc.actions, 'expedited-hearing') as never, student });
    expect(hearing.snapshot.context.inIaes).toBe(true);
    expect(hearing.clocks()).toEqual([{ id: 'expeditedHearing', rule: 'expedited-hearing', from: '2027-03-10' }]);

    disc.send(act('MD_MEETING_HELD', '2027-03-11', { causedByDisability: true, failureToImplementIep: false }));
    disc.send(act('BIP_ADOPTED', '2027-03-11'));
    expect(disc.state()).toBe('ledger.within-ten|placement.manifestation');
    expect(disc.snapshot.context.hasFbaBip).toBe(true);

    hearing.send(act('HEARING_HELD', '2027-04-07', {}, { role: 'oah' }));
    expect(hearing.clocks()).toEqual([{ id: 'expeditedDecision', rule: 'expedited-decision', from: '2027-04-07' }]);
    hearing.send(act('DECISION_ISSUED', '2027-04-20', { order: 'upheld' }, { role: 'oah' }));
    expect(hearing.state()).toBe('upheld');
    expect(hearing.actions.some((a) => a.type === 'openProcess')).toBe(false);

    expect(iaes.state()).toBe('in-iaes');
    expect(iaes.clocks()).toEqual([{ id: 'iaesEnd', rule: 'iaes-end', from: '2027-03-03' }]);
    iaes.send(iaesEndDue('2027-05-11'));
    iaes.send(act('RETURNED', '2027-05-12'));
    disc.send(act('RETURNED_TO_PLACEMENT', '2027-05-12'));
    expect(iaes.state()).toBe('returned');
    expect(disc.state()).toBe('ledger.within-ten|placement.returned');
  });
});
