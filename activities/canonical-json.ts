/**
 * Canonical JSON for hashing: object keys sorted, no whitespace, `undefined` dropped (as
 * JSON.stringify does). The same value always gives the same bytes, so a ledger entry's hash
 * can be recomputed by anyone from the stored line.
 */
import { createHash } from 'node:crypto';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('canonical JSON: numbers must be finite');
    const text = JSON.stringify(value);
    if (text === undefined) throw new Error(`canonical JSON: ${typeof value} is not JSON`);
    return text;
  }
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const keys = Object.keys(value as Record<string, unknown>)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
}

/** The value as it will read back from disk (drops undefined, Dates become strings). */
export function asStoredJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export function sha256Hex(content: Uint8Array | string): string {
  return createHash('sha256').update(content).digest('hex');
}

/** A lowercase SHA-256 in hex. */
export const SHA256_PATTERN = /^[0-9a-f]{64}$/;
