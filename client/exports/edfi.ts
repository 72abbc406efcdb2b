/**
 * Special-education program records as JSON *shaped like* the Ed-Fi Data Standard's
 * `studentSpecialEducationProgramAssociation` and `specialEducationProgramEligibilityAssociation`
 * resources — field names and descriptor URIs follow Ed-Fi so an ODS/API loader can map them,
 * but this is not a certified Ed-Fi payload (no ODS ids, no descriptors beyond the few named).
 * Ids, dates and codes only: `studentUniqueId` is the local student id, never a name.
 *
 * Per case, from its own view and timeline:
 * - program association: beginDate = the day the student entered the program (services started,
 *   or the IEP a case joined with), endDate = the day an exit process closed, IEP dates from the
 *   meetings held, the next annual review and triennial due, and every event (type, date,
 *   process) under `_ext.caseclock.events`;
 * - eligibility association, one per initial evaluation: consent to evaluate, evaluation
 *   completed, eligibility decided, and the delay recorded when the 60-day count ran out.
 */
import type { CaseView } from '../../workflows/case-view';
import type { TimelineEntry } from '../../workflows/case-state';
import type { CaseRecord } from './case-records';

const PROGRAM_NAME = 'Special Education';
const PROGRAM_TYPE = 'uri://ed-fi.org/ProgramTypeDescriptor#Special Education';
const IDEA_PART_B = 'uri://ed-fi.org/IDEAPartDescriptor#IDEA Part B';
const IDEA_PART_C = 'uri://ed-fi.org/IDEAPartDescriptor#IDEA Part C';

export const EDFI_SHAPE_NOTE =
  'Shaped like Ed-Fi studentSpecialEducationProgramAssociation / specialEducationProgramEligibilityAssociation; not a certified Ed-Fi payload.';

interface Reference {
  studentReference: { studentUniqueId: string };
  programReference: { educationOrganizationId: string; programName: string; programTypeDescriptor: string };
}

export interface EdfiProgramAssociation extends Reference {
  educationOrganizationReference: { educationOrganizationId: string };
  beginDate: string | null;
  endDate: string | null;
  ideaEligibility: boolean | null;
  iepBeginDate: string | null;
  iepEndDate: string | null;
  iepReviewDate: string | null;
  lastEvaluationDate: string | null;
  _ext: {
    caseclock: {
      caseId: string;
      schoolId: string | null;
      caseManagerId: string | null;
      nextTriennialDue: string | null;
      events: Array<{ type: string; occurredOn: string; process: string | null }>;
    };
  };
}

export interface EdfiEligibilityAssociation extends Reference {
  ideaPartDescriptor: string;
  consentToEvaluationReceivedDate: string | null;
  evaluationCompleteIndicator: boolean;
  eligibilityEvaluationDate: string | null;
  eligibilityDeterminationDate: string | null;
  ideaIndicator: boolean | null;
  eligibilityDelayReasonDescriptor: string | null;
  _ext: { caseclock: { process: string; initialIepDue: string | null; delayReason: string | null } };
}

export interface EdfiDocument {
  note: string;
  generatedOn: string;
  studentSpecialEducationProgramAssociations: EdfiProgramAssociation[];
  specialEducationProgramEligibilityAssociations: EdfiEligibilityAssociation[];
}

/** Events people and charts recorded (openers included), in date order; no clock or effect noise. */
function recordedEvents(timeline: readonly TimelineEntry[]): TimelineEntry[] {
  return timeline
    .filter((t) => t.kind === 'event' || (t.kind === 'process' && t.type !== 'PROCESS_OPENED'))
    .sort((a, b) => a.occurredOn.localeCompare(b.occurredOn) || a.seq - b.seq);
}

