/**
 * Several histories at once: time skipping is global to a test server (moving one case's
 * clock moves every case on that server, and the SDK warns against sharing one environment
 * between concurrent tests), so instead of one server jumping between histories' dates, each
 * lane is a server of its own with its own worker, and the lanes take histories from one
 * queue, longest first, until it is empty. Within a lane nothing changes: a history runs
 * exactly as it does alone (runner.ts), so every expectation is checked the same way.
 *
 * Profiled on the 2-core machine, a simulated step spends most of its wall time waiting on
 * round trips to the Java server and on the notice activities, with the Node process idle
 * over half the time; lanes fill that idle time. The first lane starts working as soon as its
 * server is up; the others start meanwhile and join when ready.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleOption } from '@temporalio/worker';
import type { CaseEffectActivities } from '../../workflows/activity-types';
import type { LoadedHistory } from './history';
import { simulate, type HistoryReport } from './runner';

export const MAX_LANES = 8;

export interface LanesOptions {
  /** Servers side by side (1 … MAX_LANES); never more than there are histories. */
  lanes: number;
  /** Starts one time-skipping environment (worker/time-skipping.ts createTimeSkippingEnv). */
  startEnv: () => Promise<TestWorkflowEnvironment>;
  /** Lane 0's environment when the caller started it already (the CLI starts it early). */
  firstEnv?: Promise<TestWorkflowEnvironment>;
  bundle?: WorkflowBundleOption | Promise<WorkflowBundleOption>;
  onReport?: (report: HistoryReport) => void;
  /** A lane whose server did not start: the others take its share (told here, never silently). */
  onLaneLost?: (lane: number, error: unknown) => void;
}

/** Order of work: most steps first, so the longest history does not start last (LPT). */
export function queueOrder(histories: LoadedHistory[]): number[] {
  return histories.map((_, i) => i).sort((a, b) => histories[b].history.steps.length - histories[a].history.steps.length || a - b);
}

/** Runs every history; reports in the order of `histories`. Every environment it started is torn down. */
export async function simulateInLanes(histories: LoadedHistory[], activities: CaseEffectActivities, opts: LanesOptions): Promise<HistoryReport[]> {
  const order = queueOrder(histories);
  let taken = 0;
  let failed = false;
  const reports: Array<HistoryReport | undefined> = new Array(histories.length);
  const laneCount = Math.max(1, Math.min(opts.lanes, MAX_LANES, histories.length));

  const runLane = async (env: TestWorkflowEnvironment): Promise<void> => {
    const mine: number[] = [];
    const next = () => {
      if (failed || taken >= order.length) return undefined;
      const index = order[taken++];
      mine.push(index);
      return histories[index];
    };
    try {
      const done = await simulate(env, [], activities, opts.onReport, { bundle: opts.bundle, next });
      done.forEach((report, i) => (reports[mine[i]] = report));
    } catch (error) {
      failed = true; // the other lanes finish the history in hand and stop
      throw error;
    } finally {
      await env.teardown();
    }
  };

  // Each lane's outcome, its failure as a value: a lane failing while others still start is
  // not an unhandled rejection.
  const lanes: Array<Promise<{ error: unknown } | null>> = [];
  const track = (run: Promise<void>) => lanes.push(run.then(() => null, (error: unknown) => ({ error })));
  const startLane = async (lane: number): Promise<void> => {
    let env: TestWorkflowEnvironment;
    try {
      env = await opts.startEnv();
    } catch (error) {
      opts.onLaneLost?.(lane, error);
      return;
    }
    if (failed || taken >= order.length) {
      await env.teardown(); // nothing left for it
      return;
    }
    track(runLane(env));
  };
  const first = opts.firstEnv ?? opts.startEnv();
  track(first.then((env) => runLane(env)));
  // The other servers start once the first is up, so that their start-up (a JVM each,
  // CPU-heavy) does not delay the lane that can already work.
  const extra = first.then(
    () => Promise.all(Array.from({ length: laneCount - 1 }, (_, i) => startLane(i + 1))),
    () => undefined,
  );
  await extra;
  const broken = (await Promise.all(lanes)).find((o) => o !== null);
  if (broken) throw broken.error;
  const missing = reports.findIndex((r) => r === undefined);
  if (missing !== -1) throw new Error(`simulate: ${histories[missing].path} was not run (every lane stopped)`);
  return reports as HistoryReport[];
}
