/**
 * The worker process: polls the case task queue, runs `studentCase` workflows and the effect
 * activities (notices, delivery, signatures, staff alerts). Started by `npm start`, or alone
 * against any cluster with TEMPORAL_ADDRESS / TEMPORAL_NAMESPACE / TLS or API key set.
 */
import { workerTuningFromEnv } from './create-worker';
import { runWorkerProcess } from './worker-process';

await runWorkerProcess({
  tuning: workerTuningFromEnv(),
  onRunning: (config, codec) => {
    console.log(`caseclock worker on ${config.temporal.address} namespace ${config.temporal.namespace} queue ${config.taskQueue}`);
    console.log(`caseclock worker: ${codec}`);
  },
});
