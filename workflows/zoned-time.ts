/**
 * Between instants (what Temporal timers and clocks use) and plain dates in the district's
 * time zone (what the law counts, deadlines.md §1: "A trigger that arrives as a timestamp is
 * turned into a date in the district's time zone before any counting").
 *
 * Pure and deterministic: Intl is part of V8, so this runs unchanged in the workflow sandbox.
 * No date arithmetic on deadlines happens here: only "which date is it there" and "when is
 * hour H of date D there".
 *
 * Hot in every workflow (each clock's timer instant; `formatToParts` is the cost), so it is
 * preloaded into the shared workflow context (worker/create-worker.ts PRELOADED_MODULES) and
 * `instantAt` answers are remembered there across workflows: the same inputs give the same
 * instant, so sharing the memo cannot change a workflow's commands. It exports functions only
 * (the SDK deep-freezes a preloaded module's exports).
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClock(epochMs: number, timeZone: string): WallClock {
  const parts = formatterFor(timeZone).formatToParts(new Date(epochMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour') % 24, minute: get('minute'), second: get('second') };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The plain date (YYYY-MM-DD) it is in `timeZone` at `epochMs`. */
export function dateIn(timeZone: string, epochMs: number): string {
  const w = wallClock(epochMs, timeZone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
}

/** Offset of `timeZone` from UTC at `epochMs`, in milliseconds (negative west of Greenwich). */
function offsetMs(timeZone: string, epochMs: number): number {
  const w = wallClock(epochMs, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(epochMs / 1000) * 1000;
}

/**
 * The instant at which it is `hour`:00 on `isoDate` in `timeZone`. Around a DST change the
 * offset is taken twice so a wall time that exists is hit exactly (timers use 00:00–09:00
 * outside the 02:00 gap in practice).
 */
export function instantAt(timeZone: string, isoDate: string, hour: number): number {
  const key = `${timeZone}|${isoDate}|${hour}`;
  const known = instants.get(key);
  if (known !== undefined) return known;
  if (instants.size >= MAX_REMEMBERED_INSTANTS) instants.clear();
  const instant = computeInstantAt(timeZone, isoDate, hour);
  instants.set(key, instant);
  return instant;
}

/** Bounds the memo: ≈ 40 years of dates at a few timer hours, a few MiB at most. */
const MAX_REMEMBERED_INSTANTS = 50_000;
const instants = new Map<string, number>();

function computeInstantAt(timeZone: string, isoDate: string, hour: number): number {
  const [y, m, d] = isoDate.split('-').map(Number);
  const naive = Date.UTC(y, m - 1, d, hour, 0, 0);
  let guess = naive - offsetMs(timeZone, naive);
  guess = naive - offsetMs(timeZone, guess);
  return guess;
}

/** ISO timestamp for records (UTC, second precision). */
export function isoInstant(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
