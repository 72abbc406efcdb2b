/**
 * `caseclock export calpads|edfi|ics [--district D] [--school S] [--case-manager M] [--out F]`:
 * the caseload's cases through visibility and their Queries, rendered as a CALPADS-shaped CSV,
 * Ed-Fi-shaped JSON or an iCalendar file. Without --out the file goes to stdout; with --out it
 * is written whole or not at all (temp file, then rename), and a one-line summary is printed.
 */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { loadConfig } from '../../worker/config';
import { CaseService } from '../case-service';
import { exportCaseload, ExportFilter, ExportKind, type RenderedExport } from '../exports';
import { connectClient } from '../temporal-client';
import { parseArgs, single, UsageError } from './flags';
import type { CliIo } from './main';

export type ExportRunner = (kind: ExportKind, filter: ExportFilter) => Promise<RenderedExport>;

/** The real runner: one client for the command, closed afterwards. */
const liveRunner: ExportRunner = async (kind, filter) => {
  const config = loadConfig();
  const client = await connectClient(config);
  try {
    return await exportCaseload(new CaseService({ client, taskQueue: config.taskQueue }), kind, filter, { nowMs: Date.now() });
  } finally {
    await client.connection.close();
  }
};

export function writeWhole(path: string, body: string): void {
  const temp = `${path}.${process.pid}.partial`;
  try {
    writeFileSync(temp, body, 'utf8');
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw new UsageError(`--out: cannot write ${path} (${error instanceof Error ? error.message.split('\n')[0] : 'error'})`);
  }
}

export async function runExportCommand(argv: string[], io: CliIo, run: ExportRunner = liveRunner): Promise<number> {
  const args = parseArgs(argv, []);
  const [kindArg, ...extra] = args.positionals;
  if (extra.length) throw new UsageError(`export takes one format, got also ${extra.join(' ')}`);
  const kind = ExportKind.safeParse(kindArg);
  if (!kind.success) throw new UsageError(`export: the format is one of calpads, edfi, ics${kindArg ? ` (not ${kindArg})` : ''}`);
  const known = new Set(['district', 'school', 'case-manager', 'out']);
  const unknown = Object.keys(args.flags).find((f) => !known.has(f));
  if (unknown) throw new UsageError(`export: unknown option --${unknown}`);
  const filter = ExportFilter.safeParse({ district: single(args, 'district'), school: single(args, 'school'), caseManager: single(args, 'case-manager') });
  if (!filter.success) {
    const issue = filter.error.issues[0];
    const flag = { district: '--district', school: '--school', caseManager: '--case-manager' }[String(issue.path[0])] ?? 'filter';
    throw new UsageError(`${flag}: ${issue.message}`);
  }
  const out = single(args, 'out');
  const rendered = await run(kind.data, filter.data);
  for (const note of rendered.notes) io.stderr(`caseclock: note: ${note}`);
  if (out) {
    writeWhole(out, rendered.body);
    io.stdout(`wrote ${out}: ${rendered.records} ${kind.data === 'ics' ? 'events' : 'records'} for ${rendered.studentIds.length} students`);
  } else {
    io.stdout(rendered.body);
  }
  return 0;
}
