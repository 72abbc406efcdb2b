/**
 * The payload codec (worker/payload-codec.ts) and its keys (worker/codec-keys.ts): AES-256-GCM
 * in the Temporal samples' format, a fresh IV per payload, rotation by key id, refusals that
 * name the key and never the contents, zod-validated key configuration, the dev key file, and
 * failure messages moved into an encrypted payload by the failure converter.
 */
import { createRequire } from 'node:module';
import { randomBytes, webcrypto } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApplicationFailure, defaultPayloadConverter, type FailureConverter, type Payload } from '@temporalio/common';
import { decodeFailure, encodeFailure, loadDataConverter } from '@temporalio/common/lib/internal-non-workflow';
import proto from '@temporalio/proto';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeHistory } from '../../../client/replay';
import { CodecConfigSchema, codecKeyRing, devKeyRing, ephemeralKeyRing, type CodecKeyRing } from '../../../worker/codec-keys';
import { loadConfig } from '../../../worker/config';
import { caseDataConverter, CaseEncryptionCodec, FAILURE_CONVERTER_PATH, isEncrypted, payloadKeyId, PayloadCodecError } from '../../../worker/payload-codec';

const SECRET = { studentName: 'Ximena Quintanilla-Oyelaran', birthDate: '2013-02-27' };
const b64 = () => randomBytes(32).toString('base64');
const ring = (active: string, keys: Record<string, Buffer>): CodecKeyRing => ({ activeKeyId: active, keys: new Map(Object.entries(keys)), source: 'configured' });
const plain = () => defaultPayloadConverter.toPayload(SECRET);
const bytes = (p: Payload) => Buffer.from(p.data ?? new Uint8Array());
const meta = (p: Payload, key: string) => Buffer.from(p.metadata?.[key] ?? new Uint8Array()).toString('utf8');
const codecError = (fn: () => unknown): PayloadCodecError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof PayloadCodecError) return error;
    throw error;
  }
  throw new Error('no error');
};

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'caseclock-codec-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('encryption', () => {
  const k1 = randomBytes(32);
  const codec = new CaseEncryptionCodec(ring('k1', { k1 }));

  it('encrypts the whole payload and names encoding and key id; decode gives back the original', async () => {
    const [sealed] = await codec.encode([plain()]);
    expect(meta(sealed, 'encoding')).toBe('binary/encrypted');
    expect(meta(sealed, 'encryption-key-id')).toBe('k1');
    expect(Object.keys(sealed.metadata ?? {}).sort()).toEqual(['encoding', 'encryption-key-id']);
    expect(bytes(sealed).includes(Buffer.from(SECRET.studentName))).toBe(false);
    expect(bytes(sealed).includes(Buffer.from('json/plain'))).toBe(false); // the inner metadata is sealed too
    const [opened] = await codec.decode([sealed]);
    expect(meta(opened, 'encoding')).toBe('json/plain');
    expect(defaultPayloadConverter.fromPayload(opened)).toEqual(SECRET);
  });

  it('uses a fresh random 12-byte IV for every payload', async () => {
    const sealed = await codec.encode([plain(), plain(), plain()]);
    const ivs = new Set(sealed.map((p) => bytes(p).subarray(0, 12).toString('hex')));
    expect(ivs.size).toBe(3);
    // IV ‖ ciphertext ‖ 16-byte tag: ciphertext is as long as the delimited inner payload.
    const inner = proto.temporal.api.common.v1.Payload.encodeDelimited(plain()).finish();
    expect(bytes(sealed[0]).length).toBe(12 + inner.length + 16);
  });

  it('is the samples format: WebCrypto AES-GCM over IV ‖ ciphertext+tag opens it', async () => {
    const [sealed] = await codec.encode([plain()]);
    const key = await webcrypto.subtle.importKey('raw', k1, 'AES-GCM', false, ['decrypt']);
    const data = bytes(sealed);
    const opened = new Uint8Array(await webcrypto.subtle.decrypt({ name: 'AES-GCM', iv: data.subarray(0, 12), tagLength: 128 }, key, data.subarray(12)));
    expect(defaultPayloadConverter.fromPayload(proto.temporal.api.common.v1.Payload.decodeDelimited(opened))).toEqual(SECRET);
  });

  it('passes payloads that are not encrypted through decode unchanged (cases from before the codec)', async () => {
    const p = plain();
    expect(isEncrypted(p)).toBe(false);
    const [out] = await codec.decode([p]);
    expect(out).toBe(p);
  });
});

