/**
 * The Java time-skipping test server (io.temporal:temporal-test-server, fetched by
 * scripts/ensure-tools.sh), started through @temporalio/testing with an `existing-path`
 * launcher that passes on the SDK's arguments and adds nothing, with caseclock's search
 * attributes registered. Used by `caseclock simulate` and the integration tests.
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { toolPaths } from './dev-server';
import { registerSearchAttributes } from './search-attribute-registration';

export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: toolPaths().testServer } },
  });
  await registerSearchAttributes(env.connection, env.namespace ?? 'default');
  return env;
}
