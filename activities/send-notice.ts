/**
 * sendNotice: the workflow's one activity per `sendNotice` effect (workflows/activity-types.ts
 * SendNoticeRequest): render the notice for each recipient, store it, deliver it.
 * - family recipients get it in the case's notice language, by the case's delivery channel;
 *   when the directory lacks that channel's contact (no email, no postal address) the other
 *   one is used, and the delivery record shows the channel actually used;
 * - staff recipients get it in English by email (the directory's staff entry, or the case
 *   manager for a role it does not list: see recipients.ts);
 * - hand delivery from the workflow is recorded as handed by the case manager on `issuedOn`
 *   (a different hand delivery is recorded through deliverNotice directly).
 * Each step is idempotent by the effect's key, so a retry re-renders identical bytes and sends
 * nothing that was already sent.
 */
import { z } from 'zod';
import { FORM_CODES, IsoDate, RECIPIENTS, type Recipient } from '../machines/contract';
import { deliverNotice, type DeliveryDeps } from './delivery';
import { ActivityFailureType, nonRetryable, parseInput } from './failures';
import { CaseId, EntityId, IdempotencyKey } from './ids';
import { DeadlineFactSchema } from './notices/request';
import { renderAndStoreNotice } from './notices/store';
import { isFamilyRole, resolveRecipient } from './recipients';

export const SendNoticeSchema = z
  .object({
    idempotencyKey: IdempotencyKey,
    caseId: CaseId,
    studentId: EntityId,
    process: z.string().max(80).optional(),
    form: z.string(),
    to: z.array(z.string()).min(1, 'must name at least one recipient').max(15),
    language: z.string().optional(),
    delivery: z.enum(['email', 'mail', 'hand']).default('email'),
    deadlines: z.array(DeadlineFactSchema).max(20).default([]),
    purpose: z.string().optional(),
    issuedOn: IsoDate,
  })
  .strict();

export interface SendNoticeResult {
  /** The family's copy (the first family recipient's), else the first recipient's. */
  documentSha256: string;
  deliveries: Array<{ recipient: string; channel: string; documentSha256: string; messageId?: string; at: string; proofSha256?: string; via?: string }>;
}

export async function sendNotice(deps: DeliveryDeps, input: unknown): Promise<SendNoticeResult> {
  const req = parseInput(SendNoticeSchema, input, 'send notice request');
  if (!(FORM_CODES as readonly string[]).includes(req.form)) throw nonRetryable(ActivityFailureType.UnknownForm, 'send notice request: form: unknown form code');
  const student = await deps.directory.get(req.studentId);
  const processId = req.process && /^[a-z0-9-]+#\d+$/.test(req.process) ? req.process : undefined;
  const deliveries: SendNoticeResult['deliveries'] = [];
  let familyCopy: string | undefined;
  for (const role of [...new Set(req.to)]) {
    if (!(RECIPIENTS as readonly string[]).includes(role)) {
      throw nonRetryable(ActivityFailureType.BadInput, `send notice request: to: ${role} is not a recipient role`);
    }
    const family = isFamilyRole(role);
    const contact = resolveRecipient(student, role);
    let channel: 'email' | 'mail' | 'hand' = family ? req.delivery : 'email';
    if (channel === 'email' && !contact.email && contact.postalAddress) channel = 'mail';
    if (channel === 'mail' && !contact.postalAddress && contact.email) channel = 'email';
    const language = family ? req.language : 'en';
    const stored = await renderAndStoreNotice(deps, {
      caseId: req.caseId,
      studentId: req.studentId,
      form: req.form,
      language,
      recipientRole: role as Recipient,
      issuedOn: req.issuedOn,
      deadlines: req.deadlines,
      ...(req.purpose && /^[a-z0-9][a-z0-9-]{0,63}$/.test(req.purpose) ? { purpose: req.purpose } : {}),
      ...(processId ? { processId } : {}),
      idempotencyKey: req.idempotencyKey,
    });
    let handDelivery: { deliveredBy: string; deliveredOn: string } | undefined;
    if (channel === 'hand') {
      const deliveredBy = student.staff.caseManager.id;
      if (!deliveredBy) throw nonRetryable(ActivityFailureType.BadInput, `student directory: staff.caseManager.id is missing for student ${req.studentId} (hand delivery)`);
      handDelivery = { deliveredBy, deliveredOn: req.issuedOn };
    }
    const record = await deliverNotice(deps, {
      idempotencyKey: req.idempotencyKey,
      caseId: req.caseId,
      studentId: req.studentId,
      documentSha256: stored.documentSha256,
      form: req.form,
      channel,
      recipientRole: role,
      language,
      issuedOn: req.issuedOn,
      ...(handDelivery ? { handDelivery } : {}),
    });
    if (family && familyCopy === undefined) familyCopy = stored.documentSha256;
    deliveries.push({
      recipient: role,
      channel: record.channel,
      documentSha256: stored.documentSha256,
      at: record.at,
      ...(record.messageId ? { messageId: record.messageId } : {}),
      ...(record.proofSha256 ? { proofSha256: record.proofSha256 } : {}),
      ...(record.via ? { via: record.via } : {}),
    });
  }
  return { documentSha256: familyCopy ?? deliveries[0].documentSha256, deliveries };
}
