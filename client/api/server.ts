/**
 * HTTP API and dashboard (fastify), on the workflows' Updates, Queries and visibility.
 * Every route is an `endpoint()` (endpoint.ts): bearer token → zod-validated input → role →
 * the case's scope (case-access.ts) → the Temporal call, and every refusal is one JSON line
 * `{ error: "<field>: <message>", field }` (refusals.ts). One route file per area (routes/).
 */
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { FolderDocumentStore, type DocumentStore } from '../../activities/document-store';
import { AccessLog } from '../access-log';
import type { CaseService } from '../case-service';
import { ApiError } from './api-error';
import { ApiUsers, authorize, type ApiUser } from './auth';
import type { ApiContext } from './context';
import { trackRoutes } from './endpoint';
import { sendRefusal } from './refusals';
import { codecRoutes } from './codec-routes';
import { authenticateWith, CodecSessions } from './codec-session';
import { accessLogRoutes } from './routes/access-log';
import { calendarRoutes } from './routes/calendars';
import { caseRoutes } from './routes/cases';
import { chartRoutes } from './routes/charts';
import { dashboardAssetRoutes } from './routes/dashboard-assets';
import { exportRoutes } from './routes/exports';
import { importRoutes } from './routes/imports';
import { noticeRoutes } from './routes/notices';
import { publicRoutes } from './routes/public-pages';
import { sessionRoutes } from './routes/session';

export interface ApiOptions {
  /** Who may call (loadApiUsers(file) in production; an in-memory list in tests). */
  users: ApiUsers | ApiUser[];
  /** The data folder: access log, documents. */
  dataDir: string;
  accessLog?: AccessLog;
  /** Where rendered notices are (default: the FolderDocumentStore under dataDir). */
  documents?: DocumentStore;
}

export function buildApi(service: CaseService, options: ApiOptions): FastifyInstance {
  // Request logging stays off: URLs and bodies carry student ids and event fields.
  const app = Fastify({ logger: false, bodyLimit: 1_000_000 });
  const users = options.users instanceof ApiUsers ? options.users : new ApiUsers(options.users);
  const codecSessions = new CodecSessions();
  const ctx: ApiContext = {
    service,
    dataDir: options.dataDir,
    // The Web UI's codec calls carry a session cookie, not a token (codec-session.ts): only there.
    authenticate: authenticateWith(users, codecSessions),
    authorize,
    accessLog: options.accessLog ?? new AccessLog(options.dataDir),
    fail: sendRefusal,
  };

  trackRoutes(app);
  app.setErrorHandler((error, _req, reply) => sendRefusal(reply, error));
  app.setNotFoundHandler((req, reply) => sendRefusal(reply, new ApiError(404, `path: no route ${req.method} ${req.url.split('?')[0]}`, 'path')));

  publicRoutes(app);
  sessionRoutes(app, ctx);
  caseRoutes(app, ctx);
  noticeRoutes(app, ctx, options.documents ?? new FolderDocumentStore(options.dataDir));
  chartRoutes(app, ctx);
  calendarRoutes(app, ctx);
  accessLogRoutes(app, ctx);
  exportRoutes(app, ctx);
  importRoutes(app, ctx);
  codecRoutes(app, ctx, { sessions: codecSessions });
  dashboardAssetRoutes(app);
  return app;
}
