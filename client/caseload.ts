/**
 * The caseload through Temporal visibility: open cases by next due date, overdue, by school or
 * case manager — ids and dates only (search attributes carry no PII).
 */
import type { Client } from '@temporalio/client';
import { z } from 'zod';

export const CaseloadFilter = z
  .object({
    school: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/).optional(),
    caseManager: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/).optional(),
    district: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/).optional(),
    overdue: z.boolean().optional(),
    /** Only cases whose next deadline is on or before this date. */
    dueBy: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
    rule: z.string().regex(/^[a-z0-9-]{2,64}$/).optional(),
    limit: z.number().int().min(1).max(10_000).default(500),
  })
  .strict();
export type CaseloadFilter = z.input<typeof CaseloadFilter>;

export interface CaseloadRow {
  caseId: string;
  studentId: string;
  district: string | null;
  school: string | null;
  caseManager: string | null;
  nextRule: string | null;
  nextDue: string | null;
  overdue: boolean;
  overdueRules: string[];
  states: string[];
  problem: boolean;
}

/** Visibility query text; values were validated by the schema (ids and dates only). */
export function caseloadQuery(filter: CaseloadFilter): string {
  const f = CaseloadFilter.parse(filter);
  const clauses = [`WorkflowType = 'studentCase'`, `ExecutionStatus = 'Running'`];
  if (f.school) clauses.push(`CaseSchool = '${f.school}'`);
  if (f.caseManager) clauses.push(`CaseManager = '${f.caseManager}'`);
  if (f.district) clauses.push(`CaseDistrict = '${f.district}'`);
  if (f.overdue !== undefined) clauses.push(`CaseOverdue = ${f.overdue}`);
  if (f.dueBy) clauses.push(`CaseNextDue <= '${f.dueBy}T23:59:59Z'`);
  if (f.rule) clauses.push(`CaseNextRule = '${f.rule}'`);
  return clauses.join(' AND ');
}

function one(attrs: Record<string, unknown>, key: string): unknown {
  const v = attrs[key];
  return Array.isArray(v) ? v[0] : v;
}

export async function listCaseload(client: Client, filter: CaseloadFilter): Promise<CaseloadRow[]> {
  const f = CaseloadFilter.parse(filter);
  const rows: CaseloadRow[] = [];
  for await (const wf of client.workflow.list({ query: caseloadQuery(f) })) {
    const a = (wf.searchAttributes ?? {}) as Record<string, unknown>;
    const due = one(a, 'CaseNextDue');
    rows.push({
      caseId: wf.workflowId,
      studentId: String(one(a, 'CaseStudentId') ?? wf.workflowId.replace(/^case-/, '')),
      district: (one(a, 'CaseDistrict') as string) ?? null,
      school: (one(a, 'CaseSchool') as string) ?? null,
      caseManager: (one(a, 'CaseManager') as string) ?? null,
      nextRule: (one(a, 'CaseNextRule') as string) ?? null,
      nextDue: due ? new Date(due as string).toISOString().slice(0, 10) : null,
      overdue: one(a, 'CaseOverdue') === true,
      overdueRules: (a.CaseOverdueRules as string[]) ?? [],
      states: (a.CaseStates as string[]) ?? [],
      problem: one(a, 'CaseProblem') === true,
    });
    if (rows.length >= f.limit) break;
  }
  return rows.sort((x, y) => (x.nextDue ?? '9999').localeCompare(y.nextDue ?? '9999') || x.caseId.localeCompare(y.caseId));
}
