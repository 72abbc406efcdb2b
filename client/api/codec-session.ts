/**
 * A browser session for the Temporal Web UI's remote codec. The Web UI calls the codec endpoint
 * from its own page with no bearer token (the dev server's UI has no login of its own), but it
 * can send cookies ("include cross-origin credentials" in its codec settings). A supervisor or
 * auditor signed in to the dashboard opens such a session (POST /api/codec-session): an opaque
 * id in an HttpOnly cookie scoped to /codec, good for 8 hours or until DELETE, held in memory
 * (an API restart ends every session). It authenticates /codec/ requests only — every other
 * route still needs the bearer token, so the cookie cannot be used to change a case.
 */
import { randomBytes } from 'node:crypto';
import { ApiError } from './api-error';
import type { FastifyRequest } from 'fastify';
import type { ApiUsers, Principal } from './auth';

export const CODEC_COOKIE = 'caseclock_codec';
export const CODEC_SESSION_HOURS = 8;

interface Session {
  principal: Principal;
  expiresAt: number;
}

export class CodecSessions {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly now: () => number = Date.now) {}

  open(principal: Principal): { id: string; cookie: string; expiresAt: string } {
    this.sweep();
    const id = randomBytes(32).toString('base64url');
    const expiresAt = this.now() + CODEC_SESSION_HOURS * 3_600_000;
    this.sessions.set(id, { principal, expiresAt });
    return { id, cookie: `${CODEC_COOKIE}=${id}; Path=/codec; HttpOnly; SameSite=Lax; Max-Age=${CODEC_SESSION_HOURS * 3600}`, expiresAt: new Date(expiresAt).toISOString() };
  }

  /** Ends the session the request's cookie names (if any); returns the cookie that clears it. */
  close(cookieHeader: string | undefined): string {
    const id = sessionIdIn(cookieHeader);
    if (id) this.sessions.delete(id);
    return `${CODEC_COOKIE}=; Path=/codec; HttpOnly; SameSite=Lax; Max-Age=0`;
  }

  /** The session's principal; throws ApiError(401) naming the cookie. */
  authenticate(cookieHeader: string | undefined): Principal {
    const id = sessionIdIn(cookieHeader);
    if (!id) throw new ApiError(401, `authorization: a bearer token or a codec session (${CODEC_COOKIE} cookie, POST /api/codec-session) is required`, 'authorization');
    const session = this.sessions.get(id);
    if (!session || session.expiresAt <= this.now()) {
      this.sessions.delete(id);
      throw new ApiError(401, `${CODEC_COOKIE}: the codec session has ended; open a new one from the dashboard`, CODEC_COOKIE);
    }
    return session.principal;
  }

  get size(): number {
    this.sweep();
    return this.sessions.size;
  }

  private sweep(): void {
    const now = this.now();
    for (const [id, s] of this.sessions) if (s.expiresAt <= now) this.sessions.delete(id);
  }
}

function sessionIdIn(header: string | undefined): string | null {
  for (const part of (header ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    const value = rest.join('=');
    if (name === CODEC_COOKIE && /^[A-Za-z0-9_-]{43}$/.test(value)) return value;
  }
  return null;
}

/**
 * The API's authenticate(): the bearer token, except for a /codec/ request that carries none,
 * which may come with the Web UI's session cookie instead.
 */
export function authenticateWith(users: ApiUsers, sessions: CodecSessions): (req: FastifyRequest) => Principal {
  return (req) =>
    req.headers.authorization === undefined && req.url.startsWith('/codec/') ? sessions.authenticate(req.headers.cookie) : users.authenticate(req.headers.authorization);
}
