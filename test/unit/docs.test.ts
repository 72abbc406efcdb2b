/** Generated docs stay in step with their sources: the chart diagrams and the history JSON Schema. */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const run = (script: string) => execFileSync(process.execPath, ['--import', 'tsx', script, '--check'], { encoding: 'utf8', stdio: 'pipe' });

describe('generated docs', () => {
  it('docs/diagrams match the charts', () => {
    expect(() => run('scripts/diagrams.ts')).not.toThrow();
  });
  it('docs/case-history.schema.json matches the history schema', () => {
    expect(() => run('scripts/history-schema.ts')).not.toThrow();
  });
});
