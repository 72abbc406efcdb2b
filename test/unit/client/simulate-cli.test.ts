/**
 * `caseclock simulate` options, checked before anything starts: a bad `--lanes` or an unknown
 * option is one line naming it and exit 2; the lanes take histories longest first.
 */
import { describe, expect, it } from 'vitest';
import { main } from '../../../client/cli/main';
import { defaultLanes } from '../../../client/cli/simulate';
import { queueOrder } from '../../../client/simulate/lanes';
import type { LoadedHistory } from '../../../client/simulate/history';

async function run(argv: string[]): Promise<{ code: number; err: string[] }> {
  const err: string[] = [];
  const code = await main(argv, { stdout: () => undefined, stderr: (s) => err.push(s), readFile: () => { throw new Error('no file should be read'); } });
  return { code, err };
}

describe('caseclock simulate options', () => {
  it.each([
    [['--lanes', '0'], 'caseclock: --lanes: must be at least 1 (got "0")'],
    [['--lanes', '9'], 'caseclock: --lanes: must be at most 8 (got "9")'],
    [['--lanes', '1.5'], 'caseclock: --lanes: must be a whole number (got "1.5")'],
    [['--lanes', 'many'], 'caseclock: --lanes: must be a whole number (got "many")'],
    [['--lanes', '2', '--lanes', '3'], 'caseclock: --lanes given more than once'],
    [['--fast', 'yes'], 'caseclock: simulate: unknown option --fast'],
  ])('%j → exit 2, one line', async (flags, line) => {
    const { code, err } = await run(['simulate', ...flags, 'test/histories/C1-initial-evaluation.json']);
    expect(code).toBe(2);
    expect(err).toEqual([line]);
  });
});

describe('defaultLanes', () => {
  it('is one lane per idle core, at most 3, and one on a busy machine', () => {
    expect(defaultLanes(0.3, 2)).toBe(2);
    expect(defaultLanes(1.9, 2)).toBe(2);
    expect(defaultLanes(0.5, 8)).toBe(3);
    expect(defaultLanes(2, 2)).toBe(1);
    expect(defaultLanes(14.8, 2)).toBe(1);
    expect(defaultLanes(0, 1)).toBe(1);
  });
});

describe('queueOrder', () => {
  const history = (steps: number) => ({ history: { steps: new Array(steps).fill({}) } }) as unknown as LoadedHistory;
  it('puts the histories with most steps first, ties in given order', () => {
    expect(queueOrder([history(2), history(24), history(9), history(24), history(1)])).toEqual([1, 3, 2, 0, 4]);
  });
});
