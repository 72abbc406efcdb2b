/**
 * The acceptance corpus (test/histories/*.json, processes.md Appendix C) through the real
 * `studentCase` workflow and the real activities on the time-skipping server: one server and
 * one worker for all of them, every expectation met. A wrong expectation is reported with
 * history, step, key, wanted and got, and the CLI exits 1.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chartRegistry } from '../../machines';
import { main } from '../../client/cli/main';
import { loadHistory } from '../../client/simulate/history';
import { simulate, type HistoryReport } from '../../client/simulate/runner';
import { createSimulationActivities } from '../../worker/case-activities';
import { createTimeSkippingEnv } from '../../worker/time-skipping';

const dir = join(process.cwd(), 'test/histories');
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

let env: TestWorkflowEnvironment;
let sim: Awaited<ReturnType<typeof createSimulationActivities>>;
let dataDir: string;
let reports: HistoryReport[] = [];
let wallMs = 0;
/** caseState queries the client made: the runner reads a step's state from its Update answer. */
let stateQueries = 0;

beforeAll(async () => {
  env = await createTimeSkippingEnv({
    interceptors: { workflow: [{ query: (input, next) => ((stateQueries += input.queryType === 'caseState' ? 1 : 0), next(input)) }] },
  });
  dataDir = mkdtempSync(join(tmpdir(), 'caseclock-corpus-'));
  sim = await createSimulationActivities(dataDir);
  const started = Date.now();
  reports = await simulate(env, files.map((f) => loadHistory(join(dir, f), chartRegistry)), sim.activities);
  wallMs = Date.now() - started;
  console.log(`simulated ${reports.length} histories (${reports.reduce((n, r) => n + r.steps.length, 0)} steps) in ${(wallMs / 1000).toFixed(1)} s`);
});
afterAll(async () => {
  await sim?.close();
  await env?.teardown();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('acceptance histories through the real workflow (time-skipping)', () => {
  it('runs every history in the corpus', () => {
    expect(reports.map((r) => r.path.split('/').pop())).toEqual(files);
  });
  for (const file of files) {
    it(`meets every expectation of ${file}`, () => {
      const report = reports.find((r) => r.path.endsWith(`/${file}`));
      expect(report?.mismatches).toEqual([]);
    });
  }
  it('sends real notices through the SMTP sink', async () => {
    expect(await sim.sink.count()).toBeGreaterThan(0);
  });
  it('reads event steps from the Update answer: state queries for under half the steps, the same report as querying each step', async () => {
    // Querying each step takes one query a step or more (polls while an effect is queued); the
    // corpus is mostly accepted events, whose answers carry the state (measured: 32 for 231 steps).
    const steps = reports.reduce((n, r) => n + r.steps.length, 0);
    expect(stateQueries).toBeLessThan(steps / 2);
    // C1 (events, a calendar publication) and C10b (a refused event, advanceTo steps) again, querying each step.
    const again = ['C1-initial-evaluation.json', 'C10b-suspension-over-cap.json'];
    const before = stateQueries;
    const queried = await simulate(env, again.map((f) => loadHistory(join(dir, f), chartRegistry)), sim.activities, undefined, { stateFromUpdate: false });
    expect(stateQueries - before).toBeGreaterThanOrEqual(queried.reduce((n, r) => n + r.steps.length, 0));
    for (const report of queried) {
      const answered = reports.find((r) => r.id === report.id)!;
      expect(report.steps).toEqual(answered.steps);
      expect(report.deadlines).toEqual(answered.deadlines);
    }
  });
});

describe('caseclock simulate (CLI)', () => {
  it('exits 1 naming history, step, key, wanted and got for a wrong expectation', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'caseclock-wrong-'));
    const history = JSON.parse(readFileSync(join(dir, 'C1-initial-evaluation.json'), 'utf8'));
    history.steps = history.steps.slice(0, 3);
    history.steps[2].expect = { pending: { 'initial-iep': '2027-01-06' } };
    const path = join(tmp, 'wrong.json');
    writeFileSync(path, JSON.stringify(history));
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['simulate', path], { stdout: (s) => out.push(s), stderr: (s) => err.push(s), readFile: (p) => readFileSync(p, 'utf8') });
    rmSync(tmp, { recursive: true, force: true });
    expect(code).toBe(1);
    expect(err).toContain('mismatch: history C1, step 2, pending.initial-iep: wanted "2027-01-06", got "2027-01-05"');
  });

  it('refuses a malformed history with one line and exit 2, running nothing', async () => {
    const err: string[] = [];
    const text = JSON.stringify({ id: 'X', calendar: 'demo-usd', student: { id: 'x', birthDate: '2019-01-01', language: 'en' }, steps: [{ advanceTo: '2027-02-30' }] });
    const code = await main(['simulate', 'bad.json'], { stdout: () => undefined, stderr: (s) => err.push(s), readFile: () => text });
    expect(code).toBe(2);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^caseclock: bad\.json: steps\.0\.advanceTo: /);
  });
});
