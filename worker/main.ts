/**
 * The worker process: polls the case task queue, runs `studentCase` workflows and the effect
 * activities (notices, delivery, signatures, staff alerts). Started by `npm start`, or alone
 * against any cluster with TEMPORAL_ADDRESS / TEMPORAL_NAMESPACE / TLS or API key set.
 */
import { NativeConnection } from '@temporalio/worker';
import { loadConfig, temporalConnectionOptions } from './config';
import { createCaseActivities } from './case-activities';
import { createCaseWorker, workerTuningFromEnv } from './create-worker';
import { configuredDataConverter } from './payload-codec';

const config = loadConfig();
const dataConverter = configuredDataConverter(config);
const connection = await NativeConnection.connect(temporalConnectionOptions(config));
const { activities, close } = await createCaseActivities(config);
const worker = await createCaseWorker({
  connection,
  namespace: config.temporal.namespace,
  taskQueue: config.taskQueue,
  activities,
  tuning: workerTuningFromEnv(),
  dataConverter,
});
const stop = () => worker.shutdown();
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
console.log(`caseclock worker on ${config.temporal.address} namespace ${config.temporal.namespace} queue ${config.taskQueue}`);
console.log(`caseclock worker: ${dataConverter.payloadCodecs[0].describe()}`);
await worker.run();
await close();
await connection.close();
