/**
 * The case ledger: an append-only hash chain per case, `<dataDir>/ledger/<caseId>.jsonl`.
 * Each entry is `{ seq, prevHash, at, kind, body, hash }` with
 * `hash = SHA-256(canonical JSON of everything but hash)` and `prevHash` = the previous entry's
 * hash (64 zeros for the first). Rewriting, removing or moving a line breaks the chain at that
 * entry, and `verifyLedger` names it. Removing the *last* entries leaves a valid shorter chain,
 * which only an outside copy of the head can reveal: the workflow carries `ledgerHead` across
 * continue-as-new and passes it as `expectedHead`.
 *
 * Bodies hold ids, dates, codes and document hashes: never names, emails or addresses.
 * Appends with a `key` are idempotent (a retried activity finds its entry and adds nothing).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { asStoredJson, canonicalJson, sha256Hex } from './canonical-json';
import { withFileLock } from './file-lock';
import { JsonlFile } from './jsonl-file';
import { CaseId, Sha256, Timestamp } from './ids';

export const GENESIS_HASH = '0'.repeat(64);

/** Kinds the activities write; callers may add others of the same shape. */
export const LEDGER_KINDS = [
  'notice-rendered',
  'notice-delivered',
  'signature-requested',
  'signature-recorded',
  'attendance',
  'excusal',
  'staff-alerted',
] as const;
export const LedgerKind = z.string().regex(/^[a-z][a-z-]{1,39}$/, 'must be a kebab-case entry kind');

const LedgerBody = z.record(z.string(), z.unknown());

export const LedgerEntrySchema = z
  .object({ seq: z.number().int().min(1), prevHash: Sha256, at: Timestamp, kind: LedgerKind, body: LedgerBody, hash: Sha256 })
  .strict();
export type LedgerEntry = z.infer<typeof LedgerEntrySchema>;

export interface LedgerHead {
  caseId: string;
  /** 0 for an empty ledger. */
  seq: number;
  hash: string;
}

export type LedgerVerification =
  | { ok: true; entries: LedgerEntry[]; head: { seq: number; hash: string } }
  | { ok: false; firstBadSeq: number; reason: 'altered' | 'removed' | 'reordered'; detail: string };

export function entryHash(entry: Omit<LedgerEntry, 'hash'>): string {
  const { seq, prevHash, at, kind, body } = entry;
  return sha256Hex(canonicalJson({ seq, prevHash, at, kind, body }));
}

function seqOf(raw: unknown): number | null {
  const seq = (raw as { seq?: unknown } | null)?.seq;
  return typeof seq === 'number' && Number.isInteger(seq) ? seq : null;
}

/**
 * Check a chain. `entries` are the stored objects in file order (anything that is not a
 * ledger entry counts as altered). `expectedHead`, when known, also catches removed tails.
 */
export function verifyLedger(entries: readonly unknown[], options: { expectedHead?: { seq: number; hash: string } } = {}): LedgerVerification {
  const valid: LedgerEntry[] = [];
  let prevHash = GENESIS_HASH;
  for (let i = 0; i < entries.length; i++) {
    const expected = i + 1;
    const parsed = LedgerEntrySchema.safeParse(entries[i]);
    if (!parsed.success) {
      return { ok: false, firstBadSeq: seqOf(entries[i]) ?? expected, reason: 'altered', detail: `line ${i + 1} is not a ledger entry` };
    }
    const entry = parsed.data;
    if (entryHash(entry) !== entry.hash) {
      return { ok: false, firstBadSeq: entry.seq, reason: 'altered', detail: `entry ${entry.seq}: content does not match its hash` };
    }
    if (entry.seq !== expected) {
      const later = entries.slice(i + 1).some((raw) => seqOf(raw) === expected);
      if (later || entry.seq < expected) {
        const bad = later ? expected : entry.seq;
        return { ok: false, firstBadSeq: bad, reason: 'reordered', detail: `line ${i + 1} holds entry ${entry.seq}, expected entry ${expected}` };
      }
      return { ok: false, firstBadSeq: expected, reason: 'removed', detail: `entry ${expected} is missing (next stored entry is ${entry.seq})` };
    }
    if (entry.prevHash !== prevHash) {
      // Both entries hash correctly, so one was rewritten and re-hashed: the predecessor no
      // longer has the hash its successor recorded.
      const bad = Math.max(1, expected - 1);
      return { ok: false, firstBadSeq: bad, reason: 'altered', detail: `entry ${expected} does not chain to entry ${expected - 1}: entry ${bad} was rewritten` };
    }
    prevHash = entry.hash;
    valid.push(entry);
  }
  const head = { seq: valid.length, hash: prevHash };
  const want = options.expectedHead;
  if (want && want.seq > 0) {
    if (valid.length < want.seq) {
      return { ok: false, firstBadSeq: valid.length + 1, reason: 'removed', detail: `entries ${valid.length + 1}..${want.seq} are missing (recorded head is entry ${want.seq})` };
    }
    if (valid[want.seq - 1].hash !== want.hash) {
      return { ok: false, firstBadSeq: want.seq, reason: 'altered', detail: `entry ${want.seq} differs from the recorded head` };
    }
  }
  return { ok: true, entries: valid, head };
}

