/**
 * The API fuzz's requests and what each should get, worked out from the README's role table
 * (written out here, and checked against auth.ts rolesFor) and the documented order of checks
 * (endpoint.ts): the body must parse (fastify) → bearer token (401) → params, query, body
 * (400) → the role (403) → the case's scope (403, or 404 for a parent or an unknown case) →
 * the service. POST /api/imports checks the role before its query and body (imports.ts).
 * The input schemas are read from the app's own route documents (routeDocs), so a shape the
 * route documents is the shape the oracle judges by.
 */
import type { z } from 'zod';
import { calendarSchema, demoCalendars } from '../../../deadlines';
import type { ApiAction, Role } from '../../../client/api/auth';
import type { RouteDoc } from '../../../client/api/endpoint';
import { CASES, DISTRICT, OTHER_DISTRICT, TOKENS, calendarOf } from '../client/api-fake-service';
import { canonicalCalendarText } from '../../../client/calendars/calendar-store';

/** The README's table "HTTP API and roles", one action at a time. */
export const ROLE_TABLE: Record<Role, ApiAction[]> = {
  staff: ['me.read', 'caseload.read', 'case.open', 'case.read', 'case.event', 'timeline.read', 'replay.read', 'notice.read', 'alerts.read', 'case.export', 'calendar.read', 'chart.read'],
  supervisor: [
    ...['me.read', 'caseload.read', 'case.open', 'case.read', 'case.event', 'timeline.read', 'replay.read', 'notice.read', 'alerts.read'],
    ...['calendar.read', 'calendar.publish', 'case.import', 'case.export', 'accessLog.read', 'chart.read', 'codec.decode', 'codec.encode'],
  ] as ApiAction[],
  auditor: ['me.read', 'caseload.read', 'case.read', 'timeline.read', 'replay.read', 'notice.read', 'alerts.read', 'case.export', 'accessLog.read', 'calendar.read', 'chart.read', 'codec.decode'],
  parent: ['me.read', 'case.read', 'notice.read', 'signature.sign'],
};

/** The callers of api-fake-service.ts, by what their token means. */
export const CALLERS = {
  staff: { role: 'staff', districtIds: [DISTRICT], caseManagerId: 'cm-1', studentIds: [] as string[] },
  supervisor: { role: 'supervisor', districtIds: [DISTRICT], caseManagerId: null, studentIds: [] as string[] },
  auditor: { role: 'auditor', districtIds: [DISTRICT], caseManagerId: null, studentIds: [] as string[] },
  parent: { role: 'parent', districtIds: [] as string[], caseManagerId: null, studentIds: ['s-own'] },
  southSupervisor: { role: 'supervisor', districtIds: [OTHER_DISTRICT], caseManagerId: null, studentIds: [] as string[] },
} as const;
export type CallerName = keyof typeof CALLERS;
export const tokenOf = (name: CallerName) => TOKENS[name];

export type RouteName = 'open' | 'event' | 'sign' | 'publish' | 'import' | 'codec-decode' | 'codec-encode' | 'codec-session';
export const ROUTES: Record<RouteName, { path: string; action: ApiAction; param?: 'studentId' | 'calendarId' }> = {
  open: { path: '/api/cases', action: 'case.open' },
  event: { path: '/api/cases/:studentId/events', action: 'case.event', param: 'studentId' },
  sign: { path: '/api/cases/:studentId/signatures', action: 'signature.sign', param: 'studentId' },
  publish: { path: '/api/calendars/:calendarId/publish', action: 'calendar.publish', param: 'calendarId' },
  import: { path: '/api/imports', action: 'case.import' },
  'codec-decode': { path: '/codec/decode', action: 'codec.decode' },
  'codec-encode': { path: '/codec/encode', action: 'codec.encode' },
  'codec-session': { path: '/api/codec-session', action: 'codec.decode' },
};

export type Payload = { kind: 'json'; value: unknown } | { kind: 'raw'; contentType: string; text: string } | { kind: 'none' };

export interface ApiRequest {
  route: RouteName;
  /** The Authorization header as sent (undefined: none). */
  authorization?: string;
  cookie?: string;
  /** The path parameter, before URL encoding. */
  param: string;
  query: Record<string, string | string[]>;
  payload: Payload;
}

export interface Expectation {
  status: number[];
  /** The refusal's field (a string), or the set of fields any of which may come first. */
  field?: string | string[];
  /** The service call an acceptance makes (prefix), or null for a refusal. */
  call: string | null;
  /** A refusal the service itself gives (a conflict, the case's own no): this call was made. */
  serviceRefusal?: string;
  why: string;
}

