/**
 * `caseclock migrate` on the dev server (issue #6: "each case pins the chart versions it started
 * with, and a documented migration moves running cases to new versions deliberately").
 *
 * Two cases open fixture-intake on a build that ships 1.0.0 (fixtures/migration-v1-workflows.ts),
 * a third case has no intake. The next build ships 2.0.0 beside 1.0.0 (a changed clock rule and a
 * new event); after the deploy the cases still run 1.0.0 — the new workers replay their histories
 * and open the version the recorded run opened (workflows/engine-patches.ts chartVersion). The dry run shows each case's plan and
 * changes nothing; the real run moves both, their views show 2.0.0, the timeline records old and
 * new version and who; a second run has nothing to move, a version the build lacks is refused.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NativeConnection, type Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CaseError, CaseService } from '../../client/case-service';
import { casesWithOpenChart, runMigrateCommand, type MigrationReport } from '../../client/cli/migrate';
import { computeDeadline, demoCalendars } from '../../deadlines';
import { createSimulationActivities } from '../../worker/case-activities';
import { createCaseWorker } from '../../worker/create-worker';
import { dateIn } from '../../workflows/zoned-time';
import { bundleFixture } from './fixtures/bundle-fixture';
import { devServerHarness, eventually, uniqueId, type Harness } from './harness';

let h: Harness;
let connection: NativeConnection;
let sim: Awaited<ReturnType<typeof createSimulationActivities>>;
let dir: string;
/** A worker of one build on the fixture queue (one build at a time: a deploy replaces the workers). */
let build: (bundle: WorkflowBundleWithSourceMap) => Promise<Worker>;
let bundles: WorkflowBundleWithSourceMap[];
let service: CaseService;
const taskQueue = uniqueId('tq-migrate');
const [a, b, c] = ['a', 'b', 'c'].map((x) => uniqueId(`mig-${x}`));

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { stdout: (s: string) => out.push(s), stderr: (s: string) => err.push(s), readFile: () => '' } };
}

async function cli(argv: string[]): Promise<{ code: number; out: string }> {
  const t = io();
  const code = await runMigrateCommand(argv, t.io, { connect: async () => ({ service, close: async () => undefined }) });
  return { code, out: t.out.join('\n') };
}

const intakeOf = async (studentId: string) => (await service.view(studentId)).processes.find((p) => p.chart === 'fixture-intake');

beforeAll(async () => {
  h = await devServerHarness();
  bundles = await Promise.all([bundleFixture('migration-v1-workflows.ts'), bundleFixture('migration-v2-workflows.ts')]);
  connection = await NativeConnection.connect({ address: inject('temporalAddress') });
  dir = mkdtempSync(join(tmpdir(), 'caseclock-migrate-'));
  sim = await createSimulationActivities(dir);
  build = (bundle) => createCaseWorker({ connection, namespace: inject('temporalNamespace'), taskQueue, activities: sim.activities, bundle, dataConverter: h.dataConverter });
  service = new CaseService({ client: h.client, taskQueue });
});

