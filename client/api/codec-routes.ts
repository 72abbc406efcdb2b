/**
 * The remote codec endpoint for the Temporal Web UI and CLI (`--codec-endpoint`): POST
 * /codec/decode and /codec/encode with `{ payloads: [{ metadata: {k: base64}, data: base64 }] }`,
 * answering the same shape (Temporal's remote codec server protocol). Payloads are decrypted
 * with the API's own payload codec (worker/payload-codec.ts), so keys never leave this process
 * and the browser gets plain payloads only after the bearer token and the role check.
 *
 * Decrypted payloads are student records: only supervisors (custodians of the records,
 * L4233-L4235) and auditors (L4238-L4239) may decode, only supervisors encode, and every
 * student a decoded payload is about gets an access-log line (L9284-L9286). CORS answers the
 * Web UI's origins only (CASECLOCK_CODEC_CORS_ORIGINS, default the dev server's UI on
 * 127.0.0.1 and localhost), preflight included; other origins get no CORS headers.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { z } from 'zod';
import { ApiError } from './api-error';
import type { ApiContext } from './context';
import { endpoint, publicRoute } from './endpoint';
import { CODEC_COOKIE, CODEC_SESSION_HOURS, CodecSessions } from './codec-session';

const Base64 = z.string().max(4_000_000).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');
// Not strict: newer protocol fields a client may add (e.g. externalPayloads) are ignored, not refused.
const JsonPayload = z.object({ metadata: z.record(z.string().max(200), Base64).nullish(), data: Base64.nullish() });
export const CodecBody = z.object({ payloads: z.array(JsonPayload).max(10_000) }).strict();
type JsonPayload = z.infer<typeof JsonPayload>;

const Origin = z.url({ protocol: /^https?$/, error: 'must be an http(s) origin' }).transform((u) => new URL(u).origin);
export const CodecOrigins = z.string().transform((text, ctx) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s, i) => {
      const parsed = Origin.safeParse(s);
      if (!parsed.success) ctx.addIssue({ code: 'custom', message: `CASECLOCK_CODEC_CORS_ORIGINS entry ${i + 1}: must be an http(s) origin such as http://127.0.0.1:8233` });
      return parsed.success ? parsed.data : '';
    }),
);

/** The Web UI origins allowed to call: the variable, else the dev server's UI port on both loopback names. */
export function codecCorsOrigins(env: NodeJS.ProcessEnv = process.env): string[] {
  if (env.CASECLOCK_CODEC_CORS_ORIGINS) {
    const parsed = CodecOrigins.safeParse(env.CASECLOCK_CODEC_CORS_ORIGINS);
    if (!parsed.success) throw new Error(`configuration ${parsed.error.issues[0].message}`);
    return parsed.data;
  }
  const uiPort = z.coerce.number().int().min(1).max(65535).catch(8233).parse(env.CASECLOCK_TEMPORAL_UI_PORT ?? Number(env.CASECLOCK_TEMPORAL_PORT ?? 7233) + 1000);
  return [`http://127.0.0.1:${uiPort}`, `http://localhost:${uiPort}`];
}

export interface CodecRouteOptions {
  /** Default: the payload codecs of the API's Temporal client (the configured keys). */
  codecs?: PayloadCodec[];
  /** Default: codecCorsOrigins(). */
  origins?: string[];
  /** The Web UI's cookie sessions (codec-session.ts); the API's own by default. */
  sessions?: CodecSessions;
}

const ALLOWED_HEADERS = ['authorization', 'content-type', 'x-namespace'];

const fromJson = (p: JsonPayload): Payload => ({
  metadata: p.metadata ? Object.fromEntries(Object.entries(p.metadata).map(([k, v]) => [k, Buffer.from(v, 'base64')])) : undefined,
  data: p.data ? Buffer.from(p.data, 'base64') : undefined,
});
const toJson = (p: Payload) => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
  data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
});

/** Student ids (and their districts) a decoded JSON payload is about, for the access log. */
function studentsIn(payload: Payload, found: Map<string, string | null>): void {
  const encoding = Buffer.from(payload.metadata?.encoding ?? new Uint8Array()).toString('utf8');
  if (encoding !== 'json/plain' || !payload.data) return;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(payload.data).toString('utf8'));
  } catch {
    return;
  }
  const walk = (v: unknown, depth: number): void => {
    if (depth > 6 || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) return v.slice(0, 200).forEach((x) => walk(x, depth + 1));
    const o = v as Record<string, unknown>;
    if (typeof o.studentId === 'string' && /^[A-Za-z0-9._-]{1,64}$/.test(o.studentId)) {
      const district = typeof o.districtId === 'string' && /^[A-Za-z0-9._-]{1,64}$/.test(o.districtId) ? o.districtId : null;
      found.set(o.studentId, found.get(o.studentId) ?? district);
    }
    for (const x of Object.values(o)) walk(x, depth + 1);
  };
  walk(value, 0);
}

