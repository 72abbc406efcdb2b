/** `caseclock deadline` (deadlines.md §4), called as a function with an in-memory io. */
import { describe, expect, it } from 'vitest';
import { runDeadlineCommand } from '../../../client/cli/deadline';

const files: Record<string, string> = {
  'cal.json': JSON.stringify({
    id: 'file-usd',
    name: 'File district',
    terms: [{ start: '2026-08-12', end: '2027-06-03' }, { start: '2027-08-11', end: '2028-06-02' }],
    closures: [{ start: '2026-12-21', end: '2027-01-01', name: 'Winter break' }],
    holidays: ['2026-12-25'],
  }),
  'broken.json': '{"id": "x",',
  'overlap.json': JSON.stringify({ id: 'o', name: 'O', terms: [{ start: '2026-08-12', end: '2027-06-03' }, { start: '2027-06-01', end: '2028-06-02' }] }),
};

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runDeadlineCommand(argv, {
    readFile: (path) => {
      if (!(path in files)) throw new Error(`ENOENT: no such file or directory, open '${path}'`);
      return files[path];
    },
    stdout: (s) => out.push(s),
    stderr: (s) => err.push(s),
  });
  return { code, out: out.join(''), err: err.join('') };
}

describe('caseclock deadline --json', () => {
  it('prints exactly one object with the contract keys, in order', async () => {
    const r = await run('--calendar', 'demo-usd', '--rule', 'initial-iep', '--from', '2026-10-21', '--referral', '2026-10-05', '--json');
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out.endsWith('\n')).toBe(true);
    const json = JSON.parse(r.out);
    expect(Object.keys(json)).toEqual(['rule', 'from', 'due', 'actBy', 'explanation']);
    expect(json).toMatchObject({ rule: 'initial-iep', from: '2026-10-21', due: '2027-01-05', actBy: '2027-01-05' });
    expect(json.explanation[0]).toMatch(/^Initial IEP meeting due 2027-01-05/);
  });

  it('adds earliest for window rules only', async () => {
    const r = await run('--calendar=demo-usd', '--rule=early-start-transition', '--from=2024-04-20', '--json');
    expect(Object.keys(JSON.parse(r.out))).toEqual(['rule', 'from', 'due', 'actBy', 'earliest', 'explanation']);
    expect(JSON.parse(r.out)).toMatchObject({ earliest: '2026-10-20', due: '2027-01-20' });
  });

  it('reads a calendar file and applies --policy options', async () => {
    const r = await run('deadline', '--calendar', 'cal.json', '--rule', 'parent-request-meeting', '--from', '2026-12-10', '--policy', 'parentRequestExcludesVacations=true', '--json');
    expect(r.code).toBe(0);
    // 12-11..12-18 = 8; winter 12-19..01-03 skipped; 01-04 = 9 … 01-25 = 30.
    expect(JSON.parse(r.out).due).toBe('2027-01-25');
  });

  it('prints actBy null outside the calendar', async () => {
    const r = await run('--calendar', 'demo-usd', '--rule', 'triennial', '--from', '2026-12-10', '--json');
    expect(JSON.parse(r.out)).toMatchObject({ due: '2029-12-10', actBy: null });
  });
});

describe('caseclock deadline (human output)', () => {
  it('prints the summary first, then due, act by and the explanation', async () => {
    const r = await run('--calendar', 'demo-usd', '--rule', 'initial-iep', '--from', '2026-12-14', '--referral', '2026-11-30');
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split('\n');
    expect(lines[0]).toBe(
      'Initial IEP meeting due 2027-02-28 (act by 2027-02-26): 60 days after the written consent received 2026-12-14, not counting days between sessions or long vacations',
    );
    expect(lines).toContain('  due:      2027-02-28');
    expect(lines).toContain('  act by:   2027-02-26');
    expect(lines).toContain('    2026-12-19..2027-01-03 skipped: Winter break, long vacation');
  });
});

