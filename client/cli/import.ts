/**
 * `caseclock import <file.csv> [--calendar id[@version]|file] [--dry-run] [--json] [--lanes N]`: open
 * existing cases from a CSV (format: client/import/import-row.ts). The report goes to stdout
 * (human, or JSON with --json), progress to stderr. Exit 0 when every row is in, 2 when any row
 * was refused (each named by line and column) or the file itself is unreadable; good rows are
 * imported either way. `--dry-run` checks every row without connecting to Temporal.
 */
import { z } from 'zod';
import type { Calendar } from '../../deadlines';
import { loadConfig } from '../../worker/config';
import { CalendarResolver } from '../calendars/calendar-ref';
import { CalendarStore } from '../calendars/calendar-store';
import { CaseService } from '../case-service';
import { ImportFileError } from '../import/import-plan';
import { describeImport, importCases, type ImportOptions, type ImportReport } from '../import/importer';
import { progressOn, type ProgressStream } from '../import/progress';
import { connectClient } from '../temporal-client';
import { parseArgs, single, UsageError } from './flags';
import { loadCalendarArg, type CliIo } from './main';

export type ImportRunner = (text: string, opts: ImportOptions) => Promise<ImportReport>;

const liveRunner: ImportRunner = async (text, opts) => {
  if (opts.dryRun) return importCases(null, text, opts);
  const config = loadConfig();
  const client = await connectClient(config);
  try {
    return await importCases(new CaseService({ client, taskQueue: config.taskQueue }), text, opts);
  } finally {
    await client.connection.close();
  }
};

const Lanes = z.coerce.number().int().min(1).max(64);

export async function runImportCommand(
  argv: string[],
  io: CliIo,
  deps: { run?: ImportRunner; progress?: ProgressStream; store?: CalendarStore } = {},
): Promise<number> {
  const args = parseArgs(argv, ['dry-run', 'json']);
  if (args.positionals.length !== 1) throw new UsageError('import needs exactly one CSV file');
  const unknown = Object.keys(args.flags).find((f) => f !== 'calendar' && f !== 'lanes');
  if (unknown) throw new UsageError(`import: unknown option --${unknown}`);
  const [file] = args.positionals;
  let text: string;
  try {
    text = io.readFile(file);
  } catch {
    throw new UsageError(`${file}: cannot read the file`);
  }
  // A calendarId cell is resolved like --calendar (calendars/calendar-ref.ts); the flag's own
  // calendar (a file's, or the version it names) is what its id means in this file.
  const store = deps.store ?? new CalendarStore(loadConfig().dataDir);
  const resolver = new CalendarResolver(store);
  const calendars: Record<string, Calendar> = {};
  const calendarArg = single(args, 'calendar');
  let defaultCalendarId: string | undefined;
  if (calendarArg) {
    const calendar = loadCalendarArg(calendarArg, io, store);
    calendars[calendar.id] = calendar;
    defaultCalendarId = calendar.id;
  }
  const lanesArg = single(args, 'lanes');
  const lanes = lanesArg === undefined ? 16 : Lanes.safeParse(lanesArg);
  if (typeof lanes !== 'number' && !lanes.success) throw new UsageError('--lanes: must be a whole number from 1 to 64');
  const progress = progressOn(deps.progress ?? process.stderr, 'import');
  let report: ImportReport;
  try {
    report = await (deps.run ?? liveRunner)(text, {
      calendars,
      defaultCalendarId,
      resolveCalendar: (ref) => resolver.tryResolve(ref, 'calendarId'),
      dryRun: args.switches.has('dry-run'),
      lanes: typeof lanes === 'number' ? lanes : lanes.data,
      onProgress: (done, total) => progress.update(done, total),
    });
  } catch (error) {
    if (error instanceof ImportFileError) throw new UsageError(`${file}: ${error.message}`);
    throw error;
  } finally {
    progress.finish();
  }
  io.stdout(args.switches.has('json') ? JSON.stringify(report, null, 2) : describeImport(report));
  return report.refused.length ? 2 : 0;
}
