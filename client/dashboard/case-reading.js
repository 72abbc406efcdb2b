// A case as data, no DOM: which deadline comes next and how urgent each one is, the replay
// slider's stops, a timeline entry's detail as text, and the event the record-an-event form
// describes. case-sections.js, replay.js and event-form.js draw them; test/unit/client/dashboard-*.

import { isDueSoon } from './calendar-days.js';

/** Same window as the caseload, counted from the district's today (the view's). */
export function isDeadlineDueSoon(deadline, today) {
  return !deadline.overdue && deadline.status === 'pending' && isDueSoon(deadline.due, today);
}

/** 'overdue', 'soon' or null: the highlight of one deadline row. */
export function deadlineUrgency(deadline, today) {
  if (deadline.overdue) return 'overdue';
  return isDeadlineDueSoon(deadline, today) ? 'soon' : null;
}

/** The earliest open deadline with a date: what a case manager acts on next. */
export function nextDeadline(view) {
  return view.pending.find((d) => d.due) ?? null;
}

/**
 * Timeline entries → slider stops, one per entry number (`seq`): an event and what it caused
 * (clocks, notices) share one number. A stop asks the replay for the case just after that
 * entry (GET …/replay?seq=), not for an instant: entries are recorded to the second, and two
 * recorded within one second would share an instant.
 */
export function replayStops(entries) {
  const groups = new Map();
  for (const t of entries) groups.set(t.seq, [...(groups.get(t.seq) ?? []), t]);
  return [...groups.entries()]
    .sort(([a], [b]) => a - b)
    .map(([seq, group]) => {
      const lead = group.find((t) => t.kind === 'event') ?? group[0];
      const more = group.length - 1;
      return {
        at: group[0].at,
        seq,
        label: `#${seq} ${lead.type}${lead.occurredOn ? ` (occurred ${lead.occurredOn})` : ''}${more > 0 ? ` + ${more} more` : ''}`,
      };
    });
}

/** A timeline entry's detail as one line (`rule=initial-iep moved=[…]`). */
export function detailText(detail) {
  if (!detail) return '';
  return Object.entries(detail)
    .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : v}`)
    .join(' ');
}

/** processes.md §0 roles a person may act as (`system` is the interpreter's own timers). */
export const ROLES = ['district', 'parent', 'adultStudent', 'student', 'selpa', 'oah', 'esp', 'nps', 'formerLea', 'dor', 'cde', 'court', 'surrogate'];
export const OTHER = '__other__';
const RESERVED = ['type', 'occurredOn', 'actor', 'process'];

/** The event the form describes, or `{ field, message }` naming what is wrong with it. */
export function eventFromForm(values) {
  const type = values.type === OTHER ? values.otherType.trim() : values.type;
  if (!/^[A-Z][A-Z0-9_]{1,63}$/.test(type)) return { field: 'type', message: 'type: choose an event type (UPPER_CASE)' };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(values.occurredOn)) return { field: 'occurredOn', message: 'occurredOn: must be a date written YYYY-MM-DD' };
  let fields = {};
  if (values.fields.trim()) {
    try {
      fields = JSON.parse(values.fields);
    } catch {
      return { field: 'fields', message: 'fields: not valid JSON' };
    }
    if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) return { field: 'fields', message: 'fields: must be a JSON object, e.g. {"meetingOn":"2026-12-10"}' };
    const clash = RESERVED.find((k) => k in fields);
    if (clash) return { field: 'fields', message: `fields: ${clash} is set by the form above, not in the JSON` };
  }
  const actor = { role: values.role };
  if (values.actorId.trim()) actor.id = values.actorId.trim();
  const event = { type, occurredOn: values.occurredOn, actor, ...fields };
  if (values.process) event.process = values.process;
  return { event };
}

/**
 * An effect being retried (GET /api/cases/:id `retrying`, client/activity-retries.ts) as one
 * line: "sendNotice attempt 4, last failure SmtpRefused, next 10:42" — the next attempt in the
 * reader's own time zone (or `timeZone`), with its date when not today. Failure types only:
 * the API never sends a failure's message. Only effects that have failed at least once.
 */
export function retryLines(retrying, nowMs, timeZone = undefined) {
  const dayOf = (ms) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
  const timeOf = (ms) => new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms);
  return (retrying ?? [])
    .filter((r) => r.failing)
    .map((r) => {
      const head = `${r.activity} attempt ${r.attempt}${r.lastFailureType ? `, last failure ${r.lastFailureType}` : ''}`;
      if (!r.nextAttemptAt) return { activity: r.activity, text: `${head}, ${r.state === 'started' ? 'running now' : 'waiting for a worker'}` };
      const next = Date.parse(r.nextAttemptAt);
      const when = dayOf(next) === dayOf(nowMs) ? timeOf(next) : `${dayOf(next)} ${timeOf(next)}`;
      return { activity: r.activity, text: `${head}, next ${when}` };
    });
}
