/**
 * Who may call the API: bearer tokens from a zod-validated tokens file, and one pure rule
 * table `authorize(principal, action, target)` every route goes through before any Temporal
 * call that reads or changes a case.
 *
 * The roles follow the handbook's records rules (NW SELPA Procedural Handbook, ch. 5):
 * - parents may inspect and review all records of their own child (L4055-L4060; a surrogate
 *   parent has the same right, L10023-L10025) — never another child's, and a parent is not told
 *   whether another child's case exists (privacy of the student and family, L11028-L11030);
 * - school officials "who have a legitimate educational interest" get access without written
 *   consent (L4157-L4162): a case manager for their own cases, a supervisor for the district;
 * - the log of access is open to "the school officials … responsible for the maintenance of
 *   pupil records" and to auditors "as a means of auditing the operation of the system"
 *   (L4230-L4239), so supervisors and auditors read it; auditors change nothing.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { ApiError } from './api-error';

const Id = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be an id (letters, digits, . _ -)');

export const Role = z.enum(['staff', 'supervisor', 'auditor', 'parent']);
export type Role = z.infer<typeof Role>;

export const ApiUserSchema = z
  .object({
    token: z.string().min(24, 'must be at least 24 characters').max(512),
    userId: Id,
    role: Role,
    districtIds: z.array(Id).default([]),
    caseManagerId: Id.optional(),
    studentIds: z.array(Id).optional(),
    /**
     * A family user's part in a signature (role parent only; default parent). The student who
     * has turned 18 holds the rights and signs in place of the parent (L3473-3476,
     * L17009-17012) with a login of their own: `adultStudent`.
     */
    signsAs: z.enum(['parent', 'guardian', 'adultStudent']).optional(),
  })
  .strict();
export type ApiUser = z.input<typeof ApiUserSchema>;

export const TokensFileSchema = z.object({ users: z.array(ApiUserSchema) }).strict();

/** The caller as routes see it: ids only, never the token. */
export interface Principal {
  userId: string;
  role: Role;
  districtIds: string[];
  caseManagerId: string | null;
  studentIds: string[];
  /** Who a family (role parent) user signs as; parent when not set. */
  signsAs?: 'parent' | 'guardian' | 'adultStudent';
}

export const API_ACTIONS = [
  'me.read',
  'caseload.read',
  'case.open',
  'case.read',
  'case.event',
  'timeline.read',
  'replay.read',
  'notice.read',
  'signature.sign',
  'alerts.read',
  'calendar.read',
  'calendar.publish',
  'case.import',
  'case.export',
  'accessLog.read',
  'chart.read',
  'codec.decode',
  'codec.encode',
] as const;
export type ApiAction = (typeof API_ACTIONS)[number];

/**
 * What an action is about. Without a target, authorize() checks the role alone ("may this role
 * ever do this?"); a route about one case passes the case's student, district and case manager
 * (client/api/case-access.ts authorizeCase does that for every case route).
 */
export interface AuthTarget {
  studentId?: string;
  districtId?: string | null;
  caseManagerId?: string | null;
  /** Several districts at once (a calendar every district's cases follow): all must be the caller's. */
  districtIds?: string[];
}

/** Actions each role may take at all; scope (own cases / district / own child) is checked next. */
const ROLE_ACTIONS: Record<Role, ReadonlySet<ApiAction>> = {
  // A case manager is a school official with a legitimate interest in their own cases (L4157-L4162).
  staff: new Set<ApiAction>(['me.read', 'caseload.read', 'case.open', 'case.read', 'case.event', 'timeline.read', 'replay.read', 'notice.read', 'alerts.read', 'case.export', 'calendar.read', 'chart.read']),
  // The district official responsible for the records (L4233-L4235; custodian of records L11031-L11035).
  supervisor: new Set<ApiAction>(API_ACTIONS.filter((a) => a !== 'signature.sign')),
  // Auditing the operation of the system (L4238-L4239): every read, no write.
  auditor: new Set<ApiAction>(['me.read', 'caseload.read', 'case.read', 'timeline.read', 'replay.read', 'notice.read', 'alerts.read', 'case.export', 'accessLog.read', 'calendar.read', 'chart.read', 'codec.decode']),
  // Inspect and review their own child's records (L4055-L4058) and answer consent requests.
  parent: new Set<ApiAction>(['me.read', 'case.read', 'notice.read', 'signature.sign']),
};

/** Actions about one student's case: for these a target's scope is checked. */
const CASE_ACTIONS: ReadonlySet<ApiAction> = new Set<ApiAction>([
  'case.open',
  'case.read',
  'case.event',
  'timeline.read',
  'replay.read',
  'notice.read',
  'signature.sign',
  'alerts.read',
  'case.export',
  'accessLog.read',
]);

export function isCaseAction(action: ApiAction): boolean {
  return CASE_ACTIONS.has(action);
}

/** Reads of a student's record: each one, allowed or refused, is a line of the access log. */
const RECORD_READS: ReadonlySet<ApiAction> = new Set<ApiAction>(['case.read', 'timeline.read', 'replay.read', 'notice.read', 'case.export']);

export function isRecordRead(action: ApiAction): boolean {
  return RECORD_READS.has(action);
}

/** The roles that may take an action at all (for the OpenAPI document and /api/me). */
export function rolesFor(action: ApiAction): Role[] {
  return Role.options.filter((role) => ROLE_ACTIONS[role].has(action));
}

/** The same words as a missing case (CaseError not-found), so a 404 tells a parent nothing. */
export function noCaseMessage(studentId: string): string {
  return `no case for student ${studentId}`;
}

