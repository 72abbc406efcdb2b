/**
 * The acceptance corpus: every case history of processes.md Appendix C (test/histories/*.json),
 * run through the pure interpreter (the code the workflow runs) with synthetic time. Each
 * history's expectations must all hold. `caseclock simulate` runs the same files on the
 * Temporal time-skipping server.
 *
 * Also: a malformed history is bad input, refused before anything runs, with one line that
 * names the field (case-history.md "Simulation").
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runHistoryOnEngine } from '../../client/simulate/engine-runner';
import { HistoryError, loadHistory } from '../../client/simulate/history';
import { chartRegistry } from '../../machines';

const dir = join(__dirname, '..', 'histories');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort();

/** Id and title for the test name, read without validation (a malformed file still gets its own failing test). */
function label(file: string): string {
  try {
    const raw = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { id?: string; title?: string };
    return `${raw.id ?? file} — ${raw.title ?? ''}`;
  } catch {
    return file;
  }
}

describe('Appendix C case histories on the pure interpreter', () => {
  it('has a history for every example case C1..C19', () => {
    const cases = new Set(files.map((f) => /^C(\d+)[a-z]?-/.exec(f)?.[1]).filter(Boolean).map(Number));
    expect([...cases].sort((a, b) => a - b)).toEqual(Array.from({ length: 19 }, (_, i) => i + 1));
  });

  for (const file of files) {
    it(label(file), () => {
      const loaded = loadHistory(join(dir, file), chartRegistry);
      const report = runHistoryOnEngine(loaded, chartRegistry);
      expect(report.steps).toHaveLength(loaded.history.steps.length);
      expect(report.mismatches).toEqual([]);
    });
  }
});

// -----------------------------------------------------------------------------------------
// Malformed histories
// -----------------------------------------------------------------------------------------

const student = { id: 'bad-1', birthDate: '2019-05-02', language: 'en' };
const referral = (occurredOn: string, extra: Record<string, unknown> = {}) => ({
  event: { type: 'REFERRAL_RECEIVED', occurredOn, actor: { role: 'parent' }, ...extra },
});
const history = (over: Record<string, unknown>) =>
  JSON.stringify({ id: 'BAD', calendar: 'demo-usd', student, steps: [referral('2026-10-05')], ...over });

/** The one-line message loadHistory refuses `text` with; fails the test if it is accepted. */
function refusal(text: string): string {
  try {
    loadHistory(join(dir, 'inline.json'), chartRegistry, text);
  } catch (error) {
    expect(error).toBeInstanceOf(HistoryError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('the malformed history was accepted');
}

describe('a malformed history is refused with one line naming the field', () => {
  it('accepts the well-formed base history (the cases below differ from it in one field)', () => {
    expect(loadHistory(join(dir, 'inline.json'), chartRegistry, history({})).history.steps).toHaveLength(1);
  });

  it('refuses an unknown field', () => {
    expect(refusal(history({ colour: 'red' }))).toMatch(/^inline\.json: history: .*\(colour\)$/);
  });

  it('refuses an unknown field inside a step', () => {
    expect(refusal(history({ steps: [{ ...referral('2026-10-05'), expects: {} }] }))).toMatch(/steps\.0: .*\(expects\)/);
  });

  it('refuses steps out of date order', () => {
    const steps = [referral('2026-10-05'), { advanceTo: '2026-10-01' }];
    expect(refusal(history({ steps }))).toBe(
      "inline.json: steps.1: 2026-10-01 is before the previous step's date 2026-10-05 (steps go in date order)",
    );
  });

  it('refuses an unknown calendar id', () => {
    expect(refusal(history({ calendar: 'nowhere-usd' }))).toBe('inline.json: calendar: unknown calendar nowhere-usd');
  });

  it('refuses a bad date', () => {
    expect(refusal(history({ steps: [referral('2026-02-30')] }))).toBe(
      'inline.json: steps.0.event.occurredOn: is not a real calendar date',
    );
    expect(refusal(history({ student: { ...student, birthDate: '02/05/2019' } }))).toMatch(/^inline\.json: student\.birthDate: /);
  });

  it('refuses an event its schema refuses, naming the event field', () => {
    expect(refusal(history({ steps: [referral('2026-10-05', { referredBy: 'neighbour' })] }))).toMatch(
      /^inline\.json: steps\.0\.event\.referredBy: /,
    );
    const removal = {
      event: {
        type: 'REMOVAL_RECORDED',
        occurredOn: '2027-03-08',
        actor: { role: 'district' },
        incidentId: 'inc-1',
        fromDate: '2027-03-08',
        toDate: '2027-03-15',
        schoolDays: 6,
      },
    };
    expect(refusal(history({ steps: [removal] }))).toBe(
      'inline.json: steps.0.event.schoolDays: a suspension for one incident may not exceed 5 consecutive school days (L7883-7884)',
    );
  });

  it('refuses an event type no chart knows', () => {
    const steps = [{ event: { type: 'SNOW_DAY', occurredOn: '2026-10-05', actor: { role: 'district' } } }];
    expect(refusal(history({ steps }))).toBe('inline.json: steps.0.event.type: unknown event type SNOW_DAY');
  });
});
