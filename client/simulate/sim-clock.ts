/**
 * Moving a simulated case through its own dates on the time-skipping server (simulate, and
 * integration tests that check dated cases). The case's clock is server time + shift
 * (CaseSettings.timeShiftMs); the server's clock only moves forward, so the shift is chosen
 * at start to put case time one minute before midnight of the case's first date.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { instantAt } from '../../workflows/zoned-time';

export const MINUTE = 60_000;

export async function shiftFor(env: TestWorkflowEnvironment, firstDate: string, timeZone: string): Promise<number> {
  return instantAt(timeZone, firstDate, 0) - MINUTE - (await env.currentTimeMs());
}

/** Let time pass to `date`, one minute past `hour` in the district (that hour's timers have fired). */
export async function moveCaseTo(env: TestWorkflowEnvironment, shiftMs: number, timeZone: string, date: string, hour: number): Promise<void> {
  const target = instantAt(timeZone, date, hour) + MINUTE - shiftMs;
  const now = await env.currentTimeMs();
  if (target > now) await env.sleep(target - now);
}
