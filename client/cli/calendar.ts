/**
 * `caseclock calendar …`: district calendar versions (deadlines.md §5).
 *
 *   calendar import <file.json> [--json]                 validate with the engine, store the version
 *   calendar list [--json]                               demo and stored versions, published or not
 *   calendar diff <calendarId> <from> <to> [--cases] [--lanes N] [--json]
 *   calendar publish <calendarId> <version> [--lanes N] [--json]
 *
 * Human output by default, one JSON document with --json; progress on stderr. Bad input (a
 * malformed calendar, named by its field path; an unknown version; a published version changed)
 * is one line on stderr and exit 2; a case that could not be published, exit 1.
 */
import { z } from 'zod';
import { DeadlineInputError } from '../../deadlines';
import { loadConfig } from '../../worker/config';
import { CaseService } from '../case-service';
import { diffCalendars, isEmptyDiff, type CalendarDiff, type DaySpan, type SchoolDayRun } from '../calendars/calendar-diff';
import { deadlinesThatWouldMove, publishVersion, type CaseImpact, type DeadlineMove, type PublishReport } from '../calendars/calendar-cases';
import { CalendarIdArg, CalendarRefusal, CalendarStore, CalendarVersionArg, type CalendarVersionEntry } from '../calendars/calendar-store';
import type { ProgressStream } from '../import/progress';
import { connectClient } from '../temporal-client';
import { parseArgs, single, UsageError, type ParsedArgs } from './flags';
import type { CliIo } from './main';

export interface CalendarCommandDeps {
  store?: CalendarStore;
  /** The cluster, for --cases and publish (tests pass their harness's CaseService). */
  connect?: () => Promise<{ service: CaseService; close(): Promise<void> }>;
  progress?: ProgressStream;
  /** The publication instant (ISO); default now. */
  now?: () => string;
}

const USAGE = `usage: caseclock calendar <import|list|diff|publish>
  calendar import <file.json> [--json]
  calendar list [--json]
  calendar diff <calendarId> <fromVersion> <toVersion> [--cases] [--lanes N] [--json]
  calendar publish <calendarId> <version> [--lanes N] [--json]`;

const Lanes = z.coerce.number().int().min(1).max(64);

async function liveConnect(): Promise<{ service: CaseService; close(): Promise<void> }> {
  const config = loadConfig();
  const client = await connectClient(config);
  return { service: new CaseService({ client, taskQueue: config.taskQueue }), close: () => client.connection.close() };
}

function checkOptions(args: ParsedArgs, allowed: string[], command: string): void {
  const unknown = Object.keys(args.flags).find((f) => !allowed.includes(f));
  if (unknown) throw new UsageError(`calendar ${command}: unknown option --${unknown}`);
}

function positional<T>(args: ParsedArgs, index: number, name: string, schema: z.ZodType<T>): T {
  const value = args.positionals[index];
  if (value === undefined) throw new UsageError(`${name}: is required (caseclock calendar help)`);
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new UsageError(`${name}: ${parsed.error.issues[0].message}`);
  return parsed.data;
}

function lanesOf(args: ParsedArgs): number {
  const raw = single(args, 'lanes');
  if (raw === undefined) return 16;
  const parsed = Lanes.safeParse(raw);
  if (!parsed.success) throw new UsageError('--lanes: must be a whole number from 1 to 64');
  return parsed.data;
}

/** Progress of a publication on stderr: redrawn in place on a terminal, a line per tenth in a log. */
function caseProgress(stream: ProgressStream, label: string): (done: number, total: number) => void {
  let lastTenth = -1;
  return (done, total) => {
    if (stream.isTTY) {
      stream.write(`\r${label}: ${done}/${total} cases${done === total ? '\n' : ''}`);
      return;
    }
    const tenth = total === 0 ? 10 : Math.floor((done / total) * 10);
    if (tenth > lastTenth) {
      lastTenth = tenth;
      stream.write(`${label}: ${done}/${total} cases\n`);
    }
  };
}

const span = (s: DaySpan) => (s.start === s.end ? s.start : `${s.start}..${s.end}`);
const run = (r: SchoolDayRun) => `${span(r)} (${r.days} school day${r.days === 1 ? '' : 's'})`;
const moveLine = (m: DeadlineMove) => `  ${m.caseId}  ${m.process}  ${m.rule}  ${m.from ?? '—'} → ${m.to ?? '—'}${m.problem ? `  (${m.problem})` : ''}`;

export function describeDiff(diff: CalendarDiff, impact?: CaseImpact): string {
  const { schoolDays: s, longVacations: v, holidays: h, coverage: c } = diff;
  const lines = [`calendar ${diff.calendarId}: version ${diff.fromVersion} → ${diff.toVersion}${isEmptyDiff(diff) ? ': no day counts differently' : ''}`];
  if (s.removed.length) lines.push(`school days removed (${s.removed.length}): ${s.removedRuns.map(run).join(', ')}`);
  if (s.added.length) lines.push(`school days added (${s.added.length}): ${s.addedRuns.map(run).join(', ')}`);
  for (const x of v.changed) lines.push(`long vacation changed: ${span(x.from)} → ${span(x.to)}`);
  for (const x of v.added) lines.push(`long vacation added: ${span(x)}`);
  for (const x of v.removed) lines.push(`long vacation removed: ${span(x)}`);
  if (h.added.length) lines.push(`holidays added: ${h.added.join(', ')}`);
  if (h.removed.length) lines.push(`holidays removed: ${h.removed.join(', ')}`);
  if (span(c.from) !== span(c.to)) lines.push(`coverage: ${span(c.from)} → ${span(c.to)}`);
  if (impact) {
    const others = impact.casesOnOtherVersions ? `; ${impact.casesOnOtherVersions} open case(s) on other versions not examined` : '';
    lines.push(`open deadlines that would move: ${impact.moves.length} in ${impact.casesExamined} open case(s) on version ${diff.fromVersion}${others}`);
    lines.push(...impact.moves.map(moveLine));
    for (const u of impact.unread) lines.push(`  ${u.caseId}: not read (${u.error})`);
  }
  return lines.join('\n');
}

