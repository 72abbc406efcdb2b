/**
 * The SDK runtime's log level for processes that are not the long-running worker (CLI
 * simulate, tests): warnings and errors only, so a person's terminal is not flooded. Must run
 * before the first Worker or NativeConnection of the process.
 *
 * The SDK core's own messages (Rust) go to the console by default, stdout included, where they
 * would break `simulate --json`; they are forwarded to the logger, which writes to stderr.
 */
import { DefaultLogger, Runtime } from '@temporalio/worker';

let installed = false;

export function installQuietRuntime(level: 'WARN' | 'ERROR' = 'WARN'): void {
  if (installed) return;
  installed = true;
  try {
    Runtime.install({
      logger: new DefaultLogger(level),
      telemetryOptions: { logging: { filter: { core: level, other: 'ERROR' }, forward: {} } },
    });
  } catch {
    // Already installed by someone else in this process: keep theirs.
  }
}
