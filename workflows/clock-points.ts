/**
 * The moments at which a pending clock acts: each reminder, the window opening (`earliest`),
 * the due date, and the first instant after the due date (overdue). Dates come from the
 * clock record (computed by the deadline engine); this module only places them at the
 * district's timer hour and orders them.
 */
import { toDayNumber, toIso } from '../deadlines/day-number';
import type { ClockRecord } from './case-state';
import { instantAt } from './zoned-time';

export type PointKind = 'reminder' | 'open' | 'due' | 'overdue';

export interface ClockPoint {
  clock: ClockRecord;
  kind: PointKind;
  /** The legal date of the point. */
  date: string;
  instant: number;
}

const KIND_ORDER: Record<PointKind, number> = { overdue: 0, reminder: 1, open: 2, due: 3 };

export function pointsOf(clock: ClockRecord, timeZone: string, hour: number): ClockPoint[] {
  if (clock.status !== 'pending' || clock.due === null) return [];
  const points: ClockPoint[] = [];
  for (const date of clock.reminders) {
    if (!clock.remindersFired.includes(date)) points.push({ clock, kind: 'reminder', date, instant: instantAt(timeZone, date, hour) });
  }
  if (clock.earliest && clock.onOpen && !clock.openFired) {
    points.push({ clock, kind: 'open', date: clock.earliest, instant: instantAt(timeZone, clock.earliest, hour) });
  }
  if (!clock.dueFired) {
    points.push({ clock, kind: 'due', date: clock.due, instant: instantAt(timeZone, clock.due, hour) });
  } else if (!clock.overdue) {
    const dayAfter = toIso(toDayNumber(clock.due) + 1);
    points.push({ clock, kind: 'overdue', date: dayAfter, instant: instantAt(timeZone, dayAfter, 0) });
  }
  return points;
}

/** The next point to act on across every clock, in time order, ties by kind then key. */
export function nextPoint(clocks: ClockRecord[], timeZone: string, hour: number): ClockPoint | null {
  let best: ClockPoint | null = null;
  for (const clock of clocks) {
    for (const p of pointsOf(clock, timeZone, hour)) {
      if (
        !best ||
        p.instant < best.instant ||
        (p.instant === best.instant &&
          (KIND_ORDER[p.kind] < KIND_ORDER[best.kind] ||
            (KIND_ORDER[p.kind] === KIND_ORDER[best.kind] && p.clock.key < best.clock.key)))
      ) {
        best = p;
      }
    }
  }
  return best;
}
