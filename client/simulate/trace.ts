/**
 * `CASECLOCK_SIMULATE_TRACE=1`: simulate's phases and steps on stderr, each with the ms since
 * the process started, so a slow run shows where its wall time went (server up, worker up,
 * each step, each activity). Ids only, never a payload.
 */
export function trace(line: () => string): void {
  if (process.env.CASECLOCK_SIMULATE_TRACE) console.error(`trace ${performance.now().toFixed(0)} ms ${line()}`);
}
