/**
 * One set-up for every integration test (no copy-pasted worker set-ups): a worker with the
 * real activities (documents, ledgers and a real SMTP sink in a temp folder), on either the
 * shared dev server or a time-skipping environment, plus the CaseService the API uses.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { DataConverter } from '@temporalio/common';
import { inject } from 'vitest';
import { CaseService } from '../../client/case-service';
import { createSimulationActivities } from '../../worker/case-activities';
import { createCaseWorker } from '../../worker/create-worker';
import { ephemeralKeyRing } from '../../worker/codec-keys';
import { bindDataConverter, boundDataConverter, caseDataConverter } from '../../worker/payload-codec';
import { installQuietRuntime } from '../../worker/runtime';

installQuietRuntime();

export interface Harness {
  client: Client;
  service: CaseService;
  taskQueue: string;
  dataDir: string;
  worker: Worker;
  /** The payload codec client and worker share (give it to Worker.runReplayHistory). */
  dataConverter: DataConverter;
  sink: Awaited<ReturnType<typeof createSimulationActivities>>['sink'];
  /** Runs the worker until `fn` settles. */
  run<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

let counter = 0;
export function uniqueId(prefix: string): string {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${++counter}`;
}

async function build(client: Client, nativeConnection: NativeConnection, namespace: string, cleanup: () => Promise<void>): Promise<Harness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'caseclock-harness-'));
  const taskQueue = uniqueId('tq');
  const sim = await createSimulationActivities(dataDir);
  const worker = await createCaseWorker({ connection: nativeConnection, namespace, taskQueue, activities: sim.activities });
  return {
    client,
    service: new CaseService({ client, taskQueue }),
    taskQueue,
    dataDir,
    worker,
    dataConverter: boundDataConverter(nativeConnection) ?? {},
    sink: sim.sink,
    run: (fn) => worker.runUntil(fn),
    async close() {
      await sim.close();
      await cleanup();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A harness on the run's shared dev server (global-setup.ts). */
export async function devServerHarness(): Promise<Harness> {
  const address = inject('temporalAddress');
  const namespace = inject('temporalNamespace');
  const connection = await Connection.connect({ address });
  const nativeConnection = await NativeConnection.connect({ address });
  // Encrypted as on a real cluster, with a key of this test process.
  const dataConverter = caseDataConverter(ephemeralKeyRing());
  bindDataConverter(nativeConnection, dataConverter);
  return build(new Client({ connection, namespace, dataConverter }), nativeConnection, namespace, async () => {
    await nativeConnection.close();
    await connection.close();
  });
}

/** A harness on a time-skipping environment the test file owns. */
export function timeSkippingHarness(env: TestWorkflowEnvironment): Promise<Harness> {
  return build(env.client, env.nativeConnection, env.namespace ?? 'default', async () => undefined);
}

/** Visibility is eventually consistent: poll `read` until `done`, bounded (200 ms apart). */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, tries = 100): Promise<T> {
  let last: T | undefined;
  for (let i = 0; i < tries; i++) {
    last = await read();
    if (done(last)) return last;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what}: not reached in ${(tries * 0.2).toFixed(0)} s (${JSON.stringify(last).slice(0, 500)})`);
}
