/**
 * deliverNotice: get a stored notice to one recipient, with proof.
 * - email: a real SMTP send (PDF attached) with a Message-ID derived from the idempotency key;
 * - mail: recorded with a generated Proof of Service by Mail (rendered and stored), signed by
 *   a staff id not involved in the proceeding (L4454-4473, L4584-4605);
 * - hand: recorded with who handed it over and when.
 *
 * The delivery ledger (`<dataDir>/deliveries/<caseId>.jsonl`, append-only, zod-validated
 * lines, ids and roles only, no addresses) is keyed by idempotency key + recipient role: a
 * retry finds the `delivered` line and returns it, sending nothing.
 *
 * Crash between the SMTP send and the ledger write. Before sending, an `intent` line (with the
 * Message-ID) is written; after the server's 250, a `delivered` line. A retry that finds an
 * intent without a delivery asks the mailer whether that Message-ID arrived (the local sink
 * can tell; it then records `delivered` with `recovered: true` and sends nothing). A real
 * SMTP relay cannot be asked, so the message is sent again with the SAME Message-ID. The
 * guarantee: every notice reaches the SMTP server at least once; a duplicate is possible only
 * when the process dies in the window between the server's acceptance and the ledger fsync,
 * and such a duplicate carries the identical Message-ID, so receiving systems and auditors see
 * one message. Exactly once when the mailer can confirm (the sink). The whole check-send-record
 * runs under a per-case lock, so two concurrent attempts of one activity cannot both send.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { FORM_CODES, IsoDate, type FormCode } from '../machines/contract';
import { sha256Hex } from './canonical-json';
import type { StudentDirectory, StudentRecord } from './directory';
import { dateInZone } from './district-day';
import type { DocumentStore } from './document-store';
import { ActivityFailureType, nonRetryable, parseInput } from './failures';
import { withFileLock } from './file-lock';
import { CaseId, EntityId, IdempotencyKey, Sha256, Timestamp } from './ids';
import { JsonlFile } from './jsonl-file';
import type { CaseLedger } from './ledger';
import type { Mailer } from './mailer';
import { catalogueFor, isSupportedLanguage, type NoticeLanguage } from './notices/messages';
import { fill, titleKey } from './notices/messages/keys';
import { renderNotice } from './notices/render';
import { resolveRecipient } from './recipients';

const RecipientRole = z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{1,39}$/, 'must be a recipient role such as parent or caseManager');

export const DeliveryRequestSchema = z
  .object({
    idempotencyKey: IdempotencyKey,
    caseId: CaseId,
    studentId: EntityId,
    documentSha256: Sha256,
    form: z.enum(FORM_CODES),
    channel: z.enum(['email', 'mail', 'hand']),
    recipientRole: RecipientRole,
    handDelivery: z.object({ deliveredBy: EntityId, deliveredOn: IsoDate }).strict().optional(),
    /** Mail: staff id of the person who mails (default: the configured proof-of-service signer). */
    servedBy: EntityId.optional(),
    /** Mail: date of mailing (default: today in the district's time zone). */
    servedOn: IsoDate.optional(),
    /** Language of the email text and the proof (default: the parent's language, else English). */
    language: z.string().optional(),
    /** The notice date, printed in the email text (default: today). */
    issuedOn: IsoDate.optional(),
  })
  .strict();
export type DeliveryRequest = z.infer<typeof DeliveryRequestSchema>;

export const DeliveryLineSchema = z
  .object({
    status: z.enum(['intent', 'delivered']),
    idempotencyKey: IdempotencyKey,
    recipientRole: RecipientRole,
    caseId: CaseId,
    channel: z.enum(['email', 'mail', 'hand']),
    /** Notice deliveries name the document; staff alerts (staff-alerts.ts) carry none. */
    documentSha256: Sha256.optional(),
    form: z.enum(FORM_CODES).optional(),
    alertKind: z.string().optional(),
    at: Timestamp,
    messageId: z.string().optional(),
    proofSha256: Sha256.optional(),
    deliveredBy: EntityId.optional(),
    deliveredOn: IsoDate.optional(),
    servedBy: EntityId.optional(),
    servedOn: IsoDate.optional(),
    via: z.string().optional(),
    recovered: z.boolean().optional(),
  })
  .strict();
