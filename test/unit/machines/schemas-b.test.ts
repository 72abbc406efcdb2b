/**
 * Event schemas and clock declarations of chart set B (early start, transfers, discipline,
 * behaviour, records): every outside event refuses malformed input naming the field, and
 * every declared clock is wired to a rule id and to an event the chart handles.
 */
import { describe, expect, it } from 'vitest';
import { initialTransition, type AnyStateMachine } from 'xstate';
import { z } from 'zod';
import { ROLES, clockEventPrefix, type ClockDeclaration, type ProcessDefinition, type StateMeta } from '../../../machines/contract';
import { createRegistry } from '../../../machines/registry';
import { RULE_IDS } from '../../../deadlines/rule-ids';
import { definition as earlyStart } from '../../../machines/early-start';
import { definition as transferIn } from '../../../machines/transfer-in';
import { definition as recordsForward } from '../../../machines/records-forward';
import { definition as discipline } from '../../../machines/discipline';
import { definition as iaes } from '../../../machines/iaes';
import { definition as expeditedHearing } from '../../../machines/expedited-hearing';
import { definition as behavioralEmergency } from '../../../machines/behavioral-emergency';
import { definition as recordsAccess } from '../../../machines/records-access';
import { definition as recordsAmendment } from '../../../machines/records-amendment';
import { student } from './drive';

const charts = [earlyStart, transferIn, recordsForward, discipline, iaes, expeditedHearing, behavioralEmergency, recordsAccess, recordsAmendment];

/** One valid example of each outside event, without `type`, `occurredOn` and `actor` (filled in below). */
const samples: Record<string, Record<string, Record<string, unknown>>> = {
  'early-start': {
    EARLY_START_REFERRAL_RECEIVED: { daysToThirdBirthday: 700, receivedBy: 'esp' },
    REFERRAL_FORWARDED_TO_DOR: {},
    ASSESSMENT_CONSENT_RECORDED: { granted: true },
    EXCEPTIONAL_DELAY_DOCUMENTED: {},
    EVALUATION_COMPLETED: {},
    IFSP_MEETING_HELD: { eligible: true },
    IFSP_CONSENT_RECORDED: { consent: 'all-except', except: ['svc-ot'] },
    CONSENT_WITHDRAWN: { services: ['svc-pt'] },
    REVIEW_HELD: { annual: false },
    REVIEW_REQUESTED: {},
    TRANSITION_DATE_SET: {},
    TRANSITION_CONFERENCE_HELD: { districtAttended: true },
    PACKET_SENT: {},
    IEP_IN_EFFECT: {},
    NOT_ELIGIBLE_FOR_PRESCHOOL: {},
  },
  'transfer-in': {
    ENROLLED_WITH_IEP: { from: 'other-ca-selpa', sameAcademicYear: true, lastAnnualMeetingOn: '2026-05-12' },
    AMENDMENT_SIGNED: {},
    PRIOR_IEP_ADOPTED: { parentConsented: true },
    NEW_IEP_ADOPTED: { parentConsented: true },
    ASSESSMENT_NEEDED: {},
  },
  'records-forward': { RECORDS_FORWARD_REQUESTED: { requestingAgencyId: 'lea-042' }, RECORDS_SENT: {} },
  discipline: {
    REMOVAL_RECORDED: { incidentId: 'inc-1', fromDate: '2027-01-12', toDate: '2027-01-13', schoolDays: 2, partial: false },
    CHANGE_OF_PLACEMENT_DECIDED: { basis: 'expulsion-recommended' },
    IAES_ORDERED: { ground: 'weapon', location: 'school', startsOn: '2027-01-14' },
    MD_MEETING_HELD: { causedByDisability: false, failureToImplementIep: false },
    BIP_ADOPTED: {},
    RETURNED_TO_PLACEMENT: {},
    PLACEMENT_CHANGE_AGREED: { parentAgreed: true, leaAgreed: true },
    DISCIPLINE_CONCLUDED: { outcome: 'suspended' },
    APPEAL_REQUESTED: { ground: 'placement' },
    SCHOOL_YEAR_ENDED: {},
  },
  iaes: {
    IAES_ORDERED: { ground: 'drugs', location: 'school-function' },
    IAES_STARTED: {},
    PLACEMENT_CHANGED: { parentAgreed: true },
    ALJ_ORDERED: { order: 'remain' },
    RETURNED: {},
  },
  'expedited-hearing': {
    APPEAL_REQUESTED: { ground: 'manifestation-determination' },
    HEARING_HELD: {},
    DECISION_ISSUED: { order: 'iaes', iaesStartsOn: '2027-01-20' },
  },
  'behavioral-emergency': {
    EMERGENCY_INTERVENTION_USED: { incidentId: 'ber-1', intervention: 'seclusion', residentialCareProvider: false },
    PARENT_NOTIFIED: { method: 'phone' },
    BER_REVIEWED: { hasBip: false },
    MEETING_SCHEDULED: { meetingOn: '2027-01-25' },
    FBA_AGREED: {},
    NO_FBA: { documentRef: 'doc-1' },
    IEP_DECIDED: { bipChanged: false },
  },
  'records-access': {
    RECORDS_REQUEST_RECEIVED: { channel: 'oral' },
    APPOINTMENT_SET: { appointmentOn: '2027-01-15' },
    RECORDS_REVIEWED: { copiesRequested: true },
    COPIES_REQUESTED: {},
    COPIES_SENT: { method: 'mail' },
    NO_COPIES: {},
  },
  'records-amendment': {
    AMENDMENT_REQUESTED: { ground: 'misleading', custodialParent: true },
    SUPERINTENDENT_MEETING_HELD: { decision: 'denied' },
    APPEAL_FILED: {},
    PANEL_CONSENTED: {},
    BOARD_DECIDED: { decision: 'denied' },
    PANEL_DECIDED: { decision: 'sustained' },
  },
};

