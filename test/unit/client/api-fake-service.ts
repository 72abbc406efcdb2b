/**
 * A stand-in CaseService for the API's authorization tests: it records every call, so a test
 * can assert that a refused request never reached the case (no Query, no Update — and, for a
 * parent or a role refusal, not even the scope lookup).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DocumentStore } from '../../../activities/document-store';
import type { RetryingActivity } from '../../../client/activity-retries';
import type { Calendar } from '../../../deadlines';
import { CaseError, type CaseService } from '../../../client/case-service';
import type { ApiUser } from '../../../client/api/auth';
import { buildApi } from '../../../client/api/server';
import type { CaseView } from '../../../workflows/case-view';

export const DISTRICT = 'd-north';
export const OTHER_DISTRICT = 'd-south';

/** Cases the fake knows: own (cm-1, d-north), a colleague's (cm-2, d-north), another district's. */
export const CASES: Record<string, { districtId: string; caseManagerId: string }> = {
  's-own': { districtId: DISTRICT, caseManagerId: 'cm-1' },
  's-colleague': { districtId: DISTRICT, caseManagerId: 'cm-2' },
  's-south': { districtId: OTHER_DISTRICT, caseManagerId: 'cm-9' },
};

const tok = (name: string) => `${name}-token-0123456789abcdefghij`;
export const TOKENS = { staff: tok('staff'), supervisor: tok('supervisor'), auditor: tok('auditor'), parent: tok('parent'), southSupervisor: tok('south') };

export const USERS: ApiUser[] = [
  { token: TOKENS.staff, userId: 'u-staff', role: 'staff', districtIds: [DISTRICT], caseManagerId: 'cm-1' },
  { token: TOKENS.supervisor, userId: 'u-super', role: 'supervisor', districtIds: [DISTRICT] },
  { token: TOKENS.auditor, userId: 'u-audit', role: 'auditor', districtIds: [DISTRICT] },
  { token: TOKENS.parent, userId: 'u-parent', role: 'parent', districtIds: [], studentIds: ['s-own'] },
  { token: TOKENS.southSupervisor, userId: 'u-south', role: 'supervisor', districtIds: [OTHER_DISTRICT] },
];

export const PDF_SHA = 'a'.repeat(64);
export const NOTICE_ID = 'case-s-own:3:initial-evaluation#1:0';

export function fakeView(studentId: string): CaseView {
  const c = CASES[studentId];
  return {
    caseId: `case-${studentId}`,
    studentId,
    districtId: c.districtId,
    schoolId: 'sch-1',
    caseManagerId: c.caseManagerId,
    today: '2026-10-01',
    calendar: { id: 'demo-usd', version: '1' },
    rightsHolder: 'parent',
    processes: [{ key: 'initial-evaluation#1', chart: 'initial-evaluation', version: '1', status: 'open', state: 'planSent', openedOn: '2026-09-01', closedOn: null }],
    states: { 'initial-evaluation': 'planSent' },
    pending: [
      {
        key: 'k1',
        process: 'initial-evaluation#1',
        clock: 'consent',
        rule: 'plan-response',
        from: '2026-09-02',
        due: '2026-09-17',
        actBy: null,
        earliest: null,
        explanation: ['15 days'],
        overdue: false,
        problem: 'staff-only note',
        reminders: ['2026-09-15'],
        status: 'pending',
        closedOn: null,
        late: false,
        moves: [],
      },
    ],
    closed: [],
    notices: [{ id: NOTICE_ID, process: 'initial-evaluation#1', form: 'AP', to: ['parent'], on: '2026-09-02', status: 'done', documentSha256: PDF_SHA, deliveries: [] }],
    signatures: [{ id: 'sig-1', process: 'initial-evaluation#1', scope: 'assessment-plan', signer: 'parent', form: 'AP', on: '2026-09-02', status: 'done', requestId: 'r-1' }],
    alerts: [{ id: 'al-1', process: 'initial-evaluation#1', kind: 'escalation', rule: 'plan-response', on: '2026-09-20', status: 'done' }],
    delays: [{ seq: 4, process: 'initial-evaluation#1', code: 'x', calpadsCode: 'y', rule: 'plan-response', on: '2026-09-20' }] as unknown as CaseView['delays'],
    effectsQueued: 1,
    effectsFailed: 0,
    lastSeq: 3,
    run: 1,
  };
}

/** The north district's cases follow demo-usd, the south's year-round-usd. */
export const calendarOf = (districtId: string) => (districtId === DISTRICT ? 'demo-usd' : 'year-round-usd');

/** What the fake says each case's pending activities are (describe); tests set it per case. */
export type RetryingByCase = Record<string, RetryingActivity[]>;

