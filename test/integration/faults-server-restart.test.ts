/**
 * The Temporal server itself goes away mid-run: a dev server of this file's own (temp SQLite
 * file, free port, not the shared one) is stopped with SIGTERM and, in a second round, killed
 * with SIGKILL while 100 cases progress, and each time started again on the same file and
 * port. The worker process is not restarted: it must reconnect by itself. The SIGKILL comes
 * once the due-today and reminder-today cases sleep on their 08:00 clock point, a durable
 * timer that must then fire once after the server is back.
 * Afterwards every case is what the pure engine says it must be, every notice and alert
 * reached the SMTP sink exactly once (by Message-ID; sink count = delivery-ledger count),
 * every clock point fired once, every signature is in the case ledger, and no workflow task
 * failed. Moments and outage lengths are seeded (CASECLOCK_FAULT_SEED=<seed> repeats a run).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpSink, type SmtpSink } from '../../activities';
import { faultSeed, inPool, RestartableDevServer, seededRandom, sleep } from './fault-tools';
import { driveCase, judgeFaultRun, planCases, settleAll, shiftFor, startCase } from './fault-cases';
import { expectCleanRun, startFaultRig, verdictLine, type FaultRig } from './fault-rig';
import { uniqueId } from './harness';

const seed = faultSeed();
const random = seededRandom(seed);
const COUNTS = { 'due-today': 40, 'reminder-today': 36, overdue: 10, evaluation: 4, amendment: 10 } as const;
/** From the start of the run to 08:00 on the case day (the due and reminder timers): after the SIGKILL. */
const TIMER_AFTER_MS = 32_000;

let server: RestartableDevServer;
let sink: SmtpSink;
let rig: FaultRig;

beforeAll(async () => {
  rig = await startFaultRig('faults-server', async (dataDir, dir) => {
    [server, sink] = await Promise.all([RestartableDevServer.start(join(dir, 'temporal')), startSmtpSink({ dataDir })]);
    const stop = async () => {
      await sink.stop();
      await server.kill();
    };
    return { address: server.address, namespace: server.namespace, smtpPort: sink.port, stop };
  });
});

afterAll(() => rig?.stop());

describe('the dev server stopped (SIGTERM) and killed (SIGKILL) mid-run, 100 cases', () => {
  it('finishes every case with nothing lost and nothing done twice', async () => {
    const started = Date.now();
    const at = (ms: number) => `+${((ms - started) / 1000).toFixed(1)} s`;
    const sigterm = { after: 1_500 + Math.floor(random() * 2_000), down: 500 + Math.floor(random() * 1_000) };
    const sigkill = { after: Math.floor(random() * 1_500), down: 500 + Math.floor(random() * 1_000) };
    console.log(
      `faults-server-restart: seed ${seed} (CASECLOCK_FAULT_SEED=${seed} repeats it); SIGTERM ${sigterm.after} ms into the run, down ${sigterm.down} ms; ` +
        `SIGKILL ${sigkill.after} ms after the 08:00 timers wait, down ${sigkill.down} ms`,
    );

    const cases = await planCases(rig.dataDir, uniqueId('fs'), COUNTS, shiftFor(started + TIMER_AFTER_MS));
    const { client, worker } = rig;
    // A due-today or reminder-today case whose one event is in sleeps on its 08:00 timer: driven
    // first, so that the SIGKILL comes while those timers wait. Amendments next (their signing waits on an activity).
    const timed = cases.filter((c) => c.kind === 'due-today' || c.kind === 'reminder-today');
    const order = [...timed, ...cases.filter((c) => c.kind === 'amendment'), ...cases.filter((c) => !timed.includes(c) && c.kind !== 'amendment')];
    const workerPid = worker.pid;

    const outages: string[] = [];
    let timersAcrossKill = 0;
    const chaos = (async () => {
      await sleep(sigterm.after);
      let down = Date.now();
      await server.restart(sigterm.down, 'SIGTERM');
      outages.push(`SIGTERM at ${at(down)}, back at ${at(Date.now())}`);
      // When most wait (the last few may still be starting); on a slow machine 8 s before 08:00,
      // or once the first one waits, 3 s before 08:00 at the latest.
      const waiting = () => timed.filter((c) => c.sent.length === 1).length;
      const soon = (ms: number) => Date.now() < started + TIMER_AFTER_MS - ms;
      while ((waiting() < 0.8 * timed.length && soon(8_000)) || (waiting() === 0 && soon(3_000))) await sleep(200);
      await sleep(sigkill.after);
      timersAcrossKill = waiting();
      down = Date.now();
      await server.restart(sigkill.down, 'SIGKILL');
      outages.push(`SIGKILL at ${at(down)} (${timersAcrossKill} cases waiting on their 08:00 timer), back at ${at(Date.now())}`);
    })();
    let driven = 0;
    // Wide: each step waits on a round trip far more than on CPU, so more lanes finish sooner.
    const load = inPool(order, 40, async (c) => {
      await startCase(rig, c);
      await driveCase(rig, c);
      driven = Date.now();
    });
    await Promise.all([chaos, load]);
    console.log(`faults-server-restart: ${outages.join('; ')}; all events recorded at ${at(driven)}`);
    // The server may have come back before any case had its 08:00; wait until every one has.
    await sleep(Math.max(0, started + TIMER_AFTER_MS + 2_000 - Date.now()));

    const results = await settleAll(client, cases, 90_000);
    const settled = Date.now();
    const verdict = await judgeFaultRun(client, rig.dataDir, sink.folder, cases, results);

    expect(server.restarts).toBe(2);
    expect(timersAcrossKill).toBeGreaterThan(0);
    // Reconnected by itself: the same worker process ran the whole time.
    expect(worker.pid).toBe(workerPid);
    expect(worker.starts).toBe(1);
    expectCleanRun(verdict, COUNTS, worker);
    console.log(`faults-server-restart: ${cases.length} cases; ${verdictLine(verdict)}; settled at ${at(settled)}`);
  });
});
