/**
 * `caseclock migrate`: move running cases' open process instances to another chart version,
 * deliberately and on the record (docs/migrations.md, workflows/chart-migration.ts). A case
 * keeps the chart version it started with until this command moves it.
 *
 *   migrate (--case <studentId> | --all-open) --to <chartId>@<version> [--by <staffId>] [--dry-run] [--json]
 *
 * --dry-run asks each case for its plan (the migrationPlan Query: which instance moves, which
 * pending clocks are re-planned, opened or closed) and changes nothing. Without it each case
 * runs the migrateProcesses Update, which records PROCESS_MIGRATED with the old and new version
 * and who asked (--by, a staff id, never a name). --all-open takes every running case with an
 * open instance of the chart (the CaseOpenProcesses search attribute). Bad input is one line
 * on stderr and exit 2; a case that refuses (its state does not exist in the new version, or
 * the workers' build has no such version) is listed with its reason, and the exit is 1.
 */
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import { MigrationTarget, type MigrationStep } from '../../workflows/chart-migration';
import { loadConfig } from '../../worker/config';
import { CaseError, CaseService } from '../case-service';
import { connectClient } from '../temporal-client';
import { parseArgs, single, UsageError } from './flags';
import type { CliIo } from './main';

const Id = (what: string) => z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, `must be a ${what} (letters, digits, . _ -), not a name`);

const ChartAtVersion = z
  .string({ error: (issue) => (issue.input === undefined ? 'is required: the chart version to move to, as <chartId>@<version>' : 'must be text') })
  .regex(/^[a-z][a-z0-9-]{1,63}@\d+\.\d+\.\d+$/, 'must be <chartId>@<version>, e.g. annual-review@1.1.0')
  .transform((value) => {
    const [chart, version] = value.split('@');
    return { chart, version };
  })
  .pipe(MigrationTarget);

export const MigrateFlags = z
  .object({
    case: Id('student id').optional(),
    allOpen: z.boolean(),
    to: ChartAtVersion,
    by: Id('staff id').optional(),
    dryRun: z.boolean(),
    json: z.boolean(),
  })
  .strict()
  .refine((f) => (f.case !== undefined) !== f.allOpen, { path: ['case'], message: 'give exactly one of --case <studentId> or --all-open' })
  .refine((f) => f.dryRun || f.by !== undefined, { path: ['by'], message: 'is required to migrate: the staff id recorded as who did it (a --dry-run needs none)' });
export type MigrateFlags = z.infer<typeof MigrateFlags>;

const FLAG_NAMES: Record<string, string> = { case: '--case', allOpen: '--all-open', to: '--to', by: '--by', dryRun: '--dry-run', json: '--json' };
const VALUE_FLAGS = ['case', 'to', 'by'];