type EventSchema = z.ZodObject<{ actor: z.ZodObject<{ role: z.ZodEnum }> }>;
const rolesOf = (schema: z.ZodTypeAny) => (schema as unknown as EventSchema).shape.actor.shape.role.options as string[];
const valid = (def: ProcessDefinition, type: string) => ({
  type,
  occurredOn: '2027-01-12',
  actor: { role: rolesOf(def.events[type])[0], id: 'staff-7' },
  ...samples[def.id][type],
});
const issues = (schema: z.ZodTypeAny, value: unknown) => {
  const r = schema.safeParse(value);
  expect(r.success, JSON.stringify(value)).toBe(false);
  return r.error!.issues;
};
const eventCases = charts.flatMap((def) => Object.keys(def.events).map((type) => [def.id, type, def] as const));

describe('event schemas of chart set B', () => {
  it.each(charts.map((d) => [d.id, d] as const))('%s: a sample for every event, and every opener is an event', (_id, def) => {
    expect(Object.keys(samples[def.id]).sort()).toEqual(Object.keys(def.events).sort());
    for (const type of def.startsOn) expect(def.events).toHaveProperty(type);
  });

  it.each(eventCases)('%s %s: accepts its sample and refuses malformed input naming the field', (_id, type, def) => {
    const schema = def.events[type];
    const good = valid(def, type);
    expect(schema.safeParse(good).success).toBe(true);

    const { occurredOn: _o, ...undated } = good;
    expect(issues(schema, undated)[0].path).toEqual(['occurredOn']);
    expect(issues(schema, { ...good, occurredOn: '2027-02-30' })[0].path).toEqual(['occurredOn']);
    expect(issues(schema, { ...good, occurredOn: '12/01/2027' })[0].path).toEqual(['occurredOn']);

    const unknown = issues(schema, { ...good, pupilName: 'x' })[0];
    expect(unknown.code).toBe('unrecognized_keys');
    expect((unknown as { keys: string[] }).keys).toEqual(['pupilName']);

    expect(issues(schema, { ...good, actor: { role: 'system' } })[0].path).toEqual(['actor', 'role']);
    expect(issues(schema, { ...good, actor: { role: 'principal' } })[0].path).toEqual(['actor', 'role']);
    const outsider = ROLES.find((r) => !rolesOf(schema).includes(r));
    expect(issues(schema, { ...good, actor: { role: outsider } })[0].path).toEqual(['actor', 'role']);
    expect(issues(schema, { ...good, actor: { role: rolesOf(schema)[0], id: 'Jane Doe' } })[0].path).toEqual(['actor', 'id']);
  });

  it('numbers: negative or fractional school days and days to the birthday are refused', () => {
    const removal = valid(discipline, 'REMOVAL_RECORDED');
    for (const schoolDays of [-1, 0, 1.5]) {
      expect(issues(discipline.events.REMOVAL_RECORDED, { ...removal, schoolDays })[0].path).toEqual(['schoolDays']);
    }
    const referral = valid(earlyStart, 'EARLY_START_REFERRAL_RECEIVED');
    expect(issues(earlyStart.events.EARLY_START_REFERRAL_RECEIVED, { ...referral, daysToThirdBirthday: -3 })[0].path).toEqual([
      'daysToThirdBirthday',
    ]);
  });

  it('cross-field rules name the field at fault', () => {
    const at = (def: ProcessDefinition, type: string, patch: Record<string, unknown>) =>
      issues(def.events[type], { ...valid(def, type), ...patch })[0].path;
    expect(at(discipline, 'REMOVAL_RECORDED', { toDate: '2027-01-11' })).toEqual(['toDate']);
    expect(at(discipline, 'REMOVAL_RECORDED', { schoolDays: 6 })).toEqual(['schoolDays']);
    expect(at(discipline, 'REMOVAL_RECORDED', { schoolDays: 11, kind: 'readjustment' })).toEqual(['schoolDays']);
    const readjustment = { ...valid(discipline, 'REMOVAL_RECORDED'), schoolDays: 10, kind: 'readjustment' };
    expect(discipline.events.REMOVAL_RECORDED.safeParse(readjustment).success).toBe(true);
    expect(at(discipline, 'CHANGE_OF_PLACEMENT_DECIDED', { basis: 'bad-day' })).toEqual(['basis']);
    expect(at(iaes, 'IAES_ORDERED', { startsOn: '2027-01-11' })).toEqual(['startsOn']);
    expect(at(iaes, 'IAES_ORDERED', { location: 'home' })).toEqual(['location']);
    expect(at(expeditedHearing, 'APPEAL_REQUESTED', { ground: 'danger' })).toEqual(['ground']);
    expect(at(expeditedHearing, 'APPEAL_REQUESTED', { actor: { role: 'district' } })).toEqual(['ground']);
    expect(at(earlyStart, 'IFSP_CONSENT_RECORDED', { except: [] })).toEqual(['except']);
    expect(at(earlyStart, 'IFSP_CONSENT_RECORDED', { except: ['speech therapy twice a week'] })).toEqual(['except', 0]);
    expect(at(recordsAmendment, 'AMENDMENT_REQUESTED', { custodialParent: false })).toEqual(['custodialParent']);
    expect(at(behavioralEmergency, 'NO_FBA', { documentRef: undefined })).toEqual(['documentRef']);
    expect(at(transferIn, 'ENROLLED_WITH_IEP', { sameAcademicYear: undefined })).toEqual(['sameAcademicYear']);
  });
});

