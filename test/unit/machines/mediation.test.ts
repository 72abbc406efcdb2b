import { describe, expect, it } from 'vitest';
import { definition } from '../../../machines/mediation';
import { district, drive, parent, student, system } from './drive';

const requested = (actor: { role: 'parent' | 'district' } = parent, on = '2027-03-01') => ({ type: 'MEDIATION_REQUESTED', occurredOn: on, actor });
const open = () => drive(definition, { trigger: requested(), student });
const timer = (type: string, clock: string, rule: string, due: string) => ({ type, occurredOn: due, actor: system, clock, rule, due });

describe('mediation (P21)', () => {
  it('opens with both clocks from the request and knows who asked', () => {
    const d = open();
    expect(d.state()).toBe('requested');
    expect(d.clocks()).toEqual([
      { id: 'mediationSchedule', rule: 'mediation-schedule', from: '2027-03-01' },
      { id: 'mediationComplete', rule: 'mediation-complete', from: '2027-03-01' },
    ]);
    expect(d.snapshot.context.requestedBy).toBe('parent');
    expect(drive(definition, { trigger: requested(district), student }).snapshot.context.requestedBy).toBe('district');
  });

  it('opens from due-process with opener.requestedOn', () => {
    const d = drive(definition, { trigger: null, opener: { requestedOn: '2027-03-05', requestedBy: 'district' }, student });
    expect(d.snapshot.context).toEqual(expect.objectContaining({ requestedOn: '2027-03-05', requestedBy: 'district' }));
    expect(d.clocks().map((c) => c.from)).toEqual(['2027-03-05', '2027-03-05']);
  });

  it('stops the scheduling clock when the conference is set', () => {
    const d = open().send({ type: 'MEDIATION_SCHEDULED', occurredOn: '2027-03-08', actor: { role: 'oah' }, conferenceOn: '2027-03-22' });
    expect(d.clocks()).toEqual([{ id: 'mediationComplete', rule: 'mediation-complete', from: '2027-03-01' }]);
    expect(d.snapshot.context.conferenceOn).toBe('2027-03-22');
  });

  it('takes an extension only when both parties agreed, as the clock’s due override', () => {
    const d = open().refuse({ type: 'EXTENSION_AGREED', occurredOn: '2027-03-20', actor: parent, until: '2027-04-15', agreedByBoth: false });
    d.send({ type: 'EXTENSION_AGREED', occurredOn: '2027-03-20', actor: parent, until: '2027-04-15', agreedByBoth: true });
    expect(d.snapshot.context.extendedTo).toBe('2027-04-15');
    const complete = (d.snapshot.getMeta()['mediation.requested'] as { clocks: Array<{ id: string; dueOverride?: string }> }).clocks.find(
      (c) => c.id === 'mediationComplete',
    );
    expect(complete?.dueOverride).toBe('extendedTo');
  });

  it('records late scheduling and completion but still holds the conference', () => {
    const d = open().send(timer('MEDIATION_SCHEDULE_DUE', 'mediationSchedule', 'mediation-schedule', '2027-03-16'));
    expect(d.actions).toEqual([
      expect.objectContaining({ type: 'recordDelay', params: { code: 'mediation-schedule-late' } }),
      expect.objectContaining({ type: 'escalate', params: { to: ['caseManager', 'spedDirector'] } }),
    ]);
    d.send(timer('MEDIATION_COMPLETE_DUE', 'mediationComplete', 'mediation-complete', '2027-03-31'));
    expect(d.actions[0]).toEqual(expect.objectContaining({ params: { code: 'mediation-complete-late' } }));
    d.send({ type: 'MEDIATION_HELD', occurredOn: '2027-04-02', actor: district, agreement: true });
    expect(d.state()).toBe('agreed');
  });

  it('ends failed without agreement, and when the other party declines', () => {
    const d = open().send({ type: 'MEDIATION_HELD', occurredOn: '2027-03-22', actor: district, agreement: false });
    expect(d.state()).toBe('failed');
    expect(d.snapshot.context).toEqual(expect.objectContaining({ heldOn: '2027-03-22', agreement: false }));
    expect(d.clocks()).toEqual([]);
    expect(open().send({ type: 'MEDIATION_DECLINED', occurredOn: '2027-03-03', actor: district }).state()).toBe('failed');
  });

  it('replays Appendix C17 (mediation part): two clocks from 2027-03-01, agreement → agreed', () => {
    const d = open();
    expect(d.clocks().map((c) => [c.rule, c.from])).toEqual([
      ['mediation-schedule', '2027-03-01'],
      ['mediation-complete', '2027-03-01'],
    ]);
    d.send({ type: 'MEDIATION_SCHEDULED', occurredOn: '2027-03-10', actor: { role: 'oah' }, conferenceOn: '2027-03-24' })
      .send({ type: 'MEDIATION_HELD', occurredOn: '2027-03-24', actor: { role: 'oah' }, agreement: true });
    expect(d.state()).toBe('agreed');
    expect(d.snapshot.status).toBe('done');
  });

  it('declares what the registry needs', () => {
    expect(definition.startsOn).toEqual(['MEDIATION_REQUESTED']);
  });
});
