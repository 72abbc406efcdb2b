/**
 * `caseclock <command>`: human output by default, `--json` for scripts, exit 2 with one line
 * on stderr for bad input, exit 1 when something else failed (e.g. the cluster is down).
 */
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { calendarSchema, parseCalendar, type Calendar } from '../../deadlines';
import { loadConfig } from '../../worker/config';
import { describeRetry, failingOnly } from '../activity-retries';
import { CALENDAR_REF_PATTERN, CalendarResolver } from '../calendars/calendar-ref';
import { CalendarStore } from '../calendars/calendar-store';
import { CaseError, CaseService } from '../case-service';
import { CaseloadFilter, listCaseload } from '../caseload';
import { connectClient } from '../temporal-client';
import { runDeadlineCommand } from './deadline';
import { parseArgs, single, UsageError, type ParsedArgs } from './flags';
import { InstantParam, replayUntilMs } from '../instant-param';
import { printCase, printCaseload } from './print';

const USAGE = `usage: caseclock <command>
  deadline --calendar F|ID --rule ID --from DATE [--referral DATE] [--policy name=value]... [--json]
  open --student ID --birth-date DATE --language xx --district ID --calendar ID[@VERSION]|FILE [--school ID] [--case-manager ID]
  event <studentId> (--file event.json | --data '{"type":...}') [--wait]
  show <studentId> [--json]
  cases [--school ID] [--case-manager ID] [--overdue] [--due-by DATE] [--json]
  timeline <studentId> [--process KEY] [--json]
  replay <studentId> --at DATE|TIMESTAMP|--seq N [--history exported.json] [--json]
  verify <studentId> [--json]           (the case's signature/consent ledger hash chain)
  export-history <studentId> [--out history.json]
  simulate <history.json>... [--json] [--lanes N]
  export calpads|edfi|ics [--district ID] [--school ID] [--case-manager ID] [--out FILE]
  import <file.csv> [--calendar ID[@VERSION]|FILE] [--dry-run] [--json] [--lanes N]
  calendar import <file.json> | list | diff <calendarId> <from> <to> [--cases] | publish <calendarId> <version>   [--json]
  migrate (--case ID | --all-open) --to CHART@VERSION [--by STAFF_ID] [--dry-run] [--json]   (docs/migrations.md)`;

export interface CliIo {
  stdout(s: string): void;
  stderr(s: string): void;
  readFile(path: string): string;
}

const defaultIo: CliIo = {
  stdout: (s) => process.stdout.write(s.endsWith('\n') ? s : `${s}\n`),
  stderr: (s) => process.stderr.write(s.endsWith('\n') ? s : `${s}\n`),
  readFile: (path) => readFileSync(path, 'utf8'),
};

/**
 * `--calendar`: `id@version` (a stored or shipped version, calendars/calendar-ref.ts), an id
 * (its current version, or the demo calendar of that key as before), or a calendar JSON file.
 * An unknown id or version is a usage error naming --calendar (exit 2).
 */
export function loadCalendarArg(value: string, io: CliIo, store: CalendarStore = new CalendarStore(loadConfig().dataDir)): Calendar {
  const resolver = new CalendarResolver(store);
  const looksLikeFile = value.includes('/') || value.endsWith('.json');
  if (!looksLikeFile && CALENDAR_REF_PATTERN.test(value)) {
    const found = resolver.tryResolve(value, '--calendar');
    if ('calendar' in found) return found.calendar;
    // `id@version` is never a file; a bare word may still be one in the working folder.
    if (value.includes('@') || !existsSync(value)) throw new UsageError(found.refusal);
  }
  let json: unknown;
  try {
    json = JSON.parse(io.readFile(value));
  } catch (error) {
    throw new UsageError(`--calendar: cannot read ${value} as JSON (${error instanceof Error ? error.message.split('\n')[0] : 'error'})`);
  }
  return parseCalendar(json);
}

/** `caseclock open`'s flags as an open-case request (checked by CaseService.openCase). */
export function openRequestOf(args: ParsedArgs, io: CliIo, store?: CalendarStore): Record<string, unknown> {
  const calendarArg = single(args, 'calendar');
  if (!calendarArg) throw new UsageError('--calendar is required');
  return {
    studentId: single(args, 'student'),
    birthDate: single(args, 'birth-date'),
    language: single(args, 'language') ?? 'en',
    districtId: single(args, 'district'),
    schoolId: single(args, 'school'),
    caseManagerId: single(args, 'case-manager'),
    calendar: loadCalendarArg(calendarArg, io, store),
  };
}

