/**
 * Every event schema of the school-age charts (P01-P08, P15, P16 and the shared P02/P03)
 * refuses malformed input with an error whose path names the field.
 */
import { describe, expect, it } from 'vitest';
import type { ZodTypeAny } from 'zod';
import type { ProcessDefinition } from '../../../machines/contract';
import { definition as annualReview } from '../../../machines/annual-review';
import { definition as consentRequest } from '../../../machines/consent-request';
import { definition as exit } from '../../../machines/exit';
import { definition as iepAmendment } from '../../../machines/iep-amendment';
import { definition as iepMeeting } from '../../../machines/iep-meeting';
import { definition as initialEvaluation } from '../../../machines/initial-evaluation';
import { definition as parentRequestedMeeting } from '../../../machines/parent-requested-meeting';
import { definition as reassessment } from '../../../machines/reassessment';
import { definition as revocation } from '../../../machines/revocation-of-services';
import { definition as transitionMajority } from '../../../machines/secondary-transition-and-majority';

const definitions: ProcessDefinition[] = [
  initialEvaluation,
  consentRequest,
  iepMeeting,
  annualReview,
  reassessment,
  parentRequestedMeeting,
  iepAmendment,
  revocation,
  transitionMajority,
  exit,
];

const P = { role: 'parent' };
const D = { role: 'district', id: 'cm-17' };
/** A valid event of each type: actor and own fields. */
const samples: Record<string, { actor: object; [k: string]: unknown }> = {
  REFERRAL_RECEIVED: { actor: P, referredBy: 'parent' },
  REFERRAL_INFO_REQUESTED: { actor: D },
  PLAN_EXTENSION_AGREED: { actor: P, agreedDue: '2026-11-02', inWriting: true },
  ASSESSMENT_PLAN_SENT: { actor: D, receivedByParentOn: '2026-10-14', delivery: 'hand' },
  ASSESSMENT_DECLINED: { actor: D },
  CONSENT_RECEIVED: { actor: P },
  CONSENT_NOT_REQUIRED: { actor: D, reason: 'rights-terminated' },
  CONSENT_REFUSED: { actor: P },
  CONSENT_REVOKED: { actor: P, inWriting: true },
  CONSENT_REQUEST_DELIVERED: { actor: D, receivedByParentOn: '2026-10-14' },
  NO_RESPONSE_RECORDED: { actor: D },
  CONTACT_ATTEMPTED: { actor: D, method: 'letter', proofOfService: true },
  DUE_PROCESS_FILED: { actor: D },
  MEDIATION_REQUESTED: { actor: D },
  CASE_CLOSED: { actor: D },
  HEARING_DECISION: { actor: { role: 'oah' }, prevailing: 'district' },
  EVALUATION_DATE_AGREED: { actor: D, agreedDue: '2026-12-01', inWriting: true, transferredIn: true },
  CHILD_NOT_PRODUCED: { actor: D, repeated: true },
  ASSESSMENT_COMPLETED: { actor: D },
  MEETING_NOTICE_SENT: { actor: D, meetingOn: '2026-10-24' },
  PARENT_RESPONSE: { actor: P, attendance: 'attend', interpreter: true, language: 'es' },
  EXCUSAL_REQUESTED: { actor: D, member: 'ot', areaDiscussed: false },
  EXCUSAL_SIGNED: { actor: P, member: 'ot' },
  RECORDING_NOTICE: { actor: P, recordedBy: 'parent' },
  MEETING_HELD: { actor: D, parentPresent: true },
  IEP_CONSENT_RECORDED: { actor: P, scope: 'partial', except: ['counselling'] },
  SIGNATURE_FOLLOW_UP_SENT: { actor: D, letter: 1 },
  SERVICES_STARTED: { actor: D },
  ANNUAL_IEP_ON_FILE: { actor: D },
  MEETING_REQUESTED: { actor: D },
  NOT_PURSUED: { actor: D },
  ELIGIBILITY_ON_FILE: { actor: D },
  REASSESSMENT_REQUESTED: { actor: P, agreedInWriting: true },
  WAIVER_SIGNED: { actor: D, parentSigned: true, leaSigned: true },
  NO_ADDITIONAL_DATA: { actor: D },
  ASSESSMENT_REQUESTED: { actor: P },
  REASONABLE_MEASURES_EXHAUSTED: { actor: D },
  REVIEW_WITHOUT_TESTING: { actor: D },
  MEETING_REQUEST_RECEIVED: { actor: P, inWriting: true },
  AMENDMENT_DRAFTED: { actor: D, leaSigned: true },
  AMENDMENT_SIGNED: { actor: P, copyRequested: true },
  AMENDMENT_DECLINED: { actor: P },
  REVOCATION_RECEIVED: { actor: P, inWriting: true },
  PWN_SENT: { actor: D, stopOn: '2026-10-20' },
  SERVICES_STOPPED: { actor: D },
  TRANSITION_TRACKING_STARTED: { actor: D },
  TRANSITION_PLAN_ADOPTED: { actor: D },
  MAJORITY_STATEMENT_SIGNED: { actor: { role: 'student' } },
  CONSERVATORSHIP_RECORDED: { actor: { role: 'court' } },
  CONSENT_INCAPACITY_DETERMINED: { actor: D },
  GRADUATION_EXPECTED: { actor: D, expectedOn: '2027-06-03' },
  AGE_OUT_APPROACHING: { actor: D },
  PRESCHOOL_EXIT: { actor: D },
  SOP_GIVEN: { actor: D },
  GRADUATED: { actor: D },
  EXIT_EFFECTIVE: { actor: D },
  FOLLOW_UP_RECORDED: { actor: D, contacted: true },
};
/** Roles a schema restricts away (an answer to consent from the district, a meeting held by a parent …). */
const foreignRole: Record<string, string> = {
  CONSENT_RECEIVED: 'district',
  CONSENT_REFUSED: 'district',
  IEP_CONSENT_RECORDED: 'district',
  REVOCATION_RECEIVED: 'district',
  MEETING_HELD: 'parent',
  ASSESSMENT_PLAN_SENT: 'parent',
  HEARING_DECISION: 'parent',
  PARENT_RESPONSE: 'nps',
};

