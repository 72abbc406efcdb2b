/** `caseclock verify`: an altered ledger entry on disk is named by its sequence number, exit 1. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CaseLedger } from '../../../activities/ledger';
import { main } from '../../../client/cli/main';

const dirs: string[] = [];
afterEach(() => {
  delete process.env.CASECLOCK_DATA_DIR;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { stdout: (s: string) => out.push(s), stderr: (s: string) => err.push(s), readFile: (p: string) => readFileSync(p, 'utf8') } };
}

describe('caseclock verify', () => {
  it('reports an intact ledger, then exactly the entry that was altered', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'caseclock-verify-'));
    dirs.push(dataDir);
    process.env.CASECLOCK_DATA_DIR = dataDir;
    const ledger = new CaseLedger(dataDir);
    for (const scope of ['initial-assessment', 'initial-services', 'later-iep']) await ledger.append('case-v1', 'signature-recorded', { scope });
    const ok = io();
    expect(await main(['verify', 'v1'], ok.io)).toBe(0);
    expect(ok.out[0]).toMatch(/3 entries, intact/);

    const file = join(dataDir, 'ledger', 'case-v1.jsonl');
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    lines[1] = lines[1].replace('initial-services', 'refusal');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const bad = io();
    expect(await main(['verify', 'v1'], bad.io)).toBe(1);
    expect(bad.err[0]).toMatch(/^caseclock: ledger of case-v1: entry 2 altered/);
  });
});