function clocksOf(machine: AnyStateMachine): Array<{ state: string; clock: ClockDeclaration }> {
  const out: Array<{ state: string; clock: ClockDeclaration }> = [];
  const walk = (node: { id: string; meta?: StateMeta; states: Record<string, unknown> }) => {
    for (const clock of node.meta?.clocks ?? []) out.push({ state: node.id, clock });
    for (const child of Object.values(node.states)) walk(child as typeof node);
  };
  walk(machine.root as never);
  return out;
}
function handledEvents(machine: AnyStateMachine): Set<string> {
  return new Set(machine.events as string[]);
}

describe('clock declarations of chart set B', () => {
  it.each(charts.map((d) => [d.id, d] as const))('%s: rule ids, event names and trigger fields are wired', (_id, def) => {
    const trigger = valid(def, def.startsOn[0]);
    const [snapshot] = initialTransition(def.machine, { trigger, student });
    const context = snapshot.context as Record<string, unknown>;
    const handled = handledEvents(def.machine);
    const clocks = clocksOf(def.machine);
    expect(clocks.length).toBeGreaterThan(0);
    for (const { state, clock } of clocks) {
      const where = `${state} ${clock.id}`;
      expect(RULE_IDS, where).toContain(clock.rule);
      expect(clock.onDue, where).toBe(`${clockEventPrefix(clock.id)}_DUE`);
      if (clock.onOpen) expect(clock.onOpen, where).toBe(`${clockEventPrefix(clock.id)}_OPEN`);
      expect(handled.has(clock.onDue), `${where}: ${clock.onDue} handled`).toBe(true);
      if (clock.onOpen) expect(handled.has(clock.onOpen), `${where}: ${clock.onOpen} handled`).toBe(true);
      expect(context, `${where}: from field`).toHaveProperty(clock.from);
      if (clock.exemptWhen) expect(context, where).toHaveProperty(clock.exemptWhen);
    }
  });

  it.each(charts.map((d) => [d.id, d] as const))('%s: the opening snapshot survives JSON and resolveState', (_id, def) => {
    const [snapshot] = initialTransition(def.machine, { trigger: valid(def, def.startsOn[0]), student });
    const restored = def.machine.resolveState(JSON.parse(JSON.stringify(snapshot)));
    expect(restored.value).toEqual(snapshot.value);
    expect(restored.context).toEqual(snapshot.context);
    expect(restored.getMeta()).toEqual(snapshot.getMeta());
  });

  it('no event type opens two of these charts', () => {
    const registry = createRegistry(charts);
    expect(registry.openedBy('EARLY_START_REFERRAL_RECEIVED')?.id).toBe('early-start');
    expect(registry.openedBy('REMOVAL_RECORDED')?.id).toBe('discipline');
    expect(registry.openedBy('CHANGE_OF_PLACEMENT_DECIDED')?.id).toBe('discipline');
    expect(registry.openedBy('IAES_ORDERED')?.id).toBe('iaes');
    expect(registry.openedBy('APPEAL_REQUESTED')?.id).toBe('expedited-hearing');
    expect(registry.openedBy('RECORDS_FORWARD_REQUESTED')?.id).toBe('records-forward');
    expect(registry.openedBy('RECORDS_REQUEST_RECEIVED')?.id).toBe('records-access');
    expect(registry.openedBy('REFERRAL_RECEIVED')).toBeUndefined();
  });
});