export function describePublish(report: PublishReport): string {
  const lines = [
    `published ${report.calendarId} version ${report.version} (${report.publishedAt}) to ${report.cases - report.failed.length} of ${report.cases} case(s)` +
      `${report.alreadyOnVersion ? ` (${report.alreadyOnVersion} already on it)` : ''}; ${report.moves.length} deadline(s) moved`,
    ...report.moves.map(moveLine),
  ];
  if (report.failed.length) lines.push(`not published (${report.failed.length}):`, ...report.failed.map((f) => `  ${f.caseId}: ${f.error}`));
  return lines.join('\n');
}

function describeList(entries: CalendarVersionEntry[]): string {
  if (!entries.length) return 'no calendars';
  return entries
    .map((e) => `${e.id.padEnd(20)} ${e.version.padEnd(8)} ${e.source.padEnd(6)} ${e.publishedAt ? `published ${e.publishedAt}` : 'not published'}  ${e.name}${e.demoKey && e.demoKey !== e.id ? ` (demo ${e.demoKey})` : ''}`)
    .join('\n');
}

function importFile(args: ParsedArgs, io: CliIo, store: CalendarStore) {
  if (args.positionals.length !== 1) throw new UsageError('calendar import needs exactly one JSON file');
  const [file] = args.positionals;
  let json: unknown;
  try {
    json = JSON.parse(io.readFile(file));
  } catch (error) {
    throw new UsageError(`${file}: cannot read it as JSON (${error instanceof Error ? error.message.split('\n')[0] : 'error'})`);
  }
  try {
    return store.import(json);
  } catch (error) {
    // The engine's refusal names the field by its path (terms[1].start); the file comes first.
    if (error instanceof DeadlineInputError || error instanceof CalendarRefusal) throw new UsageError(`${file}: ${error.message}`);
    throw error;
  }
}

export async function runCalendarCommand(argv: string[], io: CliIo, deps: CalendarCommandDeps = {}): Promise<number> {
  const [sub, ...rest] = argv;
  const store = deps.store ?? new CalendarStore(loadConfig().dataDir);
  const connect = deps.connect ?? liveConnect;
  const json = (value: unknown) => io.stdout(JSON.stringify(value, null, 2));
  try {
    switch (sub) {
      case 'import': {
        const args = parseArgs(rest, ['json']);
        checkOptions(args, [], 'import');
        const { calendar, outcome, path } = importFile(args, io, store);
        const version = calendar.version as string;
        if (args.switches.has('json')) json({ id: calendar.id, version, outcome, path });
        else if (outcome === 'unchanged') io.stdout(`${calendar.id} version ${version} is already stored, unchanged (${path})`);
        else io.stdout(`${outcome === 'replaced' ? 'replaced unpublished' : 'stored'} ${calendar.id} version ${version} (${path})`);
        return 0;
      }
      case 'list': {
        const args = parseArgs(rest, ['json']);
        checkOptions(args, [], 'list');
        const entries = store.list();
        if (args.switches.has('json')) json(entries);
        else io.stdout(describeList(entries));
        return 0;
      }
      case 'diff': {
        const args = parseArgs(rest, ['json', 'cases']);
        checkOptions(args, ['lanes'], 'diff');
        const id = positional(args, 0, 'calendarId', CalendarIdArg);
        const fromVersion = positional(args, 1, 'fromVersion', CalendarVersionArg);
        const toVersion = positional(args, 2, 'toVersion', CalendarVersionArg);
        if (args.positionals.length > 3) throw new UsageError('calendar diff takes three arguments: calendarId fromVersion toVersion');
        const lanes = lanesOf(args);
        const diff = diffCalendars(store.get(id, fromVersion), store.get(id, toVersion));
        let impact: CaseImpact | undefined;
        if (args.switches.has('cases')) {
          const live = await connect();
          try {
            impact = await deadlinesThatWouldMove(live.service.client, fromVersion, store.get(id, toVersion), lanes);
          } finally {
            await live.close();
          }
        }
        if (args.switches.has('json')) json(impact ? { ...diff, cases: impact } : diff);
        else io.stdout(describeDiff(diff, impact));
        return impact?.unread.length ? 1 : 0;
      }
      case 'publish': {
        const args = parseArgs(rest, ['json']);
        checkOptions(args, ['lanes'], 'publish');
        const id = positional(args, 0, 'calendarId', CalendarIdArg);
        const version = positional(args, 1, 'version', CalendarVersionArg);
        if (args.positionals.length > 2) throw new UsageError('calendar publish takes two arguments: calendarId version');
        const lanes = lanesOf(args);
        store.get(id, version); // an unknown version is refused before connecting
        const live = await connect();
        let report: PublishReport;
        try {
          const progress = caseProgress(deps.progress ?? process.stderr, `publish ${id} ${version}`);
          report = await publishVersion(store, live.service, { calendarId: id, version }, { now: deps.now?.(), lanes, onProgress: progress });
        } finally {
          await live.close();
        }
        if (args.switches.has('json')) json(report);
        else io.stdout(describePublish(report));
        return report.failed.length ? 1 : 0;
      }
      case undefined:
      case 'help':
        io.stdout(USAGE);
        return sub === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown calendar command ${sub} (import, list, diff, publish)`);
    }
  } catch (error) {
    if (error instanceof CalendarRefusal) throw new UsageError(error.message);
    throw error;
  }
}
