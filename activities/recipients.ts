/**
 * Who a recipient role is, from the student directory. Family roles resolve to the parent or
 * the adult student (after rights transfer notices go to both, L3473-3476: the workflow names
 * both). Staff roles resolve to the directory's staff entry of that role; a role the
 * directory does not list (teachers, team, providers, …) goes to the case manager, who
 * passes it on, and the delivery record says so (`via`).
 */
import type { StaffContact, StudentRecord } from './directory';
import { ActivityFailureType, nonRetryable } from './failures';

export const FAMILY_ROLES = ['parent', 'adultStudent', 'student'] as const;

export interface ResolvedRecipient {
  role: string;
  family: boolean;
  email?: string;
  postalAddress?: string;
  /** Staff id, when the directory has one. */
  staffId?: string;
  /** Set when the role was routed through another role (no entry of its own). */
  via?: string;
}

export function isFamilyRole(role: string): boolean {
  return (FAMILY_ROLES as readonly string[]).includes(role);
}

export function resolveRecipient(student: StudentRecord, role: string, staffFallback: 'caseManager' | 'spedDirector' = 'caseManager'): ResolvedRecipient {
  if (role === 'parent') return { role, family: true, email: student.parent.email, postalAddress: student.parent.postalAddress };
  if (role === 'adultStudent' || role === 'student') {
    if (!student.adultStudent) {
      throw nonRetryable(ActivityFailureType.BadInput, `student directory: adultStudent is missing for student ${student.studentId} (recipient ${role})`);
    }
    return { role, family: true, email: student.adultStudent.email, postalAddress: student.adultStudent.postalAddress };
  }
  const own = (student.staff as Record<string, StaffContact | undefined>)[role];
  const contact = own ?? student.staff[staffFallback];
  return { role, family: false, email: contact.email, staffId: contact.id, via: own ? undefined : staffFallback };
}