/** Chart-specific decisions on the shared MEETING_HELD. */
const decisions: Record<string, Record<string, unknown>> = {
  'initial-evaluation:MEETING_HELD': { eligible: true, iepDrafted: true },
  'reassessment:MEETING_HELD': { eligible: true },
  'annual-review:MEETING_HELD': { esyNeeded: false, transitionPlanIncluded: true },
};
const validFor = (type: string, chart = '') => ({ type, occurredOn: '2026-10-14', ...samples[type], ...decisions[`${chart}:${type}`] });
function issues(schema: ZodTypeAny, input: unknown) {
  const result = schema.safeParse(input);
  expect(result.success, JSON.stringify(input)).toBe(false);
  return result.success ? [] : result.error.issues;
}
const paths = (list: ReturnType<typeof issues>) => list.map((i) => i.path.join('.'));

const cases = definitions.flatMap((def) => Object.entries(def.events).map(([type, schema]) => ({ chart: def.id, type, schema })));

describe('event schemas of the school-age charts', () => {
  it('cover every event type with a sample (a new event needs one here)', () => {
    expect(cases.filter((c) => !samples[c.type]).map((c) => `${c.chart}:${c.type}`)).toEqual([]);
    expect(cases.length).toBeGreaterThan(90);
  });

  describe.each(cases)('$chart $type', ({ chart, type, schema }) => {
    const valid = (t: string) => validFor(t, chart);
    it('accepts a well-formed event', () => {
      expect(schema.safeParse(valid(type)).success).toBe(true);
    });
    it('refuses a missing occurredOn at that field', () => {
      const { occurredOn: _drop, ...rest } = valid(type);
      expect(paths(issues(schema, rest))).toContain('occurredOn');
    });
    it('refuses a date that does not exist', () => {
      const list = issues(schema, { ...valid(type), occurredOn: '2027-02-30' });
      expect(list[0].path).toEqual(['occurredOn']);
      expect(list[0].message).toMatch(/real calendar date/);
    });
    it('refuses an unknown field by name', () => {
      const list = issues(schema, { ...valid(type), studentName: 'x' });
      expect(list).toContainEqual(expect.objectContaining({ code: 'unrecognized_keys', keys: ['studentName'] }));
    });
    it('refuses an actor role that does not exist, at actor.role', () => {
      expect(paths(issues(schema, { ...valid(type), actor: { role: 'teacher' } }))).toEqual(['actor.role']);
    });
    it('refuses a name where an actor id belongs, at actor.id', () => {
      expect(paths(issues(schema, { ...valid(type), actor: { role: (samples[type].actor as { role: string }).role, id: 'Maria Lopez' } }))).toEqual(['actor.id']);
    });
  });

  it.each(Object.entries(foreignRole))('%s refuses an act by %s, at actor.role', (type, role) => {
    for (const c of cases.filter((x) => x.type === type)) {
      expect(paths(issues(c.schema, { ...validFor(type, c.chart), actor: { role } }))).toEqual(['actor.role']);
    }
  });

  it('names the field of a cross-field error', () => {
    const valid = (t: string) => validFor(t, t === 'MEETING_HELD' ? 'reassessment' : '');
    const plan = initialEvaluation.events.ASSESSMENT_PLAN_SENT;
    expect(paths(issues(plan, { ...valid('ASSESSMENT_PLAN_SENT'), receivedByParentOn: '2026-10-13' }))).toEqual(['receivedByParentOn']);
    const consent = initialEvaluation.events.IEP_CONSENT_RECORDED;
    expect(paths(issues(consent, { ...valid('IEP_CONSENT_RECORDED'), except: undefined }))).toEqual(['except']);
    expect(paths(issues(consent, { ...valid('IEP_CONSENT_RECORDED'), scope: 'all' }))).toEqual(['except']);
    expect(paths(issues(consent, { ...valid('IEP_CONSENT_RECORDED'), except: ['Counselling with Ms X'] }))).toEqual(['except.0']);
    expect(paths(issues(revocation.events.REVOCATION_RECEIVED, { ...valid('REVOCATION_RECEIVED'), inWriting: false }))).toEqual(['inWriting']);
    expect(paths(issues(revocation.events.PWN_SENT, { ...valid('PWN_SENT'), stopOn: '2026-10-01' }))).toEqual(['stopOn']);
    expect(paths(issues(iepMeeting.events.MEETING_NOTICE_SENT, { ...valid('MEETING_NOTICE_SENT'), meetingOn: '2026-10-01' }))).toEqual(['meetingOn']);
    expect(paths(issues(reassessment.events.MEETING_HELD, { ...valid('MEETING_HELD'), eligible: undefined }))).toEqual(['eligible']);
  });
});

