import { describe, expect, it } from 'vitest';
import { definition } from '../../../machines/scia';
import { district, drive, parent, student, system } from './drive';

const requested = { type: 'SCIA_REQUESTED', occurredOn: '2026-10-05', actor: district };
const open = () => drive(definition, { trigger: requested, student });
const timer = (type: string, clock: string, rule: string, due: string) => ({
  type,
  occurredOn: due,
  actor: system,
  clock,
  rule,
  due,
});
const approve = (on: string) => ({
  type: 'MEETING_HELD',
  occurredOn: on,
  actor: district,
  sciaNeeded: true,
  dorAdministratorPresent: true,
});

describe('scia (P25)', () => {
  it('opens in requested with the DOR-contact clock from the request date', () => {
    const d = open();
    expect(d.state()).toBe('requested');
    expect(d.clocks()).toEqual([{ id: 'sciaDorContact', rule: 'scia-dor-contact', from: '2026-10-05' }]);
    expect(d.actions).toEqual([]);
  });

  it('can be opened by another chart with opener.requestedOn', () => {
    const d = drive(definition, { trigger: null, opener: { requestedOn: '2026-10-01' }, student });
    expect(d.clocks()).toEqual([{ id: 'sciaDorContact', rule: 'scia-dor-contact', from: '2026-10-01' }]);
  });

  it('refuses an opener without a request date, naming the field', () => {
    // XState puts a throwing context factory into an error snapshot; the interpreter reports it.
    const d = drive(definition, { trigger: null, opener: {}, student });
    expect(d.snapshot.status).toBe('error');
    expect(String(d.snapshot.error)).toMatch(/requestedOn/);
  });

  it('records a late DOR contact and escalates, but still accepts the late contact', () => {
    const d = open().send(timer('SCIA_DOR_CONTACT_DUE', 'sciaDorContact', 'scia-dor-contact', '2026-10-19'));
    expect(d.state()).toBe('requested');
    expect(d.actions).toEqual([
      expect.objectContaining({ type: 'recordDelay', params: { code: 'scia-dor-contact-late' } }),
      expect.objectContaining({ type: 'escalate', params: { to: ['caseManager', 'spedDirector'] } }),
    ]);
    d.send({ type: 'DOR_CONTACTED', occurredOn: '2026-10-21', actor: district });
    expect(d.state()).toBe('data-gathering');
    expect(d.snapshot.context.dorContactedOn).toBe('2026-10-21');
  });

  it('runs the forms clock from the request date, not the contact date, and stops it when the forms go', () => {
    const d = open().send({ type: 'DOR_CONTACTED', occurredOn: '2026-10-12', actor: district });
    expect(d.clocks()).toEqual([{ id: 'sciaForms', rule: 'scia-forms', from: '2026-10-05' }]);
    d.send(timer('SCIA_FORMS_DUE', 'sciaForms', 'scia-forms', '2026-11-04'));
    expect(d.actions[0]).toEqual(expect.objectContaining({ type: 'recordDelay', params: { code: 'scia-forms-late' } }));
    d.send({ type: 'FORMS_SENT', occurredOn: '2026-11-05', actor: district });
    expect(d.state()).toBe('data-gathering');
    expect(d.clocks()).toEqual([]);
  });

  it('refuses a deciding meeting without a DOR administrator', () => {
    const d = open().send({ type: 'DOR_CONTACTED', occurredOn: '2026-10-12', actor: district });
    d.refuse({ ...approve('2026-11-18'), dorAdministratorPresent: false });
    d.refuse({ ...approve('2026-11-18'), sciaNeeded: false, dorAdministratorPresent: false });
    expect(d.state()).toBe('data-gathering');
  });

  it('ends in denied when the team finds no need', () => {
    const d = open()
      .send({ type: 'DOR_CONTACTED', occurredOn: '2026-10-12', actor: district })
      .send({ ...approve('2026-11-18'), sciaNeeded: false });
    expect(d.state()).toBe('denied');
    expect(d.snapshot.status).toBe('done');
    expect(d.clocks()).toEqual([]);
  });

  it('restarts the six-month review clock at each review and ends when faded', () => {
    const d = open()
      .send({ type: 'DOR_CONTACTED', occurredOn: '2026-10-12', actor: district })
      .send(approve('2026-11-18'));
    expect(d.clocks()).toEqual([{ id: 'sciaReview', rule: 'scia-review', from: '2026-11-18' }]);
    d.send(timer('SCIA_REVIEW_DUE', 'sciaReview', 'scia-review', '2027-05-18'));
    expect(d.state()).toBe('approved');
    expect(d.actions[0]).toEqual(expect.objectContaining({ params: { code: 'scia-review-late' } }));
    d.send({ type: 'REVIEW_HELD', occurredOn: '2027-05-20', actor: district });
    expect(d.clocks()).toEqual([{ id: 'sciaReview', rule: 'scia-review', from: '2027-05-20' }]);
    d.send({ type: 'FADED', occurredOn: '2027-09-01', actor: district });
    expect(d.state()).toBe('ended');
    expect(d.clocks()).toEqual([]);
  });

  it('refuses events out of order', () => {
    open()
      .refuse({ type: 'FADED', occurredOn: '2026-10-06', actor: district })
      .refuse(approve('2026-10-06'))
      .refuse({ type: 'FORMS_SENT', occurredOn: '2026-10-06', actor: parent });
  });

  it('replays Appendix C19 (SCIA part) to approved with the review clock from the meeting', () => {
    const d = open();
    expect(d.clocks()).toEqual([{ id: 'sciaDorContact', rule: 'scia-dor-contact', from: '2026-10-05' }]);
    d.send({ type: 'DOR_CONTACTED', occurredOn: '2026-10-16', actor: district });
    expect(d.clocks()).toEqual([{ id: 'sciaForms', rule: 'scia-forms', from: '2026-10-05' }]);
    d.send({ type: 'FORMS_SENT', occurredOn: '2026-11-02', actor: district }).send(approve('2026-11-18'));
    expect(d.state()).toBe('approved');
    expect(d.clocks()).toEqual([{ id: 'sciaReview', rule: 'scia-review', from: '2026-11-18' }]);
    expect(d.all.filter((a) => a.type === 'recordDelay')).toEqual([]);
  });

  it('declares what the registry needs', () => {
    expect(definition.id).toBe('scia');
    expect(definition.startsOn).toEqual(['SCIA_REQUESTED']);
    expect(Object.keys(definition.events).sort()).toEqual(
      ['DOR_CONTACTED', 'FADED', 'FORMS_SENT', 'MEETING_HELD', 'REVIEW_HELD', 'SCIA_REQUESTED'],
    );
  });
});
