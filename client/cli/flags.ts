/**
 * A small argv reader for the CLI: `--name value`, `--name=value`, repeatable flags, bare
 * switches. Values are validated with zod by each command; this only splits words.
 */
export interface ParsedArgs {
  positionals: string[];
  flags: Record<string, string[]>;
  switches: Set<string>;
}

export class UsageError extends Error {}

export function parseArgs(argv: string[], switchNames: string[]): ParsedArgs {
  const out: ParsedArgs = { positionals: [], flags: {}, switches: new Set() };
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i];
    if (!word.startsWith('--')) {
      out.positionals.push(word);
      continue;
    }
    const eq = word.indexOf('=');
    const name = word.slice(2, eq === -1 ? undefined : eq);
    if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new UsageError(`unknown option ${word}`);
    if (switchNames.includes(name)) {
      if (eq !== -1) throw new UsageError(`--${name} takes no value`);
      out.switches.add(name);
      continue;
    }
    const value = eq === -1 ? argv[++i] : word.slice(eq + 1);
    if (value === undefined || (eq === -1 && value.startsWith('--'))) throw new UsageError(`--${name} needs a value`);
    (out.flags[name] ??= []).push(value);
  }
  return out;
}

/** The single value of a flag; repeated → usage error. */
export function single(args: ParsedArgs, name: string): string | undefined {
  const values = args.flags[name];
  if (!values) return undefined;
  if (values.length > 1) throw new UsageError(`--${name} given more than once`);
  return values[0];
}
