/**
 * The CLI as one prebuilt ES module bundle, made with esbuild on first use and cached: running
 * client/cli/main.ts through tsx costs ≈ 2.4 s of main-thread CPU plus ≈ 1.5 s on tsx's loader
 * thread per run (every .ts file transformed again; Node 20 keeps no compile cache), most of a
 * short `caseclock` command (client/simulate/wall-time.md).
 *
 * What is bundled: the project's own TypeScript only. Every package import stays external
 * (node_modules: native @temporalio/core-bridge, fonts, pdf-lib ...), resolved at run time from
 * the checkout's node_modules as before. `import.meta.url` in a bundled source is replaced by
 * that source's own file URL, so paths built from it (the workflows path webpack bundles, the
 * failure converter, dashboard assets, `createRequire`) point where they did under tsx.
 *
 * When it is used: the manifest of the last build names every local file esbuild read with its
 * SHA-256, plus tsconfig.json, package-lock.json, this file and the esbuild version; the bundle
 * runs only when all of them are unchanged (a new import changes the importing file, so a new
 * source cannot slip past). Otherwise it is built again (≈ 0.5 s), and when building fails
 * for any reason the CLI runs through tsx as before. `CASECLOCK_CLI_BUNDLE=off` always uses tsx.
 *
 * Where: `node_modules/.cache/caseclock-cli/` of the checkout (bare imports in the bundle then
 * resolve to the same node_modules; `npm ci` starts it afresh), or `$CASECLOCK_CLI_CACHE`,
 * which must be a folder inside the checkout for the same reason. One manifest per checkout path,
 * one folder per build; folders of other builds unused for an hour are removed.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ENTRY = join(ROOT, 'client/cli/main.ts');
const SELF = fileURLToPath(import.meta.url);
const KEY_FILES = ['tsconfig.json', 'package-lock.json', relative(ROOT, SELF)];
const STALE_MS = 60 * 60 * 1000;

const sha256 = (data) => createHash('sha256').update(data).digest('hex');

export function cliCacheDir(env = process.env) {
  return env.CASECLOCK_CLI_CACHE || join(ROOT, 'node_modules', '.cache', 'caseclock-cli');
}

function esbuildVersion() {
  try {
    return createRequire(import.meta.url)('esbuild/package.json').version;
  } catch {
    return null;
  }
}

/** SHA-256 of each file (relative to the checkout), null when one cannot be read. */
function hashFiles(files) {
  const out = {};
  for (const file of files) {
    try {
      out[file] = sha256(readFileSync(join(ROOT, file)));
    } catch {
      return null;
    }
  }
  return out;
}

const buildIdOf = (hashes, version) =>
  sha256(
    [ROOT, version, ...Object.keys(hashes)
      .sort()
      .map((f) => `${f} ${hashes[f]}`)].join('\n'),
  ).slice(0, 24);

const manifestPath = (dir) => join(dir, `${sha256(ROOT).slice(0, 16)}.json`);

/** The entry module of the cached build when every file it was made from is unchanged, else null. */
export function findCachedBundle(dir = cliCacheDir()) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath(dir), 'utf8'));
  } catch {
    return null;
  }
  if (!manifest || manifest.root !== ROOT || typeof manifest.id !== 'string' || typeof manifest.files !== 'object') return null;
  const version = esbuildVersion();
  if (version !== manifest.esbuild) return null;
  const hashes = hashFiles(Object.keys(manifest.files));
  if (!hashes || Object.keys(hashes).some((f) => hashes[f] !== manifest.files[f])) return null;
  if (buildIdOf(hashes, version) !== manifest.id) return null;
  const entry = join(dir, manifest.id, 'main.js');
  if (!existsSync(entry)) return null;
  try {
    const now = new Date();
    utimesSync(join(dir, manifest.id), now, now); // "last used", for removing stale builds
  } catch {
    // a read-only cache still runs
  }
  return entry;
}

/**
 * Package imports stay external. A deep import without its extension
 * (`@temporalio/common/lib/time`, resolved by tsx as CommonJS would) is refused by Node's ES
 * module resolver, so it is written as the file it resolves to.
 */