describe('rotation', () => {
  const k1 = randomBytes(32);
  const k2 = randomBytes(32);

  it('keeps old payloads readable after a new active key, and encrypts new ones with it', async () => {
    const [old] = await new CaseEncryptionCodec(ring('k1', { k1 })).encode([plain()]);
    const rotated = new CaseEncryptionCodec(ring('k2', { k1, k2 }));
    const [fresh] = await rotated.encode([plain()]);
    expect(payloadKeyId(old)).toBe('k1');
    expect(payloadKeyId(fresh)).toBe('k2');
    expect((await rotated.decode([old, fresh])).map((p) => defaultPayloadConverter.fromPayload(p))).toEqual([SECRET, SECRET]);
  });

  it('refuses a payload whose key is not configured, naming the key id and nothing of the contents', async () => {
    const [old] = await new CaseEncryptionCodec(ring('k1', { k1 })).encode([plain()]);
    const error = codecError(() => new CaseEncryptionCodec(ring('k2', { k2 })).decryptPayload(old));
    expect(error.kind).toBe('unknown-key');
    expect(error.keyId).toBe('k1');
    expect(error.message).toContain('no key with id k1');
    expect(error.message).not.toContain(SECRET.studentName);
    await expect(new CaseEncryptionCodec(ring('k2', { k2 })).decode([old])).rejects.toBeInstanceOf(PayloadCodecError);
  });

  it('refuses a payload sealed under another key with the same id', async () => {
    const [sealed] = await new CaseEncryptionCodec(ring('k1', { k1 })).encode([plain()]);
    expect(codecError(() => new CaseEncryptionCodec(ring('k1', { k1: k2 })).decryptPayload(sealed)).kind).toBe('tampered');
  });
});

describe('tampering', () => {
  const codec = new CaseEncryptionCodec(ring('k1', { k1: randomBytes(32) }));
  const sealedWith = (change: (data: Buffer) => Buffer) => {
    const p = codec.encryptPayload(plain());
    return { ...p, data: change(Buffer.from(bytes(p))) };
  };
  const flip = (at: (d: Buffer) => number) => (d: Buffer) => {
    d[at(d)] ^= 0x01;
    return d;
  };

  it.each([
    ['a ciphertext byte', flip((d) => 20)],
    ['an IV byte', flip(() => 3)],
    ['a tag byte', flip((d) => d.length - 1)],
  ])('refuses a payload with %s changed, without payload contents in the error', (_what, change) => {
    const error = codecError(() => codec.decryptPayload(sealedWith(change)));
    expect(error.kind).toBe('tampered');
    expect(error.message).toBe('payload codec: a payload encrypted with key k1 failed authentication (tampered with, or a different key under that id)');
  });

  it('refuses a truncated payload and one that names no key', () => {
    expect(codecError(() => codec.decryptPayload(sealedWith((d) => d.subarray(0, 20)))).kind).toBe('malformed');
    const p = codec.encryptPayload(plain());
    expect(codecError(() => codec.decryptPayload({ ...p, metadata: { encoding: p.metadata!.encoding } })).kind).toBe('malformed');
  });

  it('a decrypt-only codec (the keys this process holds) cannot encrypt', () => {
    expect(codecError(() => new CaseEncryptionCodec(null).encryptPayload(plain())).kind).toBe('decrypt-only');
  });
});

describe('key configuration', () => {
  const parse = (env: Record<string, string>) => {
    try {
      return { config: loadConfig(env), error: null };
    } catch (error) {
      return { config: null, error: (error as Error).message };
    }
  };

  it('reads kid:base64key entries and the active key id', () => {
    const [a, b] = [b64(), b64()];
    const { config } = parse({ CASECLOCK_CODEC_KEYS: `old:${a}, new:${b}`, CASECLOCK_CODEC_ACTIVE_KEY: 'new' });
    const keys = codecKeyRing(config!.codec, tempDir());
    expect(keys.activeKeyId).toBe('new');
    expect([...keys.keys.keys()]).toEqual(['old', 'new']);
    expect(keys.keys.get('old')!.toString('base64')).toBe(a);
    expect(keys.source).toBe('configured');
    // One key: it is the active one without naming it.
    expect(codecKeyRing(parse({ CASECLOCK_CODEC_KEYS: `only:${a}` }).config!.codec, tempDir()).activeKeyId).toBe('only');
  });

  it.each([
    [{ CASECLOCK_CODEC_KEYS: `k1:${randomBytes(16).toString('base64')}` }, 'configuration codec.keys: CASECLOCK_CODEC_KEYS entry 1 (key id k1): the key must be base64 of exactly 32 bytes'],
    [{ CASECLOCK_CODEC_KEYS: 'k1:not*base64*at*all*not*base64*at*all*123456=' }, 'configuration codec.keys: CASECLOCK_CODEC_KEYS entry 1 (key id k1): the key must be base64 of exactly 32 bytes'],
    [{ CASECLOCK_CODEC_KEYS: `k1:${b64()},${b64()}` }, 'configuration codec.keys: CASECLOCK_CODEC_KEYS entry 2: must be kid:base64key with a key id of letters, digits, . _ -'],
    [{ CASECLOCK_CODEC_KEYS: `k1:${b64()},k1:${b64()}` }, 'configuration codec.keys: CASECLOCK_CODEC_KEYS entry 2: key id k1 is given twice'],
    [{ CASECLOCK_CODEC_KEYS: `k1:${b64()},k2:${b64()}` }, 'configuration codec.activeKeyId: CASECLOCK_CODEC_ACTIVE_KEY must name the key to encrypt with when CASECLOCK_CODEC_KEYS lists several'],
    [{ CASECLOCK_CODEC_KEYS: `k1:${b64()}`, CASECLOCK_CODEC_ACTIVE_KEY: 'k9' }, 'configuration codec.activeKeyId: CASECLOCK_CODEC_ACTIVE_KEY k9 is not one of the key ids in CASECLOCK_CODEC_KEYS'],
    [{ CASECLOCK_CODEC_ACTIVE_KEY: 'k1' }, 'configuration codec.activeKeyId: CASECLOCK_CODEC_ACTIVE_KEY is set but CASECLOCK_CODEC_KEYS is not'],
    [{ CASECLOCK_CODEC_KEYS: `k1:${b64()}`, CASECLOCK_CODEC_ACTIVE_KEY: 'bad id!' }, 'configuration codec.activeKeyId: must be a key id (1-64 letters, digits, . _ -)'],
  ])('refuses %o with one line naming the variable, never the key', (env, message) => {
    const { error } = parse(env);
    expect(error).toBe(message);
    for (const value of Object.values(env)) for (const part of value.split(/[,:]/)) if (part.length > 20) expect(error).not.toContain(part);
  });

  it('the schema alone gives keys by id (no configuration = no keys)', () => {
    expect(CodecConfigSchema.parse({}).keys).toBeUndefined();
  });
});

