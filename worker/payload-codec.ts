/**
 * Encryption of every Temporal payload caseclock writes (issue #9): workflow inputs (birth
 * dates), Update arguments and results, Query results, activity inputs and results, memos and —
 * with the failure converter's `encodeCommonAttributes` — failure messages and stack traces.
 * The Temporal server and its database see ciphertext; search attributes stay plain (codecs
 * never see them), and they hold ids, codes and dates only (workflows/search-attributes.ts).
 *
 * The format follows the Temporal samples' encryption codec (samples-typescript `encryption`):
 * AES-256-GCM over the whole delimited Payload protobuf (metadata included), a random 12-byte
 * IV per payload, data = IV ‖ ciphertext ‖ 16-byte tag, metadata `encoding: binary/encrypted`
 * and `encryption-key-id: <kid>`. A payload names its key, so decryption uses whichever key it
 * was written with (rotation) and a payload that is not encrypted (a case started before the
 * codec) passes through unchanged.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { METADATA_ENCODING_KEY, type DataConverter, type Payload, type PayloadCodec } from '@temporalio/common';
import proto from '@temporalio/proto';
import { codecKeyRing, type CodecConfig, type CodecKeyRing } from './codec-keys';

export const ENCODING_ENCRYPTED = 'binary/encrypted';
export const METADATA_ENCRYPTION_KEY_ID = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Plain CommonJS because the SDK `require()`s it by path, in Node and in the workflow bundle. */
export const FAILURE_CONVERTER_PATH = fileURLToPath(new URL('./failure-converter.cjs', import.meta.url));

/** A payload that cannot be decrypted. The message names the key id, never payload contents. */
export class PayloadCodecError extends Error {
  override name = 'PayloadCodecError';
  constructor(
    message: string,
    readonly kind: 'unknown-key' | 'tampered' | 'malformed' | 'decrypt-only',
    readonly keyId: string | null = null,
  ) {
    super(message);
  }
}

const text = (bytes: Uint8Array | null | undefined) => (bytes ? Buffer.from(bytes).toString('utf8') : undefined);

export function isEncrypted(payload: Payload): boolean {
  return text(payload.metadata?.[METADATA_ENCODING_KEY]) === ENCODING_ENCRYPTED;
}

/** The key id an encrypted payload names (undefined for plain payloads). */
export function payloadKeyId(payload: Payload): string | undefined {
  return isEncrypted(payload) ? text(payload.metadata?.[METADATA_ENCRYPTION_KEY_ID]) : undefined;
}

/**
 * Every key this process holds, by id. The auditor's replay (client/replay.ts) folds a history
 * synchronously and decrypts with these when it is given no codec of its own. A key id may hold
 * several keys (tests make throw-away rings); GCM's tag tells which one is right.
 */
const heldKeys = new Map<string, Buffer[]>();

function hold(ring: CodecKeyRing): void {
  for (const [kid, key] of ring.keys) {
    const held = heldKeys.get(kid) ?? [];
    if (!held.some((k) => k.equals(key))) held.push(key);
    heldKeys.set(kid, held);
  }
}

export class CaseEncryptionCodec implements PayloadCodec {
  private readonly candidates: (kid: string) => readonly Buffer[];

  /** `ring` null: decrypt-only, with every key this process holds. */
  constructor(private readonly ring: CodecKeyRing | null) {
    if (ring) {
      hold(ring);
      this.candidates = (kid) => {
        const key = ring.keys.get(kid);
        return key ? [key] : [];
      };
    } else {
      this.candidates = (kid) => heldKeys.get(kid) ?? [];
    }
  }

  get activeKeyId(): string | null {
    return this.ring?.activeKeyId ?? null;
  }

  /** One line for start-up logs: which key encrypts, where the keys came from — never a key. */
  describe(): string {
    if (!this.ring) return `payload decryption with the ${heldKeys.size} key ids this process holds`;
    return `payload encryption AES-256-GCM, active key ${this.ring.activeKeyId} of ${this.ring.keys.size} (${this.ring.source})`;
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => this.encryptPayload(p));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => this.decryptPayload(p));
  }

  encryptPayload(payload: Payload): Payload {
    if (!this.ring) throw new PayloadCodecError('payload codec: this codec only decrypts (it has no active key)', 'decrypt-only');
    const kid = this.ring.activeKeyId;
    const key = this.ring.keys.get(kid)!;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    const plain = proto.temporal.api.common.v1.Payload.encodeDelimited(payload).finish();
    const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    return {
      metadata: { [METADATA_ENCODING_KEY]: Buffer.from(ENCODING_ENCRYPTED), [METADATA_ENCRYPTION_KEY_ID]: Buffer.from(kid) },
      data: sealed,
    };
  }

  /** Synchronous (node:crypto), so a history can be folded without awaiting each payload. */
  decryptPayload(payload: Payload): Payload {
    if (!isEncrypted(payload)) return payload;
    const kid = payloadKeyId(payload);
    if (!kid) throw new PayloadCodecError('payload codec: an encrypted payload names no encryption-key-id', 'malformed');
    const keys = this.candidates(kid);
    if (!keys.length) {
      throw new PayloadCodecError(`payload codec: no key with id ${kid} is configured (add it to CASECLOCK_CODEC_KEYS; old keys stay listed after a rotation)`, 'unknown-key', kid);
    }
    const data = Buffer.from(payload.data ?? new Uint8Array());
    if (data.length < IV_BYTES + TAG_BYTES) throw new PayloadCodecError(`payload codec: a payload encrypted with key ${kid} is truncated`, 'malformed', kid);
    for (const key of keys) {
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      let plain: Buffer;
      try {
        plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
      } catch {
        continue; // authentication failed with this key
      }
      const inner = proto.temporal.api.common.v1.Payload.decodeDelimited(plain);
      return { metadata: inner.metadata, data: inner.data };
    }
    throw new PayloadCodecError(`payload codec: a payload encrypted with key ${kid} failed authentication (tampered with, or a different key under that id)`, 'tampered', kid);
  }
}

export interface CaseDataConverter extends DataConverter {
  payloadCodecs: [CaseEncryptionCodec];
  failureConverterPath: string;
}

/** What every Client and Worker of caseclock is given: the codec plus encoded failure messages. */
export function caseDataConverter(ring: CodecKeyRing): CaseDataConverter {
  return { payloadCodecs: [new CaseEncryptionCodec(ring)], failureConverterPath: FAILURE_CONVERTER_PATH };
}

/** From the configuration (worker/config.ts `codec` + data folder). */
export function configuredDataConverter(config: { codec: CodecConfig; dataDir: string }): CaseDataConverter {
  return caseDataConverter(codecKeyRing(config.codec, config.dataDir));
}

/**
 * The data converter a connection's clients use, for workers made on the same connection by
 * code that does not pass one (the simulate runner gets only the time-skipping environment).
 */
const byConnection = new WeakMap<object, DataConverter>();

export function bindDataConverter(connection: object, converter: DataConverter): void {
  byConnection.set(connection, converter);
}

export function boundDataConverter(connection: object): DataConverter | undefined {
  return byConnection.get(connection);
}
