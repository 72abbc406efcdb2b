/**
 * The worker's role (issue #10: workflows and activities in one process or in two) and its
 * tuning from the environment (worker/create-worker.ts): defaults, accepted values, and a bad
 * value refused in one line naming its variable.
 */
import { describe, expect, it } from 'vitest';
import { createCaseWorker, WORKER_ROLES, workerRoleFromEnv, workerTuningFromEnv } from '../../../worker/create-worker';

describe('worker role (CASECLOCK_WORKER_ROLE)', () => {
  it('is `all` (workflows and activities in one worker) when unset or empty', () => {
    expect(workerRoleFromEnv({})).toBe('all');
    expect(workerRoleFromEnv({ CASECLOCK_WORKER_ROLE: '' })).toBe('all');
  });

  it('takes each role', () => {
    expect(WORKER_ROLES).toEqual(['all', 'workflows', 'activities']);
    for (const role of WORKER_ROLES) expect(workerRoleFromEnv({ CASECLOCK_WORKER_ROLE: role })).toBe(role);
  });

  it('refuses anything else naming the variable and the choices', () => {
    expect(() => workerRoleFromEnv({ CASECLOCK_WORKER_ROLE: 'workflow' })).toThrow(
      new Error('configuration CASECLOCK_WORKER_ROLE: must be one of all, workflows, activities (got "workflow")'),
    );
    expect(() => workerRoleFromEnv({ CASECLOCK_WORKER_ROLE: 'ALL' })).toThrow(/CASECLOCK_WORKER_ROLE/);
  });

  it('needs the activities unless the role is `workflows`', async () => {
    const base = { connection: {} as never, namespace: 'caseclock', taskQueue: 'q' };
    await expect(createCaseWorker({ ...base })).rejects.toThrow('a worker of role all needs the activities');
    await expect(createCaseWorker({ ...base, role: 'activities' })).rejects.toThrow('a worker of role activities needs the activities');
  });
});

describe('worker tuning from the environment', () => {
  it('reads the variables it knows and leaves the rest to the defaults', () => {
    expect(workerTuningFromEnv({})).toEqual({});
    expect(workerTuningFromEnv({ CASECLOCK_WORKER_CACHE: '500', CASECLOCK_WORKER_WORKFLOW_THREADS: '2', CASECLOCK_WORKER_ACTIVITIES: '' })).toEqual({
      maxCachedWorkflows: 500,
      workflowThreadPoolSize: 2,
    });
  });

  it('refuses a bad value naming its variable', () => {
    expect(() => workerTuningFromEnv({ CASECLOCK_WORKER_WORKFLOW_THREADS: '0' })).toThrow(/^configuration CASECLOCK_WORKER_WORKFLOW_THREADS: .* \(got "0"\)$/);
  });
});
