/**
 * The notice request: ids, codes and dates from the workflow, never names or addresses (those
 * come from the student directory at render time). Every date the notice prints comes from
 * `deadlines` (computed by the deadline engine in the workflow) or is `issuedOn`.
 */
import { z } from 'zod';
import { RULE_IDS } from '../../deadlines/rule-ids';
import { FORM_CODES, IsoDate, RECIPIENTS } from '../../machines/contract';
import { ActivityFailureType, parseInput } from '../failures';
import { CaseId, EntityId, IdempotencyKey, Sha256 } from '../ids';
import { CATALOGUES, type NoticeLanguage } from './messages';

export const DeadlineFactSchema = z.object({
  rule: z.enum(RULE_IDS),
  /** Null only for a clock that has no date yet; the notice prints "not set". */
  due: IsoDate.nullable(),
  actBy: IsoDate.nullable().optional(),
  earliest: IsoDate.nullable().optional(),
  /** The engine's explanation; `explanation[0]` is the one-line summary the notice prints. */
  explanation: z.array(z.string().min(1).max(2000)).min(1, 'must hold at least the one-line explanation'),
});
export type DeadlineFact = z.infer<typeof DeadlineFactSchema>;

/** What a Proof of Service by Mail states (L4584-4605); the address comes from the directory. */
export const ServiceDetailsSchema = z
  .object({
    servedDocuments: z.array(z.object({ form: z.enum(FORM_CODES), sha256: Sha256 }).strict()).min(1),
    servedOn: IsoDate,
    /** Staff id of the person who mails: not involved in any proceeding (L4461-4465). */
    servedBy: EntityId,
    addressedTo: z.enum(['parent', 'adultStudent']),
  })
  .strict();
export type ServiceDetails = z.infer<typeof ServiceDetailsSchema>;

const languages = Object.keys(CATALOGUES) as [NoticeLanguage, ...NoticeLanguage[]];

export const NoticeRequestSchema = z
  .object({
    caseId: CaseId,
    studentId: EntityId,
    form: z.enum(FORM_CODES),
    language: z.enum(languages),
    recipientRole: z.enum(RECIPIENTS),
    issuedOn: IsoDate,
    deadlines: z.array(DeadlineFactSchema).max(20).default([]),
    /** Short machine reason from the chart, e.g. `refusal`, `revocation`, `letter-2`. */
    purpose: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a short kebab-case code').optional(),
    processId: z.string().regex(/^[a-z0-9-]+#\d+$/, 'must be a process instance id like initial-evaluation#1').optional(),
    idempotencyKey: IdempotencyKey.optional(),
    service: ServiceDetailsSchema.optional(),
  })
  .strict();
export type NoticeRequest = z.infer<typeof NoticeRequestSchema>;

/** Parse a request: an unknown form is `UnknownForm`, a missing or unknown language `UnsupportedLanguage`. */
export function parseNoticeRequest(input: unknown): NoticeRequest {
  return parseInput(NoticeRequestSchema, input, 'notice request', (path) =>
    path === 'form' ? ActivityFailureType.UnknownForm : path === 'language' ? ActivityFailureType.UnsupportedLanguage : ActivityFailureType.BadInput,
  );
}
