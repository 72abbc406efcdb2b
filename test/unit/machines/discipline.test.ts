import { describe, expect, it } from 'vitest';
import { definition } from '../../../machines/discipline';
import { definition as expeditedHearing } from '../../../machines/expedited-hearing';
import { district, drive, parent, student, system } from './drive';

const removal = (occurredOn: string, incidentId: string, fromDate: string, toDate: string, schoolDays: number, extra: Record<string, unknown> = {}) => ({
  type: 'REMOVAL_RECORDED',
  occurredOn,
  actor: district,
  incidentId,
  fromDate,
  toDate,
  schoolDays,
  ...extra,
});
const act = (type: string, occurredOn: string, fields: Record<string, unknown> = {}, actor: { role: string } = district) => ({
  type,
  occurredOn,
  actor,
  ...fields,
});
const mdDue = (due: string) => ({
  type: 'MANIFESTATION_DETERMINATION_DUE',
  occurredOn: due,
  actor: system,
  clock: 'manifestationDetermination',
  rule: 'manifestation-determination',
  due,
});
const notice = (form: string) => expect.objectContaining({ type: 'sendNotice', params: expect.objectContaining({ form, to: 'parent' }) });
const fbaConsent = expect.objectContaining({
  type: 'openProcess',
  params: { chart: 'consent-request', input: { scope: 'fba', signer: 'parent', form: 'NC 3' } },
});
const openRemoval = (extra: Record<string, unknown> = {}) =>
  drive(definition, { trigger: removal('2026-09-15', 'inc-1', '2026-09-15', '2026-09-16', 2, extra), student });
const openDecision = (basis = 'expulsion-recommended') =>
  drive(definition, { trigger: act('CHANGE_OF_PLACEMENT_DECIDED', '2027-01-13', { basis }), student });

describe('discipline: ledger', () => {
  it('opens on a removal with the ledger started and no decision', () => {
    const d = openRemoval();
    expect(d.state()).toBe('ledger.within-ten|placement.no-change');
    expect(d.snapshot.context).toMatchObject({
      yearTotal: 2,
      suspensionDays: 2,
      removals: [{ incidentId: 'inc-1', from: '2026-09-15', to: '2026-09-16', schoolDays: 2, partial: false, kind: 'suspension' }],
    });
    expect(d.actions).toEqual([]);
    expect(d.clocks()).toEqual([]);
  });

  it('refuses a second removal that takes one incident past 5 consecutive school days', () => {
    const d = openRemoval();
    d.send(removal('2026-09-17', 'inc-1', '2026-09-17', '2026-09-19', 3));
    d.refuse(removal('2026-09-21', 'inc-1', '2026-09-21', '2026-09-21', 1));
    expect(d.snapshot.context.yearTotal).toBe(5);
    d.send(removal('2026-09-21', 'inc-2', '2026-09-21', '2026-09-21', 1));
    expect(d.snapshot.context.yearTotal).toBe(6);
  });

  it('refuses a suspension past 20 days a year but allows 10 readjustment days on top', () => {
    const d = openRemoval({ hasFbaBip: true });
    for (const [i, day] of ['10-01', '10-08', '10-15'].entries()) {
      d.send(removal(`2026-${day}`, `inc-${i + 2}`, `2026-${day}`, `2026-${day}`, 5));
    }
    d.send(removal('2026-11-02', 'inc-9', '2026-11-02', '2026-11-04', 3));
    expect(d.snapshot.context.suspensionDays).toBe(20);
    d.refuse(removal('2026-11-10', 'inc-10', '2026-11-10', '2026-11-10', 1));
    d.send(removal('2026-11-10', 'inc-10', '2026-11-10', '2026-11-23', 10, { kind: 'readjustment' }));
    expect(d.snapshot.context).toMatchObject({ yearTotal: 30, suspensionDays: 20, readjustmentDays: 10 });
    d.refuse(removal('2026-12-01', 'inc-11', '2026-12-01', '2026-12-01', 1, { kind: 'readjustment' }));
  });

  it('beyond 10 days: notice, safeguards, services and one FBA consent request when there is no BIP', () => {
    const d = openRemoval();
    d.send(removal('2026-10-20', 'inc-2', '2026-10-20', '2026-10-22', 3));
    d.send(removal('2026-11-09', 'inc-3', '2026-11-09', '2026-11-09', 1, { partial: true }));
    d.send(removal('2026-12-01', 'inc-4', '2026-12-01', '2026-12-03', 3));
    expect(d.actions).toEqual([]);
    d.send(removal('2027-01-12', 'inc-5', '2027-01-12', '2027-01-13', 2));
    expect(d.state()).toBe('ledger.beyond-ten|placement.no-change');
    expect(d.snapshot.context.yearTotal).toBe(11);
    expect(d.actions).toEqual([
      expect.objectContaining({ type: 'sendNotice', params: expect.objectContaining({ form: 'Decision notice', purpose: 'removal-beyond-10-days' }) }),
      notice('NC 1'),
      expect.objectContaining({ type: 'escalate', params: { to: ['caseManager'] } }),
      fbaConsent,
    ]);
    expect(d.snapshot.context.fbaConsentSoughtOn).toBe('2027-01-12');
    d.send(removal('2027-02-01', 'inc-6', '2027-02-01', '2027-02-01', 1));
    expect(d.actions.map((a) => a.type)).toEqual(['sendNotice', 'sendNotice', 'escalate']);
  });

  it('asks no FBA consent when an FBA-based BIP is in place', () => {
    const d = openRemoval();
    d.send(act('BIP_ADOPTED', '2026-09-20'));
    expect(d.snapshot.context.hasFbaBip).toBe(true);
    d.send(removal('2026-10-01', 'inc-2', '2026-10-01', '2026-10-05', 5));
    d.send(removal('2026-10-12', 'inc-3', '2026-10-12', '2026-10-16', 5));
    expect(d.state()).toBe('ledger.beyond-ten|placement.no-change');
    expect(d.actions).not.toContainEqual(fbaConsent);
  });
});