const refuse = (status: number, field: string | string[], why: string): Expectation => ({ status: [status], field, call: null, why });

/** Paths of a zod failure the way refusals.ts names them (an unknown key by its own name). */
function issueFields(schema: z.ZodType, value: unknown, prefix: string[] = []): string[] | null {
  const parsed = schema.safeParse(value);
  if (parsed.success) return null;
  return parsed.error.issues.map((issue) => {
    const path = issue.code === 'unrecognized_keys' ? [...issue.path, ...(issue as { keys: string[] }).keys.slice(0, 1)] : issue.path;
    return [...prefix, ...path.map(String)].join('.') || 'request';
  });
}

/** The caller a header names, or null (401). Same reading as auth.ts: `Bearer <token>`, any case. */
export function callerOf(authorization: string | undefined): CallerName | null {
  const match = /^bearer ([^\s]+)$/i.exec(authorization ?? '');
  if (!match) return null;
  return (Object.keys(CALLERS) as CallerName[]).find((name) => TOKENS[name] === match[1]) ?? null;
}

/** Body as the handler sees it, or the fastify refusal. */
function parsedBody(payload: Payload): { body: unknown } | Expectation {
  if (payload.kind === 'none') return { body: undefined };
  if (payload.kind === 'json') {
    if (/"__proto__"\s*:/.test(JSON.stringify(payload.value) ?? '')) return refuse(400, 'body', 'fastify refuses prototype keys');
    return { body: payload.value };
  }
  const type = payload.contentType.split(';')[0].trim().toLowerCase();
  if (type === 'application/json') {
    try {
      if (payload.text.trim() === '') throw new Error('empty');
      const value = JSON.parse(payload.text) as unknown;
      if (/"(__proto__|constructor)"\s*:/.test(payload.text)) return refuse(400, 'body', 'fastify refuses prototype keys');
      return { body: value };
    } catch {
      return refuse(400, 'body', 'not JSON');
    }
  }
  if (type === 'text/plain' || type === 'text/csv') return { body: payload.text };
  return refuse(415, 'body', `no parser for ${type}`);
}

/** What `req` should get from the API over api-fake-service.ts. */
export function expectationOf(req: ApiRequest, docs: RouteDoc[]): Expectation {
  const route = ROUTES[req.route];
  const doc = docs.find((d) => d.method === 'POST' && d.path === route.path);
  if (!doc) throw new Error(`no documented route POST ${route.path}`);
  const parsed = parsedBody(req.payload);
  if ('status' in parsed) return parsed;
  const { body } = parsed;
  const codecRoute = route.path.startsWith('/codec/');
  const caller = callerOf(req.authorization);
  if (!caller) {
    if (codecRoute && req.authorization === undefined && req.cookie) return refuse(401, ['authorization', 'caseclock_codec'], 'no such codec session');
    return refuse(401, 'authorization', 'no known bearer token');
  }
  const who = CALLERS[caller];
  const allowed = (ROLE_TABLE[who.role as Role] as string[]).includes(route.action);
  const params = route.param ? { [route.param]: req.param } : {};

  if (req.route === 'import') {
    if (!allowed) return refuse(403, 'authorization', 'role');
    const q = issueFields(doc.query!, req.query);
    if (q) return refuse(400, q, 'query');
    if (typeof body !== 'string') return refuse(415, 'body', 'CSV must be text/csv');
    if (req.query.calendar !== undefined && !['demo-usd', 'demo-usd-extended', 'demo-usd-snow', 'year-round-usd'].includes(String(req.query.calendar))) {
      return refuse(422, 'calendar', 'unknown calendar');
    }
    // A CSV the reader cannot read at all is a 422 naming line and column; else the report.
    return { status: [200, 422], call: null, why: 'import report (dry run) or unreadable file' };
  }

  if (doc.params) {
    const p = issueFields(doc.params, params);
    if (p) return refuse(400, p, 'params');
  }
  if (doc.query) {
    const q = issueFields(doc.query, req.query);
    if (q) return refuse(400, q, 'query');
  } else if (Object.keys(req.query).length) {
    // Routes without a query schema ignore the query string.
  }
  if (doc.body) {
    const b = issueFields(doc.body, body);
    if (b) return refuse(400, b, 'body');
  }
  if (!allowed) return refuse(403, 'authorization', `role ${who.role} may not ${route.action}`);
  return handlerExpectation(req, caller, body as Record<string, unknown>);
}

