/**
 * `caseclock migrate` without a cluster: every flag validated with an error naming it (exit 2,
 * one line on stderr, nothing contacted), the report's outcomes and exit code over a fake
 * CaseService, and the human output.
 */
import { describe, expect, it } from 'vitest';
import { CaseError, type CaseService } from '../../../client/case-service';
import { main } from '../../../client/cli/main';
import { describeMigration, migrateCases, parseMigrateFlags, runMigrateCommand } from '../../../client/cli/migrate';
import type { MigrationStep } from '../../../workflows/chart-migration';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { stdout: (s: string) => out.push(s), stderr: (s: string) => err.push(s), readFile: () => '' } };
}

const step: MigrationStep = {
  process: 'fixture-intake#1',
  from: '1.0.0',
  to: '2.0.0',
  replanned: [{ clock: 'intakeReply', rule: 'parent-request-meeting', previousRule: 'assessment-plan', due: '2026-11-04', previousDue: '2026-10-20' }],
  opened: [],
  closed: ['records-access'],
};

describe('caseclock migrate: flags', () => {
  it('reads --case / --all-open, --to chart@version, --by, --dry-run, --json', () => {
    expect(parseMigrateFlags(['--case', 's-1', '--to', 'annual-review@1.1.0', '--by', 'staff-7'])).toEqual({
      case: 's-1',
      allOpen: false,
      to: { chart: 'annual-review', version: '1.1.0' },
      by: 'staff-7',
      dryRun: false,
      json: false,
    });
    expect(parseMigrateFlags(['--all-open', '--to=fixture-intake@2.0.0', '--dry-run', '--json'])).toMatchObject({ allOpen: true, dryRun: true, json: true, by: undefined });
  });

  it('refuses bad input naming the flag: one line on stderr, exit 2, no cluster contacted', async () => {
    const cases: Array<[string[], string]> = [
      [['--to', 'annual-review@1.1.0', '--by', 'x'], '--case: give exactly one of --case <studentId> or --all-open'],
      [['--case', 's1', '--all-open', '--to', 'annual-review@1.1.0', '--by', 'x'], '--case: give exactly one of --case <studentId> or --all-open'],
      [['--case', 's1', '--by', 'x'], '--to: is required: the chart version to move to, as <chartId>@<version>'],
      [['--case', 's1', '--to', 'annual-review', '--by', 'x'], '--to: must be <chartId>@<version>, e.g. annual-review@1.1.0'],
      [['--case', 's1', '--to', 'annual-review@1.1', '--by', 'x'], '--to: must be <chartId>@<version>, e.g. annual-review@1.1.0'],
      [['--case', 's1', '--to', 'annual-review@1.1.0'], '--by: is required to migrate: the staff id recorded as who did it (a --dry-run needs none)'],
      [['--case', 's1', '--to', 'annual-review@1.1.0', '--by', 'Ann Smith'], '--by: must be a staff id (letters, digits, . _ -), not a name'],
      [['--case', 'Jane Doe', '--to', 'annual-review@1.1.0', '--dry-run'], '--case: must be a student id (letters, digits, . _ -), not a name'],
      [['--case', 's1', '--to', 'annual-review@1.1.0', '--dry-run', '--lanes', '3'], 'migrate: unknown option --lanes'],
      [['s1', '--to', 'annual-review@1.1.0', '--dry-run'], 'migrate: unexpected argument "s1" (the case is --case <studentId>)'],
      [['--case', 's1', '--case', 's2', '--to', 'annual-review@1.1.0', '--dry-run'], '--case given more than once'],
      [['--case', 's1', '--to', 'annual-review@1.1.0', '--dry-run=yes'], '--dry-run takes no value'],
    ];
    for (const [argv, message] of cases) {
      const t = io();
      let connected = false;
      const code = await main(['migrate', ...argv], t.io).catch(() => -1);
      // main has no test seam for the connection; runMigrateCommand shows none is made.
      const direct = await runMigrateCommand(argv, t.io, {
        connect: async () => {
          connected = true;
          throw new Error('must not connect');
        },
      }).catch((e: unknown) => e);
      expect([code, t.err, t.out]).toEqual([2, [`caseclock: ${message}`], []]);
      expect([(direct as Error).message, connected]).toEqual([message, false]);
    }
  });
});

