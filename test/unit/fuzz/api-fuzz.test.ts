/**
 * Issue #9, API bodies: fuzzed requests through fastify inject against the real routes
 * (client/api/server.ts buildApi) over the recording fake CaseService of api-fake-service.ts.
 *
 * COUNT: 3,200 fuzzed requests (numRuns 700 + 900 + 1,000 + 600), seed 20261209.
 *
 * Every POST route, every caller (and none, and garbage tokens), random and spoiled bodies,
 * params and queries. The oracle (api-requests.ts) says what each should get; every answer is
 * checked: never a 500, a refusal is `{ error: "<field>: …", field }` naming the field and
 * repeating no planted name, and a refused request never reached the service (a scope lookup
 * at most, and not even that for a parent or a role refusal).
 */
import { rmSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_ACTIONS, rolesFor, type Role } from '../../../client/api/auth';
import { routeDocs, type RouteDoc } from '../../../client/api/endpoint';
import { demoCalendars } from '../../../deadlines';
import { ephemeralKeyRing } from '../../../worker/codec-keys';
import { CaseEncryptionCodec } from '../../../worker/payload-codec';
import { fakeApi } from '../client/api-fake-service';
import { CALLERS, ROLE_TABLE, ROUTES, expectationOf, tokenOf, type ApiRequest, type CallerName, type Payload, type RouteName } from './api-requests';

const SEED = 20261209;
const run = (runs: number) => ({ seed: SEED, numRuns: runs, endOnFailure: true });
const CANARY = 'Jane Q. Doe';
const codec = new CaseEncryptionCodec(ephemeralKeyRing());

let api: ReturnType<typeof fakeApi>;
let docs: RouteDoc[];
const seen = new Map<string, number>();

beforeAll(async () => {
  api = fakeApi();
  // The fake's client gets what the codec routes and the importer reach for on a real one.
  const service = api.service as unknown as { client: Record<string, unknown>; recordHistory?: unknown };
  service.client.options = { loadedDataConverter: { payloadCodecs: [codec] } };
  service.recordHistory = async (studentId: string) => {
    api.calls.push(`recordHistory:${studentId}`);
    return { seqs: [], view: null };
  };
  await api.app.ready();
  docs = routeDocs(api.app);
});

afterAll(async () => {
  await api.app.close();
  rmSync(api.dataDir, { recursive: true, force: true });
  // Not vacuous: acceptances and every kind of refusal happened.
  for (const status of [200, 201, 202, 400, 401, 403, 404, 409, 415, 422]) expect(seen.get(String(status)) ?? 0, `status ${status}`).toBeGreaterThan(5);
});

// --- requests -------------------------------------------------------------------------------

const OPEN = { studentId: 's-new', birthDate: '2015-04-05', language: 'en', districtId: 'd-north', caseManagerId: 'cm-1', calendar: { id: 'demo-usd', name: 'Demo', terms: [{ start: '2026-08-20', end: '2027-06-10' }] } };
const EVENT = { type: 'CONSENT_RECEIVED', occurredOn: '2026-10-01', actor: { role: 'district' } };
const SIGN = { token: 'A'.repeat(43), decision: { scope: 'full' } };
const CSV = 'studentId,birthDate,districtId,lastIepOn\ng1,2015-03-02,d-north,2026-01-15\n';

