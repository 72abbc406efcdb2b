/**
 * The dashboard's static files (client/dashboard/: index.html, ES modules, one stylesheet),
 * served by the API process itself — no build step, no CDN. Only the files present when the
 * API starts are served, by exact name from an in-memory table, so no request path ever
 * reaches the file system (no traversal, no directory listing). The pages hold no data: they
 * are public, and every /api call they make carries the person's bearer token.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { documentRoute } from '../endpoint';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';

const DASHBOARD_DIR = new URL('../../dashboard/', import.meta.url);

const CONTENT_TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
};

/**
 * Scripts and styles from this origin only (no inline script: every value the API returns is
 * put in the page as text, and this stops anything that slipped through from running).
 * `blob:` for objects and frames lets a notice PDF, fetched with the token, open in its tab.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "object-src 'self' blob:",
  "frame-src 'self' blob:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const AssetParam = z.object({ asset: z.string().regex(/^[a-z][a-z0-9-]{0,63}\.(js|css|html)$/, 'must be a dashboard file name') }).strict();

interface Asset {
  type: string;
  body: Buffer;
}

/** Every servable file of the dashboard folder, read once. */
export function readDashboardAssets(dir: URL = DASHBOARD_DIR): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const name of readdirSync(dir)) {
    if (!AssetParam.shape.asset.safeParse(name).success) continue;
    const ext = name.slice(name.lastIndexOf('.') + 1);
    assets.set(name, { type: CONTENT_TYPES[ext], body: readFileSync(new URL(name, dir)) });
  }
  if (!assets.has('index.html')) throw new Error(`dashboard: ${dir.pathname}index.html is missing`);
  return assets;
}

/** Headers for every dashboard file, the page at `/` included (routes/public-pages.ts serves it). */
export const DASHBOARD_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  // Revalidate every time: a new release must never run next to a stale cached module.
  'cache-control': 'no-cache',
};

function send(reply: FastifyReply, asset: Asset) {
  return reply.headers(DASHBOARD_HEADERS).header('content-type', asset.type).send(asset.body);
}

/**
 * `GET /dashboard/<file>`: the dashboard's modules and stylesheet (and the page itself as
 * /dashboard/index.html). The page at `/` is routes/public-pages.ts's.
 */
export function dashboardAssetRoutes(app: FastifyInstance, opts: { dir?: URL } = {}): void {
  const assets = readDashboardAssets(opts.dir);
  documentRoute(app, {
    method: 'GET',
    path: '/dashboard/:asset',
    tag: 'dashboard',
    summary: "The dashboard's scripts and stylesheet (by exact file name)",
    action: null,
    roles: [],
    params: AssetParam,
    response: { status: 200, description: 'the file' },
    refusals: [404],
  });
  app.get('/dashboard/:asset', async (req, reply) => {
    const parsed = AssetParam.safeParse(req.params);
    const asset = parsed.success ? assets.get(parsed.data.asset) : undefined;
    if (!asset) return reply.code(404).send({ error: 'asset: no such dashboard file', field: 'asset' });
    return send(reply, asset);
  });
}
