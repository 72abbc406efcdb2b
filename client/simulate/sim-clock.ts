/**
 * Moving a simulated case through its own dates on the time-skipping server (simulate, and
 * integration tests that check dated cases). The case's clock is server time + shift
 * (CaseSettings.timeShiftMs); the server's clock only moves forward, so the shift is chosen
 * at start to put case time one minute before midnight of the case's first date.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { instantAt } from '../../workflows/zoned-time';

export const MINUTE = 60_000;

/** The shift that puts case time at 23:59 of the day before `firstDate`, for a server at `serverNowMs`. */
export function shiftAt(serverNowMs: number, firstDate: string, timeZone: string): number {
  return instantAt(timeZone, firstDate, 0) - MINUTE - serverNowMs;
}

export async function shiftFor(env: TestWorkflowEnvironment, firstDate: string, timeZone: string): Promise<number> {
  return shiftAt(await env.currentTimeMs(), firstDate, timeZone);
}

/** Case instant one minute past `hour` on `date` in the district (that hour's timers have fired). */
export function caseInstant(timeZone: string, date: string, hour: number): number {
  return instantAt(timeZone, date, hour) + MINUTE;
}

/** Let time pass to `date`, one minute past `hour` in the district (that hour's timers have fired). */
export async function moveCaseTo(env: TestWorkflowEnvironment, shiftMs: number, timeZone: string, date: string, hour: number): Promise<void> {
  const target = caseInstant(timeZone, date, hour) - shiftMs;
  const now = await env.currentTimeMs();
  if (target > now) await env.sleep(target - now);
}

/**
 * The test server's clock, tracked here instead of asked before every move (a round trip per
 * step). While time skipping is locked the server's clock runs at real speed (measured: 1,517
 * server ms in 1,509 real ms), so the estimate is the last known server time plus the real
 * time since; after a sleep the server stands at its target. An estimate off by a round trip
 * lands milliseconds from the target, well inside the minute past the timer hour that moves
 * aim for. One clock per environment: every runner on that server moves the same clock.
 */
export class ServerClock {
  private constructor(
    private readonly env: TestWorkflowEnvironment,
    private known: number,
    private knownAt: number,
  ) {}

  static async start(env: TestWorkflowEnvironment): Promise<ServerClock> {
    const known = await env.currentTimeMs();
    return new ServerClock(env, known, Date.now());
  }

  now(): number {
    return this.known + (Date.now() - this.knownAt);
  }

  /** Skip to the server instant `target` (nothing when it has passed). */
  async moveTo(target: number): Promise<void> {
    const now = this.now();
    if (target <= now) return;
    await this.env.sleep(target - now);
    // The sleep returns once the server has reached the target; time skipping is locked again.
    if (target > this.now()) {
      this.known = target;
      this.knownAt = Date.now();
    }
  }
}