/** argv → validated flags; a UsageError names the flag ("--to: must be …"). */
export function parseMigrateFlags(argv: string[]): MigrateFlags {
  const args = parseArgs(argv, ['all-open', 'dry-run', 'json']);
  const unknown = Object.keys(args.flags).find((f) => !VALUE_FLAGS.includes(f));
  if (unknown) throw new UsageError(`migrate: unknown option --${unknown}`);
  if (args.positionals.length) throw new UsageError(`migrate: unexpected argument ${JSON.stringify(args.positionals[0])} (the case is --case <studentId>)`);
  const parsed = MigrateFlags.safeParse({
    case: single(args, 'case'),
    allOpen: args.switches.has('all-open'),
    to: single(args, 'to'),
    by: single(args, 'by'),
    dryRun: args.switches.has('dry-run'),
    json: args.switches.has('json'),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = String(issue.path[0] ?? 'to');
    throw new UsageError(`${FLAG_NAMES[key] ?? key}: ${issue.message}`);
  }
  return parsed.data;
}

export interface CaseMigration {
  caseId: string;
  studentId: string;
  outcome: 'moved' | 'would-move' | 'nothing-to-move' | 'refused';
  steps: MigrationStep[];
  refused: string | null;
}

export interface MigrationReport {
  to: { chart: string; version: string };
  dryRun: boolean;
  by: string | null;
  cases: CaseMigration[];
}

export interface MigrateCommandDeps {
  /** The cluster (tests pass their harness's CaseService). */
  connect?: () => Promise<{ service: CaseService; close(): Promise<void> }>;
}

async function liveConnect(): Promise<{ service: CaseService; close(): Promise<void> }> {
  const config = loadConfig();
  const client = await connectClient(config);
  return { service: new CaseService({ client, taskQueue: config.taskQueue }), close: () => client.connection.close() };
}

/** Running cases with an open instance of `chart` (the chart id was validated: kebab-case only). */
export async function casesWithOpenChart(client: Client, chart: string): Promise<string[]> {
  const query = `WorkflowType = 'studentCase' AND ExecutionStatus = 'Running' AND CaseOpenProcesses = '${chart}'`;
  const ids: string[] = [];
  for await (const wf of client.workflow.list({ query })) {
    const attr = (wf.searchAttributes?.CaseStudentId as string[] | undefined)?.[0];
    ids.push(attr ?? wf.workflowId.replace(/^case-/, ''));
  }
  return [...new Set(ids)].sort();
}

async function migrateOne(service: CaseService, studentId: string, flags: MigrateFlags): Promise<CaseMigration> {
  const caseId = `case-${studentId}`;
  if (flags.dryRun) {
    const plan = await service.migrationPlan(studentId, flags.to);
    const outcome = plan.refused !== null ? 'refused' : plan.steps.length ? 'would-move' : 'nothing-to-move';
    return { caseId, studentId, outcome, steps: plan.steps, refused: plan.refused };
  }
  try {
    const steps = await service.migrate(studentId, flags.to, { role: 'district', id: flags.by! });
    return { caseId, studentId, outcome: steps.length ? 'moved' : 'nothing-to-move', steps, refused: null };
  } catch (error) {
    if (error instanceof CaseError && error.kind === 'refused') return { caseId, studentId, outcome: 'refused', steps: [], refused: error.message };
    throw error;
  }
}

/** Every named case, a few at a time (each is one Query or one Update). */
export async function migrateCases(service: CaseService, flags: MigrateFlags): Promise<MigrationReport> {
  const studentIds = flags.case !== undefined ? [flags.case] : await casesWithOpenChart(service.client, flags.to.chart);
  const cases: CaseMigration[] = new Array(studentIds.length);
  let next = 0;
  const lane = async () => {
    while (next < studentIds.length) {
      const i = next++;
      try {
        cases[i] = await migrateOne(service, studentIds[i], flags);
      } catch (error) {
        // One named case that does not exist is bad input; in a caseload listing it closed meanwhile.
        if (flags.case !== undefined || !(error instanceof CaseError)) throw error;
        cases[i] = { caseId: `case-${studentIds[i]}`, studentId: studentIds[i], outcome: 'refused', steps: [], refused: error.message };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(8, studentIds.length) }, lane));
  return { to: flags.to, dryRun: flags.dryRun, by: flags.by ?? null, cases };
}

function stepLines(s: MigrationStep): string[] {
  return [
    `  ${s.process}  ${s.from} → ${s.to}`,
    ...s.replanned.map((r) => `    clock ${r.clock}: ${r.previousRule} due ${r.previousDue ?? '—'} → ${r.rule} due ${r.due ?? '—'}`),
    ...s.opened.map((rule) => `    opens clock ${rule}`),
    ...s.closed.map((rule) => `    closes clock ${rule}`),
  ];
}

export function describeMigration(report: MigrationReport): string {
  const target = `${report.to.chart} to ${report.to.version}`;
  const moving = report.cases.filter((c) => c.outcome === 'moved' || c.outcome === 'would-move').length;
  const head = report.dryRun
    ? `dry run: ${target}: ${moving} of ${report.cases.length} case(s) would move; nothing changed`
    : `migrated ${target} in ${moving} of ${report.cases.length} case(s), by ${report.by}`;
  const lines = [head];
  for (const c of report.cases) {
    if (c.outcome === 'refused') lines.push(`${c.caseId}  refused: ${c.refused}`);
    else if (c.outcome === 'nothing-to-move') lines.push(`${c.caseId}  nothing to move`);
    else lines.push(c.caseId, ...c.steps.flatMap(stepLines));
  }
  return lines.join('\n');
}

export async function runMigrateCommand(argv: string[], io: CliIo, deps: MigrateCommandDeps = {}): Promise<number> {
  const flags = parseMigrateFlags(argv);
  const { service, close } = await (deps.connect ?? liveConnect)();
  try {
    const report = await migrateCases(service, flags);
    io.stdout(flags.json ? JSON.stringify(report, null, 2) : describeMigration(report));
    return report.cases.some((c) => c.outcome === 'refused') ? 1 : 0;
  } finally {
    await close();
  }
}