export interface FakeService {
  service: CaseService;
  calls: string[];
  /** Visibility queries the caseload route made. */
  queries: string[];
  retrying: RetryingByCase;
  /** The requests openCase received (the calendar as resolved by the route). */
  opened: Array<Record<string, unknown>>;
}

export function fakeService(): FakeService {
  const calls: string[] = [];
  const queries: string[] = [];
  const retrying: RetryingByCase = {};
  const opened: Array<Record<string, unknown>> = [];
  const known = (studentId: string) => {
    if (!CASES[studentId]) throw new CaseError(`no case for student ${studentId}`, 'not-found', 'studentId');
    return CASES[studentId];
  };
  const client = {
    workflow: {
      list({ query }: { query: string }) {
        calls.push('list');
        queries.push(query);
        const district = /CaseDistrict = '([^']+)'/.exec(query)?.[1];
        const manager = /CaseManager = '([^']+)'/.exec(query)?.[1];
        const calendar = /CaseCalendar STARTS_WITH '([^@']+)@'/.exec(query)?.[1];
        const rows = Object.entries(CASES).filter(([, c]) =>
          calendar ? calendarOf(c.districtId) === calendar : (!district || c.districtId === district) && (!manager || c.caseManagerId === manager),
        );
        return (async function* () {
          for (const [studentId, c] of rows) {
            yield {
              workflowId: `case-${studentId}`,
              searchAttributes: { CaseStudentId: [studentId], CaseDistrict: [c.districtId], CaseManager: [c.caseManagerId], CaseCalendar: [`${calendarOf(c.districtId)}@1`] },
            };
          }
        })();
      },
      getHandle(workflowId: string) {
        return {
          signal: async () => {
            calls.push(`signal:${workflowId}`);
          },
        };
      },
    },
  };
  const service = {
    client,
    async scope(studentId: string) {
      calls.push(`scope:${studentId}`);
      const c = known(studentId);
      return { studentId, districtId: c.districtId, caseManagerId: c.caseManagerId, schoolId: 'sch-1' };
    },
    async view(studentId: string) {
      calls.push(`view:${studentId}`);
      known(studentId);
      return fakeView(studentId);
    },
    async timeline(studentId: string) {
      calls.push(`timeline:${studentId}`);
      known(studentId);
      return [{ seq: 1, at: '2026-09-01T16:00:00Z', occurredOn: '2026-09-01', kind: 'event', type: 'REFERRAL_RECEIVED' }];
    },
    async recordEvent(studentId: string, event: Record<string, unknown>) {
      calls.push(`recordEvent:${studentId}`);
      known(studentId);
      if (event.type === 'BAD_ORDER') throw new CaseError('occurredOn: before the referral', 'refused', 'occurredOn');
      return { seq: 4, process: 'initial-evaluation#1', state: 'consented', opened: [], view: fakeView(studentId), event };
    },
    async openCase(req: { studentId: string }) {
      calls.push(`openCase:${req.studentId}`);
      opened.push(req);
      if (CASES[req.studentId]) throw new CaseError(`case case-${req.studentId} already exists`, 'conflict', 'studentId');
      return { caseId: `case-${req.studentId}`, runId: 'run-1' };
    },
    async sign(studentId: string, req: unknown) {
      calls.push(`sign:${studentId}`);
      return { signed: true, req };
    },
    async retrying(studentId: string) {
      calls.push(`retrying:${studentId}`);
      known(studentId);
      return retrying[studentId] ?? [];
    },
    /** The publishCalendar Update: every case's plan-response deadline moves one day (s-colleague's case has ended). */
    async publishCalendar(studentId: string, calendar: Calendar) {
      calls.push(`publishCalendar:${studentId}@${calendar.version}`);
      known(studentId);
      if (studentId === 's-colleague') throw new CaseError('workflow execution already completed', 'refused', null);
      return { calendarVersion: calendar.version, moved: [{ key: 'k1', process: 'initial-evaluation#1', rule: 'plan-response', from: '2026-09-17', to: '2026-09-18', explanation: [] }] };
    },
  };
  return { service: service as unknown as CaseService, calls, queries, retrying, opened };
}

export class MemoryDocuments implements DocumentStore {
  readonly docs = new Map<string, Uint8Array>([[PDF_SHA, new TextEncoder().encode('%PDF-1.7 fake')]]);
  async put(): Promise<{ sha256: string }> {
    throw new Error('read-only in tests');
  }
  async get(sha256: string) {
    return this.docs.get(sha256) ?? null;
  }
  async has(sha256: string) {
    return this.docs.has(sha256);
  }
}

export function fakeApi() {
  const fake = fakeService();
  const dataDir = mkdtempSync(join(tmpdir(), 'caseclock-api-'));
  const app = buildApi(fake.service, { users: USERS, dataDir, documents: new MemoryDocuments() });
  return { app, dataDir, ...fake };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