export interface AppendOptions {
  /** Idempotency: an entry of the same kind with this `body.key` is returned instead of appending. */
  key?: string;
}

export class CaseLedger {
  constructor(
    private readonly dataDir: string,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  pathOf(caseId: string): string {
    return join(this.dataDir, 'ledger', `${CaseId.parse(caseId)}.jsonl`);
  }

  private file(caseId: string) {
    return new JsonlFile(this.pathOf(caseId), LedgerEntrySchema, `ledger of ${caseId}`);
  }

  async entries(caseId: string): Promise<LedgerEntry[]> {
    return this.file(caseId).readAll();
  }

  async findByKey(caseId: string, kind: string, key: string): Promise<LedgerEntry | undefined> {
    return (await this.entries(caseId)).find((e) => e.kind === kind && e.body.key === key);
  }

  async append(caseId: string, kind: string, body: Record<string, unknown>, options: AppendOptions = {}): Promise<LedgerEntry> {
    const validKind = LedgerKind.parse(kind);
    const storedBody = asStoredJson(options.key === undefined ? body : { ...body, key: options.key });
    const file = this.file(caseId);
    return withFileLock(`${this.pathOf(caseId)}.lock`, async () => {
      const existing = await file.readAll();
      if (options.key !== undefined) {
        const found = existing.find((e) => e.kind === validKind && e.body.key === options.key);
        if (found) return found;
      }
      const last = existing[existing.length - 1];
      const unsigned = {
        seq: (last?.seq ?? 0) + 1,
        prevHash: last?.hash ?? GENESIS_HASH,
        at: this.clock().toISOString(),
        kind: validKind,
        body: storedBody,
      };
      const entry: LedgerEntry = { ...unsigned, hash: entryHash(unsigned) };
      await file.append(entry);
      return entry;
    });
  }

  async head(caseId: string): Promise<LedgerHead> {
    const entries = await this.entries(caseId);
    const last = entries[entries.length - 1];
    return { caseId, seq: last?.seq ?? 0, hash: last?.hash ?? GENESIS_HASH };
  }

  /** Verify the stored chain, reading lines raw so a damaged line is reported, not thrown. */
  async verify(caseId: string, options: { expectedHead?: { seq: number; hash: string } } = {}): Promise<LedgerVerification> {
    const text = await readFile(this.pathOf(caseId), 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return '';
      throw error;
    });
    // A last line without its newline is a torn, never-committed write (see jsonl-file.ts).
    const complete = text.endsWith('\n') ? text : text.slice(0, text.lastIndexOf('\n') + 1);
    const raw = complete
      .split('\n')
      .filter((line) => line.length > 0)
      .map((line) => {
        try {
          return JSON.parse(line) as unknown;
        } catch {
          return null;
        }
      });
    return verifyLedger(raw, options);
  }
}

/** Head of a case's stored ledger (the workflow carries it across continue-as-new). */
export function ledgerHead(dataDir: string, caseId: string): Promise<LedgerHead> {
  return new CaseLedger(dataDir).head(caseId);
}

/** Verify a case's stored ledger; for entries already in memory use `verifyLedger`. */
export function verifyCaseLedger(dataDir: string, caseId: string, options: { expectedHead?: { seq: number; hash: string } } = {}): Promise<LedgerVerification> {
  return new CaseLedger(dataDir).verify(caseId, options);
}