/** A valid body of each route (the variants the oracle's scope rules tell apart). */
const validBody: Record<RouteName, fc.Arbitrary<Payload>> = {
  open: fc.record({ studentId: fc.constantFrom('s-new', 's-own', 's-brand-new'), districtId: fc.constantFrom('d-north', 'd-south'), caseManagerId: fc.constantFrom('cm-1', 'cm-2', undefined) }).map((v) => {
    const body: Record<string, unknown> = { ...OPEN, ...v };
    if (v.caseManagerId === undefined) delete body.caseManagerId;
    return { kind: 'json', value: body };
  }),
  event: fc.constantFrom(EVENT, { ...EVENT, type: 'BAD_ORDER' }, { type: 'REFERRAL_RECEIVED', occurredOn: '2026-09-01' }).map((value) => ({ kind: 'json', value })),
  sign: fc.constantFrom(SIGN, { token: 'b'.repeat(43), decision: { scope: 'partial', refusedItems: ['speech'] } }).map((value) => ({ kind: 'json', value })),
  publish: fc.constantFrom('demo-usd', 'year-round-usd').chain((id) =>
    fc.constantFrom<Payload>({ kind: 'json', value: { ...demoCalendars[id], version: '2' } }, { kind: 'json', value: { ...demoCalendars[id], version: undefined } }, { kind: 'json', value: { ...demoCalendars['demo-usd'], version: '3' } }),
  ),
  import: fc.constant({ kind: 'raw', contentType: 'text/csv', text: CSV }),
  'codec-decode': fc
    .record({ kid: fc.constantFrom('k1', 'no-such-key', ''), data: fc.uint8Array({ maxLength: 40 }), n: fc.nat({ max: 3 }) })
    .map(({ kid, data, n }) => {
      // Encrypted-looking payloads the codec cannot open (unknown key, short or forged data): a 422 naming payloads.<i>.
      const b64 = (text: string) => Buffer.from(text).toString('base64');
      const forged = { metadata: { encoding: b64('binary/encrypted'), 'encryption-key-id': b64(kid) }, data: Buffer.from(data).toString('base64') };
      return { kind: 'json', value: { payloads: Array.from({ length: n }, () => forged) } };
    }),
  'codec-encode': fc.constant({ kind: 'json', value: { payloads: [{ metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: Buffer.from('{"studentId":"s-own"}').toString('base64') }] } }),
  'codec-session': fc.constant({ kind: 'none' }),
};

const routeNames = Object.keys(ROUTES) as RouteName[];
const callerNames = Object.keys(CALLERS) as CallerName[];
const paramFor = (route: RouteName) =>
  ROUTES[route].param === 'calendarId' ? fc.constantFrom('demo-usd', 'year-round-usd') : fc.constantFrom('s-own', 's-colleague', 's-south', 's-unknown');
const queryFor = (route: RouteName) => (route === 'import' ? fc.constant({ dryRun: 'true', calendar: 'demo-usd' }) : route === 'event' ? fc.constantFrom({}, { wait: 'true' }) : fc.constant({}));

const request = (route: RouteName, parts: { authorization?: fc.Arbitrary<string | undefined>; param?: fc.Arbitrary<string>; query?: fc.Arbitrary<Record<string, string | string[]>>; payload?: fc.Arbitrary<Payload> }) =>
  fc.record({
    route: fc.constant(route),
    authorization: parts.authorization ?? fc.constantFrom(...callerNames).map((c) => `Bearer ${tokenOf(c)}`),
    param: parts.param ?? paramFor(route),
    query: parts.query ?? queryFor(route),
    payload: parts.payload ?? validBody[route],
  }) as fc.Arbitrary<ApiRequest>;

const anyRoute = <T>(f: (route: RouteName) => fc.Arbitrary<T>) => fc.constantFrom(...routeNames).chain(f);

// --- one request, every invariant -----------------------------------------------------------

function urlOf(req: ApiRequest): string {
  const route = ROUTES[req.route];
  const path = route.param ? route.path.replace(`:${route.param}`, encodeURIComponent(req.param)) : route.path;
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(req.query)) for (const one of [v].flat()) qs.append(k, one);
  const text = qs.toString();
  return text ? `${path}?${text}` : path;
}

