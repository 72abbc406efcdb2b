/**
 * The Java time-skipping test server (io.temporal:temporal-test-server, fetched by
 * scripts/ensure-tools.sh), started through @temporalio/testing with an `existing-path`
 * launcher that passes on the SDK's arguments and adds nothing, with caseclock's search
 * attributes registered. Used by `caseclock simulate` and the integration tests.
 *
 * Payloads are encrypted as on a real cluster (worker/payload-codec.ts), with a key that lives
 * as long as the process unless one is given (the golden corpus records with its test key).
 * The environment's client carries the codec, and a worker made on its native connection
 * without a data converter of its own gets the same one (create-worker.ts).
 */
import { TestWorkflowEnvironment, type ClientOptionsForTestEnv } from '@temporalio/testing';
import { ephemeralKeyRing, type CodecKeyRing } from './codec-keys';
import { toolPaths } from './dev-server';
import { bindDataConverter, caseDataConverter } from './payload-codec';
import { registerSearchAttributes } from './search-attribute-registration';

export interface TimeSkippingOptions {
  keys?: CodecKeyRing;
  /** Client interceptors (the golden recorder notes which workflows the simulate runner starts). */
  interceptors?: ClientOptionsForTestEnv['interceptors'];
}

export async function createTimeSkippingEnv(opts: TimeSkippingOptions = {}): Promise<TestWorkflowEnvironment> {
  const dataConverter = caseDataConverter(opts.keys ?? ephemeralKeyRing());
  const env = await startWithRetries(() =>
    TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: toolPaths().testServer } },
      client: { dataConverter, interceptors: opts.interceptors },
    }),
  );
  bindDataConverter(env.nativeConnection, dataConverter);
  await registerSearchAttributes(env.connection, env.namespace ?? 'default');
  return env;
}

/**
 * The SDK gives the JVM 5 s to answer; on a loaded machine (2 cores, several test processes) its
 * start-up can take longer. That one failure is tried again, on a fresh port, up to 3 times.
 */
async function startWithRetries(start: () => Promise<TestWorkflowEnvironment>, attempts = 3): Promise<TestWorkflowEnvironment> {
  for (let i = 1; ; i++) {
    try {
      return await start();
    } catch (error) {
      const slowStart = error instanceof Error && /did not start within/.test(error.message);
      if (!slowStart || i >= attempts) throw error;
    }
  }
}
