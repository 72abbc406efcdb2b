/**
 * A caseload's open deadlines as an iCalendar file (RFC 5545), for a case manager's or a
 * supervisor's calendar program: one all-day VEVENT per pending deadline that has a date.
 *
 * - DTSTART;VALUE=DATE = the due date, DTEND = the next day (an all-day event, §3.6.1).
 * - UID = `<caseId>/<clock key>@caseclock`: stable for the case and the clock, so re-importing
 *   the feed updates an event (a moved deadline) instead of adding a second one; SEQUENCE counts
 *   the recorded moves, so calendar programs take the newer date.
 * - SUMMARY = rule id and student id (no name: names stay in the student directory);
 *   DESCRIPTION = the explanation lines the deadline engine wrote (birth date withheld,
 *   birth-date-redaction.ts), then act-by and problem.
 * - TRANSP:TRANSPARENT: a deadline is not a busy block.
 * A pending deadline without a date (the calendar does not cover it) has no event; `undated`
 * names them so the caller can say so.
 */
import { toDayNumber, toIso } from '../../deadlines';
import { birthDatesIn, publicExplanation } from './birth-date-redaction';
import type { CaseRecord } from './case-records';
import { escapeText, icsDate, icsText, icsUtc } from './ics-text';

export interface CaseloadCalendar {
  text: string;
  events: number;
  /** Pending deadlines with no date (calendar coverage problem): `caseId/key`. */
  undated: string[];
}

export function caseloadCalendar(cases: readonly CaseRecord[], opts: { nowMs: number; name?: string }): CaseloadCalendar {
  const stamp = icsUtc(opts.nowMs);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//caseclock//special-education deadlines//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(opts.name ?? 'caseclock deadlines')}`,
  ];
  const undated: string[] = [];
  let events = 0;
  for (const { view } of cases) {
    const birthDates = birthDatesIn(view);
    for (const d of view.pending) {
      if (d.due === null) {
        undated.push(`${view.caseId}/${d.key}`);
        continue;
      }
      const description = [
        ...publicExplanation(d.explanation, birthDates),
        ...(d.actBy && d.actBy !== d.due ? [`act by ${d.actBy}`] : []),
        ...(d.overdue ? ['OVERDUE'] : []),
        ...(d.problem ? publicExplanation([`problem: ${d.problem}`], birthDates) : []),
      ].join('\n');
      lines.push(
        'BEGIN:VEVENT',
        `UID:${escapeText(`${view.caseId}/${d.key}@caseclock`)}`,
        `DTSTAMP:${stamp}`,
        `DTSTART;VALUE=DATE:${icsDate(d.due)}`,
        `DTEND;VALUE=DATE:${icsDate(toIso(toDayNumber(d.due) + 1))}`,
        `SEQUENCE:${d.moves.length}`,
        `SUMMARY:${escapeText(`${d.rule} · student ${view.studentId}`)}`,
        `DESCRIPTION:${escapeText(description)}`,
        `CATEGORIES:${escapeText(d.rule)}`,
        'TRANSP:TRANSPARENT',
        'END:VEVENT',
      );
      events++;
    }
  }
  lines.push('END:VCALENDAR');
  return { text: icsText(lines), events, undated };
}