async function send(req: ApiRequest): Promise<void> {
  const expected = expectationOf(req, docs);
  const headers: Record<string, string> = {};
  if (req.authorization !== undefined) headers.authorization = req.authorization;
  if (req.cookie) headers.cookie = req.cookie;
  let payload: string | object | undefined;
  if (req.payload.kind === 'json') payload = req.payload.value === undefined ? undefined : JSON.stringify(req.payload.value);
  if (req.payload.kind === 'json' && payload !== undefined) headers['content-type'] = 'application/json';
  if (req.payload.kind === 'raw') {
    payload = req.payload.text;
    headers['content-type'] = req.payload.contentType;
  }
  api.calls.splice(0);
  const res = await api.app.inject({ method: 'POST', url: urlOf(req), headers, payload });
  const calls = api.calls.splice(0);
  const context = `${req.route} ${urlOf(req)} [${req.authorization?.slice(0, 20) ?? 'no token'}] ${JSON.stringify(req.payload).slice(0, 300)} → ${res.statusCode} ${res.body.slice(0, 200)}; wanted ${JSON.stringify(expected)}`;
  seen.set(String(res.statusCode), (seen.get(String(res.statusCode)) ?? 0) + 1);
  expect(res.statusCode, context).not.toBe(500);
  expect(expected.status, context).toContain(res.statusCode);
  if (res.statusCode >= 400) {
    const json = res.json() as { error: unknown; field: unknown };
    expect(typeof json.field === 'string' && typeof json.error === 'string', context).toBe(true);
    expect((json.error as string).startsWith(`${json.field as string}: `), context).toBe(true);
    expect(json.error as string, context).not.toContain(CANARY);
    if (typeof expected.field === 'string') expect(json.field, context).toBe(expected.field);
    if (Array.isArray(expected.field)) expect(expected.field, context).toContain(json.field);
    // Refused: nothing reached a case. A staff or supervisor scope refusal looked the case up
    // (search attributes, not a Query or Update); a parent, a role or a malformed request not even that.
    const scopeRefusal = (res.statusCode === 403 || res.statusCode === 404) && ['districtId', 'caseManagerId', 'studentId'].includes(json.field as string) && !req.authorization?.includes(tokenOf('parent'));
    const made = calls.filter((c) => !(scopeRefusal && c.startsWith('scope:')) && c !== 'list');
    if (expected.serviceRefusal) expect(made.filter((c) => !c.startsWith('scope:')), context).toEqual([expected.serviceRefusal]);
    else expect(made, context).toEqual([]);
  } else if (expected.call) {
    expect(calls.some((c) => c.startsWith(expected.call!)), context).toBe(true);
  }
}

const asyncProperty = <T>(arb: fc.Arbitrary<T>, toRequest: (value: T) => ApiRequest) => fc.asyncProperty(arb, (value) => send(toRequest(value)));

// --- properties -------------------------------------------------------------------------------

