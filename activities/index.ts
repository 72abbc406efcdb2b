/**
 * The activities, built by one factory from their dependencies (style.md habit 2): the
 * Temporal worker registers the returned object; tests call the same functions directly.
 * Workflows import only types (workflows/activity-types.ts), never this module.
 *
 * Failures retrying cannot fix are thrown as non-retryable ApplicationFailures whose type is
 * one of NON_RETRYABLE_ACTIVITY_FAILURES; anything else (disk, SMTP down) is retryable.
 */
import { deliverNotice, type DeliveryDeps } from './delivery';
import { FolderStudentDirectory, type StudentDirectory } from './directory';
import { DEFAULT_TIME_ZONE } from './district-day';
import { FolderDocumentStore, type DocumentStore } from './document-store';
import { z } from 'zod';
import { parseInput } from './failures';
import { CaseId } from './ids';
import { CaseLedger, LedgerKind } from './ledger';
import type { Mailer } from './mailer';
import { recordAttendance, recordExcusal } from './meetings';
import { renderAndStoreNotice } from './notices/store';
import { sendNotice } from './send-notice';
import { redeemSignature, requestSignature } from './signatures';
import { alertStaff } from './staff-alerts';

export { ActivityFailureType, ActivityFailureType as NonRetryable, NON_RETRYABLE_ACTIVITY_FAILURES, isActivityFailure, nonRetryable } from './failures';
export { NoticeRequestSchema, DeadlineFactSchema, ServiceDetailsSchema } from './notices/request';
export { renderNotice, type RenderedNotice } from './notices/render';
export { SUPPORTED_LANGUAGES } from './notices/messages';
export { DeliveryRequestSchema, type DeliveryRecord } from './delivery';
export { SendNoticeSchema, type SendNoticeResult } from './send-notice';
export { SignatureRequestSchema, RedeemSignatureSchema, SignatureDecisionSchema, type SignatureRequestResult, type RedeemResult } from './signatures';
export { AttendanceSchema, ExcusalSchema } from './meetings';
export { StaffAlertSchema, type StaffAlertResult } from './staff-alerts';
export { StudentRecordSchema, type StudentDirectory, type StudentRecord } from './directory';
export type { DocumentStore } from './document-store';
export { FolderStudentDirectory, FolderDocumentStore };
export { CaseLedger, verifyLedger, verifyCaseLedger, ledgerHead, GENESIS_HASH, LEDGER_KINDS, type LedgerEntry, type LedgerHead, type LedgerVerification } from './ledger';
export { createMailer, createSinkMailer, MailerConfigSchema, type Mailer } from './mailer';
export { startSmtpSink, stopSmtpSink, readMailFolder, mailFolderLookup, type SmtpSink, type SinkMessage } from './smtp-sink';

export const AppendLedgerSchema = z
  .object({ caseId: CaseId, kind: LedgerKind, body: z.record(z.string(), z.unknown()), key: z.string().min(1).max(200).optional() })
  .strict();

export interface ActivityDeps {
  dataDir: string;
  directory: StudentDirectory;
  documents: DocumentStore;
  mailer: Mailer;
  /** HMAC key of signing tokens, ≥ 32 characters (signatures.ts). */
  signingSecret: string;
  /** Public base URL of the API; signing links are `<baseUrl>/sign/<token>`. */
  baseUrl: string;
  clock?: () => Date;
  /** District time zone for "today" (expiry, date of mailing). Default America/Los_Angeles. */
  timeZone?: string;
  /** Staff id that signs proofs of service by mail (not involved in proceedings, L4461-4465). */
  proofOfServiceSigner?: string;
  /** B-16 policy: `always` (default, NC 7) or `discussedOnly` (ch. 7 text). */
  excusalWritten?: 'always' | 'discussedOnly';
  /** Life of signing links in days (default 30). */
  signatureExpiresInDays?: number;
}

export function createActivities(deps: ActivityDeps) {
  const clock = deps.clock ?? (() => new Date());
  const timeZone = deps.timeZone ?? DEFAULT_TIME_ZONE;
  const ledger = new CaseLedger(deps.dataDir, clock);
  const delivery: DeliveryDeps = {
    dataDir: deps.dataDir,
    directory: deps.directory,
    documents: deps.documents,
    mailer: deps.mailer,
    ledger,
    clock,
    timeZone,
    proofOfServiceSigner: deps.proofOfServiceSigner,
  };
  const signing = {
    dataDir: deps.dataDir,
    documents: deps.documents,
    ledger,
    signingSecret: deps.signingSecret,
    baseUrl: deps.baseUrl,
    clock,
    timeZone,
    defaultExpiresInDays: deps.signatureExpiresInDays,
  };
  const meetings = { ledger, documents: deps.documents, excusalWritten: deps.excusalWritten };
  return {
    renderAndStoreNotice: (req: unknown) => renderAndStoreNotice(delivery, req),
    deliverNotice: (req: unknown) => deliverNotice(delivery, req),
    /** Render + store + deliver to every recipient: the workflow's `sendNotice` effect. */
    sendNotice: (req: unknown) => sendNotice(delivery, req),
    requestSignature: (req: unknown) => requestSignature(signing, req),
    /** Called by the API when a signer uses the link, not by the workflow. */
    redeemSignature: (req: unknown) => redeemSignature(signing, req),
    recordAttendance: (req: unknown) => recordAttendance(meetings, req),
    recordExcusal: (req: unknown) => recordExcusal(meetings, req),
    alertStaff: (req: unknown) => alertStaff({ ...delivery, baseUrl: deps.baseUrl }, req),
    appendLedger: async (req: unknown) => {
      const valid = parseInput(AppendLedgerSchema, req, 'ledger entry');
      const entry = await ledger.append(valid.caseId, valid.kind, valid.body, valid.key === undefined ? {} : { key: valid.key });
      return { seq: entry.seq, hash: entry.hash };
    },
    ledgerHead: (caseId: string) => ledger.head(parseInput(CaseId, caseId, 'ledger head: caseId')),
    verifyLedger: (caseId: string, expectedHead?: { seq: number; hash: string }) =>
      ledger.verify(parseInput(CaseId, caseId, 'verify ledger: caseId'), expectedHead ? { expectedHead } : {}),
  };
}
export type Activities = ReturnType<typeof createActivities>;

/** The local stores under one data folder (embedded demo, tests): directory and documents. */
export function localStores(dataDir: string): { directory: FolderStudentDirectory; documents: FolderDocumentStore } {
  return { directory: new FolderStudentDirectory(dataDir), documents: new FolderDocumentStore(dataDir) };
}