describe('dev key file', () => {
  it('is generated on first use with mode 0600 and reused after', () => {
    const dir = tempDir();
    const first = devKeyRing(dir);
    const file = join(dir, 'codec-keys.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(first.source).toBe('file');
    expect(first.activeKeyId).toMatch(/^dev-[0-9a-f]{8}$/);
    const again = devKeyRing(dir);
    expect(again.activeKeyId).toBe(first.activeKeyId);
    expect(again.keys.get(again.activeKeyId)!.equals(first.keys.get(first.activeKeyId)!)).toBe(true);
    // And it is what the configuration gives when no keys are configured.
    expect(codecKeyRing(loadConfig({ CASECLOCK_DATA_DIR: dir }).codec, dir).activeKeyId).toBe(first.activeKeyId);
  });

  it('a damaged file is one clear line naming the file and field, not a new key', () => {
    const dir = tempDir();
    const file = join(dir, 'codec-keys.json');
    writeFileSync(file, JSON.stringify({ activeKeyId: 'dev-1', keys: { 'dev-1': 'c2hvcnQ=' } }));
    expect(() => devKeyRing(dir)).toThrow(`codec key file ${file}: keys.dev-1: must be base64 of exactly 32 bytes`);
    writeFileSync(file, '{');
    expect(() => devKeyRing(dir)).toThrow(`codec key file ${file}: not readable JSON`);
    expect(readFileSync(file, 'utf8')).toBe('{');
  });
});

describe('failure messages', () => {
  const require = createRequire(import.meta.url);
  const { failureConverter } = require(FAILURE_CONVERTER_PATH) as { failureConverter: FailureConverter };

  it('moves message and stack into an encrypted payload; a client with the codec reads them back', async () => {
    const loaded = loadDataConverter(caseDataConverter(ephemeralKeyRing()));
    expect(loaded.failureConverter).toBe(failureConverter);
    const error = ApplicationFailure.nonRetryable(`refused for ${SECRET.studentName}`, 'BadInput');
    const failure = await encodeFailure(loaded.payloadCodecs, failureConverter.errorToFailure(error, loaded.payloadConverter));
    expect(failure.message).toBe('Encoded failure');
    expect(failure.stackTrace).toBe('');
    expect(failure.applicationFailureInfo?.type).toBe('BadInput'); // the type stays plain: clients branch on it
    const wire = Buffer.from(proto.temporal.api.failure.v1.Failure.encode(failure).finish());
    expect(wire.includes(Buffer.from(SECRET.studentName))).toBe(false);
    const back = failureConverter.failureToError(await decodeFailure(loaded.payloadCodecs, failure), loaded.payloadConverter);
    expect(back.message).toBe(`refused for ${SECRET.studentName}`);
  });
});

describe('decodeHistory (client/replay.ts)', () => {
  it('decrypts every payload of a history and leaves search attributes alone', async () => {
    const codec = new CaseEncryptionCodec(ephemeralKeyRing());
    const sa = defaultPayloadConverter.toPayload(['demo-usd']);
    const history = proto.temporal.api.history.v1.History.create({
      events: [
        { workflowExecutionStartedEventAttributes: { input: { payloads: [codec.encryptPayload(plain())] }, searchAttributes: { indexedFields: { CaseDistrict: sa } } } },
        { activityTaskCompletedEventAttributes: { result: { payloads: [codec.encryptPayload(defaultPayloadConverter.toPayload({ ok: true }))] } } },
      ],
    });
    await decodeHistory(history, [codec]);
    const [started, completed] = history.events;
    expect(defaultPayloadConverter.fromPayload(started.workflowExecutionStartedEventAttributes!.input!.payloads![0])).toEqual(SECRET);
    expect(defaultPayloadConverter.fromPayload(completed.activityTaskCompletedEventAttributes!.result!.payloads![0])).toEqual({ ok: true });
    expect(started.workflowExecutionStartedEventAttributes!.searchAttributes!.indexedFields!.CaseDistrict).toBe(sa);
  });
});
