/**
 * deadlines/ (and workflows/zoned-time.ts) is preloaded into the workflow sandbox's shared context (worker/create-worker.ts
 * PRELOADED_MODULES), where the SDK deep-freezes every value its modules export
 * (@temporalio/worker lib/workflow/reusable-vm.js deepFreeze: own properties of objects and
 * functions, getters read). This checks the two ways that can break a workflow: an exported
 * zod schema (zod defines `safeParse` on the instance on first use and resets its regexes'
 * `lastIndex`: both throw once frozen), and an exported global or sticky RegExp (exec writes
 * `lastIndex`). Then it freezes a fresh copy the SDK's way and asks it every rule: the answers
 * must equal an unfrozen copy's. The golden replays (test/integration/golden-replay.test.ts)
 * run the real bundle with the preload; this names the culprit when one appears.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';

type Deadlines = typeof import('../../../deadlines');

const DEADLINES_DIR = fileURLToPath(new URL('../../../deadlines/', import.meta.url));
const MODULE_FILES = [
  ...readdirSync(DEADLINES_DIR).filter((f) => f.endsWith('.ts')),
  ...readdirSync(`${DEADLINES_DIR}calendars`).filter((f) => f.endsWith('.ts')).map((f) => `calendars/${f}`),
  '../workflows/zoned-time.ts',
];

async function importModules(): Promise<Array<[string, Record<string, unknown>]>> {
  return Promise.all(MODULE_FILES.map(async (f) => [f, (await import(/* @vite-ignore */ `${DEADLINES_DIR}${f}`)) as Record<string, unknown>] as [string, Record<string, unknown>]));
}

/**
 * Every object and function the SDK's deepFreeze would reach from `root`, with its path, parents
 * before their children. Like the SDK it reads getters and does not look inside an object that
 * is already frozen (nothing in it gets frozen by the SDK either).
 */
function reachable(root: unknown, path: string, seen = new WeakSet<object>(), out: Array<[string, object]> = []): Array<[string, object]> {
  if (root === null || (typeof root !== 'object' && typeof root !== 'function') || seen.has(root)) return out;
  seen.add(root);
  out.push([path, root]);
  if (typeof root === 'object' && !Object.isFrozen(root)) {
    for (const key of [...Object.getOwnPropertyNames(root), ...Object.getOwnPropertySymbols(root)]) {
      reachable((root as Record<PropertyKey, unknown>)[key], `${path}.${String(key)}`, seen, out);
    }
  }
  return out;
}

/** The SDK's deepFreeze (reusable-vm.js): children before parents; what cannot be frozen is left. */
function deepFreeze(root: unknown): void {
  for (const [, object] of reachable(root, '').reverse()) {
    try {
      Object.freeze(object);
    } catch {
      // typed arrays and the like cannot be frozen; the SDK skips them too
    }
  }
}

/** Every rule asked on every demo calendar, answers and refusals as text. */
function askEveryRule(d: Deadlines): string[] {
  const answers: string[] = [];
  for (const [calendarId, calendar] of Object.entries(d.demoCalendars)) {
    const reparsed = d.parseCalendar(JSON.parse(JSON.stringify(calendar)));
    for (const rule of d.RULE_IDS) {
      const req = { rule, from: '2026-10-05', ...(d.ruleNeedsReferral(rule) ? { referral: '2026-09-28' } : {}), policy: { parentRequestExcludesVacations: true } };
      try {
        const result = d.computeDeadline(reparsed, req);
        answers.push(`${calendarId} ${rule} ${result.due} ${result.actBy} ${result.explanation.join(' / ')}`);
      } catch (error) {
        answers.push(`${calendarId} ${rule} refused: ${(error as Error).message}`);
      }
    }
  }
  try {
    d.parseCalendar({ id: 'bad id!', name: 'x', terms: [] });
  } catch (error) {
    answers.push(`bad calendar: ${(error as Error).message}`);
  }
  return answers;
}

describe('deadlines/ is safe to preload into the shared workflow context', () => {
  it('exports no zod schema and no global or sticky RegExp, at any depth the freeze reaches', async () => {
    const offenders: string[] = [];
    for (const [file, exports] of await importModules()) {
      for (const [name, value] of Object.entries(exports)) {
        for (const [path, object] of reachable(value, `${file} ${name}`)) {
          if ('_zod' in object && !path.includes('._zod')) offenders.push(`${path}: a zod schema (export a function that returns it)`);
          if (object instanceof RegExp && (object.global || object.sticky)) offenders.push(`${path}: a /g or /y RegExp`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it('answers every rule the same once its exports are deep-frozen as the SDK does it', async () => {
    const unfrozen = askEveryRule(await import('../../../deadlines'));
    vi.resetModules();
    const fresh = await importModules();
    for (const [, exports] of fresh) for (const value of Object.values(exports)) deepFreeze(value);
    const frozen = askEveryRule((await import('../../../deadlines')) as Deadlines);
    expect(frozen.length).toBeGreaterThan(40);
    expect(frozen.filter((a) => /read only|not extensible|Cannot (assign|define|add)/.test(a))).toEqual([]);
    expect(frozen).toEqual(unfrozen);
  });
});
