/**
 * The keys that encrypt Temporal payloads (worker/payload-codec.ts), by key id.
 *
 * Configured: `CASECLOCK_CODEC_KEYS=kid:base64key,kid2:base64key` (each key 32 bytes, AES-256)
 * and `CASECLOCK_CODEC_ACTIVE_KEY=kid` (the one new payloads are encrypted with; may be left
 * out when only one key is given). Rotation: add the new key, make it active, keep the old one
 * listed — every payload names its key id, so old histories stay readable.
 *
 * Not configured (the embedded demo): a dev key is generated on first start into
 * `<dataDir>/codec-keys.json` (mode 0600; the data folder is gitignored) and reused after, so
 * a restarted `npm start` reads the cases it wrote. Errors name the variable or the file and
 * the key id, never key material.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export const KEY_BYTES = 32;

export const KeyId = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be a key id (1-64 letters, digits, . _ -)');

export interface CodecKeyRing {
  /** Key id new payloads are encrypted with. */
  activeKeyId: string;
  /** Every key that may decrypt, by id (includes the active one). */
  keys: ReadonlyMap<string, Buffer>;
  /** Where the keys came from (for the start-up line; never the keys). */
  source: 'configured' | 'file' | 'ephemeral';
}

/** Strict base64 of exactly 32 bytes: a typo must not silently become a different key. */
function keyBytes(text: string): Buffer | null {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || text.length % 4 !== 0) return null;
  const bytes = Buffer.from(text, 'base64');
  return bytes.length === KEY_BYTES ? bytes : null;
}

/** `CASECLOCK_CODEC_KEYS`: `kid:base64key` entries separated by commas → keys by id. */
export const CodecKeysText = z.string().transform((text, ctx) => {
  const keys = new Map<string, Buffer>();
  const entries = text.split(',').map((e) => e.trim());
  entries.forEach((entry, i) => {
    const colon = entry.indexOf(':');
    const kid = colon > 0 ? entry.slice(0, colon) : '';
    const where = `CASECLOCK_CODEC_KEYS entry ${i + 1}`;
    if (!KeyId.safeParse(kid).success) {
      ctx.addIssue({ code: 'custom', message: `${where}: must be kid:base64key with a key id of letters, digits, . _ -` });
      return;
    }
    const bytes = keyBytes(entry.slice(colon + 1));
    if (!bytes) ctx.addIssue({ code: 'custom', message: `${where} (key id ${kid}): the key must be base64 of exactly ${KEY_BYTES} bytes` });
    else if (keys.has(kid)) ctx.addIssue({ code: 'custom', message: `${where}: key id ${kid} is given twice` });
    else keys.set(kid, bytes);
  });
  return keys;
});

/** The `codec` part of the configuration (worker/config.ts). */
export const CodecConfigSchema = z
  .object({
    keys: CodecKeysText.optional(),
    activeKeyId: KeyId.optional(),
  })
  .superRefine((c, ctx) => {
    if (!c.keys) {
      if (c.activeKeyId) ctx.addIssue({ code: 'custom', path: ['activeKeyId'], message: 'CASECLOCK_CODEC_ACTIVE_KEY is set but CASECLOCK_CODEC_KEYS is not' });
      return;
    }
    if (!c.activeKeyId && c.keys.size > 1) {
      ctx.addIssue({ code: 'custom', path: ['activeKeyId'], message: 'CASECLOCK_CODEC_ACTIVE_KEY must name the key to encrypt with when CASECLOCK_CODEC_KEYS lists several' });
    } else if (c.activeKeyId && !c.keys.has(c.activeKeyId)) {
      ctx.addIssue({ code: 'custom', path: ['activeKeyId'], message: `CASECLOCK_CODEC_ACTIVE_KEY ${c.activeKeyId} is not one of the key ids in CASECLOCK_CODEC_KEYS` });
    }
  });
export type CodecConfig = z.infer<typeof CodecConfigSchema>;

const DevKeysFileSchema = z
  .object({
    activeKeyId: KeyId,
    keys: z.record(KeyId, z.string()),
  })
  .strict();

export const DEV_KEYS_FILE = 'codec-keys.json';

export class CodecKeyError extends Error {
  override name = 'CodecKeyError';
}

/** The ring for a configuration: the configured keys, else the data folder's dev key. */
export function codecKeyRing(codec: CodecConfig, dataDir: string): CodecKeyRing {
  if (codec.keys) {
    return { activeKeyId: codec.activeKeyId ?? [...codec.keys.keys()][0], keys: codec.keys, source: 'configured' };
  }
  return devKeyRing(dataDir);
}

/**
 * `<dataDir>/codec-keys.json`, created on first use. Written to a temp file and hard-linked
 * into place, so two processes starting at once (worker and API) agree on one key and neither
 * ever reads a half-written file.
 */
export function devKeyRing(dataDir: string): CodecKeyRing {
  const file = join(dataDir, DEV_KEYS_FILE);
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    const kid = `dev-${randomBytes(4).toString('hex')}`;
    const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    writeFileSync(temp, `${JSON.stringify({ activeKeyId: kid, keys: { [kid]: randomBytes(KEY_BYTES).toString('base64') } }, null, 2)}\n`, { mode: 0o600 });
    try {
      linkSync(temp, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      unlinkSync(temp);
    }
  }
  return readKeyRingFile(file);
}

/** A zod-validated key file (dev key file, the golden corpus's test key file). */
export function readKeyRingFile(file: string): CodecKeyRing {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new CodecKeyError(`codec key file ${file}: not readable JSON`);
  }
  const parsed = DevKeysFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CodecKeyError(`codec key file ${file}: ${issue.path.join('.') || 'file'}: ${issue.message}`);
  }
  const keys = new Map<string, Buffer>();
  for (const [kid, text] of Object.entries(parsed.data.keys)) {
    const bytes = keyBytes(text);
    if (!bytes) throw new CodecKeyError(`codec key file ${file}: keys.${kid}: must be base64 of exactly ${KEY_BYTES} bytes`);
    keys.set(kid, bytes);
  }
  if (!keys.has(parsed.data.activeKeyId)) throw new CodecKeyError(`codec key file ${file}: activeKeyId: ${parsed.data.activeKeyId} is not one of its keys`);
  return { activeKeyId: parsed.data.activeKeyId, keys, source: 'file' };
}

/** A key that lives as long as the process: throw-away servers (simulate, tests). */
export function ephemeralKeyRing(): CodecKeyRing {
  const kid = `ephemeral-${randomBytes(4).toString('hex')}`;
  return { activeKeyId: kid, keys: new Map([[kid, randomBytes(KEY_BYTES)]]), source: 'ephemeral' };
}