function fakeService(answers: Record<string, { plan?: { steps: MigrationStep[]; refused: string | null }; migrate?: MigrationStep[] | CaseError }>, listed: string[] = []) {
  const calls: string[] = [];
  const service = {
    client: {
      workflow: {
        list: ({ query }: { query: string }) => {
          calls.push(`list ${query}`);
          return (async function* () {
            for (const id of listed) yield { workflowId: `case-${id}`, searchAttributes: { CaseStudentId: [id] } };
          })();
        },
      },
    },
    migrationPlan: async (id: string) => {
      calls.push(`plan ${id}`);
      const a = answers[id];
      if (!a) throw new CaseError(`no case for student ${id}`, 'not-found', 'studentId');
      return a.plan!;
    },
    migrate: async (id: string, to: unknown, by: unknown) => {
      calls.push(`migrate ${id} ${JSON.stringify(to)} ${JSON.stringify(by)}`);
      const a = answers[id];
      if (!a) throw new CaseError(`no case for student ${id}`, 'not-found', 'studentId');
      if (a.migrate instanceof CaseError) throw a.migrate;
      return a.migrate!;
    },
  } as unknown as CaseService;
  return { service, calls };
}

describe('caseclock migrate: report', () => {
  it('--all-open: lists running cases with the chart open, and reports each outcome; a refusal makes exit 1', async () => {
    const refused = new CaseError('migration: fixture-intake#1 is in waiting, which fixture-intake@3.0.0 does not have (x)', 'refused', 'process');
    const { service, calls } = fakeService({ a: { migrate: [step] }, b: { migrate: [] }, c: { migrate: refused } }, ['c', 'a', 'b']);
    const t = io();
    const code = await runMigrateCommand(['--all-open', '--to', 'fixture-intake@2.0.0', '--by', 'staff-7', '--json'], t.io, { connect: async () => ({ service, close: async () => undefined }) });
    expect(code).toBe(1);
    expect(calls[0]).toBe("list WorkflowType = 'studentCase' AND ExecutionStatus = 'Running' AND CaseOpenProcesses = 'fixture-intake'");
    expect(calls).toContain('migrate a {"chart":"fixture-intake","version":"2.0.0"} {"role":"district","id":"staff-7"}');
    const report = JSON.parse(t.out[0]) as Awaited<ReturnType<typeof migrateCases>>;
    expect(report.cases.map((c) => [c.caseId, c.outcome, c.refused])).toEqual([
      ['case-a', 'moved', null],
      ['case-b', 'nothing-to-move', null],
      ['case-c', 'refused', refused.message],
    ]);
  });

  it('--case that does not exist is bad input (exit 2 through main); --dry-run never calls the Update', async () => {
    const { service, calls } = fakeService({ a: { plan: { steps: [step], refused: null } } });
    const missing = await migrateCases(service, parseMigrateFlags(['--case', 'zz', '--to', 'fixture-intake@2.0.0', '--dry-run'])).catch((e: unknown) => e);
    expect((missing as CaseError).kind).toBe('not-found');
    const report = await migrateCases(service, parseMigrateFlags(['--case', 'a', '--to', 'fixture-intake@2.0.0', '--dry-run']));
    expect(report.cases.map((c) => c.outcome)).toEqual(['would-move']);
    expect(calls.filter((c) => c.startsWith('migrate'))).toEqual([]);
  });

  it('prints the plan per case, with the clocks that move', () => {
    const text = describeMigration({
      to: { chart: 'fixture-intake', version: '2.0.0' },
      dryRun: true,
      by: null,
      cases: [
        { caseId: 'case-a', studentId: 'a', outcome: 'would-move', steps: [step], refused: null },
        { caseId: 'case-b', studentId: 'b', outcome: 'nothing-to-move', steps: [], refused: null },
        { caseId: 'case-c', studentId: 'c', outcome: 'refused', steps: [], refused: 'to: this build has no fixture-intake@2.0.0 (current 1.0.0)' },
      ],
    });
    expect(text.split('\n')).toEqual([
      'dry run: fixture-intake to 2.0.0: 1 of 3 case(s) would move; nothing changed',
      'case-a',
      '  fixture-intake#1  1.0.0 → 2.0.0',
      '    clock intakeReply: assessment-plan due 2026-10-20 → parent-request-meeting due 2026-11-04',
      '    closes clock records-access',
      'case-b  nothing to move',
      'case-c  refused: to: this build has no fixture-intake@2.0.0 (current 1.0.0)',
    ]);
  });
});