describe('discipline: placement', () => {
  it('opens on a change-of-placement decision: same-day notices, MD clock from the decision, FBA consent', () => {
    const d = openDecision();
    expect(d.state()).toBe('ledger.within-ten|placement.md-pending');
    expect(d.actions).toEqual([
      expect.objectContaining({
        type: 'sendNotice',
        params: expect.objectContaining({ form: 'Decision notice', states: 'manifestation-determination' }),
      }),
      notice('NC 1'),
      fbaConsent,
    ]);
    expect(d.clocks()).toEqual([{ id: 'manifestationDetermination', rule: 'manifestation-determination', from: '2027-01-13' }]);
  });

  it('a late MD records the delay, escalates and still accepts the meeting', () => {
    const d = openDecision();
    d.send(mdDue('2027-01-27'));
    expect(d.state()).toBe('ledger.within-ten|placement.md-pending');
    expect(d.actions).toEqual([
      expect.objectContaining({ type: 'recordDelay', params: { code: 'manifestation-determination-late' } }),
      expect.objectContaining({ type: 'escalate', params: { to: ['caseManager', 'spedDirector'] } }),
    ]);
    d.send(act('MD_MEETING_HELD', '2027-01-29', { causedByDisability: false, failureToImplementIep: true }));
    expect(d.state()).toBe('ledger.within-ten|placement.manifestation');
    expect(d.clocks()).toEqual([]);
  });

  it('manifestation: return, or a placement change only when parent and LEA both agree', () => {
    const d = openDecision();
    d.send(act('MD_MEETING_HELD', '2027-01-20', { causedByDisability: true, failureToImplementIep: false }));
    expect(d.snapshot.context.manifestation).toBe(true);
    d.refuse(act('PLACEMENT_CHANGE_AGREED', '2027-01-22', { parentAgreed: false, leaAgreed: true }));
    d.send(act('PLACEMENT_CHANGE_AGREED', '2027-01-22', { parentAgreed: true, leaAgreed: true }));
    expect(d.state()).toBe('ledger.within-ten|placement.changed-by-agreement');

    const r = openDecision();
    r.send(act('MD_MEETING_HELD', '2027-01-20', { causedByDisability: true, failureToImplementIep: false }));
    r.send(act('RETURNED_TO_PLACEMENT', '2027-01-21'));
    expect(r.state()).toBe('ledger.within-ten|placement.returned');
  });

  it('a second decision while an MD is pending is noticed but keeps the first deadline', () => {
    const d = openDecision();
    d.send(act('CHANGE_OF_PLACEMENT_DECIDED', '2027-01-15', { basis: 'pattern-of-removals' }));
    expect(d.actions.map((a) => (a.params as { form: string }).form)).toEqual(['Decision notice', 'NC 1']);
    expect(d.clocks()).toEqual([{ id: 'manifestationDetermination', rule: 'manifestation-determination', from: '2027-01-13' }]);
  });

  it('an IAES order during a pending MD opens iaes and keeps the deadline; a new decision after no-manifestation restarts it', () => {
    const d = openDecision();
    d.send(act('IAES_ORDERED', '2027-01-15', { ground: 'drugs', location: 'school' }));
    expect(d.state()).toBe('ledger.within-ten|placement.md-pending');
    expect(d.snapshot.context.iaes).toBe(true);
    expect(d.actions.map((a) => a.type)).toEqual(['sendNotice', 'sendNotice', 'openProcess']);
    expect(d.clocks()).toEqual([{ id: 'manifestationDetermination', rule: 'manifestation-determination', from: '2027-01-13' }]);
    d.send(act('MD_MEETING_HELD', '2027-01-22', { causedByDisability: false, failureToImplementIep: false }));
    d.send(act('CHANGE_OF_PLACEMENT_DECIDED', '2027-02-08', { basis: 'expulsion-recommended' }));
    expect(d.state()).toBe('ledger.within-ten|placement.md-pending');
    expect(d.clocks()).toEqual([{ id: 'manifestationDetermination', rule: 'manifestation-determination', from: '2027-02-08' }]);
  });

  it('an IAES order changes placement, notices the parent and opens iaes', () => {
    const d = openRemoval();
    d.send(act('IAES_ORDERED', '2027-03-02', { ground: 'weapon', location: 'school', startsOn: '2027-03-03' }));
    expect(d.state()).toBe('ledger.within-ten|placement.md-pending');
    expect(d.snapshot.context).toMatchObject({ iaes: true, decisionOn: '2027-03-02', decisionBasis: 'iaes' });
    expect(d.actions).toEqual([
      notice('Decision notice'),
      notice('NC 1'),
      expect.objectContaining({
        type: 'openProcess',
        params: {
          chart: 'iaes',
          input: { orderedOn: '2027-03-02', ground: 'weapon', iaesStartOn: '2027-03-03', openedBy: 'discipline', hasFbaBip: false },
        },
      }),
      fbaConsent,
    ]);
  });

  it('opened by iaes: MD pending from the order date, no second notice', () => {
    const d = drive(definition, { trigger: null, opener: { decisionOn: '2027-03-02', basis: 'iaes', hasFbaBip: true }, student });
    expect(d.state()).toBe('ledger.within-ten|placement.md-pending');
    expect(d.actions).toEqual([]);
    expect(d.clocks()).toEqual([{ id: 'manifestationDetermination', rule: 'manifestation-determination', from: '2027-03-02' }]);
  });

  it('an appeal opens the expedited hearing only for an entitled party and ground', () => {
    const d = openDecision();
    d.refuse(act('APPEAL_REQUESTED', '2027-01-14', { ground: 'placement' }, district));
    d.refuse(act('APPEAL_REQUESTED', '2027-01-14', { ground: 'danger' }, parent));
    d.send(act('APPEAL_REQUESTED', '2027-01-14', { ground: 'danger' }, district));
    expect(d.actions).toEqual([
      expect.objectContaining({
        type: 'openProcess',
        params: { chart: 'expedited-hearing', input: { requestedOn: '2027-01-14', ground: 'danger', requestedBy: 'district', inIaes: false } },
      }),
    ]);
    expect(d.state()).toBe('ledger.within-ten|placement.md-pending');
  });

  it('after a concluded decision, a later one in the year starts a new MD', () => {
    const d = openDecision();
    d.send(act('MD_MEETING_HELD', '2027-01-20', { causedByDisability: false, failureToImplementIep: false }));
    d.send(act('DISCIPLINE_CONCLUDED', '2027-02-01', { outcome: 'suspended' }));
    expect(d.state()).toBe('ledger.within-ten|placement.disciplined');
    d.send(act('CHANGE_OF_PLACEMENT_DECIDED', '2027-04-12', { basis: 'removal-over-10-consecutive-days' }));
    expect(d.state()).toBe('ledger.within-ten|placement.md-pending');
    expect(d.clocks()).toEqual([{ id: 'manifestationDetermination', rule: 'manifestation-determination', from: '2027-04-12' }]);
  });

  it('after a concluded outcome an appeal is still heard, and a new IAES order starts a new MD', () => {
    const d = openDecision();
    d.send(act('MD_MEETING_HELD', '2027-01-20', { causedByDisability: false, failureToImplementIep: false }));
    d.send(act('DISCIPLINE_CONCLUDED', '2027-02-01', { outcome: 'expelled' }));
    d.send(act('APPEAL_REQUESTED', '2027-02-03', { ground: 'manifestation-determination' }, parent));
    expect(d.actions.map((a) => (a.params as { chart: string }).chart)).toEqual(['expedited-hearing']);
    expect(d.state()).toBe('ledger.within-ten|placement.disciplined');

    const m = openDecision();
    m.send(act('MD_MEETING_HELD', '2027-01-20', { causedByDisability: true, failureToImplementIep: false }));
    m.send(act('IAES_ORDERED', '2027-02-10', { ground: 'serious-bodily-injury', location: 'school-premises' }));
    expect(m.state()).toBe('ledger.within-ten|placement.md-pending');
    expect(m.snapshot.context).toMatchObject({ decisionOn: '2027-02-10', iaes: true, manifestation: null });
    expect(m.clocks()).toEqual([{ id: 'manifestationDetermination', rule: 'manifestation-determination', from: '2027-02-10' }]);
  });

  it('the school year ends the ledger; the chart ends once no decision is open', () => {
    const quiet = openRemoval();
    quiet.send(act('SCHOOL_YEAR_ENDED', '2027-06-03'));
    expect(quiet.state()).toBe('ledger.year-closed|placement.year-closed');
    expect(quiet.snapshot.status).toBe('done');

    const busy = openDecision();
    busy.send(act('SCHOOL_YEAR_ENDED', '2027-06-03'));
    expect(busy.state()).toBe('ledger.year-closed|placement.md-pending');
    expect(busy.snapshot.status).toBe('active');
    busy.refuse(removal('2027-08-20', 'inc-9', '2027-08-20', '2027-08-20', 1));
    busy.refuse(act('CHANGE_OF_PLACEMENT_DECIDED', '2027-08-20', { basis: 'expulsion-recommended' }));
    busy.send(act('MD_MEETING_HELD', '2027-06-08', { causedByDisability: false, failureToImplementIep: false }));
    busy.send(act('DISCIPLINE_CONCLUDED', '2027-06-10', { outcome: 'expelled' }));
    expect(busy.snapshot.status).toBe('done');
  });
});

