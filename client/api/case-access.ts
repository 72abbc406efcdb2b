/**
 * Authorizing a request about one student's case, before any Query or Update reaches it:
 * - a parent is checked on their own ids alone (their studentIds), with no Temporal call at
 *   all, so a refused parent never causes the case to be looked up (L11028-L11030);
 * - staff, supervisors and auditors are checked against the case's district and case manager,
 *   read from the workflow's search attributes (CaseService.scope: describe, server metadata —
 *   never the case's Queries or Updates), because that is where whose case it is lives.
 * Every read of a record, allowed or refused, is appended to the access log before the answer
 * is sent (L9284-L9286: party, date, purpose; L4316-L4317: kept with the record).
 */
import type { CaseScope } from '../case-service';
import { isRecordRead, type ApiAction, type Principal } from './auth';
import type { ApiContext } from './context';

const logged = new WeakSet<object>();

/** True when this refusal already has its access-log line (so endpoint() does not add another). */
export function refusalLogged(error: unknown): boolean {
  return typeof error === 'object' && error !== null && logged.has(error);
}

export async function authorizeCase(ctx: ApiContext, principal: Principal, action: ApiAction, studentId: string): Promise<CaseScope> {
  if (principal.role === 'parent') ctx.authorize(principal, action, { studentId });
  const scope = await ctx.service.scope(studentId);
  const read = isRecordRead(action);
  try {
    ctx.authorize(principal, action, scope);
  } catch (error) {
    if (read && typeof error === 'object' && error !== null) {
      await ctx.accessLog.record({ userId: principal.userId, role: principal.role, action, studentId, outcome: 'refused', districtId: scope.districtId });
      logged.add(error);
    }
    throw error;
  }
  if (read) await ctx.accessLog.record({ userId: principal.userId, role: principal.role, action, studentId, outcome: 'allowed', districtId: scope.districtId });
  return scope;
}