describe('API fuzz: every POST route through fastify inject, over the recording fake', () => {
  it('the role table the oracle uses is the one auth.ts enforces', () => {
    for (const action of API_ACTIONS) {
      const want = (Object.keys(ROLE_TABLE) as Role[]).filter((r) => ROLE_TABLE[r].includes(action));
      expect(rolesFor(action), action).toEqual(want);
    }
    // Every POST route is one the fuzz knows; a new one needs its entry in ROUTES.
    expect(docs.filter((d) => d.method === 'POST').map((d) => d.path).sort()).toEqual(Object.values(ROUTES).map((r) => r.path).sort());
  });

  it('missing, malformed and unknown bearer tokens: 401 naming authorization, nothing called', async () => {
    const valid = tokenOf('supervisor');
    const header = fc.constantFrom<string | undefined>(
      undefined,
      '',
      'Bearer',
      'Bearer ',
      `Basic ${valid}`,
      `Bearer  ${valid}`,
      `Bearer ${valid} extra`,
      `Bearer ${valid.slice(0, -1)}`,
      `Bearer ${valid}x`,
      `Token ${valid}`,
      `bearer ${valid}`,
      `BEARER ${tokenOf('parent')}`,
      'Bearer not-a-known-token-0123456789abc',
    );
    const arb = anyRoute((route) => fc.tuple(request(route, { authorization: header }), fc.constantFrom(undefined, 'caseclock_codec=forged-session-id', 'other=1')));
    await fc.assert(asyncProperty(arb, ([req, cookie]) => ({ ...req, cookie })), run(700));
  });

  it('every caller on every route with a valid body: exactly what the role table and the case’s scope allow', async () => {
    await fc.assert(asyncProperty(anyRoute((route) => request(route, {})), (req) => req), run(900));
  });

  it('random and spoiled bodies, not-JSON and wrong content types: 400/415 naming the field, never 500', async () => {
    const leaf = fc.oneof(fc.constantFrom(CANARY, '2026-10-01', 's-own', 'demo-usd', 'full'), fc.string(), fc.integer(), fc.boolean(), fc.constant(null));
    // No "__proto__"/"constructor" keys here: fastify refuses those before anything (one raw case below).
    const json = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.dictionary(fc.string({ maxLength: 8 }), leaf, { maxKeys: 5 })).filter((v) => !/"(__proto__|constructor)"/.test(JSON.stringify(v) ?? ''));
    const spoiledOf = (p: Payload): fc.Arbitrary<Payload> => {
      if (p.kind !== 'json' || typeof p.value !== 'object' || p.value === null) return fc.constant(p);
      const value = p.value as Record<string, unknown>;
      const keys = Object.keys(value);
      return fc.oneof(
        fc.constantFrom(...keys).map((k) => ({ kind: 'json' as const, value: Object.fromEntries(Object.entries(value).filter(([key]) => key !== k)) })),
        fc.tuple(fc.constantFrom(...keys), leaf).map(([k, v]) => ({ kind: 'json' as const, value: { ...value, [k]: v } })),
        fc.tuple(fc.constantFrom('studentName', 'note', 'extra'), leaf).map(([k, v]) => ({ kind: 'json' as const, value: { ...value, [k]: v } })),
      );
    };
    const raw = fc.oneof(
      fc.constantFrom('{', '{"type":', '', '   ', 'null x', '[1,2', '{"__proto__":{"a":1}}', '{"a":1}}').map((text) => ({ kind: 'raw' as const, contentType: 'application/json', text })),
      fc.tuple(fc.constantFrom('text/plain', 'text/csv', 'application/xml', 'application/x-www-form-urlencoded', 'application/json; charset=utf-8'), fc.string({ maxLength: 80 })).map(([contentType, text]) => ({ kind: 'raw' as const, contentType, text })),
    );
    const arb = anyRoute((route) =>
      validBody[route].chain((valid) => request(route, { payload: fc.oneof(json.map((value) => ({ kind: 'json' as const, value })), spoiledOf(valid), raw) })),
    );
    await fc.assert(asyncProperty(arb, (req) => req), run(1000));
  });

  it('random path parameters and query strings: 400 naming the parameter, never 500', async () => {
    // Short enough that, URL-encoded, find-my-way's 100-character parameter limit is not reached.
    const text = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom(CANARY, '../etc', 's-own%00', 'x'.repeat(65), 's own', 'S-OWN', 'демо', '#1', '__proto__', 'constructor', 'toString'));
    const query = fc.dictionary(fc.constantFrom('wait', 'dryRun', 'calendar', 'at', 'x', 'limit', '__proto__', 'constructor', 'hasOwnProperty'), fc.oneof(text, fc.array(fc.constantFrom('true', 'false'), { minLength: 2, maxLength: 2 })), { maxKeys: 3 });
    const arb = anyRoute((route) =>
      request(route, {
        // Not Object.prototype names as student ids: the fake looks cases up in a plain object
        // (CASES.toString exists); the real service asks Temporal for case-toString.
        param: fc.oneof(paramFor(route), text.filter((s) => s.length > 0 && s !== '.' && s !== '..' && !(ROUTES[route].param === 'studentId' && s in {}))),
        query: fc.oneof(queryFor(route), query),
      }),
    );
    await fc.assert(asyncProperty(arb, (req) => req), run(600));
  });
});