describe('discipline: Appendix C', () => {
  it('C10: removals to 11 days, expulsion decision, no manifestation, parent appeal', () => {
    const d = openRemoval();
    const totals = [d.snapshot.context.yearTotal];
    d.send(removal('2026-10-20', 'inc-2', '2026-10-20', '2026-10-22', 3));
    totals.push(d.snapshot.context.yearTotal);
    d.send(removal('2026-11-09', 'inc-3', '2026-11-09', '2026-11-09', 1, { partial: true }));
    totals.push(d.snapshot.context.yearTotal);
    d.send(removal('2026-12-01', 'inc-4', '2026-12-01', '2026-12-03', 3));
    totals.push(d.snapshot.context.yearTotal);
    d.send(removal('2027-01-12', 'inc-5', '2027-01-12', '2027-01-13', 2));
    totals.push(d.snapshot.context.yearTotal);
    expect(totals).toEqual([2, 5, 6, 9, 11]);
    expect(d.actions).toContainEqual(fbaConsent);

    d.send(act('CHANGE_OF_PLACEMENT_DECIDED', '2027-01-13', { basis: 'expulsion-recommended' }));
    expect(d.actions).toEqual([notice('Decision notice'), notice('NC 1')]);
    expect(d.clocks()).toEqual([{ id: 'manifestationDetermination', rule: 'manifestation-determination', from: '2027-01-13' }]);

    d.send(act('MD_MEETING_HELD', '2027-01-22', { causedByDisability: false, failureToImplementIep: false }));
    expect(d.state()).toBe('ledger.beyond-ten|placement.no-manifestation');

    d.send(act('APPEAL_REQUESTED', '2027-01-25', { ground: 'manifestation-determination' }, parent));
    const open = d.actions.find((a) => a.type === 'openProcess')?.params as { input: Record<string, string> };
    const hearing = drive(expeditedHearing, { trigger: null, opener: open.input, student });
    expect(hearing.state()).toBe('requested');
    expect(hearing.clocks()).toEqual([{ id: 'expeditedHearing', rule: 'expedited-hearing', from: '2027-01-25' }]);
    expect(d.state()).toBe('ledger.beyond-ten|placement.no-manifestation');
    expect(d.clocks()).toEqual([]);
  });

  it('C10 last row: a 6-school-day suspension for one incident is refused (schema and guard)', () => {
    const six = removal('2027-03-08', 'inc-x', '2027-03-08', '2027-03-15', 6);
    const parsed = definition.events.REMOVAL_RECORDED.safeParse(six);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0].path).toEqual(['schoolDays']);
    openRemoval().refuse(six);
  });
});
