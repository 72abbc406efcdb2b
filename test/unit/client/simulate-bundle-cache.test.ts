/**
 * The on-disk workflow bundle cache of `caseclock simulate` (client/simulate/bundle-cache.ts):
 * a cached bundle is used only while every local source its source map names is unchanged and
 * the bundle itself is whole; anything else is a miss (bundle afresh), never a stale bundle.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleCacheDir, bundleSources, readCachedBundle, writeCachedBundle } from '../../../client/simulate/bundle-cache';

const dir = mkdtempSync(join(tmpdir(), 'caseclock-bundle-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const source = join(dir, 'student-case.ts');
const chart = join(dir, 'chart.ts');
writeFileSync(source, 'export const a = 1;\n');
writeFileSync(chart, 'export const b = 2;\n');

/** Bundle-shaped code: some JS, then webpack's inline source map naming its sources. */
function bundleCode(sources: string[], body = 'var x = 1;'): string {
  const map = Buffer.from(JSON.stringify({ version: 3, sources, mappings: '' })).toString('base64');
  return `${body}\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,${map}\n`;
}

describe('bundleSources', () => {
  it('names the local files of the source map, not node_modules, virtual or missing ones', () => {
    const code = bundleCode([source, chart, '/work/main/node_modules/xstate/dist/index.js', 'webpack://caseclock/webpack/bootstrap', join(dir, 'gone.ts')]);
    expect(bundleSources(code)).toEqual([source, chart]);
  });
  it('finds nothing in code without an inline source map', () => {
    expect(bundleSources('var x = 1;')).toEqual([]);
  });
});

describe('readCachedBundle / writeCachedBundle', () => {
  it('gives back the very code it kept while the sources are unchanged', () => {
    const code = bundleCode([source, chart]);
    expect(writeCachedBundle(dir, 'k1', code)).toBe(true);
    expect(readCachedBundle(dir, 'k1')).toEqual({ code });
  });

  it('misses once a source changes, and hits again for a bundle made from the new source', () => {
    const code = bundleCode([source, chart]);
    writeCachedBundle(dir, 'k2', code);
    writeFileSync(chart, 'export const b = 3;\n');
    expect(readCachedBundle(dir, 'k2')).toBeNull();
    writeCachedBundle(dir, 'k2', code);
    expect(readCachedBundle(dir, 'k2')).toEqual({ code });
  });

  it('misses when a source is gone, the code was altered, or the manifest is not its own', () => {
    const extra = join(dir, 'extra.ts');
    writeFileSync(extra, 'export {};\n');
    writeCachedBundle(dir, 'k3', bundleCode([source, extra]));
    rmSync(extra);
    expect(readCachedBundle(dir, 'k3')).toBeNull();

    writeCachedBundle(dir, 'k4', bundleCode([source]));
    writeFileSync(join(dir, 'k4.js'), bundleCode([source], 'var x = 2;'));
    expect(readCachedBundle(dir, 'k4')).toBeNull();

    writeCachedBundle(dir, 'k5', bundleCode([source]));
    const manifest = JSON.parse(readFileSync(join(dir, 'k5.json'), 'utf8'));
    writeFileSync(join(dir, 'k5.json'), JSON.stringify({ ...manifest, workflowsPath: '/elsewhere/workflows/index.ts' }));
    expect(readCachedBundle(dir, 'k5')).toBeNull();
    writeFileSync(join(dir, 'k5.json'), JSON.stringify({ ...manifest, extra: true }));
    expect(readCachedBundle(dir, 'k5')).toBeNull();
    expect(readCachedBundle(dir, 'never-written')).toBeNull();
  });

  it('keeps nothing for code whose sources it cannot check', () => {
    expect(writeCachedBundle(dir, 'k6', 'var x = 1;')).toBe(false);
    expect(readCachedBundle(dir, 'k6')).toBeNull();
  });
});

describe('bundleCacheDir', () => {
  it('is CASECLOCK_BUNDLE_CACHE, off, or the user cache folder', () => {
    expect(bundleCacheDir({ CASECLOCK_BUNDLE_CACHE: '/var/cache/cc' })).toBe('/var/cache/cc');
    expect(bundleCacheDir({ CASECLOCK_BUNDLE_CACHE: 'off' })).toBeNull();
    expect(bundleCacheDir({ XDG_CACHE_HOME: '/xdg' })).toBe('/xdg/caseclock/workflow-bundles');
    expect(bundleCacheDir({})).toBe(join(homedir(), '.cache', 'caseclock', 'workflow-bundles'));
  });
  it('refuses a relative folder, naming the variable', () => {
    expect(() => bundleCacheDir({ CASECLOCK_BUNDLE_CACHE: 'cache' })).toThrow('configuration CASECLOCK_BUNDLE_CACHE: must be an absolute folder or off');
  });
});
