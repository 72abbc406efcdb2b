/**
 * The worker process: polls the case task queue, runs `studentCase` workflows and the effect
 * activities (notices, delivery, signatures, staff alerts). Started by `npm start`, or alone
 * against any cluster with TEMPORAL_ADDRESS / TEMPORAL_NAMESPACE / TLS or API key set.
 * CASECLOCK_WORKER_ROLE=workflows|activities runs one half only (default `all`: both).
 */
import { workerRoleFromEnv, workerTuningFromEnv } from './create-worker';
import { runWorkerProcess } from './worker-process';

const role = workerRoleFromEnv();
await runWorkerProcess({
  role,
  tuning: workerTuningFromEnv(),
  onRunning: (config, codec) => {
    console.log(`caseclock worker on ${config.temporal.address} namespace ${config.temporal.namespace} queue ${config.taskQueue} (role ${role})`);
    console.log(`caseclock worker: ${codec}`);
  },
});
