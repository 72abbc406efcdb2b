/**
 * The remote codec endpoint (client/api/codec-routes.ts) through fastify inject, on a small app
 * with the API's real token check, role table, access log and refusal shape: the protocol's
 * body in and out, who may decode and encode, CORS for the Web UI's origins and its preflight.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessLog } from '../../../client/access-log';
import type { CaseService } from '../../../client/case-service';
import { ApiUsers, authorize } from '../../../client/api/auth';
import { codecCorsOrigins, codecRoutes } from '../../../client/api/codec-routes';
import { authenticateWith, CODEC_COOKIE, CodecSessions } from '../../../client/api/codec-session';
import type { ApiContext } from '../../../client/api/context';
import { routeDocs } from '../../../client/api/endpoint';
import { sendRefusal } from '../../../client/api/refusals';
import { ephemeralKeyRing } from '../../../worker/codec-keys';
import { CaseEncryptionCodec } from '../../../worker/payload-codec';

const TOKENS = { supervisor: 'tok-supervisor-0123456789abcdef', auditor: 'tok-auditor-0123456789abcdef00', staff: 'tok-staff-0123456789abcdef0000', parent: 'tok-parent-0123456789abcdef000' };
const UI = 'http://127.0.0.1:8233';
const codec = new CaseEncryptionCodec(ephemeralKeyRing());
const CASE_INPUT = { open: { caseId: 'case-s-17', profile: { studentId: 's-17', birthDate: '2014-03-09', districtId: 'demo-usd' } } };

let dataDir: string;
let app: FastifyInstance;
let accessLog: AccessLog;
let clock = Date.parse('2026-12-02T16:00:00Z');
const sessions = new CodecSessions(() => clock);

const json = (p: Payload) => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
  data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
});
const valueOf = (p: { metadata: Record<string, string>; data: string }) =>
  defaultPayloadConverter.fromPayload({ metadata: Object.fromEntries(Object.entries(p.metadata).map(([k, v]) => [k, Buffer.from(v, 'base64')])), data: Buffer.from(p.data, 'base64') });
const post = (path: string, token: string | null, body: unknown, origin = UI) =>
  app.inject({ method: 'POST', url: path, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), origin, 'x-namespace': 'caseclock' }, payload: body as object });

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'caseclock-codec-api-'));
  accessLog = new AccessLog(dataDir);
  const users = new ApiUsers([
    { token: TOKENS.supervisor, userId: 'sup-1', role: 'supervisor', districtIds: ['demo-usd'] },
    { token: TOKENS.auditor, userId: 'aud-1', role: 'auditor', districtIds: ['demo-usd'] },
    { token: TOKENS.staff, userId: 'cm-1', role: 'staff', districtIds: ['demo-usd'], caseManagerId: 'cm-1' },
    { token: TOKENS.parent, userId: 'par-1', role: 'parent', studentIds: ['s-17'] },
  ]);
  const ctx: ApiContext = {
    service: {} as CaseService, // not reached: the codecs are given
    dataDir,
    authenticate: authenticateWith(users, sessions),
    authorize,
    accessLog,
    fail: sendRefusal,
  };
  app = Fastify({ logger: false });
  codecRoutes(app, ctx, { codecs: [codec], origins: codecCorsOrigins({}), sessions });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('POST /codec/decode', () => {
  it('gives a supervisor the plain payloads, in order, as base64 JSON, and logs the student it is about', async () => {
    const sealed = await codec.encode([defaultPayloadConverter.toPayload(CASE_INPUT), defaultPayloadConverter.toPayload('second')]);
    const res = await post('/codec/decode', TOKENS.supervisor, { payloads: sealed.map(json) });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { payloads: Array<{ metadata: Record<string, string>; data: string }> };
    expect(body.payloads.map(valueOf)).toEqual([CASE_INPUT, 'second']);
    expect(Buffer.from(body.payloads[0].metadata.encoding, 'base64').toString()).toBe('json/plain');
    expect(res.headers['access-control-allow-origin']).toBe(UI);
    const lines = await accessLog.read({ studentId: 's-17' });
    expect(lines.map((l) => [l.userId, l.action, l.outcome, l.districtId])).toEqual([['sup-1', 'codec.decode', 'allowed', 'demo-usd']]);
  });

  it('lets an auditor decode; staff and parents get 403, no token 401 — with CORS headers so the UI can show it', async () => {
    const sealed = (await codec.encode([defaultPayloadConverter.toPayload('x')])).map(json);
    expect((await post('/codec/decode', TOKENS.auditor, { payloads: sealed })).statusCode).toBe(200);
    for (const token of [TOKENS.staff, TOKENS.parent]) {
      const res = await post('/codec/decode', token, { payloads: sealed });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ field: 'authorization' });
      expect(res.headers['access-control-allow-origin']).toBe(UI);
    }
    const anonymous = await post('/codec/decode', null, { payloads: sealed });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['access-control-allow-origin']).toBe(UI);
  });

  it('refuses a malformed body naming the field, and a tampered payload naming its index and key, not its contents', async () => {
    const bad = await post('/codec/decode', TOKENS.supervisor, { payloads: [{ data: 'not base64!' }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({ error: 'payloads.0.data: must be base64', field: 'payloads.0.data' });
    const [sealed] = await codec.encode([defaultPayloadConverter.toPayload(CASE_INPUT)]);
    const data = Buffer.from(sealed.data!);
    data[30] ^= 1;
    const res = await post('/codec/decode', TOKENS.supervisor, { payloads: [json(defaultPayloadConverter.toPayload('fine')), json({ ...sealed, data })] });
    expect(res.statusCode).toBe(422);
    expect(res.json().field).toBe('payloads.1');
    expect(res.json().error).toContain(`key ${codec.activeKeyId} failed authentication`);
    expect(res.body).not.toContain('2014-03-09');
  });
});

describe('POST /codec/encode', () => {
  it('encrypts for a supervisor (what decode opens again); an auditor may not encode', async () => {
    const plain = json(defaultPayloadConverter.toPayload({ hello: 'ui' }));
    const res = await post('/codec/encode', TOKENS.supervisor, { payloads: [plain] });
    expect(res.statusCode).toBe(200);
    const [encoded] = res.json().payloads as Array<{ metadata: Record<string, string>; data: string }>;
    expect(Buffer.from(encoded.metadata.encoding, 'base64').toString()).toBe('binary/encrypted');
    expect(Buffer.from(encoded.metadata['encryption-key-id'], 'base64').toString()).toBe(codec.activeKeyId);
    const back = await post('/codec/decode', TOKENS.supervisor, { payloads: [encoded] });
    expect(valueOf(back.json().payloads[0])).toEqual({ hello: 'ui' });
    expect((await post('/codec/encode', TOKENS.auditor, { payloads: [plain] })).statusCode).toBe(403);
  });
});

describe('CORS', () => {
  it('answers the Web UI preflight on both loopback names, without a token', async () => {
    for (const origin of [UI, 'http://localhost:8233']) {
      const res = await app.inject({
        method: 'OPTIONS',
        url: '/codec/decode',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type,x-namespace' },
      });
      expect(res.statusCode).toBe(204);
      expect(res.headers['access-control-allow-origin']).toBe(origin);
      expect(res.headers['access-control-allow-methods']).toBe('POST, OPTIONS');
      expect(res.headers['access-control-allow-headers']).toBe('authorization, content-type, x-namespace');
    }
  });

  it('gives another origin no CORS headers (preflight refused, POST unreadable by its page)', async () => {
    const pre = await app.inject({ method: 'OPTIONS', url: '/codec/decode', headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' } });
    expect(pre.statusCode).toBe(403);
    expect(pre.headers['access-control-allow-origin']).toBeUndefined();
    const res = await post('/codec/decode', TOKENS.supervisor, { payloads: [] }, 'http://evil.example');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.headers.vary).toBe('Origin');
  });

  it('refuses a preflight asking for other headers', async () => {
    const res = await app.inject({ method: 'OPTIONS', url: '/codec/encode', headers: { origin: UI, 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-secret' } });
    expect(res.statusCode).toBe(403);
    expect(res.json().field).toBe('headers');
  });

  it('takes its origins from CASECLOCK_CODEC_CORS_ORIGINS or the UI port, and refuses a bad origin naming the variable', () => {
    expect(codecCorsOrigins({})).toEqual(['http://127.0.0.1:8233', 'http://localhost:8233']);
    expect(codecCorsOrigins({ CASECLOCK_TEMPORAL_UI_PORT: '9233' })).toEqual(['http://127.0.0.1:9233', 'http://localhost:9233']);
    expect(codecCorsOrigins({ CASECLOCK_CODEC_CORS_ORIGINS: 'https://temporal.district.example/, http://127.0.0.1:8080' })).toEqual(['https://temporal.district.example', 'http://127.0.0.1:8080']);
    expect(() => codecCorsOrigins({ CASECLOCK_CODEC_CORS_ORIGINS: 'ftp://x' })).toThrow('configuration CASECLOCK_CODEC_CORS_ORIGINS entry 1: must be an http(s) origin such as http://127.0.0.1:8233');
  });

  it('documents all six routes for /openapi.json', () => {
    expect(routeDocs(app).map((d) => `${d.method} ${d.path}`).sort()).toEqual([
      'DELETE /api/codec-session',
      'OPTIONS /codec/decode',
      'OPTIONS /codec/encode',
      'POST /api/codec-session',
      'POST /codec/decode',
      'POST /codec/encode',
    ]);
  });
});

describe('codec session (the Web UI sends a cookie, not a token)', () => {
  const cookieOf = (setCookie: string | string[] | undefined) => String([setCookie].flat()[0] ?? '').split(';')[0];
  const decodeWithCookie = (cookie: string, origin = UI) =>
    app.inject({ method: 'POST', url: '/codec/decode', headers: { cookie, origin, 'x-namespace': 'caseclock' }, payload: { payloads: [] } });

  it('opens an 8-hour HttpOnly session scoped to /codec for an auditor, which decodes until it ends', async () => {
    const opened = await app.inject({ method: 'POST', url: '/api/codec-session', headers: { authorization: `Bearer ${TOKENS.auditor}` } });
    expect(opened.statusCode).toBe(200);
    const setCookie = String(opened.headers['set-cookie']);
    expect(setCookie).toMatch(new RegExp(`^${CODEC_COOKIE}=[A-Za-z0-9_-]{43}; Path=/codec; HttpOnly; SameSite=Lax; Max-Age=28800$`));
    expect(opened.json()).toEqual({ expiresAt: '2026-12-03T00:00:00.000Z', cookie: CODEC_COOKIE });
    const cookie = cookieOf(opened.headers['set-cookie']);

    const res = await decodeWithCookie(cookie);
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe(UI);
    expect(res.headers['access-control-allow-credentials']).toBe('true');

    // Ended: by time, then by DELETE.
    clock += 8 * 3_600_000;
    const expired = await decodeWithCookie(cookie);
    expect(expired.statusCode).toBe(401);
    expect(expired.json()).toMatchObject({ field: CODEC_COOKIE, error: `${CODEC_COOKIE}: the codec session has ended; open a new one from the dashboard` });
    const again = cookieOf((await app.inject({ method: 'POST', url: '/api/codec-session', headers: { authorization: `Bearer ${TOKENS.supervisor}` } })).headers['set-cookie']);
    expect((await decodeWithCookie(again)).statusCode).toBe(200);
    const closed = await app.inject({ method: 'DELETE', url: '/api/codec-session', headers: { authorization: `Bearer ${TOKENS.supervisor}`, cookie: again } });
    expect(closed.statusCode).toBe(204);
    expect(String(closed.headers['set-cookie'])).toContain('Max-Age=0');
    expect((await decodeWithCookie(again)).statusCode).toBe(401);
  });

  it('is refused to staff and parents, and a cookie authenticates nothing outside /codec/', async () => {
    for (const role of ['staff', 'parent'] as const) {
      expect((await app.inject({ method: 'POST', url: '/api/codec-session', headers: { authorization: `Bearer ${TOKENS[role]}` } })).statusCode).toBe(403);
    }
    const cookie = cookieOf((await app.inject({ method: 'POST', url: '/api/codec-session', headers: { authorization: `Bearer ${TOKENS.auditor}` } })).headers['set-cookie']);
    const elsewhere = await app.inject({ method: 'POST', url: '/api/codec-session', headers: { cookie } });
    expect(elsewhere.statusCode).toBe(401);
    expect(elsewhere.json().field).toBe('authorization');
    // A forged or malformed cookie is no session.
    expect((await decodeWithCookie(`${CODEC_COOKIE}=${'A'.repeat(43)}`)).statusCode).toBe(401);
    expect((await decodeWithCookie('other=1')).json().error).toMatch(/^authorization: a bearer token or a codec session/);
  });
});