/** Pure: throws ApiError(403|404) or returns. Never touches Temporal or the disk. */
export function authorize(principal: Principal, action: ApiAction, target?: AuthTarget): void {
  const { role } = principal;
  if (role === 'parent' && target?.studentId !== undefined && !principal.studentIds.includes(target.studentId)) {
    // Checked before the role table: a parent learns nothing about another child, not even
    // which actions exist for them (L11028-L11030).
    throw new ApiError(404, noCaseMessage(target.studentId), 'studentId');
  }
  if (!ROLE_ACTIONS[role].has(action)) throw new ApiError(403, `role ${role} may not ${action}`, 'authorization');
  if (!target) return;
  const inDistrict = (d: string | null | undefined) => d !== undefined && d !== null && principal.districtIds.includes(d);
  if (target.districtIds !== undefined && !target.districtIds.every(inDistrict)) {
    throw new ApiError(403, `${action} reaches a district outside ${principal.userId}'s districts`, 'districtId');
  }
  if (!isCaseAction(action) && target.districtId === undefined) return;
  switch (role) {
    case 'parent':
      // Own child only (checked above); a parent's target needs a student.
      if (target.studentId === undefined) throw new ApiError(403, `role parent may only ${action} for their own child`, 'studentId');
      return;
    case 'staff':
      if (target.districtId !== undefined && !inDistrict(target.districtId)) {
        throw new ApiError(403, `district ${target.districtId ?? '(none)'} is not one of ${principal.userId}'s districts`, 'districtId');
      }
      if (isCaseAction(action) && (principal.caseManagerId === null || target.caseManagerId !== principal.caseManagerId)) {
        throw new ApiError(403, `staff may ${action} only on their own cases (case manager ${principal.caseManagerId ?? 'unset'})`, 'caseManagerId');
      }
      if (isCaseAction(action) && target.districtId === undefined) {
        throw new ApiError(403, `${action} needs the case's district`, 'districtId');
      }
      return;
    case 'supervisor':
    case 'auditor':
      if (!inDistrict(target.districtId)) {
        throw new ApiError(403, `district ${target.districtId ?? '(none)'} is not one of ${principal.userId}'s districts`, 'districtId');
      }
      return;
  }
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/** The users of one API process; tokens are kept only as SHA-256 hashes. */
export class ApiUsers {
  private readonly entries: Array<{ hash: Buffer; principal: Principal }>;

  constructor(users: ApiUser[]) {
    const parsed = TokensFileSchema.safeParse({ users });
    if (!parsed.success) throw new Error(tokensIssue(parsed.error));
    const seen = new Set<string>();
    this.entries = parsed.data.users.map((u, i) => {
      const hash = sha256(u.token).toString('hex');
      if (seen.has(hash)) throw new Error(`users[${i}].token: the same token is given to two users`);
      seen.add(hash);
      if (u.role === 'staff' && !u.caseManagerId) throw new Error(`users[${i}].caseManagerId: a staff user needs a caseManagerId`);
      if (u.role === 'parent' && !u.studentIds?.length) throw new Error(`users[${i}].studentIds: a parent user needs at least one studentId`);
      if (u.signsAs && u.role !== 'parent') throw new Error(`users[${i}].signsAs: only a family (role parent) user signs`);
      const principal: Principal = { userId: u.userId, role: u.role, districtIds: u.districtIds, caseManagerId: u.caseManagerId ?? null, studentIds: u.studentIds ?? [] };
      if (u.signsAs) principal.signsAs = u.signsAs;
      return { hash: sha256(u.token), principal };
    });
  }

  get size(): number {
    return this.entries.length;
  }

  /** The principal holding this token, or null. Every entry is compared, each in constant time. */
  find(token: string): Principal | null {
    const hash = sha256(token);
    let found: Principal | null = null;
    for (const e of this.entries) if (timingSafeEqual(e.hash, hash) && !found) found = e.principal;
    return found;
  }

  /** From an `Authorization` header; throws ApiError(401) naming the header. */
  authenticate(header: string | string[] | undefined): Principal {
    const value = Array.isArray(header) ? header[0] : header;
    const match = /^Bearer ([^\s]+)$/i.exec(value ?? '');
    if (!match) throw new ApiError(401, 'authorization: a bearer token is required (Authorization: Bearer <token>)', 'authorization');
    const principal = this.find(match[1]);
    if (!principal) throw new ApiError(401, 'authorization: unknown token', 'authorization');
    return principal;
  }
}

function tokensIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return `${issue.path.map(String).join('.') || 'tokens'}: ${issue.message}`;
}

/** Read and validate the tokens file; the error names the file's field, never a token. */
export function loadApiUsers(file: string): ApiUsers {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? `tokens file ${file}: not found` : `tokens file ${file}: not valid JSON`);
  }
  const parsed = TokensFileSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`tokens file ${file}: ${tokensIssue(parsed.error)}`);
  try {
    return new ApiUsers(parsed.data.users);
  } catch (error) {
    throw new Error(`tokens file ${file}: ${(error as Error).message}`);
  }
}

/** `CASECLOCK_API_TOKENS_FILE`, default `<dataDir>/api-tokens.json`. */
export function apiTokensFile(env: NodeJS.ProcessEnv, dataDir: string): string {
  const given = z.string().min(1, 'must be a file path').optional().safeParse(env.CASECLOCK_API_TOKENS_FILE || undefined);
  if (!given.success) throw new Error(`CASECLOCK_API_TOKENS_FILE: ${given.error.issues[0].message}`);
  return given.data ? resolve(given.data) : join(dataDir, 'api-tokens.json');
}