describe('declared clocks of the school-age charts', () => {
  interface Node {
    id: string;
    parent?: Node;
    states: Record<string, Node>;
    transitions: Map<string, unknown[]>;
    meta?: { clocks?: Array<{ id: string; rule: string; onDue: string; onReminder?: string; onOpen?: string }> };
  }
  const walk = (node: Node, out: Node[] = []): Node[] => {
    out.push(node);
    Object.values(node.states).forEach((child) => walk(child, out));
    return out;
  };
  /** By the declaring state, an ancestor, or (a reminder that starts preparation) one of its children. */
  const handled = (node: Node, type: string): boolean => {
    for (let n: Node | undefined = node; n; n = n.parent) if (n.transitions.has(type)) return true;
    return walk(node).some((n) => n.transitions.has(type));
  };
  const clocks = definitions.flatMap((def) =>
    walk(def.machine.root as Node).flatMap((node) => (node.meta?.clocks ?? []).map((clock) => ({ chart: def.id, node, clock }))),
  );

  it('name rule ids the deadline engine knows and say what happens at each point, where the clock runs', async () => {
    const { isRuleId } = await import('../../../deadlines/rule-ids');
    expect(clocks.length).toBeGreaterThan(25);
    const problems = clocks.flatMap(({ chart, node, clock }) => [
      ...(isRuleId(clock.rule) ? [] : [`${chart} ${clock.id}: unknown rule ${clock.rule}`]),
      ...[clock.onDue, clock.onReminder, clock.onOpen]
        .filter((t): t is string => Boolean(t))
        .filter((t) => !handled(node, t))
        .map((t) => `${node.id} ${clock.id}: ${t} not handled`),
    ]);
    expect(problems).toEqual([]);
  });
});
