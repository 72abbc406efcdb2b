/**
 * The workflow bundle for `caseclock simulate`, cached on disk between runs: webpack takes
 * 3-7 s of CPU on every start (measured 6.5 s on the loaded 2-core machine, most of a
 * one-history simulate), while the bundle changes only when a workflow, chart or deadline
 * source does.
 *
 * The bundle is made by worker/create-worker.ts `workflowBundle()` (one set of bundler options
 * for every worker); this module only keeps its output. A cached bundle is used only when
 * every local source webpack put into it (read from the bundle's inline source map: the
 * workflows/, machines/ and deadlines/ files and whatever else they import) has the same
 * SHA-256 as when it was made, and create-worker.ts (the bundler options), tsconfig.json and
 * package-lock.json (every dependency) are unchanged. A new import changes the importing file,
 * so a new source cannot slip past. Anything odd about the cache → bundle afresh; a cache that
 * cannot be written is only a slower next start.
 *
 * Where: `$CASECLOCK_BUNDLE_CACHE` (an absolute folder), else
 * `$XDG_CACHE_HOME/caseclock/workflow-bundles`, else `~/.cache/caseclock/workflow-bundles`;
 * `CASECLOCK_BUNDLE_CACHE=off` turns it off. One entry per checkout (the key holds the
 * workflows path), overwritten when a source changes, so the folder does not grow.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WorkflowBundle } from '@temporalio/worker';
import { z } from 'zod';
import { WORKFLOWS_PATH, workflowBundle } from '../../worker/create-worker';

const KEY_FILES = ['../../worker/create-worker.ts', '../../tsconfig.json', '../../package-lock.json'].map((f) => fileURLToPath(new URL(f, import.meta.url)));

const Manifest = z
  .object({
    workflowsPath: z.string(),
    /** Absolute path → SHA-256 of every local source in the bundle. */
    sources: z.record(z.string(), z.string().regex(/^[0-9a-f]{64}$/)),
    codeSha256: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .strict();

const CacheSetting = z.union([z.literal('off'), z.string().refine(isAbsolute, 'must be an absolute folder or off')]);

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** The cache folder, or null when turned off; a bad setting is an error naming the variable. */
export function bundleCacheDir(env: NodeJS.ProcessEnv = process.env): string | null {
  const configured = env.CASECLOCK_BUNDLE_CACHE;
  if (configured !== undefined && configured !== '') {
    const parsed = CacheSetting.safeParse(configured);
    if (!parsed.success) throw new Error(`configuration CASECLOCK_BUNDLE_CACHE: ${parsed.error.issues[0].message}`);
    return parsed.data === 'off' ? null : parsed.data;
  }
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'caseclock', 'workflow-bundles');
}

/** Local files webpack read, from the bundle's inline source map (node_modules: package-lock covers them). */
export function bundleSources(code: string): string[] {
  const match = code.match(/sourceMappingURL=data:application\/json;(?:charset=utf-8;)?base64,([A-Za-z0-9+/=]+)\s*$/);
  if (!match) return [];
  const map = JSON.parse(Buffer.from(match[1], 'base64').toString('utf8')) as { sources?: unknown };
  const sources = Array.isArray(map.sources) ? map.sources.filter((s): s is string => typeof s === 'string') : [];
  return sources.filter((s) => s.startsWith('/') && !s.includes('/node_modules/') && existsSync(s));
}

function cacheKey(): string {
  return sha256([WORKFLOWS_PATH, ...KEY_FILES.map((f) => sha256(readFileSync(f)))].join('\n')).slice(0, 32);
}

/** The cached bundle of `key` when it is whole and every source it was made from is unchanged. */
export function readCachedBundle(dir: string, key: string): WorkflowBundle | null {
  const manifestFile = join(dir, `${key}.json`);
  if (!existsSync(manifestFile)) return null;
  const manifest = Manifest.safeParse(JSON.parse(readFileSync(manifestFile, 'utf8')));
  if (!manifest.success || manifest.data.workflowsPath !== WORKFLOWS_PATH) return null;
  for (const [file, hash] of Object.entries(manifest.data.sources)) {
    if (!existsSync(file) || sha256(readFileSync(file)) !== hash) return null;
  }
  const code = readFileSync(join(dir, `${key}.js`), 'utf8');
  if (sha256(code) !== manifest.data.codeSha256) return null;
  return { code };
}

/** Keep `code` under `key`; false when it has no source map to check a later hit against. */
export function writeCachedBundle(dir: string, key: string, code: string): boolean {
  const sources = Object.fromEntries(bundleSources(code).map((file) => [file, sha256(readFileSync(file))]));
  if (Object.keys(sources).length === 0) return false;
  mkdirSync(dir, { recursive: true });
  const write = (name: string, text: string) => {
    const temp = join(dir, `${name}.${process.pid}.tmp`);
    writeFileSync(temp, text);
    renameSync(temp, join(dir, name));
  };
  // Code first: a manifest never points at a missing or half-written bundle.
  write(`${key}.js`, code);
  write(`${key}.json`, JSON.stringify({ workflowsPath: WORKFLOWS_PATH, sources, codeSha256: sha256(code) }));
  return true;
}

async function loadOrMake(dir: string | null): Promise<WorkflowBundle> {
  if (!dir) return workflowBundle();
  let key: string;
  try {
    key = cacheKey();
    const hit = readCachedBundle(dir, key);
    if (hit) return hit;
  } catch {
    return workflowBundle(); // an unreadable cache is only a slower start
  }
  const made = await workflowBundle();
  try {
    writeCachedBundle(dir, key, made.code);
  } catch {
    // Read-only or full disk: the bundle still runs; the next start bundles again.
  }
  return made;
}

let loaded: Promise<WorkflowBundle> | null = null;

/** The workflow bundle: from the cache when its sources are unchanged, else made (and cached). Once per process. */
export function cachedWorkflowBundle(env: NodeJS.ProcessEnv = process.env): Promise<WorkflowBundle> {
  const dir = bundleCacheDir(env);
  loaded ??= loadOrMake(dir);
  return loaded;
}
