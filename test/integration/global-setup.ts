/**
 * One real Temporal dev server for the whole integration run, on free ports with a
 * throw-away SQLite file (visibility queries need the dev server; the time-skipping server
 * has none). Tests read its address with `inject('temporalAddress')`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort, startDevServer, type DevServer } from '../../worker/dev-server';

let server: DevServer | undefined;
let dir: string | undefined;

export async function setup(project: TestProject): Promise<void> {
  dir = mkdtempSync(join(tmpdir(), 'caseclock-it-'));
  server = await startDevServer({
    port: await freePort(),
    uiPort: await freePort(),
    namespace: 'caseclock',
    dbFile: join(dir, 'temporal.sqlite'),
    logFile: join(dir, 'temporal.log'),
    headless: true,
  });
  project.provide('temporalAddress', server.address);
  project.provide('temporalNamespace', 'caseclock');
  project.provide('temporalDbFile', join(dir, 'temporal.sqlite'));
}

export async function teardown(): Promise<void> {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    temporalNamespace: string;
    temporalDbFile: string;
  }
}
