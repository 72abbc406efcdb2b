/**
 * patched() for a changed timer (issue #6; docs/migrations.md). The change: `studentCase` waits
 * one minute before the case opens. Shipped without patched() (fixtures/changed-timer-workflows.ts)
 * every history recorded by the previous code fails to replay with DeterminismViolationError;
 * shipped behind patched() (fixtures/patched-timer-workflows.ts) the same histories replay
 * cleanly — the golden corpus's recordings of the previous code (test/golden/: C1, C13c and a
 * case that continued-as-new), with Worker.runReplayHistories — while a new run records the
 * patch marker and takes the new timer. That new run cannot be replayed by the code from before
 * the change: a patched deploy is not rolled back once new runs took the new path.
 *
 * golden-replay.test.ts shows the unpatched change failing on C1 only; this file shows both
 * sides on the same histories, and the new path taken.
 */
import { join } from 'node:path';
import type { temporal } from '@temporalio/proto';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type ReplayResult, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import type { DataConverter } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCalendars } from '../../deadlines';
import { GOLDEN_DIR, GOLDEN_KEYS_FILE, readGoldenFile } from '../../scripts/record-golden';
import { readKeyRingFile } from '../../worker/codec-keys';
import { workflowBundle } from '../../worker/create-worker';
import { boundDataConverter, caseDataConverter } from '../../worker/payload-codec';
import { createTimeSkippingEnv } from '../../worker/time-skipping';
import { caseViewQuery } from '../../workflows/messages';
import { CONTINUE_AS_NEW_ID } from '../golden/scripted-cases';
import { bundleFixture } from './fixtures/bundle-fixture';
import { eventually, uniqueId } from './harness';

type History = temporal.api.history.v1.IHistory;
interface Run {
  workflowId: string;
  label: string;
  history: History;
}

const goldenConverter = caseDataConverter(readKeyRingFile(GOLDEN_KEYS_FILE));
const golden: Run[] = ['C1', 'C13c', CONTINUE_AS_NEW_ID].flatMap((id) => {
  const g = readGoldenFile(join(GOLDEN_DIR, `${id}.json.gz`));
  return g.runs.map((run, i) => ({ workflowId: g.workflowId, label: `${id} run ${i + 1}`, history: historyFromJSON(run) }));
});

let patchedBundle: WorkflowBundleWithSourceMap;
let unpatchedBundle: WorkflowBundleWithSourceMap;
let env: TestWorkflowEnvironment;
let newRun: Run;
let newRunConverter: DataConverter;

async function replay(bundle: WorkflowBundleWithSourceMap, runs: Run[], dataConverter: DataConverter): Promise<Array<{ label: string; error: ReplayResult['error'] }>> {
  const out = [];
  let i = 0;
  for await (const r of Worker.runReplayHistories({ workflowBundle: bundle, dataConverter, replayName: 'patched-timer' }, runs)) out.push({ label: runs[i++].label, error: r.error });
  return out;
}

beforeAll(async () => {
  // The JVM first: it starts slowly on a loaded machine, and slower still beside webpack.
  env = await createTimeSkippingEnv();
  [patchedBundle, unpatchedBundle] = await Promise.all([bundleFixture('patched-timer-workflows.ts'), bundleFixture('changed-timer-workflows.ts')]);
  // A new run on the patched code, on the time-skipping server.
  newRunConverter = boundDataConverter(env.nativeConnection)!;
  const taskQueue = uniqueId('tq-patched');
  const studentId = uniqueId('patched');
  const worker = await Worker.create({ connection: env.nativeConnection, namespace: env.namespace ?? 'default', taskQueue, workflowBundle: patchedBundle, dataConverter: newRunConverter });
  const history = await worker.runUntil(async () => {
    const handle = await env.client.workflow.start('studentCase', {
      taskQueue,
      workflowId: `case-${studentId}`,
      args: [{ open: { caseId: `case-${studentId}`, profile: { studentId, birthDate: '2019-05-02', language: 'en', districtId: 'demo-usd' }, calendar: demoCalendars['demo-usd'] } }],
    });
    await env.sleep(2 * 60_000);
    // The query exists once the pause is over and the case has opened.
    await eventually(() => handle.query(caseViewQuery).catch(() => null), (v) => v?.caseId === `case-${studentId}`, 'case open after the pause', 50);
    const recorded = await handle.fetchHistory();
    await handle.terminate('recorded');
    return recorded;
  });
  newRun = { workflowId: `case-${studentId}`, label: 'new run', history };
});

afterAll(async () => {
  await env?.teardown();
});

describe('patched() around a changed timer', () => {
  it('without patched(): every recorded run of the previous code fails to replay with DeterminismViolationError', async () => {
    const results = await replay(unpatchedBundle, golden, goldenConverter);
    expect(results.map((r) => r.label)).toEqual(golden.map((g) => g.label));
    expect(golden.length).toBeGreaterThanOrEqual(4); // C1, C13c and at least two runs of the continued case
    for (const r of results) expect(r.error, r.label).toBeInstanceOf(DeterminismViolationError);
  });

  it('behind patched(): the same runs replay cleanly', async () => {
    const results = await replay(patchedBundle, golden, goldenConverter);
    expect(results.filter((r) => r.error).map((r) => `${r.label}: ${r.error?.name} ${r.error?.message.split('\n')[0]}`)).toEqual([]);
    expect(results).toHaveLength(golden.length);
  });

  it('a new run records the patch marker, then the one-minute timer, before the case opens', () => {
    const commands = (newRun.history.events ?? [])
      .map((e) => {
        if (e.markerRecordedEventAttributes) return `marker:${e.markerRecordedEventAttributes.markerName}`;
        if (e.timerStartedEventAttributes) return `timer:${String(e.timerStartedEventAttributes.startToFireTimeout?.seconds)}s`;
        const upsert = e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields;
        return upsert ? `search-attributes:${Object.keys(upsert).sort().join(',')}` : null;
      })
      .filter((c) => c !== null);
    // The SDK also lists the patch in TemporalChangeVersion; the case's own attributes come after the pause.
    expect(commands.slice(0, 4)).toEqual(['marker:core_patch', 'search-attributes:TemporalChangeVersion', 'timer:60s', expect.stringMatching(/^search-attributes:.*CaseStudentId/)]);
  });

  it('the new run replays on the patched code, but not on the code from before the change (no rollback)', async () => {
    expect((await replay(patchedBundle, [newRun], newRunConverter))[0].error).toBeUndefined();
    expect((await replay(await workflowBundle(), [newRun], newRunConverter))[0].error).toBeInstanceOf(DeterminismViolationError);
  });
});
