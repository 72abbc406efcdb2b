/**
 * The `caseclock` launcher (client/bin/cli-bundle.mjs): the CLI built into a cached bundle on
 * first use, used while its sources are unchanged, built again when one changes, and the same
 * answers as main.ts through tsx.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLI = join(ROOT, 'client/bin/caseclock.mjs');
// Inside the checkout: the bundle's package imports resolve from the node_modules above it.
mkdirSync(join(ROOT, 'node_modules/.cache'), { recursive: true });
const cache = mkdtempSync(join(ROOT, 'node_modules/.cache/caseclock-cli-test-'));
afterAll(() => rmSync(cache, { recursive: true, force: true }));

function run(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, CASECLOCK_CLI_CACHE: cache, CASECLOCK_CLI_BUNDLE_DEBUG: '1', ...env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const manifestFile = () => join(cache, readdirSync(cache).find((f) => f.endsWith('.json'))!);
const DEADLINE = ['deadline', '--calendar', 'demo-usd', '--rule', 'initial-iep', '--from', '2026-10-21', '--referral', '2026-10-05', '--json'];

describe('caseclock launcher', () => {
  it('builds the bundle on first use and answers as main.ts through tsx does', () => {
    const bundled = run(DEADLINE);
    expect(bundled.err).toBe(''); // no "running through tsx" note
    expect(bundled.code).toBe(0);
    const manifest = JSON.parse(readFileSync(manifestFile(), 'utf8')) as { id: string; files: Record<string, string> };
    expect(Object.keys(manifest.files)).toEqual(expect.arrayContaining(['client/cli/main.ts', 'deadlines/index.ts', 'tsconfig.json', 'package-lock.json']));
    const viaTsx = run(DEADLINE, { CASECLOCK_CLI_BUNDLE: 'off' });
    expect(viaTsx.code).toBe(0);
    expect(bundled.out).toBe(viaTsx.out);
  });

  it('keeps a usage error and its exit code', () => {
    const r = run(['simulate', '--fast', 'yes', 'x.json']);
    expect(r.code).toBe(2);
    expect(r.err).toBe('caseclock: simulate: unknown option --fast\n');
  });

  it('builds again when a source it was made from changed', () => {
    const before = JSON.parse(readFileSync(manifestFile(), 'utf8')) as { id: string; files: Record<string, string> };
    // As if client/cli/main.ts had been different when the bundle was made.
    writeFileSync(manifestFile(), JSON.stringify({ ...before, files: { ...before.files, 'client/cli/main.ts': '0'.repeat(64) } }));
    const r = run(['help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('usage: caseclock');
    const after = JSON.parse(readFileSync(manifestFile(), 'utf8')) as { id: string; files: Record<string, string> };
    expect(after.files['client/cli/main.ts']).toBe(before.files['client/cli/main.ts']);
  });

  it('runs through tsx when the bundle cannot be built', () => {
    const r = run(['help'], { CASECLOCK_CLI_CACHE: join(ROOT, 'package.json', 'cache') }); // under a file: cannot be made
    expect(r.code).toBe(0);
    expect(r.out).toContain('usage: caseclock');
    expect(r.err).toMatch(/CLI bundle not used .*; running through tsx/);
  });
});
