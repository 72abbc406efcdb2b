/**
 * 200 cases progress on the shared dev server while the worker process is killed with SIGKILL
 * 3–5 times at random moments (seeded; CASECLOCK_FAULT_SEED=<seed> repeats a run) and started
 * again. Afterwards every case is what the pure engine says it must be, every notice and alert
 * reached the SMTP sink exactly once (by Message-ID, and once in the delivery ledger), every
 * clock point fired once, every signature request and signature is in the case ledger, a
 * replayed signing link is refused, and no workflow task failed.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startSmtpSink, type SmtpSink } from '../../activities';
import { faultSeed, inPool, seededRandom, sleep } from './fault-tools';
import { driveCase, judgeFaultRun, planCases, settleAll, shiftFor, startCase } from './fault-cases';
import { expectCleanRun, startFaultRig, verdictLine, type FaultRig } from './fault-rig';
import { uniqueId } from './harness';

const seed = faultSeed();
const random = seededRandom(seed);
const COUNTS = { 'due-today': 64, 'reminder-today': 56, overdue: 44, evaluation: 12, amendment: 24 } as const;
/** From the start of the run to 08:00 on the case day (the due and reminder timers). */
const TIMER_AFTER_MS = 25_000;

let sink: SmtpSink;
let rig: FaultRig;

beforeAll(async () => {
  rig = await startFaultRig('faults-kill', async (dataDir) => {
    sink = await startSmtpSink({ dataDir });
    return { address: inject('temporalAddress'), namespace: inject('temporalNamespace'), smtpPort: sink.port, stop: () => sink.stop() };
  });
});

afterAll(() => rig?.stop());

describe('worker killed with SIGKILL at random moments (dev server, 200 cases)', () => {
  it('finishes every case with nothing lost and nothing done twice', async () => {
    const started = Date.now();
    const kills = 3 + Math.floor(random() * 3);
    const pauses = Array.from({ length: kills }, () => 1_000 + Math.floor(random() * 7_000));
    console.log(`faults-worker-kill: seed ${seed} (CASECLOCK_FAULT_SEED=${seed} repeats it); ${kills} kills, pauses ${pauses.join(', ')} ms after each start`);

    const { client, worker } = rig;
    const cases = await planCases(rig.dataDir, uniqueId('fk'), COUNTS, shiftFor(started + TIMER_AFTER_MS));
    // Amendments first: their signing waits on a finished activity, the others fill the lanes meanwhile.
    const order = [...cases.filter((c) => c.kind === 'amendment'), ...cases.filter((c) => c.kind !== 'amendment')];

    const chaos = (async () => {
      for (const pause of pauses) {
        await sleep(pause);
        const pid = worker.pid;
        await worker.restart();
        console.log(`faults-worker-kill: killed worker ${pid} at +${((Date.now() - started) / 1000).toFixed(1)} s, new one ${worker.pid} ready`);
      }
    })();
    const load = (async () => {
      await inPool(order, 24, (c) => startCase(rig, c));
      await inPool(order, 24, (c) => driveCase(rig, c));
    })();
    await Promise.all([chaos, load]);
    const driven = Date.now();
    // Every case must also have crossed 08:00 of its day before it is judged.
    await sleep(Math.max(0, started + TIMER_AFTER_MS + 2_000 - Date.now()));

    const results = await settleAll(client, cases, 120_000);
    const settled = Date.now();
    const verdict = await judgeFaultRun(client, rig.dataDir, sink.folder, cases, results);

    expect(worker.kills).toBe(kills);
    expectCleanRun(verdict, COUNTS, worker);
    console.log(
      `faults-worker-kill: ${cases.length} cases, ${kills} kills; ${verdictLine(verdict)}; ` +
        `driven in ${((driven - started) / 1000).toFixed(1)} s, settled at ${((settled - started) / 1000).toFixed(1)} s`,
    );
  });
});
