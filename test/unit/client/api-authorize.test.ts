/**
 * authorize(): every role × every action, with no target (the role gate), with a target in the
 * caller's scope, and with targets outside it — each allowed or refused with the right status
 * and field. The expected table is written out here, independent of client/api/auth.ts.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../client/api/api-error';
import { API_ACTIONS, ApiUsers, apiTokensFile, authorize, loadApiUsers, type ApiAction, type AuthTarget, type Principal, type Role } from '../../../client/api/auth';
import { demoUsers } from '../../../client/api/demo-tokens';

const P: Record<Role, Principal> = {
  staff: { userId: 'u-staff', role: 'staff', districtIds: ['d1'], caseManagerId: 'cm-1', studentIds: [] },
  supervisor: { userId: 'u-super', role: 'supervisor', districtIds: ['d1'], caseManagerId: null, studentIds: [] },
  auditor: { userId: 'u-audit', role: 'auditor', districtIds: ['d1'], caseManagerId: null, studentIds: [] },
  parent: { userId: 'u-parent', role: 'parent', districtIds: [], caseManagerId: null, studentIds: ['s-own'] },
};

const ALLOWED: Record<Role, ApiAction[]> = {
  staff: ['me.read', 'caseload.read', 'case.open', 'case.read', 'case.event', 'timeline.read', 'replay.read', 'notice.read', 'alerts.read', 'case.export', 'calendar.read', 'chart.read'],
  supervisor: API_ACTIONS.filter((a) => a !== 'signature.sign'),
  auditor: ['me.read', 'caseload.read', 'case.read', 'timeline.read', 'replay.read', 'notice.read', 'alerts.read', 'case.export', 'accessLog.read', 'calendar.read', 'chart.read', 'codec.decode'],
  parent: ['me.read', 'case.read', 'notice.read', 'signature.sign'],
};

const CASE_ACTIONS: ApiAction[] = ['case.open', 'case.read', 'case.event', 'timeline.read', 'replay.read', 'notice.read', 'signature.sign', 'alerts.read', 'case.export', 'accessLog.read'];

const own: AuthTarget = { studentId: 's-own', districtId: 'd1', caseManagerId: 'cm-1' };
const colleague: AuthTarget = { studentId: 's-colleague', districtId: 'd1', caseManagerId: 'cm-2' };
const otherDistrict: AuthTarget = { studentId: 's-south', districtId: 'd2', caseManagerId: 'cm-1' };

function outcome(principal: Principal, action: ApiAction, target?: AuthTarget): 'allowed' | { status: number; field: string | null } {
  try {
    authorize(principal, action, target);
    return 'allowed';
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return { status: error.status, field: error.field };
  }
}

const roles = Object.keys(P) as Role[];

describe('authorize: the role gate (no target)', () => {
  for (const role of roles) {
    for (const action of API_ACTIONS) {
      const allowed = ALLOWED[role].includes(action);
      it(`${role} ${allowed ? 'may' : 'may not'} ${action}`, () => {
        expect(outcome(P[role], action)).toEqual(allowed ? 'allowed' : { status: 403, field: 'authorization' });
      });
    }
  }
});

describe('authorize: a case in the caller’s scope', () => {
  for (const role of roles) {
    for (const action of CASE_ACTIONS) {
      const allowed = ALLOWED[role].includes(action);
      it(`${role} ${action} on their own case → ${allowed ? 'allowed' : '403'}`, () => {
        expect(outcome(P[role], action, own)).toEqual(allowed ? 'allowed' : { status: 403, field: 'authorization' });
      });
    }
  }
});

describe('authorize: cases outside the caller’s scope', () => {
  for (const action of CASE_ACTIONS) {
    it(`staff ${action}: a colleague’s case → 403 caseManagerId, another district → 403 districtId`, () => {
      const allowed = ALLOWED.staff.includes(action);
      expect(outcome(P.staff, action, colleague)).toEqual({ status: 403, field: allowed ? 'caseManagerId' : 'authorization' });
      expect(outcome(P.staff, action, otherDistrict)).toEqual({ status: 403, field: allowed ? 'districtId' : 'authorization' });
    });
    for (const role of ['supervisor', 'auditor'] as const) {
      it(`${role} ${action}: any case of the district is in scope; another district → 403`, () => {
        const allowed = ALLOWED[role].includes(action);
        expect(outcome(P[role], action, colleague)).toEqual(allowed ? 'allowed' : { status: 403, field: 'authorization' });
        expect(outcome(P[role], action, otherDistrict)).toEqual({ status: 403, field: allowed ? 'districtId' : 'authorization' });
      });
    }
    it(`parent ${action} on another child → 404 (the case is not revealed), whatever the action`, () => {
      expect(outcome(P.parent, action, colleague)).toEqual({ status: 404, field: 'studentId' });
      expect(outcome(P.parent, action, { studentId: 's-south' })).toEqual({ status: 404, field: 'studentId' });
    });
  }

  it('parent: their own child by student id alone (no district needed)', () => {
    expect(outcome(P.parent, 'case.read', { studentId: 's-own' })).toBe('allowed');
    expect(outcome(P.parent, 'signature.sign', { studentId: 's-own' })).toBe('allowed');
    expect(outcome(P.parent, 'case.read', { districtId: 'd1' })).toEqual({ status: 403, field: 'studentId' });
  });

  it('staff: a case action without the case’s district is refused; staff without a case manager id are refused', () => {
    expect(outcome(P.staff, 'case.read', { studentId: 's-own', caseManagerId: 'cm-1' })).toEqual({ status: 403, field: 'districtId' });
    expect(outcome({ ...P.staff, caseManagerId: null }, 'case.read', own)).toEqual({ status: 403, field: 'caseManagerId' });
  });

  it('district-wide actions: caseload of a district, a calendar every case of which must be the caller’s', () => {
    expect(outcome(P.staff, 'caseload.read', { districtId: 'd1' })).toBe('allowed');
    expect(outcome(P.staff, 'caseload.read', { districtId: 'd2' })).toEqual({ status: 403, field: 'districtId' });
    expect(outcome(P.supervisor, 'calendar.publish', { districtIds: ['d1'] })).toBe('allowed');
    expect(outcome(P.supervisor, 'calendar.publish', { districtIds: ['d1', 'd2'] })).toEqual({ status: 403, field: 'districtId' });
    expect(outcome(P.supervisor, 'case.import', { districtId: 'd2' })).toEqual({ status: 403, field: 'districtId' });
    expect(outcome(P.supervisor, 'case.import', { districtId: 'd1' })).toBe('allowed');
  });
});

describe('API users and tokens', () => {
  const token = 'x'.repeat(30);
  it('finds the principal of a token, and refuses a missing or unknown one with 401', () => {
    const users = new ApiUsers([
      { token, userId: 'u1', role: 'auditor', districtIds: ['d1'] },
      { token: 'y'.repeat(30), userId: 'u2', role: 'parent', studentIds: ['s1'] },
    ]);
    expect(users.authenticate(`Bearer ${token}`)).toEqual({ userId: 'u1', role: 'auditor', districtIds: ['d1'], caseManagerId: null, studentIds: [] });
    expect(users.authenticate(`Bearer ${'y'.repeat(30)}`).userId).toBe('u2');
    for (const header of [undefined, '', 'Basic abc', `Bearer ${token}x`, token]) {
      expect(() => users.authenticate(header)).toThrow(expect.objectContaining({ status: 401, field: 'authorization' }));
    }
  });

  it('refuses a bad users list naming the field, never the token', () => {
    expect(() => new ApiUsers([{ token: 'short', userId: 'u1', role: 'staff', districtIds: [], caseManagerId: 'cm' }])).toThrow('users.0.token: must be at least 24 characters');
    expect(() => new ApiUsers([{ token, userId: 'u1', role: 'staff', districtIds: [] }])).toThrow('users[0].caseManagerId');
    expect(() => new ApiUsers([{ token, userId: 'u1', role: 'parent', districtIds: [] }])).toThrow('users[0].studentIds');
    expect(() => new ApiUsers([{ token, userId: 'Jane Doe', role: 'auditor' }])).toThrow('users.0.userId');
    expect(() => new ApiUsers([{ token, userId: 'u1', role: 'admin' as Role }])).toThrow('users.0.role');
    let message = '';
    try {
      new ApiUsers([
        { token, userId: 'u1', role: 'auditor' },
        { token, userId: 'u2', role: 'auditor' },
      ]);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe('users[1].token: the same token is given to two users');
    expect(message).not.toContain(token);
  });

  it('loads the tokens file, and names the file and field when it is wrong', () => {
    const dir = mkdtempSync(join(tmpdir(), 'caseclock-tokens-'));
    const file = join(dir, 'api-tokens.json');
    writeFileSync(file, JSON.stringify({ users: demoUsers() }));
    const users = loadApiUsers(file);
    expect(users.size).toBe(4);
    writeFileSync(file, JSON.stringify({ users: [{ token, userId: 'u1', role: 'auditor', extra: 1 }] }));
    expect(() => loadApiUsers(file)).toThrow(`tokens file ${file}: users.0: Unrecognized key: "extra"`);
    writeFileSync(file, '{ not json');
    expect(() => loadApiUsers(file)).toThrow(`tokens file ${file}: not valid JSON`);
    expect(() => loadApiUsers(join(dir, 'missing.json'))).toThrow('not found');
  });

  it('tokens file location: CASECLOCK_API_TOKENS_FILE, else <dataDir>/api-tokens.json', () => {
    expect(apiTokensFile({}, '/data')).toBe('/data/api-tokens.json');
    expect(apiTokensFile({ CASECLOCK_API_TOKENS_FILE: '/etc/caseclock/tokens.json' }, '/data')).toBe('/etc/caseclock/tokens.json');
  });

  it('demo users: one per role, random tokens of 43 characters, scoped to the demo cases', () => {
    const a = demoUsers();
    const b = demoUsers();
    expect(a.map((u) => u.role)).toEqual(['staff', 'supervisor', 'auditor', 'parent']);
    expect(a.every((u) => u.token.length === 43)).toBe(true);
    expect(a[0].token).not.toBe(b[0].token);
    expect(a[0]).toMatchObject({ caseManagerId: 'cm-demo', districtIds: ['demo-usd', 'demo-usd-extended'] });
    expect(a[3]).toMatchObject({ studentIds: ['demo-c1'] });
  });
});