const chartOf = (key: string | undefined) => (key ?? '').replace(/#\d+$/, '');

function latest(events: readonly TimelineEntry[], match: (t: TimelineEntry) => boolean): string | null {
  const hits = events.filter(match);
  return hits.length ? hits[hits.length - 1].occurredOn : null;
}

function earliest(events: readonly TimelineEntry[], match: (t: TimelineEntry) => boolean): string | null {
  return events.find(match)?.occurredOn ?? null;
}

function eligibleFlag(t: TimelineEntry): boolean | null {
  const e = t.detail?.eligible ?? (t.detail?.trigger as Record<string, unknown> | undefined)?.eligible;
  return typeof e === 'boolean' ? e : null;
}

function reference(view: CaseView): Reference {
  return {
    studentReference: { studentUniqueId: view.studentId },
    programReference: { educationOrganizationId: view.districtId, programName: PROGRAM_NAME, programTypeDescriptor: PROGRAM_TYPE },
  };
}

const isIepMeeting = (t: TimelineEntry) =>
  (t.type === 'MEETING_HELD' && ['initial-evaluation', 'annual-review', 'reassessment'].includes(chartOf(t.process))) ||
  t.type === 'ANNUAL_IEP_ON_FILE';
const isEvaluationMeeting = (t: TimelineEntry) =>
  (t.type === 'MEETING_HELD' && ['initial-evaluation', 'reassessment'].includes(chartOf(t.process))) || t.type === 'ELIGIBILITY_ON_FILE';
const entersProgram = (t: TimelineEntry) =>
  ['SERVICES_STARTED', 'ANNUAL_IEP_ON_FILE', 'ELIGIBILITY_ON_FILE', 'ENROLLED_WITH_IEP', 'IEP_IN_EFFECT'].includes(t.type);

function programAssociation({ view, timeline }: CaseRecord): EdfiProgramAssociation {
  const events = recordedEvents(timeline);
  const exit = view.processes.filter((p) => p.chart === 'exit' && p.status === 'done' && p.closedOn).map((p) => p.closedOn as string).sort();
  const decisions = events.filter(isEvaluationMeeting).map(eligibleFlag).filter((e): e is boolean => e !== null);
  const beginDate = earliest(events, entersProgram);
  const due = (rule: string) => view.pending.find((d) => d.rule === rule)?.due ?? null;
  return {
    ...reference(view),
    educationOrganizationReference: { educationOrganizationId: view.districtId },
    beginDate,
    endDate: exit.length ? exit[exit.length - 1] : null,
    ideaEligibility: decisions.length ? decisions[decisions.length - 1] : beginDate ? true : null,
    iepBeginDate: latest(events, isIepMeeting),
    iepEndDate: due('annual-review'),
    iepReviewDate: latest(events, (t) => isIepMeeting(t) && chartOf(t.process) === 'annual-review'),
    lastEvaluationDate: latest(events, isEvaluationMeeting),
    _ext: {
      caseclock: {
        caseId: view.caseId,
        schoolId: view.schoolId,
        caseManagerId: view.caseManagerId,
        nextTriennialDue: due('triennial'),
        events: events.map((t) => ({ type: t.type, occurredOn: t.occurredOn, process: t.process ?? null })),
      },
    },
  };
}

function eligibilityAssociations({ view, timeline }: CaseRecord): EdfiEligibilityAssociation[] {
  const events = recordedEvents(timeline);
  const evaluations = view.processes.filter((p) => p.chart === 'initial-evaluation' || p.chart === 'early-start');
  return evaluations.map((p) => {
    const own = events.filter((t) => t.process === p.key);
    const partC = p.chart === 'early-start';
    const meeting = own.filter((t) => t.type === (partC ? 'IFSP_MEETING_HELD' : 'MEETING_HELD')).pop();
    const rule = partC ? 'early-start-ifsp' : 'initial-iep';
    const clock = [...view.pending, ...view.closed].find((d) => d.process === p.key && d.rule === rule);
    const delay = [...view.delays].reverse().find((d) => d.process === p.key && d.rule === rule);
    return {
      ...reference(view),
      ideaPartDescriptor: partC ? IDEA_PART_C : IDEA_PART_B,
      consentToEvaluationReceivedDate: earliest(own, (t) => t.type === (partC ? 'ASSESSMENT_CONSENT_RECORDED' : 'CONSENT_RECEIVED')),
      evaluationCompleteIndicator: own.some((t) => t.type === (partC ? 'EVALUATION_COMPLETED' : 'ASSESSMENT_COMPLETED')),
      eligibilityEvaluationDate: latest(own, (t) => t.type === (partC ? 'EVALUATION_COMPLETED' : 'ASSESSMENT_COMPLETED')),
      eligibilityDeterminationDate: meeting?.occurredOn ?? null,
      ideaIndicator: meeting ? eligibleFlag(meeting) : null,
      eligibilityDelayReasonDescriptor: delay?.calpadsCode ?? null,
      _ext: { caseclock: { process: p.key, initialIepDue: clock?.due ?? null, delayReason: delay?.code ?? null } },
    };
  });
}

export function edfiDocument(cases: readonly CaseRecord[], generatedOn: string): EdfiDocument {
  return {
    note: EDFI_SHAPE_NOTE,
    generatedOn,
    studentSpecialEducationProgramAssociations: cases.map(programAssociation),
    specialEducationProgramEligibilityAssociations: cases.flatMap(eligibilityAssociations),
  };
}