export type DeliveryRecord = z.infer<typeof DeliveryLineSchema>;

export interface DeliveryDeps {
  dataDir: string;
  directory: StudentDirectory;
  documents: DocumentStore;
  mailer: Mailer;
  ledger: CaseLedger;
  clock: () => Date;
  timeZone: string;
  /** Staff id that signs proofs of service by default (a secretary, L4461-4465). */
  proofOfServiceSigner?: string;
}

/** `<40 hex@domain>`: the same key and recipient always give the same Message-ID. */
export function deliveryMessageId(idempotencyKey: string, recipientRole: string, domain: string): string {
  return `<${sha256Hex(`caseclock-delivery:${idempotencyKey}:${recipientRole}`).slice(0, 40)}@${domain}>`;
}

function languageFor(req: DeliveryRequest, student: StudentRecord): NoticeLanguage {
  if (req.language !== undefined) {
    if (!isSupportedLanguage(req.language)) throw nonRetryable(ActivityFailureType.UnsupportedLanguage, `delivery request: language: no notice catalogue for this code`);
    return req.language;
  }
  return isSupportedLanguage(student.parent.language) ? student.parent.language : 'en';
}

export function deliveryLedgerFile(dataDir: string, caseId: string) {
  return new JsonlFile(join(dataDir, 'deliveries', `${caseId}.jsonl`), DeliveryLineSchema, `delivery ledger of ${caseId}`);
}

async function recordInCaseLedger(deps: DeliveryDeps, record: DeliveryRecord): Promise<void> {
  const { status: _status, at: _at, ...body } = record;
  await deps.ledger.append(record.caseId, 'notice-delivered', { ...body, deliveredAt: record.at }, { key: `${record.idempotencyKey}|${record.recipientRole}` });
}

export async function deliverNotice(deps: DeliveryDeps, input: unknown): Promise<DeliveryRecord> {
  const req = parseInput(DeliveryRequestSchema, input, 'delivery request');
  const file = deliveryLedgerFile(deps.dataDir, req.caseId);
  return withFileLock(`${file.path}.lock`, async () => {
    const lines = await file.readAll();
    const mine = lines.filter((l) => l.idempotencyKey === req.idempotencyKey && l.recipientRole === req.recipientRole);
    const done = mine.find((l) => l.status === 'delivered');
    if (done) {
      await recordInCaseLedger(deps, done); // no-op unless a crash came between the two ledgers
      return done;
    }
    const pdf = await deps.documents.get(req.documentSha256);
    if (!pdf) throw nonRetryable(ActivityFailureType.BadInput, `delivery request: documentSha256: no stored document ${req.documentSha256}`);
    const student = await deps.directory.get(req.studentId);
    const recipient = resolveRecipient(student, req.recipientRole);
    const base = {
      idempotencyKey: req.idempotencyKey,
      recipientRole: req.recipientRole,
      caseId: req.caseId,
      channel: req.channel,
      documentSha256: req.documentSha256,
      form: req.form,
      ...(recipient.via ? { via: recipient.via } : {}),
    };
    let record: DeliveryRecord;
    if (req.channel === 'email') {
      record = await sendByEmail(deps, req, student, recipient.email, pdf, base, mine.some((l) => l.status === 'intent'), file);
    } else if (req.channel === 'mail') {
      record = await recordMailing(deps, req, student, recipient.postalAddress, base);
    } else {
      if (!req.handDelivery) throw nonRetryable(ActivityFailureType.BadInput, 'delivery request: handDelivery: hand delivery needs deliveredBy and deliveredOn');
      record = { ...base, status: 'delivered', at: deps.clock().toISOString(), ...req.handDelivery };
    }
    await file.append(record);
    await recordInCaseLedger(deps, record);
    return record;
  });
}

type Base = Omit<DeliveryRecord, 'status' | 'at'>;

