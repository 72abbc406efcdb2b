/**
 * The body of a worker process: connect, build the case activities, run the case worker until
 * SIGINT/SIGTERM, then close what it opened. worker/main.ts runs it for production and
 * `npm start`; the fault tests' worker child (test/integration/fault-tools.ts) runs the same
 * wiring with a workflow bundle built once, so what they kill is what production runs.
 * A role (CASECLOCK_WORKER_ROLE, worker/create-worker.ts) makes it one half of a split worker:
 * `workflows` opens no activities (no ledgers, no mailer), `activities` loads no bundle.
 */
import { NativeConnection } from '@temporalio/worker';
import { loadConfig, temporalConnectionOptions, type Config } from './config';
import { createCaseActivities } from './case-activities';
import { createCaseWorker, type CaseWorkerOptions } from './create-worker';
import { configuredDataConverter } from './payload-codec';

export interface WorkerProcessOptions extends Pick<CaseWorkerOptions, 'bundle' | 'tuning' | 'role'> {
  /** Told once the worker polls: what it runs against (ids and addresses only). */
  onRunning?: (config: Config, codec: string) => void;
}

export async function runWorkerProcess(opts: WorkerProcessOptions = {}): Promise<void> {
  const config = loadConfig();
  const dataConverter = configuredDataConverter(config);
  const connection = await NativeConnection.connect(temporalConnectionOptions(config));
  const role = opts.role ?? 'all';
  const { activities, close } = role === 'workflows' ? { activities: undefined, close: async () => undefined } : await createCaseActivities(config);
  const worker = await createCaseWorker({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.taskQueue,
    role,
    ...(activities ? { activities } : {}),
    dataConverter,
    ...(opts.tuning ? { tuning: opts.tuning } : {}),
    ...(opts.bundle ? { bundle: opts.bundle } : {}),
  });
  const stop = () => worker.shutdown();
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const running = worker.run();
  opts.onRunning?.(config, dataConverter.payloadCodecs[0].describe());
  await running;
  await close();
  await connection.close();
}