/**
 * The time zone of the case's pinned calendar version, for wall times shown to people; a case
 * opened from a calendar file that is not in the store reads in the schema's default zone.
 */
function districtZone(calendar: { id: string; version: string }, store = new CalendarStore(loadConfig().dataDir)): string {
  try {
    return store.get(calendar.id, calendar.version).timeZone;
  } catch {
    return calendarSchema().shape.timeZone.parse(undefined);
  }
}

async function withService<T>(fn: (service: CaseService) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const client = await connectClient(config);
  try {
    return await fn(new CaseService({ client, taskQueue: config.taskQueue }));
  } finally {
    await client.connection.close();
  }
}

const StudentId = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be a student id');

export async function main(argv: string[], io: CliIo = defaultIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'deadline':
        return await runDeadlineCommand(rest, io);
      case 'replay': {
        const args = parseArgs(rest, ['json']);
        const { fetchCaseHistories, historyFromExport, ReplayRangeError, replayHistory, replayThroughSeq, runAt, TimelineEntryNumber } = await import('../replay');
        const file = single(args, 'history');
        const runsOf = async () => (file ? [historyFromExport(JSON.parse(io.readFile(file)))] : await withService((s) => fetchCaseHistories(s.client, `case-${StudentId.parse(args.positionals[0])}`)));
        // Just after timeline entry N (`caseclock timeline` numbers them), or at an instant.
        const seqFlag = single(args, 'seq');
        if ((seqFlag === undefined) === (single(args, 'at') === undefined)) throw new UsageError('replay needs one of --at DATE|TIMESTAMP or --seq N');
        let result;
        if (seqFlag !== undefined) {
          const { seq } = z.object({ seq: TimelineEntryNumber }).parse({ seq: seqFlag });
          const runs = await runsOf();
          try {
            result = replayThroughSeq(runs, Number(seq));
          } catch (error) {
            if (error instanceof ReplayRangeError) throw new UsageError(`--seq: ${error.message}`);
            throw error;
          }
        } else {
          const { at } = z.object({ at: InstantParam }).parse({ at: single(args, 'at') });
          const untilMs = replayUntilMs(at);
          result = replayHistory(runAt(await runsOf(), untilMs), untilMs);
        }
        io.stdout(args.switches.has('json') ? JSON.stringify(result, null, 2) : `as of ${result.at} (${result.eventsApplied} of ${result.eventsRead} history events)\n${printCase(result.view)}`);
        return 0;
      }
      case 'verify': {
        // The case's signature and consent ledger is a hash chain (activities/ledger.ts):
        // a changed or removed entry is named by its sequence number.
        const args = parseArgs(rest, ['json']);
        const studentId = StudentId.parse(args.positionals[0]);
        const { verifyCaseLedger } = await import('../../activities/ledger');
        const result = await verifyCaseLedger(loadConfig().dataDir, `case-${studentId}`);
        if (args.switches.has('json')) io.stdout(JSON.stringify(result.ok ? { ok: true, entries: result.entries.length, head: result.head } : result));
        else if (result.ok) io.stdout(`ledger of case-${studentId}: ${result.entries.length} entries, intact (head ${result.head.hash.slice(0, 12)}…)`);
        else io.stderr(`caseclock: ledger of case-${studentId}: entry ${result.firstBadSeq} ${result.reason}: ${result.detail}`);
        return result.ok ? 0 : 1;
      }
      case 'export-history': {
        const args = parseArgs(rest, []);
        const studentId = StudentId.parse(args.positionals[0]);
        const out = single(args, 'out');
        const { exportLiveHistory } = await import('./export-history');
        const written = await withService((s) => exportLiveHistory(s.client, studentId, out));
        io.stdout(out ? `wrote ${written.join(', ')}` : written[0]);
        return 0;
      }
      case 'simulate': {
        const { runSimulateCommand } = await import('./simulate');
        return await runSimulateCommand(rest, io);
      }
      case 'export': {
        const { runExportCommand } = await import('./export');
        return await runExportCommand(rest, io);
      }
      case 'calendar':
        return await (await import('./calendar')).runCalendarCommand(rest, io);
      case 'migrate':
        return await (await import('./migrate')).runMigrateCommand(rest, io);
      case 'import': {
        const { runImportCommand } = await import('./import');
        return await runImportCommand(rest, io);
      }
      case 'open': {
        const args = parseArgs(rest, ['json']);
        const request = openRequestOf(args, io);
        const opened = await withService((s) => s.openCase(request));
        io.stdout(args.switches.has('json') ? JSON.stringify(opened) : `opened ${opened.caseId}`);
        return 0;
      }
      case 'event': {
        const args = parseArgs(rest, ['wait', 'json']);
        const studentId = StudentId.parse(args.positionals[0]);
        const file = single(args, 'file');
        const data = single(args, 'data');
        if (!file === !data) throw new UsageError('give the event with exactly one of --file or --data');
        let event: unknown;
        try {
          event = JSON.parse(file ? io.readFile(file) : (data as string));
        } catch {
          throw new UsageError(`${file ? '--file' : '--data'}: not valid JSON`);
        }
        const answer = await withService((s) => s.recordEvent(studentId, event, { waitForEffects: args.switches.has('wait') }));
        io.stdout(args.switches.has('json') ? JSON.stringify(answer) : `recorded #${answer.seq}: ${answer.process} is in ${answer.state}`);
        return 0;
      }
      case 'show': {
        const args = parseArgs(rest, ['json']);
        const studentId = StudentId.parse(args.positionals[0]);
        const { view, retrying } = await withService(async (s) => ({ view: await s.view(studentId), retrying: await s.retrying(studentId) }));
        if (args.switches.has('json')) io.stdout(JSON.stringify({ ...view, retrying }, null, 2));
        else io.stdout(printCase(view, failingOnly(retrying).map((r) => describeRetry(r, districtZone(view.calendar), Date.now()))));
        return 0;
      }
      case 'cases': {
        const args = parseArgs(rest, ['json', 'overdue']);
        const filter = CaseloadFilter.parse({
          school: single(args, 'school'),
          caseManager: single(args, 'case-manager'),
          overdue: args.switches.has('overdue') ? true : undefined,
          dueBy: single(args, 'due-by'),
        });
        const rows = await withService((s) => listCaseload(s.client, filter));
        io.stdout(args.switches.has('json') ? JSON.stringify(rows, null, 2) : printCaseload(rows));
        return 0;
      }
      case 'timeline': {
        const args = parseArgs(rest, ['json']);
        const studentId = StudentId.parse(args.positionals[0]);
        const process = single(args, 'process');
        const entries = await withService(async (s) => {
          const { timelineQuery } = await import('../../workflows/messages');
          return s.client.workflow.getHandle(`case-${studentId}`).query(timelineQuery, { process });
        });
        io.stdout(
          args.switches.has('json')
            ? JSON.stringify(entries, null, 2)
            : entries.map((t) => `${t.occurredOn}  #${t.seq} ${t.kind.padEnd(8)} ${t.type}${t.process ? `  ${t.process}` : ''}  (recorded ${t.at})`).join('\n'),
        );
        return 0;
      }
      case undefined:
      case 'help':
      case '--help':
        io.stdout(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command ${command}\n${USAGE}`);
    }
  } catch (error) {
    return reportFailure(error, io);
  }
}

export function reportFailure(error: unknown, io: CliIo): number {
  if (error instanceof UsageError) {
    io.stderr(`caseclock: ${error.message}`);
    return 2;
  }
  if (error instanceof z.ZodError) {
    const issue = error.issues[0];
    io.stderr(`caseclock: ${issue.path.join('.') || 'input'}: ${issue.message}`);
    return 2;
  }
  if (error instanceof CaseError) {
    io.stderr(`caseclock: ${error.message}`);
    return error.kind === 'not-found' || error.kind === 'refused' || error.kind === 'bad-input' ? 2 : 1;
  }
  if (error instanceof Error && error.name === 'DeadlineInputError') {
    io.stderr(`caseclock: ${error.message}`);
    return 2;
  }
  io.stderr(`caseclock: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  return 1;
}
