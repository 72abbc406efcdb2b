/**
 * Fast check of case histories on the pure interpreter (no Temporal): prints each step and
 * every mismatch; exit 1 on a mismatch, 2 on a malformed history. For writing histories;
 * `caseclock simulate` is the real run.   npx tsx scripts/check-histories.ts test/histories/*.json
 */
import { chartRegistry } from '../machines';
import { runHistoryOnEngine } from '../client/simulate/engine-runner';
import { HistoryError, loadHistory } from '../client/simulate/history';
import { printReport } from '../client/simulate/report';

const paths = process.argv.slice(2);
let mismatches = 0;
for (const path of paths) {
  try {
    const report = runHistoryOnEngine(loadHistory(path, chartRegistry));
    console.log(printReport(report));
    for (const m of report.mismatches) console.error(`mismatch: history ${report.id}, step ${m.step}, ${m.key}: wanted ${JSON.stringify(m.wanted)}, got ${JSON.stringify(m.got)}`);
    mismatches += report.mismatches.length;
  } catch (error) {
    if (error instanceof HistoryError) {
      console.error(`caseclock: ${error.message}`);
      process.exitCode = 2;
      continue;
    }
    throw error;
  }
}
console.error(`${paths.length} histories, ${mismatches} mismatches`);
if (mismatches && !process.exitCode) process.exitCode = 1;