const packageImportsPlugin = {
  name: 'caseclock-packages',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.kind === 'entry-point') return undefined;
      const spec = args.path;
      if (spec.startsWith('node:') || !/^(@[^/]+\/)?[^/]+\/./.test(spec)) return { path: spec, external: true };
      let resolved = null;
      try {
        resolved = fileURLToPath(import.meta.resolve(spec)); // Node 20 does not check that the file is there
      } catch {
        // not resolvable as an ES module import
      }
      if (resolved && existsSync(resolved) && statSync(resolved).isFile()) return { path: spec, external: true };
      return { path: createRequire(args.importer).resolve(spec), external: true };
    });
  },
};

/** `import.meta.url` of a bundled source → that source's own file URL. */
const sourceUrlPlugin = {
  name: 'caseclock-source-url',
  setup(build) {
    build.onLoad({ filter: /\.[cm]?[jt]s$/ }, (args) => {
      if (args.path.includes('/node_modules/')) return undefined;
      const text = readFileSync(args.path, 'utf8');
      const loader = /\.[cm]?ts$/.test(args.path) ? 'ts' : 'js';
      if (!text.includes('import.meta.url')) return { contents: text, loader };
      return { contents: text.replace(/\bimport\.meta\.url\b/g, JSON.stringify(pathToFileURL(args.path).href)), loader };
    });
  },
};

/** Build the bundle into the cache; its entry module. Throws when esbuild is missing or fails. */
export async function buildBundle(dir = cliCacheDir()) {
  const esbuild = await import('esbuild');
  const version = esbuildVersion();
  mkdirSync(dir, { recursive: true });
  const temp = join(dir, `tmp-${process.pid}-${Date.now()}`);
  try {
    const result = await esbuild.build({
      absWorkingDir: ROOT,
      entryPoints: { main: ENTRY },
      outdir: temp,
      bundle: true,
      splitting: true, // the commands' dynamic imports stay separate chunks, loaded when used
      format: 'esm',
      platform: 'node',
      target: 'node20',
      keepNames: true, // error and class names as in the sources
      metafile: true,
      logLevel: 'silent',
      plugins: [packageImportsPlugin, sourceUrlPlugin],
    });
    const inputs = Object.keys(result.metafile.inputs).filter((f) => !f.includes('node_modules/'));
    const hashes = hashFiles([...new Set([...inputs, ...KEY_FILES])]);
    if (!hashes) throw new Error('a source changed while the CLI was bundled');
    const id = buildIdOf(hashes, version);
    const final = join(dir, id);
    if (existsSync(final)) rmSync(temp, { recursive: true, force: true });
    else
      try {
        renameSync(temp, final);
      } catch (error) {
        if (!existsSync(final)) throw error; // else another process made the same build meanwhile
        rmSync(temp, { recursive: true, force: true });
      }
    const manifestTemp = join(dir, `manifest-${process.pid}-${Date.now()}.tmp`);
    writeFileSync(manifestTemp, JSON.stringify({ root: ROOT, id, esbuild: version, files: hashes }));
    renameSync(manifestTemp, manifestPath(dir));
    removeStale(dir, id);
    return join(final, 'main.js');
  } catch (error) {
    rmSync(temp, { recursive: true, force: true });
    throw error;
  }
}

function removeStale(dir, keep) {
  const now = Date.now();
  for (const name of readdirSync(dir)) {
    if (name === keep || name.endsWith('.json')) continue;
    const path = join(dir, name);
    try {
      if (now - statSync(path).mtimeMs > STALE_MS) rmSync(path, { recursive: true, force: true });
    } catch {
      // removed by another process
    }
  }
}

function note(message) {
  if (process.env.CASECLOCK_CLI_BUNDLE_DEBUG) process.stderr.write(`caseclock: ${message}\n`);
}

/** The CLI module (`main`): the cached bundle, a fresh one, or main.ts through tsx. */
export async function loadCli(env = process.env) {
  if (env.CASECLOCK_CLI_BUNDLE !== 'off') {
    try {
      const entry = findCachedBundle() ?? (await buildBundle());
      return await import(pathToFileURL(entry).href);
    } catch (error) {
      note(`CLI bundle not used (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); running through tsx`);
    }
  }
  const { register } = await import('tsx/esm/api');
  register();
  return import('../cli/main.ts');
}