afterAll(async () => {
  for (const id of [a, b, c]) await h?.client.workflow.getHandle(`case-${id}`).terminate('test done').catch(() => undefined);
  await sim?.close();
  await connection?.close();
  await h?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('caseclock migrate', () => {
  it('dry run shows the plan and changes nothing; the real run moves the cases and records old, new version and who', async () => {
    const today = dateIn('America/Los_Angeles', Date.now());
    await (await build(bundles[0])).runUntil(async () => {
      for (const id of [a, b, c]) await service.openCase({ studentId: id, birthDate: '2015-01-01', language: 'en', districtId: 'demo-usd', calendar: demoCalendars['demo-usd'] });
      for (const id of [a, b]) await service.recordEvent(id, { type: 'FIXTURE_INTAKE_OPENED', occurredOn: today, actor: { role: 'district' } });
      expect(await intakeOf(a)).toMatchObject({ key: 'fixture-intake#1', version: '1.0.0', state: 'waiting' });
    });

    // The next build is deployed: the running cases replay on it and keep their pinned version.
    const v2 = await build(bundles[1]);
    await h.run(() =>
      v2.runUntil(async () => {
        expect((await intakeOf(b))?.version).toBe('1.0.0');
        const before = (await service.view(a)).pending.find((d) => d.clock === 'intakeReply')!;
        expect(before.rule).toBe('assessment-plan');
        const historyLength = (await h.client.workflow.getHandle(`case-${a}`).fetchHistory()).events?.length;
        await eventually(() => casesWithOpenChart(h.client, 'fixture-intake'), (ids) => ids.includes(a) && ids.includes(b), 'cases listed by CaseOpenProcesses');

        // Dry run: the plan per case, nothing changed.
        const dry = await cli(['--all-open', '--to', 'fixture-intake@2.0.0', '--dry-run', '--json']);
        expect(dry.code).toBe(0);
        const plan = JSON.parse(dry.out) as MigrationReport;
        const mine = plan.cases.filter((x) => [a, b, c].includes(x.studentId));
        expect(mine.map((x) => [x.studentId, x.outcome])).toEqual([a, b].sort().map((id) => [id, 'would-move']));
        expect(mine[0].steps).toEqual([
          {
            process: 'fixture-intake#1',
            from: '1.0.0',
            to: '2.0.0',
            replanned: [{ clock: 'intakeReply', rule: 'parent-request-meeting', previousRule: 'assessment-plan', due: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), previousDue: before.due }],
            opened: [],
            closed: [],
          },
        ]);
        const newDue = mine[0].steps[0].replanned[0].due;
        // The new rule's date for the same trigger, as the engine gives it. Not "later": near a
        // break 15 days not counting it can land after 30 calendar days (from 2026-12-04: Jan 4 vs Jan 3).
        expect(newDue).toBe(computeDeadline(demoCalendars['demo-usd'], { rule: 'parent-request-meeting', from: today }).due);
        expect(before.due).toBe(computeDeadline(demoCalendars['demo-usd'], { rule: 'assessment-plan', from: today }).due);
        const human = await cli(['--case', a, '--to', 'fixture-intake@2.0.0', '--dry-run']);
        expect(human.out.split('\n')).toEqual([
          'dry run: fixture-intake to 2.0.0: 1 of 1 case(s) would move; nothing changed',
          `case-${a}`,
          '  fixture-intake#1  1.0.0 → 2.0.0',
          `    clock intakeReply: assessment-plan due ${before.due} → parent-request-meeting due ${newDue}`,
        ]);
        expect((await intakeOf(a))?.version).toBe('1.0.0');
        expect((await service.timeline(a)).some((t) => t.type === 'PROCESS_MIGRATED')).toBe(false);
        expect((await h.client.workflow.getHandle(`case-${a}`).fetchHistory()).events?.length).toBe(historyLength);
        // v2's new event is still refused: the instance runs 1.0.0.
        const early = await service.recordEvent(a, { type: 'FIXTURE_INTAKE_REVIEWED', occurredOn: today, actor: { role: 'district' } }).catch((e: unknown) => e);
        expect([(early as CaseError).kind, (early as CaseError).field]).toEqual(['refused', 'event.type']);

        // The real run, by staff-7.
        const real = await cli(['--all-open', '--to', 'fixture-intake@2.0.0', '--by', 'staff-7', '--json']);
        expect(real.code).toBe(0);
        const moved = (JSON.parse(real.out) as MigrationReport).cases.filter((x) => [a, b].includes(x.studentId));
        expect(moved.map((x) => x.outcome)).toEqual(['moved', 'moved']);
        for (const id of [a, b]) {
          const view = await service.view(id);
          expect(view.processes.find((p) => p.chart === 'fixture-intake')).toMatchObject({ version: '2.0.0', state: 'waiting', status: 'open' });
          expect(view.pending.find((d) => d.clock === 'intakeReply')).toMatchObject({ rule: 'parent-request-meeting', due: newDue, moves: [expect.objectContaining({ from: before.due, to: newDue, reason: 'chart fixture-intake migrated from 1.0.0 to 2.0.0' })] });
          const timeline = await service.timeline(id);
          const migrated = timeline.filter((t) => t.type === 'PROCESS_MIGRATED');
          expect(migrated).toEqual([expect.objectContaining({ kind: 'process', occurredOn: today, process: 'fixture-intake#1', actor: { role: 'district', id: 'staff-7' }, detail: { chart: 'fixture-intake', from: '1.0.0', to: '2.0.0' } })]);
          expect(timeline.filter((t) => t.seq === migrated[0].seq).map((t) => t.type)).toEqual(['PROCESS_MIGRATED', 'CLOCK_REPLANNED']);
        }
        // The case without an intake was not touched.
        expect((await service.timeline(c)).some((t) => t.type === 'PROCESS_MIGRATED')).toBe(false);
        // v2's event now applies.
        expect((await service.recordEvent(a, { type: 'FIXTURE_INTAKE_REVIEWED', occurredOn: today, actor: { role: 'district' } })).state).toBe('reviewed');

        // Again: nothing to move. A version this build lacks: refused, listed, exit 1.
        expect(await cli(['--case', b, '--to', 'fixture-intake@2.0.0', '--by', 'staff-7'])).toEqual({ code: 0, out: `migrated fixture-intake to 2.0.0 in 0 of 1 case(s), by staff-7\ncase-${b}  nothing to move` });
        expect(await cli(['--case', b, '--to', 'fixture-intake@9.9.9', '--by', 'staff-7'])).toEqual({
          code: 1,
          out: `migrated fixture-intake to 9.9.9 in 0 of 1 case(s), by staff-7\ncase-${b}  refused: to: this build has no fixture-intake@9.9.9 (current 2.0.0)`,
        });
        const missing = await cli(['--case', uniqueId('nobody'), '--to', 'fixture-intake@2.0.0', '--dry-run']).catch((e: unknown) => e);
        expect((missing as CaseError).kind).toBe('not-found');
        // A new instance on this build opens on the newest version.
        await service.recordEvent(c, { type: 'FIXTURE_INTAKE_OPENED', occurredOn: today, actor: { role: 'district' } });
        expect((await intakeOf(c))?.version).toBe('2.0.0');
      }),
    );
  });
});