async function each(payloads: Payload[], run: (p: Payload) => Promise<Payload>): Promise<Payload[]> {
  const out: Payload[] = [];
  for (const [i, p] of payloads.entries()) {
    try {
      out.push(await run(p));
    } catch (error) {
      // The codec's message names the key id, never the contents.
      throw new ApiError(422, `payloads.${i}: ${error instanceof Error ? error.message : 'cannot be decoded'}`, `payloads.${i}`);
    }
  }
  return out;
}

export function codecRoutes(app: FastifyInstance, ctx: ApiContext, opts: CodecRouteOptions = {}): void {
  // Resolved on first use: the API may be built on a service whose client connects later (tests).
  let resolved: PayloadCodec[] | undefined = opts.codecs;
  const codecList = () => (resolved ??= ctx.service.client.options.loadedDataConverter.payloadCodecs);
  const origins = new Set(opts.origins ?? codecCorsOrigins());
  const decode = async (p: Payload) => {
    let out = [p];
    for (const codec of [...codecList()].reverse()) out = await codec.decode(out);
    return out[0];
  };
  const encode = async (p: Payload) => {
    let out = [p];
    for (const codec of codecList()) out = await codec.encode(out);
    return out[0];
  };

  const allowedOrigin = (req: FastifyRequest) => {
    const origin = req.headers.origin;
    return typeof origin === 'string' && origins.has(origin) ? origin : null;
  };
  // On every /codec/ answer, refusals included: a browser shows a CORS error instead of a 401.
  app.addHook('onSend', async (req, reply, body) => {
    if (!req.url.startsWith('/codec/')) return body;
    const origin = allowedOrigin(req);
    reply.header('vary', 'Origin');
    // Credentials allowed: the Web UI sends the codec session cookie (codec-session.ts).
    if (origin) reply.header('access-control-allow-origin', origin).header('access-control-allow-credentials', 'true');
    return body;
  });

  const preflight = async (req: FastifyRequest, reply: FastifyReply) => {
    const origin = allowedOrigin(req);
    const asked = String(req.headers['access-control-request-headers'] ?? '')
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean);
    if (!origin) return ctx.fail(reply, new ApiError(403, `origin: ${String(req.headers.origin ?? '(none)')} is not an allowed Web UI origin (CASECLOCK_CODEC_CORS_ORIGINS)`, 'origin'));
    const refused = asked.filter((h) => !ALLOWED_HEADERS.includes(h));
    if (refused.length) return ctx.fail(reply, new ApiError(403, `headers: ${refused.join(', ')} may not be sent to the codec endpoint`, 'headers'));
    return reply
      .code(204)
      .header('access-control-allow-methods', 'POST, OPTIONS')
      .header('access-control-allow-headers', ALLOWED_HEADERS.join(', '))
      .header('access-control-max-age', '600')
      .send();
  };

  const sessions = opts.sessions ?? new CodecSessions();
  const SessionAnswer = z.object({ expiresAt: z.string(), cookie: z.literal(CODEC_COOKIE) });
  endpoint(
    app,
    ctx,
    {
      method: 'POST',
      path: '/api/codec-session',
      tag: 'codec',
      summary: `Let the Temporal Web UI decrypt payloads in this browser for ${CODEC_SESSION_HOURS} h (HttpOnly cookie scoped to /codec)`,
      action: 'codec.decode',
      response: { status: 200, description: 'the session cookie is set', schema: SessionAnswer },
    },
    async ({ principal, reply }) => {
      const session = sessions.open(principal);
      reply.header('set-cookie', session.cookie);
      return { expiresAt: session.expiresAt, cookie: CODEC_COOKIE };
    },
  );
  endpoint(
    app,
    ctx,
    { method: 'DELETE', path: '/api/codec-session', tag: 'codec', summary: 'End this browser\'s codec session', action: 'codec.decode', response: { status: 204, description: 'the cookie is cleared' } },
    async ({ req, reply }) => reply.code(204).header('set-cookie', sessions.close(req.headers.cookie)).send(),
  );

  for (const [path, action, run] of [
    ['/codec/decode', 'codec.decode', decode],
    ['/codec/encode', 'codec.encode', encode],
  ] as const) {
    publicRoute(app, { method: 'OPTIONS', path, tag: 'codec', summary: 'CORS preflight for the Temporal Web UI', response: { status: 204, description: 'allowed origin' }, refusals: [403] }, preflight);
    endpoint(
      app,
      ctx,
      {
        method: 'POST',
        path,
        tag: 'codec',
        summary: action === 'codec.decode' ? 'Decrypt payloads for the Temporal Web UI (remote codec protocol)' : 'Encrypt payloads for the Temporal Web UI / CLI (remote codec protocol)',
        action,
        body: CodecBody,
        response: { status: 200, description: 'the payloads, same order', schema: CodecBody },
        refusals: [400, 422],
      },
      async ({ principal, body }) => {
        const payloads = await each(body.payloads.map(fromJson), run);
        if (action === 'codec.decode') {
          const students = new Map<string, string | null>();
          for (const p of payloads) studentsIn(p, students);
          for (const [studentId, districtId] of students) {
            await ctx.accessLog.record({ userId: principal.userId, role: principal.role, action: 'codec.decode', studentId, outcome: 'allowed', districtId });
          }
        }
        return { payloads: payloads.map(toJson) };
      },
    );
  }
}
