/**
 * The set-up every faults-*.test.ts shares, in one place: a temp folder, the outside world the
 * test breaks (its own dev server, an SMTP sink or an SMTP server that refuses) started beside
 * the workflow bundle, a client, the signing secret made before the worker child could race for
 * it, the worker child, and a teardown in reverse order.
 * And the verdict every fault run must meet (fault-cases.ts judgeFaultRun), asserted the same
 * way in each file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { expect } from 'vitest';
import { signingSecret } from '../../worker/case-activities';
import type { CaseKind, DriverDeps, FaultVerdict } from './fault-cases';
import { caseClient, FaultyWorker, writeWorkflowBundle } from './fault-tools';
import { uniqueId } from './harness';

/** What a test breaks: where Temporal and the mail server are, and how to take them down. */
export interface FaultOutside {
  address: string;
  namespace: string;
  smtpPort: number;
  stop(): Promise<void>;
}

export interface FaultRig extends DriverDeps {
  dir: string;
  worker: FaultyWorker;
  stop(): Promise<void>;
}

/**
 * Starts a rig named `name` (temp folder, task queue and log lines). `outside` gets the data
 * folder (where a sink keeps its mail) and the temp folder; it runs while the bundle is built.
 */
export async function startFaultRig(name: string, outside: (dataDir: string, dir: string) => Promise<FaultOutside>): Promise<FaultRig> {
  const begun = Date.now();
  const dir = mkdtempSync(join(tmpdir(), `caseclock-${name}-`));
  const dataDir = join(dir, 'data');
  const taskQueue = uniqueId(`${name}-tq`);
  const parts: { outside?: FaultOutside; client?: Client; close?: () => Promise<void>; worker?: FaultyWorker } = {};
  const stop = async () => {
    await parts.worker?.kill();
    await parts.close?.();
    await parts.outside?.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const [world, bundlePath] = await Promise.all([outside(dataDir, dir).then((w) => (parts.outside = w)), writeWorkflowBundle(dir)]);
    const handle = await caseClient(world.address, world.namespace, dataDir);
    parts.close = handle.close;
    signingSecret(dataDir);
    parts.worker = new FaultyWorker({ address: world.address, namespace: world.namespace, taskQueue, dataDir, smtpPort: world.smtpPort, bundlePath });
    await parts.worker.start();
    console.log(`${name}: outside world, bundle and worker ready in ${((Date.now() - begun) / 1000).toFixed(1)} s`);
    return { dir, dataDir, taskQueue, client: handle.client, worker: parts.worker, stop };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}

/** Case counts by kind, as each test plans them (fault-cases.ts planCases). */
type Counts = Record<CaseKind, number>;

/**
 * What every fault run must show: each case as the pure engine says and ended where FINAL says,
 * each message at the sink once and only those the cases need (as many as the delivery
 * ledgers hold), clean ledgers, both signatures of each amendment and its replayed link
 * refused, one alert per case that has one, and no workflow task failed.
 */
export function expectCleanRun(verdict: FaultVerdict, counts: Counts, worker: FaultyWorker): void {
  expect(verdict.wrongCases.slice(0, 3), `${verdict.wrongCases.length} cases wrong; worker output:\n${worker.tail()}`).toEqual([]);
  expect(verdict.twiceAtSink).toEqual({});
  expect(verdict.missingAtSink).toEqual([]);
  expect(verdict.unexpectedAtSink).toEqual([]);
  expect(verdict.counts.sinkMessages).toBe(verdict.counts.ledgerEmails);
  expect(verdict.ledgerProblems.slice(0, 10)).toEqual([]);
  expect(verdict.counts.signatures).toBe(2 * counts.amendment);
  expect(verdict.counts.replaysRefused).toBe(counts.amendment);
  // The 08:00 points of the due-today and reminder-today cases, and the overdue ones.
  expect(verdict.counts.alerts).toBe(counts['due-today'] + counts['reminder-today'] + counts.overdue);
  expect(verdict.taskFailures).toBe(0);
}

/** The log line of a clean run's counts. */
export function verdictLine(verdict: FaultVerdict): string {
  const c = verdict.counts;
  return `${c.sinkMessages} messages at the sink = ${c.ledgerEmails} in the delivery ledgers (0 twice), ${c.alerts} alerts, ${c.clockPoints} clock points fired once each, ${c.signatures} signatures recorded, ${c.replaysRefused} replayed links refused`;
}
