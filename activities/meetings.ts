/**
 * IEP meeting records in the case ledger: who attended (IEP 9B, L17296-17302) and member
 * excusals (NC 7). Roles and staff ids only, never names.
 *
 * Excusal: the handbook's chapter 7 asks for a written parent agreement only when the member's
 * area is discussed (L6286-6295), while NC 7 and the forms index ask for it for both kinds
 * (L15766-15769, L16608-16633). Design default B-16 = NC 7 always: an excusal without the
 * parent's signed agreement (a stored document) and the LEA's agreement is refused and
 * nothing is recorded. Policy `excusalWritten: 'discussedOnly'` relaxes the written part for
 * an area not discussed; the agreement itself is always needed (L6279-6282). A member whose
 * area is discussed must also have given written input first (L6291-6294).
 */
import { z } from 'zod';
import { IsoDate } from '../machines/contract';
import type { DocumentStore } from './document-store';
import { ActivityFailureType, nonRetryable, parseInput } from './failures';
import { CaseId, EntityId, IdempotencyKey, Sha256 } from './ids';
import type { CaseLedger, LedgerEntry } from './ledger';

const TeamRole = z.string().regex(/^[a-z][a-zA-Z0-9]{1,39}$/, 'must be a team role such as leaRepresentative');

export const AttendanceSchema = z
  .object({
    idempotencyKey: IdempotencyKey.optional(),
    caseId: CaseId,
    meetingId: EntityId,
    attendees: z.array(z.object({ role: TeamRole, staffId: EntityId.optional() }).strict()).min(1, 'must list at least one attendee').max(40),
    signedOn: IsoDate,
  })
  .strict();

export const ExcusalSchema = z
  .object({
    idempotencyKey: IdempotencyKey.optional(),
    caseId: CaseId,
    meetingId: EntityId,
    member: z.object({ role: TeamRole, staffId: EntityId.optional() }).strict(),
    /** Area of curriculum or related service (`ot`, `speech`). */
    area: z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'must be an area code'),
    /** Is the member's area modified or discussed at the meeting? (NC 7 yes/no column). */
    areaDiscussed: z.boolean().default(false),
    /** The member's written input to parent and team, when the area is discussed. */
    writtenInputSha256: Sha256.optional(),
    /** The NC 7 signed by the parent (a stored document). */
    parentAgreementSha256: Sha256.optional(),
    leaAgreed: z.boolean(),
    agreedOn: IsoDate.optional(),
  })
  .strict();

export interface MeetingDeps {
  ledger: CaseLedger;
  documents: DocumentStore;
  /** B-16 policy (default `always`). */
  excusalWritten?: 'always' | 'discussedOnly';
}

export async function recordAttendance(deps: MeetingDeps, input: unknown): Promise<LedgerEntry> {
  const req = parseInput(AttendanceSchema, input, 'attendance');
  const { idempotencyKey, caseId, ...body } = req;
  return deps.ledger.append(caseId, 'attendance', body, { key: idempotencyKey ?? `attendance|${req.meetingId}` });
}

export async function recordExcusal(deps: MeetingDeps, input: unknown): Promise<LedgerEntry> {
  const req = parseInput(ExcusalSchema, input, 'excusal');
  const writtenNeeded = (deps.excusalWritten ?? 'always') === 'always' || req.areaDiscussed;
  if (!req.leaAgreed) {
    throw nonRetryable(ActivityFailureType.ExcusalWithoutAgreement, `excusal: leaAgreed: the LEA has not agreed to excuse the ${req.member.role} (L6279-6282)`);
  }
  if (writtenNeeded && !req.parentAgreementSha256) {
    throw nonRetryable(
      ActivityFailureType.ExcusalWithoutAgreement,
      `excusal: parentAgreementSha256: the parent's written agreement (NC 7) is required to excuse the ${req.member.role} (B-16, L16608-16633)`,
    );
  }
  if (req.parentAgreementSha256 && !(await deps.documents.has(req.parentAgreementSha256))) {
    throw nonRetryable(ActivityFailureType.BadInput, `excusal: parentAgreementSha256: no stored document ${req.parentAgreementSha256}`);
  }
  if (req.areaDiscussed && !req.writtenInputSha256) {
    throw nonRetryable(
      ActivityFailureType.ExcusalWithoutAgreement,
      `excusal: writtenInputSha256: the ${req.member.role}'s area is discussed, so written input must be given before the meeting (L6291-6294)`,
    );
  }
  const { idempotencyKey, caseId, ...body } = req;
  return deps.ledger.append(caseId, 'excusal', body, { key: idempotencyKey ?? `excusal|${req.meetingId}|${req.member.role}|${req.area}` });
}
