/**
 * `caseclock deadline` (deadlines.md §4): compute any rule from the command line.
 *
 *   deadline --calendar <file|demo id> --rule <id> --from <YYYY-MM-DD> [--referral <date>]
 *            [--policy name=value]... [--json]
 *
 * Exit 0 with the result; exit 2 with ONE line on stderr naming the problem for bad input
 * (unknown rule, malformed date or calendar, a computation the calendar does not cover, a missing
 * or extra --referral, a referral after the consent, an unknown policy or value).
 */
import { z } from 'zod';
import {
  CalendarCoverageError,
  DeadlineInputError,
  computeDeadline,
  demoCalendars,
  isDemoCalendarId,
  isIsoDate,
  isRuleId,
  parseCalendar,
  parsePolicyAssignments,
  type Calendar,
  type DeadlineResult,
  type RuleId,
} from '../../deadlines';

export interface DeadlineCommandIo {
  readFile(path: string): string;
  stdout(s: string): void;
  stderr(s: string): void;
}

export const DEADLINE_USAGE =
  'usage: caseclock deadline --calendar <calendar.json|demo id> --rule <id> --from <YYYY-MM-DD> [--referral <YYYY-MM-DD>] [--policy name=value]... [--json]';

/** A problem with the command line: printed as one line, exit 2. */
class BadInput extends Error {}

const FLAGS = ['calendar', 'rule', 'from', 'referral', 'policy', 'json', 'help'] as const;
type Flag = (typeof FLAGS)[number];

const dateArg = z.string({ error: 'is required' }).refine(isIsoDate, { message: 'must be a real date written YYYY-MM-DD' });

const DeadlineArgs = z
  .object({
    calendar: z.string({ error: 'is required' }).min(1, 'needs a file or a demo calendar id'),
    rule: z.string({ error: 'is required' }).refine(isRuleId, { message: 'is not a known rule id' }),
    from: dateArg,
    referral: dateArg.optional(),
    policy: z.array(z.string()),
    json: z.boolean(),
  })
  .strict();

/** argv → raw flag values; zod then checks them. `--flag value` and `--flag=value` both work. */
function readFlags(argv: string[]): Record<string, unknown> {
  const args = argv[0] === 'deadline' ? argv.slice(1) : argv;
  const raw: Record<string, unknown> = { policy: [], json: false };
  for (let i = 0; i < args.length; i++) {
    const token = args[i];
    if (!token.startsWith('--')) throw new BadInput(`unexpected argument ${JSON.stringify(token)}`);
    const eq = token.indexOf('=');
    const name = (eq >= 0 ? token.slice(2, eq) : token.slice(2)) as Flag;
    if (!(FLAGS as readonly string[]).includes(name)) throw new BadInput(`unknown option --${name}`);
    if (name === 'json' || name === 'help') {
      if (eq >= 0) throw new BadInput(`--${name} takes no value`);
      raw[name] = true;
      continue;
    }
    let value: string | undefined = eq >= 0 ? token.slice(eq + 1) : args[i + 1];
    if (eq < 0) {
      if (value === undefined || value.startsWith('--')) throw new BadInput(`--${name} needs a value`);
      i++;
    }
    value = value as string;
    if (name === 'policy') (raw.policy as string[]).push(value);
    else if (raw[name] !== undefined) throw new BadInput(`--${name} given more than once`);
    else raw[name] = value;
  }
  return raw;
}

function loadCalendar(value: string, io: DeadlineCommandIo): Calendar {
  if (isDemoCalendarId(value)) return demoCalendars[value];
  let text: string;
  try {
    text = io.readFile(value);
  } catch (e) {
    throw new BadInput(`--calendar: cannot read ${value} (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new BadInput(`--calendar: ${value} is not valid JSON (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`);
  }
  try {
    return parseCalendar(json);
  } catch (e) {
    if (e instanceof DeadlineInputError) throw new BadInput(`--calendar: ${value}: ${e.message}`);
    throw e;
  }
}

/** Library field → the flag a person typed. */
function flagOf(field: string): string {
  if (field.startsWith('policy.')) return `--policy ${field.slice('policy.'.length)}`;
  if (field === 'from' || field === 'referral' || field === 'rule' || field === 'calendar' || field === 'policy') return `--${field}`;
  return field;
}

function printHuman(result: DeadlineResult, io: DeadlineCommandIo): void {
  const lines = [
    result.explanation[0],
    `  rule:     ${result.rule}`,
    `  from:     ${result.from}`,
    ...(result.earliest !== undefined ? [`  earliest: ${result.earliest}`] : []),
    `  due:      ${result.due}`,
    `  act by:   ${result.actBy ?? 'unknown (outside the calendar)'}`,
    '  why:',
    ...result.explanation.slice(1).map((l) => `    ${l}`),
  ];
  io.stdout(`${lines.join('\n')}\n`);
}

export async function runDeadlineCommand(argv: string[], io: DeadlineCommandIo): Promise<number> {
  try {
    const raw = readFlags(argv);
    if (raw.help === true) {
      io.stdout(`${DEADLINE_USAGE}\n`);
      return 0;
    }
    delete raw.help;
    const parsed = DeadlineArgs.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = String(issue.path[0] ?? '');
      const given = raw[field];
      throw new BadInput(`--${field}: ${issue.message}${typeof given === 'string' ? `, got ${JSON.stringify(given)}` : ''}`);
    }
    const args = parsed.data;
    const policy = parsePolicyAssignments(args.policy);
    const calendar = loadCalendar(args.calendar, io);
    const result = computeDeadline(calendar, {
      rule: args.rule as RuleId,
      from: args.from,
      ...(args.referral !== undefined ? { referral: args.referral } : {}),
      ...(args.policy.length > 0 ? { policy } : {}),
    });
    if (args.json) {
      const out: Record<string, unknown> = { rule: result.rule, from: result.from, due: result.due, actBy: result.actBy };
      if (result.earliest !== undefined) out.earliest = result.earliest;
      out.explanation = result.explanation;
      io.stdout(`${JSON.stringify(out)}\n`);
    } else {
      printHuman(result, io);
    }
    return 0;
  } catch (e) {
    if (e instanceof BadInput) {
      io.stderr(`caseclock deadline: ${e.message}\n`);
      return 2;
    }
    if (e instanceof CalendarCoverageError) {
      io.stderr(`caseclock deadline: ${e.message}\n`);
      return 2;
    }
    if (e instanceof DeadlineInputError) {
      io.stderr(`caseclock deadline: ${flagOf(e.field)}: ${e.detail}\n`);
      return 2;
    }
    io.stderr(`caseclock deadline: internal error: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}\n`);
    return 1;
  }
}
