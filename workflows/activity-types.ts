/**
 * The activities the case workflow calls, as types only (workflows never import activity
 * code). Each request carries an idempotency key `<caseId>:<seq>:<process>:<index>`: retries, worker
 * crashes and replays never send or sign twice (activities/ keep a ledger by key).
 */
export interface DeadlineFact {
  rule: string;
  due: string | null;
  actBy: string | null;
  earliest: string | null;
  explanation: string[];
}

export interface SendNoticeRequest {
  idempotencyKey: string;
  caseId: string;
  studentId: string;
  process: string;
  form: string;
  to: string[];
  language: string;
  delivery: 'email' | 'mail' | 'hand';
  deadlines: DeadlineFact[];
  purpose?: string;
  issuedOn: string;
}

export interface SendNoticeResult {
  documentSha256: string;
  deliveries: Array<{ recipient: string; channel: string; messageId?: string; at: string; proofSha256?: string }>;
}

export interface SignatureRequestRequest {
  idempotencyKey: string;
  caseId: string;
  studentId: string;
  process: string;
  scope: string;
  signer: string;
  form: string;
  /** Language of the document to be signed. */
  language: string;
  issuedOn: string;
}

export interface SignatureRequestResult {
  requestId: string;
  url: string;
  expiresOn: string;
  /** The document to be signed (a redemption must name the same hash). */
  documentSha256?: string;
}

/** activities/signatures.ts RedeemSignatureSchema. */
export interface RedeemSignatureRequest {
  token: string;
  decision: { scope: 'full' | 'partial' | 'refusal' | 'revocation'; refusedItems?: string[] };
  documentSha256: string;
  method: 'electronic' | 'wet-ink-scan' | 'in-person';
  signedAt: string;
  signerRole: 'parent' | 'adultStudent' | 'student' | 'guardian' | 'lea';
}

export interface RedeemSignatureResult {
  requestId: string;
  caseId: string;
  scope: string;
  signerRole: string;
  /** True once every required signer has signed (`parent+lea` needs both). */
  complete: boolean;
  ledgerEntry: { seq: number; hash: string };
}

export interface StaffAlertRequest {
  idempotencyKey: string;
  caseId: string;
  studentId: string;
  process: string;
  kind: string;
  rule: string | null;
  due: string | null;
  to: string[];
  on: string;
}

export interface CaseEffectActivities {
  sendNotice(req: SendNoticeRequest): Promise<SendNoticeResult>;
  requestSignature(req: SignatureRequestRequest): Promise<SignatureRequestResult>;
  alertStaff(req: StaffAlertRequest): Promise<{ sent: number }>;
  /** Called by the signDocument Update (workflows/signing.ts), not by an effect. */
  redeemSignature(req: RedeemSignatureRequest): Promise<RedeemSignatureResult>;
}

/** Failures that retrying cannot fix (activities throw them as non-retryable ApplicationFailure types). */
export const NON_RETRYABLE_EFFECT_ERRORS = [
  'UnknownForm',
  'UnsupportedLanguage',
  'UnknownStudent',
  'BadSignatureToken',
  'DocumentChanged',
  'ExcusalWithoutAgreement',
  'BadInput',
] as const;