describe('bad input: exit 2 with one line on stderr', () => {
  const cases: Array<[string, string[], string]> = [
    ['unknown rule', ['--calendar', 'demo-usd', '--rule', 'nope', '--from', '2026-10-05'], 'caseclock deadline: --rule: is not a known rule id, got "nope"'],
    ['malformed date', ['--calendar', 'demo-usd', '--rule', 'assessment-plan', '--from', '10/05/2026'], 'caseclock deadline: --from: must be a real date written YYYY-MM-DD, got "10/05/2026"'],
    ['impossible date', ['--calendar', 'demo-usd', '--rule', 'assessment-plan', '--from', '2027-02-29'], 'caseclock deadline: --from: must be a real date written YYYY-MM-DD, got "2027-02-29"'],
    ['missing --from', ['--calendar', 'demo-usd', '--rule', 'assessment-plan'], 'caseclock deadline: --from: is required'],
    ['missing --calendar', ['--rule', 'assessment-plan', '--from', '2026-10-05'], 'caseclock deadline: --calendar: is required'],
    ['unreadable calendar', ['--calendar', 'nope.json', '--rule', 'assessment-plan', '--from', '2026-10-05'], "caseclock deadline: --calendar: cannot read nope.json (ENOENT: no such file or directory, open 'nope.json')"],
    ['calendar not JSON', ['--calendar', 'broken.json', '--rule', 'assessment-plan', '--from', '2026-10-05'], 'caseclock deadline: --calendar: broken.json is not valid JSON'],
    ['malformed calendar', ['--calendar', 'overlap.json', '--rule', 'assessment-plan', '--from', '2026-10-05'], 'caseclock deadline: --calendar: overlap.json: terms[1].start: overlaps terms[0]'],
    ['not covered', ['--calendar', 'demo-usd', '--rule', 'assessment-plan', '--from', '2028-05-25'], 'caseclock deadline: calendar does not cover 2028-06-03'],
    ['missing --referral', ['--calendar', 'demo-usd', '--rule', 'initial-iep', '--from', '2026-10-21'], 'caseclock deadline: --referral: initial-iep needs the date the referral was received'],
    ['--referral for another rule', ['--calendar', 'demo-usd', '--rule', 'assessment-plan', '--from', '2026-10-21', '--referral', '2026-10-05'], 'caseclock deadline: --referral: only initial-iep takes a referral date, not assessment-plan'],
    ['referral after consent', ['--calendar', 'demo-usd', '--rule', 'initial-iep', '--from', '2026-10-21', '--referral', '2026-10-22'], 'caseclock deadline: --referral: 2026-10-22 is after the consent date 2026-10-21'],
    ['unknown policy', ['--calendar', 'demo-usd', '--rule', 'assessment-plan', '--from', '2026-10-05', '--policy', 'fastTrack=true'], 'caseclock deadline: --policy fastTrack: unknown policy option'],
    ['bad policy value', ['--calendar', 'demo-usd', '--rule', 'assessment-plan', '--from', '2026-10-05', '--policy', 'parentRequestExcludesVacations=yes'], 'caseclock deadline: --policy parentRequestExcludesVacations: must be true or false, got "yes"'],
    ['policy not an integer', ['--calendar', 'demo-usd', '--rule', 'assessment-plan', '--from', '2026-10-05', '--policy', 'assessmentPlanEndOfYearWindow=-3'], 'caseclock deadline: --policy assessmentPlanEndOfYearWindow: must be a decimal integer, got "-3"'],
    ['policy out of range', ['--calendar', 'demo-usd', '--rule', 'assessment-plan', '--from', '2026-10-05', '--policy', 'assessmentPlanEndOfYearWindow=99'], 'caseclock deadline: --policy assessmentPlanEndOfYearWindow:'],
    ['policy without =', ['--calendar', 'demo-usd', '--rule', 'assessment-plan', '--from', '2026-10-05', '--policy', 'assessmentPlanEndOfYearWindow'], 'caseclock deadline: --policy: expected name=value'],
    ['unknown flag', ['--calendar', 'demo-usd', '--rule', 'assessment-plan', '--from', '2026-10-05', '--verbose'], 'caseclock deadline: unknown option --verbose'],
    ['flag without value', ['--calendar', 'demo-usd', '--rule', '--from', '2026-10-05'], 'caseclock deadline: --rule needs a value'],
    ['repeated flag', ['--calendar', 'demo-usd', '--rule', 'assessment-plan', '--rule', 'triennial', '--from', '2026-10-05'], 'caseclock deadline: --rule given more than once'],
    ['stray argument', ['--calendar', 'demo-usd', 'assessment-plan'], 'caseclock deadline: unexpected argument "assessment-plan"'],
  ];
  it.each(cases)('%s', async (_label, argv, message) => {
    const r = await run(...argv);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.startsWith(message)).toBe(true);
    expect(r.err.trimEnd().split('\n')).toHaveLength(1);
  });
});