async function sendByEmail(
  deps: DeliveryDeps,
  req: DeliveryRequest,
  student: StudentRecord,
  email: string | undefined,
  pdf: Uint8Array,
  base: Base,
  intentFound: boolean,
  file: ReturnType<typeof deliveryLedgerFile>,
): Promise<DeliveryRecord> {
  if (!email) {
    throw nonRetryable(ActivityFailureType.BadInput, `student directory: ${req.recipientRole}.email is missing for student ${req.studentId} (channel email)`);
  }
  const messageId = deliveryMessageId(req.idempotencyKey, req.recipientRole, deps.mailer.messageIdDomain);
  if (intentFound && deps.mailer.wasAccepted && (await deps.mailer.wasAccepted(messageId))) {
    return { ...base, status: 'delivered', at: deps.clock().toISOString(), messageId, recovered: true };
  }
  if (!intentFound) await file.append({ ...base, status: 'intent', at: deps.clock().toISOString(), messageId });
  const language = languageFor(req, student);
  const m = catalogueFor(language);
  const values = { form: req.form, title: m[titleKey(req.form)], studentId: req.studentId, date: req.issuedOn ?? dateInZone(deps.clock(), deps.timeZone) };
  await deps.mailer.send({
    messageId,
    to: email,
    subject: fill(m['email.subject'], values),
    text: fill(m['email.body'], values),
    attachments: [{ filename: `${req.form.replace(/[^A-Za-z0-9]+/g, '-')}-${req.studentId}.pdf`, content: pdf, contentType: 'application/pdf' }],
  });
  return { ...base, status: 'delivered', at: deps.clock().toISOString(), messageId };
}

async function recordMailing(deps: DeliveryDeps, req: DeliveryRequest, student: StudentRecord, address: string | undefined, base: Base): Promise<DeliveryRecord> {
  if (!address) {
    throw nonRetryable(ActivityFailureType.BadInput, `student directory: ${req.recipientRole}.postalAddress is missing for student ${req.studentId} (channel mail)`);
  }
  if (req.recipientRole !== 'parent' && req.recipientRole !== 'adultStudent') {
    throw nonRetryable(ActivityFailureType.BadInput, 'delivery request: channel: postal mail with proof of service is for the parent or adult student');
  }
  const servedBy = req.servedBy ?? deps.proofOfServiceSigner;
  if (!servedBy) {
    throw nonRetryable(ActivityFailureType.BadInput, 'delivery request: servedBy: postal mail needs the staff id of the person who mails (not involved in the proceeding, L4461-4465)');
  }
  // The case manager is part of any proceeding about the case; the signer must not be (L4463-4464).
  if (student.staff.caseManager.id !== undefined && servedBy === student.staff.caseManager.id) {
    throw nonRetryable(ActivityFailureType.BadInput, 'delivery request: servedBy: the case manager is involved in the proceeding and cannot sign the proof of service');
  }
  const servedOn = req.servedOn ?? dateInZone(deps.clock(), deps.timeZone);
  const language = languageFor(req, student);
  const proof = await renderNotice(
    {
      caseId: req.caseId,
      studentId: req.studentId,
      form: 'Proof of Service',
      language,
      recipientRole: req.recipientRole,
      issuedOn: servedOn,
      service: { servedDocuments: [{ form: req.form as FormCode, sha256: req.documentSha256 }], servedOn, servedBy, addressedTo: req.recipientRole },
    },
    { directory: deps.directory },
  );
  const { sha256: proofSha256 } = await deps.documents.put(proof.pdf, { contentType: 'application/pdf', caseId: req.caseId, form: 'Proof of Service', language });
  await deps.ledger.append(
    req.caseId,
    'notice-rendered',
    { form: 'Proof of Service', language, sha256: proofSha256, serves: req.documentSha256, recipientRole: req.recipientRole },
    { key: `proof|${req.idempotencyKey}|${req.recipientRole}` },
  );
  return { ...base, status: 'delivered', at: deps.clock().toISOString(), proofSha256, servedBy, servedOn };
}