/**
 * The calendar versions the API's store holds (client/calendars/calendar-store.ts), as the
 * oracle predicts them: shipped ones, plus each version a predicted-accepted publish stored
 * (canonical JSON of the parsed calendar). A published version never changes content.
 */
const calendarText = (c: unknown) => canonicalCalendarText(calendarSchema().parse(c));
const versions = new Map<string, string>(Object.values(demoCalendars).map((c) => [`${c.id}@${c.version ?? '1'}`, calendarText(c)]));
/** `id@version` held, or `id` as a demo key or an id with a held version (calendar-ref.ts). */
const knownCalendar = (ref: string) =>
  ref.includes('@') ? versions.has(ref) : Object.hasOwn(demoCalendars, ref) || [...versions.keys()].some((k) => k.startsWith(`${ref}@`));

function handlerExpectation(req: ApiRequest, caller: CallerName, body: Record<string, unknown>): Expectation {
  const who = CALLERS[caller];
  const inDistrict = (d: string | null | undefined) => d !== null && d !== undefined && (who.districtIds as readonly string[]).includes(d);
  const caseScope = (studentId: string): Expectation | null => {
    if (who.role === 'parent' && !(who.studentIds as readonly string[]).includes(studentId)) return refuse(404, 'studentId', 'not their child');
    const c = Object.hasOwn(CASES, studentId) ? CASES[studentId] : undefined;
    if (!c) return refuse(404, 'studentId', 'no such case');
    if (who.role === 'parent') return null;
    if (!inDistrict(c.districtId)) return refuse(403, 'districtId', 'another district');
    if (who.role === 'staff' && c.caseManagerId !== who.caseManagerId) return refuse(403, 'caseManagerId', 'a colleague’s case');
    return null;
  };
  switch (req.route) {
    case 'open': {
      const districtId = String(body.districtId);
      if (!inDistrict(districtId)) return refuse(403, 'districtId', 'another district');
      if (who.role === 'staff' && body.caseManagerId !== who.caseManagerId) return refuse(403, 'caseManagerId', 'not their own caseload');
      // A named calendar (id, id@version) is resolved after the caller is checked, before opening.
      if (typeof body.calendar === 'string' && !knownCalendar(body.calendar)) return refuse(400, 'calendar', 'no such calendar or version');
      if (Object.hasOwn(CASES, String(body.studentId))) return { ...refuse(409, 'studentId', 'the case exists'), serviceRefusal: `openCase:${String(body.studentId)}` };
      return { status: [201], call: `openCase:${String(body.studentId)}`, why: 'opened' };
    }
    case 'event': {
      const scoped = caseScope(req.param);
      if (scoped) return scoped;
      if (body.type === 'BAD_ORDER') return { ...refuse(422, 'occurredOn', 'the case refuses it'), serviceRefusal: `recordEvent:${req.param}` };
      return { status: [201], call: `recordEvent:${req.param}`, why: 'recorded' };
    }
    case 'sign': {
      const scoped = caseScope(req.param);
      if (scoped) return scoped;
      return { status: [201], call: `sign:${req.param}`, why: 'signed' };
    }
    case 'publish': {
      if (body.id !== req.param) return refuse(400, 'id', 'body and path name different calendars');
      if (!body.version) return refuse(400, 'version', 'a published calendar needs a version');
      const following = Object.values(CASES).filter((c) => calendarOf(c.districtId) === req.param);
      if (!following.every((c) => inDistrict(c.districtId))) return refuse(403, 'districtId', 'cases of another district follow it');
      // Stored and marked published first (the CLI's path); a held version with other content is refused.
      const key = `${String(body.id)}@${String(body.version)}`;
      const text = calendarText(body);
      if (versions.has(key) && versions.get(key) !== text) return refuse(400, 'version', 'a published or shipped version never changes');
      versions.set(key, text);
      // Then the publishCalendar Update to each following case not on that version (the fake's are on 1).
      return { status: [202], call: following.length && body.version !== '1' ? 'publishCalendar:' : null, why: 'published' };
    }
    case 'codec-decode':
    case 'codec-encode':
      // A payload the codec cannot read is a 422 naming payloads.<i>.
      return { status: [200, 422], call: null, why: 'codec answer' };
    case 'codec-session':
      return { status: [200], call: null, why: 'session opened' };
    default:
      throw new Error(`no handler expectation for ${req.route}`);
  }
}
