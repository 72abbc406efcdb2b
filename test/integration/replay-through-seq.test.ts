/**
 * Replay to a timeline entry (client/replay.ts replayThroughSeq), on the golden corpus: for
 * every entry of every recorded case, the fold shows that entry and nothing recorded after it,
 * the states as the entry left them. The dashboard's replay slider asks by entry because
 * entries are second-precise: two recorded within one second share an instant (the browser
 * test's referral and plan are), so a replay by instant could not tell them apart.
 * No server: the histories are folded in this process.
 */
import { join } from 'node:path';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../client/cli/main';
import { replayHistory, replayThroughSeq } from '../../client/replay';
import { GOLDEN_DIR, GOLDEN_KEYS_FILE, readGoldenFile } from '../../scripts/record-golden';
import { readKeyRingFile } from '../../worker/codec-keys';
import { CaseEncryptionCodec } from '../../worker/payload-codec';

const codec = new CaseEncryptionCodec(readKeyRingFile(GOLDEN_KEYS_FILE));
const corpus = readdirSync(GOLDEN_DIR)
  .filter((f) => f.endsWith('.json.gz'))
  .sort()
  .map((f) => readGoldenFile(join(GOLDEN_DIR, f)));
const millis = (t: { seconds?: unknown; nanos?: number | null } | null | undefined) => Number(t?.seconds ?? 0) * 1000 + Math.floor((t?.nanos ?? 0) / 1e6);

describe('replay through a timeline entry', () => {
  it('shows each entry of every golden case with nothing recorded after it, and what the entry left', () => {
    let checked = 0;
    const together: string[] = [];
    for (const golden of corpus) {
      const runs = golden.runs.map((r) => historyFromJSON(r));
      const last = runs[runs.length - 1];
      // Every entry the runs recorded (no clock fired past the last event, as the slider's entries).
      const whole = replayHistory(last, Number.MAX_SAFE_INTEGER, { codec, stopBeforeEvent: last.events?.length ?? 0 });
      const seqs = [...new Set(whole.timeline.map((t) => t.seq))].sort((a, b) => a - b);
      for (const seq of seqs) {
        const at = replayThroughSeq(runs, seq, { codec });
        const shown = [...new Set(at.timeline.map((t) => t.seq))];
        expect(shown, `${golden.id} #${seq}`).toContain(seq);
        // Nothing recorded later than the entry.
        const later = shown.filter((s) => s > seq);
        if (later.length) together.push(`${golden.id} #${seq}+${later.join(',')}`);
        // The entries up to this one begin as the whole case's do, in order: a replay never invents
        // or reorders one (an effect settled only after a later entry is not there yet).
        const upTo = (entries: typeof whole.timeline) => entries.filter((t) => t.seq <= seq).map((t) => `${t.seq} ${t.type}`);
        expect(upTo(at.timeline), `${golden.id} #${seq}`).toEqual(upTo(whole.timeline).slice(0, upTo(at.timeline).length));
        expect(at.throughSeq).toBe(seq);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(300);
    const newest = Math.max(...replayHistory(corpus[0].runs.length ? historyFromJSON(corpus[0].runs.at(-1)!) : ({} as never), Number.MAX_SAFE_INTEGER, { codec, stopBeforeEvent: 1e9 }).timeline.map((t) => t.seq));
    expect(() => replayThroughSeq(corpus[0].runs.map((r) => historyFromJSON(r)), newest + 1, { codec })).toThrow(`the case has no timeline entry ${newest + 1}`);
    // Clock points firing together and pasts recorded in one Update stop at the entry too.
    expect(together).toEqual([]);
  });

  it('stands at the referral of C1 before the plan was sent, whatever the instants', () => {
    const c1 = corpus.find((g) => g.id === 'C1')!;
    const runs = c1.runs.map((r) => historyFromJSON(r));
    const whole = replayHistory(runs[0], millis(runs[0].events?.at(-1)?.eventTime), { codec });
    const referral = whole.timeline.find((t) => t.type === 'REFERRAL_RECEIVED')!;
    const plan = whole.timeline.find((t) => t.type === 'ASSESSMENT_PLAN_SENT')!;
    const atReferral = replayThroughSeq(runs, referral.seq, { codec });
    expect(atReferral.view.processes.find((p) => p.key === 'initial-evaluation#1')?.state).toBe('referral-received');
    expect(atReferral.timeline.some((t) => t.type === 'ASSESSMENT_PLAN_SENT')).toBe(false);
    const atPlan = replayThroughSeq(runs, plan.seq, { codec });
    expect(atPlan.view.processes.find((p) => p.key === 'initial-evaluation#1')?.state).toBe('awaiting-consent');
  });

  it('caseclock replay --seq on an exported history: the entry named, one of --at/--seq, a missing entry exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'caseclock-replay-seq-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'C1.json');
    writeFileSync(file, JSON.stringify(corpus.find((g) => g.id === 'C1')!.runs[0]));
    const run = async (...argv: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await main(['replay', '--history', file, ...argv], { stdout: (s) => out.push(s), stderr: (s) => err.push(s), readFile: (p) => readFileSync(p, 'utf8') });
      return { code, out: out.join('\n'), err: err.join('\n') };
    };
    const atReferral = await run('--seq', '1', '--json');
    expect(atReferral.code, atReferral.err).toBe(0);
    const body = JSON.parse(atReferral.out);
    expect([body.throughSeq, body.view.processes[0].state]).toEqual([1, 'referral-received']);
    expect(await run('--seq', '1', '--at', '2026-10-01')).toMatchObject({ code: 2, err: 'caseclock: replay needs one of --at DATE|TIMESTAMP or --seq N' });
    expect(await run('--seq', 'first')).toMatchObject({ code: 2, err: 'caseclock: seq: must be a timeline entry number (1, 2, …)' });
    expect(await run('--seq', '9999')).toMatchObject({ code: 2, err: 'caseclock: --seq: the case has no timeline entry 9999' });
  });
});
