/**
 * Signing requests and their redemption.
 *
 * requestSignature creates a one-time signing link `/sign/<caseId>/<token>` (the case id lets the
 * API route the signature to the case's workflow, whose signDocument Update redeems it; the
 * token alone says nothing about the case). The token is 32 bytes
 * derived as HMAC-SHA256(signingSecret, idempotency key), not drawn at random, and only its
 * SHA-256 is stored (with the expiry) under `<dataDir>/signatures/requests/<tokenHash>.json`.
 * Why derived: the activity may complete here while its result never reaches Temporal (worker
 * crash, timeout); the retry must still hand back a usable link. A random token stored only
 * as a hash could not be given out again. HMAC with the secret is as unguessable as a random
 * token, the same key re-derives the same token, and the store still never holds a token.
 * (Rotating the secret invalidates open links; re-request them.)
 *
 * redeemSignature checks the token (unknown, expired, already used → BadSignatureToken), that
 * the document signed is the one requested (hash differs → DocumentChanged), then claims the
 * token with an exclusive file create (`redeemed/<tokenHash>.<role>.json`, so two concurrent
 * redemptions cannot both win, in any process) and appends `signature-recorded` to the case
 * ledger. Any refusal records nothing.
 */
import { createHmac } from 'node:crypto';
import { mkdir, open, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { FORM_CODES, IsoDate } from '../machines/contract';
import { canonicalJson, sha256Hex } from './canonical-json';
import { addCalendarDays, dateInZone } from './district-day';
import type { DocumentStore } from './document-store';
import { ActivityFailureType, nonRetryable, parseInput } from './failures';
import { CaseId, EntityId, IdempotencyKey, Sha256, Timestamp } from './ids';
import type { CaseLedger } from './ledger';
import { isFamilyRole } from './recipients';

export const SIGNER_ROLES = ['parent', 'adultStudent', 'student', 'guardian', 'lea', 'parent+lea', 'adultStudent+lea'] as const;

/**
 * Who must sign a request of `role`: a shared request needs the family's part and the
 * district's. After rights transfer at 18 the family's part is the adult student's
 * (L3473-3476, L17009-17012; workflows/rights-transfer.ts).
 */
export function requiredSigners(role: string): string[] {
  if (role === 'parent+lea') return ['parent', 'lea'];
  if (role === 'adultStudent+lea') return ['adultStudent', 'lea'];
  return [role];
}
const Scope = z.string().regex(/^[a-z][a-z0-9-]{1,63}$/, 'must be a kebab-case consent scope');

export const SignatureRequestSchema = z
  .object({
    idempotencyKey: IdempotencyKey,
    caseId: CaseId,
    studentId: EntityId,
    scope: Scope,
    /** Who signs; `parent+lea` needs both (amendment, excusal: L6404-6409, L16604-16635). */
    signerRole: z.enum(SIGNER_ROLES).optional(),
    /** The workflow's name for signerRole (workflows/activity-types.ts). */
    signer: z.enum(SIGNER_ROLES).optional(),
    form: z.enum(FORM_CODES),
    /** The document to sign; default: the latest notice of this form rendered for the case. */
    documentSha256: Sha256.optional(),
    expiresInDays: z.number().int().min(1).max(365).optional(),
    /** The request date (default: today in the district's time zone); the expiry counts from it. */
    issuedOn: IsoDate.optional(),
    process: z.string().max(80).optional(),
  })
  .strict()
  .refine((r) => r.signerRole !== undefined || r.signer !== undefined, { message: 'is required', path: ['signerRole'] });
export type SignatureRequestInput = z.input<typeof SignatureRequestSchema>;

export const SignatureDecisionSchema = z
  .object({
    scope: z.enum(['full', 'partial', 'refusal', 'revocation']),
    consentedItems: z.array(z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be item codes')).max(50).optional(),
    refusedItems: z.array(z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be item codes')).max(50).optional(),
  })
  .strict()
  .refine((d) => d.scope !== 'partial' || (d.consentedItems?.length ?? 0) + (d.refusedItems?.length ?? 0) > 0, {
    message: 'a partial consent lists consentedItems or refusedItems (IEP 9A "all except", L17270)',
    path: ['consentedItems'],
  });

export const RedeemSignatureSchema = z
  .object({
    token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'must be a signing token'),
    decision: SignatureDecisionSchema,
    documentSha256: Sha256,
    method: z.enum(['electronic', 'wet-ink-scan', 'in-person']),
    signedAt: Timestamp,
    signerRole: z.enum(['parent', 'adultStudent', 'student', 'guardian', 'lea']),
  })
  .strict();

const StoredRequestSchema = z
  .object({
    requestId: z.string(),
    tokenSha256: Sha256,
    idempotencyKey: IdempotencyKey,
    caseId: CaseId,
    studentId: EntityId,
    scope: Scope,
    signerRole: z.enum(SIGNER_ROLES),
    form: z.enum(FORM_CODES),
    documentSha256: Sha256,
    issuedOn: IsoDate,
    expiresOn: IsoDate,
    createdAt: Timestamp,
  })
  .strict();
type StoredRequest = z.infer<typeof StoredRequestSchema>;

export interface SignatureRequestResult {
  requestId: string;
  token: string;
  url: string;
  expiresOn: string;
  /** The document to be signed: a redemption names the same hash. */
  documentSha256: string;
}

export interface SignatureDeps {
  dataDir: string;
  documents: DocumentStore;
  ledger: CaseLedger;
  signingSecret: string;
  baseUrl: string;
  clock: () => Date;
  timeZone: string;
  /** Default life of a link (design default 30 days; the handbook sets none). */
  defaultExpiresInDays?: number;
}

function deriveToken(secret: string, idempotencyKey: string): string {
  return createHmac('sha256', secret).update(`caseclock-signing-token:v1:${idempotencyKey}`).digest('base64url');
}

function folders(dataDir: string) {
  const root = join(dataDir, 'signatures');
  return { requests: join(root, 'requests'), redeemed: join(root, 'redeemed') };
}

async function readStored(path: string): Promise<StoredRequest | null> {
  try {
    return StoredRequestSchema.parse(JSON.parse(await readFile(path, 'utf8')));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

export async function requestSignature(deps: SignatureDeps, input: unknown): Promise<SignatureRequestResult> {
  if (deps.signingSecret.length < 32) throw new Error('signatures: signingSecret must be at least 32 characters');
  const req = parseInput(SignatureRequestSchema, input, 'signature request');
  const signerRole = (req.signerRole ?? req.signer)!;
  const token = deriveToken(deps.signingSecret, req.idempotencyKey);
  const tokenSha256 = sha256Hex(token);
  const dirs = folders(deps.dataDir);
  const path = join(dirs.requests, `${tokenSha256}.json`);
  const url = `${deps.baseUrl.replace(/\/$/, '')}/sign/${encodeURIComponent(req.caseId)}/${token}`;

  const existing = await readStored(path);
  if (existing) return { requestId: existing.requestId, token, url, expiresOn: existing.expiresOn, documentSha256: existing.documentSha256 };

  let documentSha256 = req.documentSha256;
  if (documentSha256 === undefined) {
    // The family's copy (the notice to staff has another "To" line, so another hash).
    const rendered = (await deps.ledger.entries(req.caseId)).filter(
      (e) => e.kind === 'notice-rendered' && e.body.form === req.form && isFamilyRole(String(e.body.recipientRole)),
    );
    documentSha256 = rendered.length ? String(rendered[rendered.length - 1].body.sha256) : undefined;
    if (!documentSha256) {
      throw nonRetryable(ActivityFailureType.BadInput, `signature request: documentSha256: not given and no ${req.form} was rendered for case ${req.caseId}`);
    }
  }
  if (!(await deps.documents.has(documentSha256))) {
    throw nonRetryable(ActivityFailureType.BadInput, `signature request: documentSha256: no stored document ${documentSha256}`);
  }
  const issuedOn = req.issuedOn ?? dateInZone(deps.clock(), deps.timeZone);
  const stored: StoredRequest = {
    requestId: `sig-${sha256Hex(`caseclock-signature-request:${req.idempotencyKey}`).slice(0, 24)}`,
    tokenSha256,
    idempotencyKey: req.idempotencyKey,
    caseId: req.caseId,
    studentId: req.studentId,
    scope: req.scope,
    signerRole,
    form: req.form,
    documentSha256,
    issuedOn,
    expiresOn: addCalendarDays(issuedOn, req.expiresInDays ?? deps.defaultExpiresInDays ?? 30),
    createdAt: deps.clock().toISOString(),
  };
  // The ledger entry first (idempotent by key), then the request file: a crash in between
  // leaves a ledger entry and no usable token, and the retry writes the file.
  const { tokenSha256: _hash, createdAt: _at, ...body } = stored;
  await deps.ledger.append(req.caseId, 'signature-requested', body, { key: stored.requestId });
  await mkdir(dirs.requests, { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(stored)}\n`);
  await rename(temp, path);
  return { requestId: stored.requestId, token, url, expiresOn: stored.expiresOn, documentSha256 };
}

export interface RedeemResult {
  requestId: string;
  caseId: string;
  studentId: string;
  scope: string;
  form: string;
  signerRole: string;
  decision: z.infer<typeof SignatureDecisionSchema>;
  /** True once every required signer has signed (`parent+lea` and `adultStudent+lea` need both). */
  complete: boolean;
  ledgerEntry: { seq: number; hash: string };
}

export async function redeemSignature(deps: SignatureDeps, input: unknown): Promise<RedeemResult> {
  const req = parseInput(RedeemSignatureSchema, input, 'signature');
  const tokenSha256 = sha256Hex(req.token);
  const dirs = folders(deps.dataDir);
  const stored = await readStored(join(dirs.requests, `${tokenSha256}.json`));
  if (!stored) throw nonRetryable(ActivityFailureType.BadSignatureToken, 'signature: unknown signing token');
  const today = dateInZone(deps.clock(), deps.timeZone);
  if (today > stored.expiresOn) {
    throw nonRetryable(ActivityFailureType.BadSignatureToken, `signature: signing token of request ${stored.requestId} expired on ${stored.expiresOn}`);
  }
  const required = requiredSigners(stored.signerRole);
  if (!required.includes(req.signerRole)) {
    throw nonRetryable(ActivityFailureType.BadInput, `signature: signerRole: request ${stored.requestId} is to be signed by ${stored.signerRole}`);
  }
  if (req.documentSha256 !== stored.documentSha256) {
    throw nonRetryable(ActivityFailureType.DocumentChanged, `signature: the document signed is not the document of request ${stored.requestId} (hash differs)`);
  }
  if (Date.parse(req.signedAt) > deps.clock().getTime()) {
    throw nonRetryable(ActivityFailureType.BadInput, 'signature: signedAt: is later than now');
  }
  const claim = {
    requestId: stored.requestId,
    scope: stored.scope,
    form: stored.form,
    documentSha256: stored.documentSha256,
    signerRole: req.signerRole,
    decision: req.decision,
    method: req.method,
    signedAt: req.signedAt,
  };
  await mkdir(dirs.redeemed, { recursive: true });
  const claimPath = (role: string) => join(dirs.redeemed, `${tokenSha256}.${role}.json`);
  const key = `${stored.requestId}|${req.signerRole}`;
  try {
    const handle = await open(claimPath(req.signerRole), 'wx');
    await handle.writeFile(`${JSON.stringify(claim)}\n`);
    await handle.sync();
    await handle.close();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // Claimed before. If that attempt died before its ledger entry and this is the same
    // signature, finish it; otherwise the token is used up.
    const earlier = await readFile(claimPath(req.signerRole), 'utf8').catch(() => '');
    const same = earlier !== '' && canonicalJson(JSON.parse(earlier)) === canonicalJson(claim);
    if (!same || (await deps.ledger.findByKey(stored.caseId, 'signature-recorded', key))) {
      throw nonRetryable(ActivityFailureType.BadSignatureToken, `signature: signing token of request ${stored.requestId} was already used`);
    }
  }
  const entry = await deps.ledger.append(stored.caseId, 'signature-recorded', claim, { key });
  const signed = await Promise.all(required.map((role) => readFile(claimPath(role)).then(() => true, () => false)));
  return {
    requestId: stored.requestId,
    caseId: stored.caseId,
    studentId: stored.studentId,
    scope: stored.scope,
    form: stored.form,
    signerRole: req.signerRole,
    decision: req.decision,
    complete: signed.every(Boolean),
    ledgerEntry: { seq: entry.seq, hash: entry.hash },
  };
}
