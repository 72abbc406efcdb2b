/**
 * One way to add a route: `endpoint(app, ctx, spec, handler)` registers the fastify route and
 * its description together, so /openapi.json is built from the very zod schemas the route
 * validates with and a route cannot exist without its document entry. The order of checks is
 * fixed here for every route: token (401) → input (400) → role (403) → the handler, which
 * checks the case's scope (case-access.ts) before any Query or Update.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { ApiError } from './api-error';
import { isRecordRead, rolesFor, type ApiAction, type Principal, type Role } from './auth';
import { refusalLogged } from './case-access';
import type { ApiContext } from './context';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'OPTIONS';

/** What /openapi.json says about one route. Other route plugins may add theirs with documentRoute(). */
export interface RouteDoc {
  method: Method;
  /** The fastify path (`/api/cases/:studentId`). */
  path: string;
  summary: string;
  tag: string;
  /** null: no token needed. */
  action: ApiAction | null;
  /** Who may call it; defaults to the roles allowed the action. */
  roles?: Role[];
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** A body that is not JSON (text/csv…). */
  bodyContentType?: string;
  response: { status: number; description: string; contentType?: string; schema?: z.ZodType };
  /** Refusal statuses this route can answer besides 401/403 (400, 404, 409, 422…). */
  refusals?: number[];
}

const docsByApp = new WeakMap<FastifyInstance, RouteDoc[]>();

export function documentRoute(app: FastifyInstance, doc: RouteDoc): void {
  const docs = docsByApp.get(app) ?? [];
  if (docs.some((d) => d.method === doc.method && d.path === doc.path)) throw new Error(`route ${doc.method} ${doc.path} is documented twice`);
  docs.push(doc);
  docsByApp.set(app, docs);
}

export function routeDocs(app: FastifyInstance): RouteDoc[] {
  return [...(docsByApp.get(app) ?? [])];
}

const routesByApp = new WeakMap<FastifyInstance, Array<{ method: string; path: string }>>();

/**
 * Records every route fastify registers from now on (whoever registers it), so the OpenAPI
 * document can be checked against what the server really serves (undocumentedRoutes).
 */
export function trackRoutes(app: FastifyInstance): void {
  const seen: Array<{ method: string; path: string }> = [];
  routesByApp.set(app, seen);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) seen.push({ method, path: route.url });
  });
}

/** Routes served but not documented (HEAD twins of GET routes excluded: fastify adds those). */
export function undocumentedRoutes(app: FastifyInstance): string[] {
  const docs = new Set(routeDocs(app).map((d) => `${d.method} ${d.path}`));
  return (routesByApp.get(app) ?? [])
    .filter((r) => r.method !== 'HEAD')
    .map((r) => `${r.method} ${r.path}`)
    .filter((key) => !docs.has(key));
}

export interface EndpointInput<P, Q, B> {
  principal: Principal;
  params: P;
  query: Q;
  body: B;
  req: FastifyRequest;
  reply: FastifyReply;
}

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface EndpointSpec<P extends z.ZodType | undefined, Q extends z.ZodType | undefined, B extends z.ZodType | undefined>
  extends Omit<RouteDoc, 'params' | 'query' | 'body' | 'action'> {
  action: ApiAction;
  params?: P;
  query?: Q;
  body?: B;
}

function studentIdOf(params: unknown): string | undefined {
  const v = (params as { studentId?: unknown } | null)?.studentId;
  return typeof v === 'string' && /^[A-Za-z0-9._-]{1,64}$/.test(v) ? v : undefined;
}

/** A route that needs a token. Public routes use publicRoute(). */
export function endpoint<P extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined, B extends z.ZodType | undefined = undefined>(
  app: FastifyInstance,
  ctx: ApiContext,
  spec: EndpointSpec<P, Q, B>,
  handler: (input: EndpointInput<Out<P>, Out<Q>, Out<B>>) => Promise<unknown>,
): void {
  documentRoute(app, { ...spec, roles: spec.roles ?? rolesFor(spec.action) });
  app.route({
    method: spec.method,
    url: spec.path,
    handler: async (req, reply) => {
      let principal: Principal | undefined;
      try {
        principal = ctx.authenticate(req);
        const params = spec.params ? (spec.params.parse(req.params) as Out<P>) : (undefined as Out<P>);
        const query = spec.query ? (spec.query.parse(req.query ?? {}) as Out<Q>) : (undefined as Out<Q>);
        const body = spec.body ? (spec.body.parse(req.body) as Out<B>) : (undefined as Out<B>);
        ctx.authorize(principal, spec.action);
        const result = await handler({ principal, params, query, body, req, reply });
        return reply.sent ? reply : result;
      } catch (error) {
        // A refused read of a student's record is itself a line of the access log (L9284-L9286).
        const studentId = studentIdOf(req.params);
        if (principal && studentId && error instanceof ApiError && (error.status === 403 || error.status === 404) && isRecordRead(spec.action) && !refusalLogged(error)) {
          await ctx.accessLog.record({ userId: principal.userId, role: principal.role, action: spec.action, studentId, outcome: 'refused', districtId: null });
        }
        return ctx.fail(reply, error);
      }
    },
  });
}

/** A route anyone may call (health, docs, the dashboard page). */
export function publicRoute(
  app: FastifyInstance,
  doc: Omit<RouteDoc, 'action' | 'roles'>,
  handler: (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>,
): void {
  documentRoute(app, { ...doc, action: null, roles: [] });
  app.route({ method: doc.method, url: doc.path, handler });
}
