import { describe, expect, it } from 'vitest';
import { definition } from '../../../machines/iee';
import { district, drive, parent, student, system } from './drive';

const oah = { role: 'oah' as const };
const requested = { type: 'IEE_REQUESTED', occurredOn: '2027-01-19', actor: parent, mode: 'written', assessmentId: 'tri-2027-01' };
const open = () => drive(definition, { trigger: requested, student });
const filed = (petitioner: 'district' | 'parent', on = '2027-01-29') => ({
  type: 'DUE_PROCESS_FILED',
  occurredOn: on,
  actor: petitioner === 'district' ? district : parent,
  petitioner,
});
const decision = (prevailing: 'district' | 'parent') => ({ type: 'HEARING_DECISION', occurredOn: '2027-04-01', actor: oah, prevailing });

describe('iee (P20)', () => {
  it('opens in requested: sends the IEE policy and starts the decision clock', () => {
    const d = open();
    expect(d.state()).toBe('requested');
    expect(d.actions).toEqual([expect.objectContaining({ type: 'sendNotice', params: { form: 'IEE policy', to: 'parent' } })]);
    expect(d.clocks()).toEqual([{ id: 'ieeDecision', rule: 'iee-decision', from: '2027-01-19' }]);
    expect(d.snapshot.context).toEqual(expect.objectContaining({ mode: 'written', assessmentId: 'tri-2027-01' }));
  });

  it('records a slow decision and escalates, then takes the late decision', () => {
    const d = open().send({ type: 'IEE_DECISION_DUE', occurredOn: '2027-02-02', actor: system, clock: 'ieeDecision', rule: 'iee-decision', due: '2027-02-02' });
    expect(d.state()).toBe('requested');
    expect(d.actions).toEqual([
      expect.objectContaining({ type: 'recordDelay', params: { code: 'iee-decision-late' } }),
      expect.objectContaining({ type: 'escalate', params: { to: ['caseManager', 'spedDirector'] } }),
    ]);
    d.send({ type: 'FUNDING_AGREED', occurredOn: '2027-02-05', actor: district });
    expect(d.state()).toBe('agreed');
  });

  it('funding: PWN, then a release, the assessor choice, the report and the meeting', () => {
    const d = open().send({ type: 'FUNDING_AGREED', occurredOn: '2027-01-29', actor: district });
    expect(d.state()).toBe('agreed');
    expect(d.clocks()).toEqual([]);
    expect(d.actions).toEqual([
      expect.objectContaining({ type: 'sendNotice', params: expect.objectContaining({ form: 'PWN', to: 'parent', purpose: 'iee-funded' }) }),
      expect.objectContaining({ type: 'requestSignature', params: { scope: 'iee-release', signer: 'parent', form: 'A-3' } }),
    ]);
    d.send({ type: 'ASSESSOR_CHOSEN', occurredOn: '2027-02-03', actor: parent });
    expect(d.snapshot.context.assessorChosenOn).toBe('2027-02-03');
    d.send({ type: 'IEE_REPORT_RECEIVED', occurredOn: '2027-04-16', actor: district });
    expect(d.state()).toBe('consider');
    d.send({ type: 'MEETING_HELD', occurredOn: '2027-04-28', actor: district });
    expect(d.state()).toBe('considered');
    expect(d.snapshot.status).toBe('done');
  });

  it('defending: the district files, a PWN goes out and due-process is opened for the district', () => {
    const d = open().send(filed('district'));
    expect(d.state()).toBe('defending');
    expect(d.actions).toEqual([
      expect.objectContaining({ type: 'sendNotice', params: expect.objectContaining({ form: 'PWN', purpose: 'iee-refused' }) }),
      expect.objectContaining({
        type: 'openProcess',
        params: { chart: 'due-process', input: { petitioner: 'district', filedOn: '2027-01-29' } },
      }),
    ]);
  });

  it('does not take a parent’s complaint (that opens its own due-process case)', () => {
    open().refuse(filed('parent'));
  });

  it('district prevails → denied; parent prevails → agreed at public expense', () => {
    const won = open().send(filed('district')).send(decision('district'));
    expect(won.state()).toBe('denied');
    expect(won.snapshot.context.prevailing).toBe('district');
    const lost = open().send(filed('district')).send(decision('parent'));
    expect(lost.state()).toBe('agreed');
    expect(lost.snapshot.context.fundingAgreedOn).toBe('2027-04-01');
    expect(lost.actions).toEqual([expect.objectContaining({ type: 'requestSignature' })]);
  });

  it('refuses a report before funding and a meeting before a report', () => {
    open()
      .refuse({ type: 'IEE_REPORT_RECEIVED', occurredOn: '2027-01-20', actor: district })
      .refuse({ type: 'MEETING_HELD', occurredOn: '2027-01-20', actor: district })
      .refuse(decision('parent'));
  });

  it('replays Appendix C16 to considered', () => {
    const d = open();
    expect(d.clocks()).toEqual([{ id: 'ieeDecision', rule: 'iee-decision', from: '2027-01-19' }]);
    d.send({ type: 'FUNDING_AGREED', occurredOn: '2027-01-29', actor: district })
      .send({ type: 'ASSESSOR_CHOSEN', occurredOn: '2027-02-03', actor: parent })
      .send({ type: 'IEE_REPORT_RECEIVED', occurredOn: '2027-04-16', actor: district })
      .send({ type: 'MEETING_HELD', occurredOn: '2027-04-28', actor: district });
    expect(d.state()).toBe('considered');
    expect(d.clocks()).toEqual([]);
    expect(d.all.filter((a) => a.type === 'recordDelay')).toEqual([]);
  });

  it('declares what the registry needs', () => {
    expect(definition.startsOn).toEqual(['IEE_REQUESTED']);
    expect(Object.keys(definition.events)).toEqual(
      expect.arrayContaining(['IEE_REQUESTED', 'FUNDING_AGREED', 'DUE_PROCESS_FILED', 'HEARING_DECISION', 'MEETING_HELD']),
    );
  });
});
