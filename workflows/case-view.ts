/**
 * What people see of a case (Queries out, the CLI, the API, simulate, replay): built from the
 * case state alone, so every reader shows the same thing. One mapper for the stable status
 * and the search attributes; it fails loudly on a clock state it does not know.
 */
import type { CaseState, ClockRecord, EffectRecord, TimelineEntry } from './case-state';

export interface DeadlineView {
  key: string;
  process: string;
  clock: string;
  rule: string;
  from: string;
  due: string | null;
  actBy: string | null;
  earliest: string | null;
  explanation: string[];
  overdue: boolean;
  problem: string | null;
  reminders: string[];
  status: ClockRecord['status'];
  closedOn: string | null;
  late: boolean;
  moves: ClockRecord['moves'];
}

export interface CaseView {
  caseId: string;
  studentId: string;
  districtId: string;
  schoolId: string | null;
  caseManagerId: string | null;
  today: string;
  calendar: { id: string; version: string };
  rightsHolder: CaseState['rightsHolder'];
  processes: Array<{ key: string; chart: string; version: string; status: string; state: string; openedOn: string; closedOn: string | null }>;
  /** chart id → state path of its latest instance. */
  states: Record<string, string>;
  pending: DeadlineView[];
  closed: DeadlineView[];
  notices: Array<{ id: string; process: string; form: string; to: string[]; on: string; status: EffectRecord['status']; documentSha256: string | null; deliveries: unknown }>;
  signatures: Array<{ id: string; process: string; scope: string; signer: string; form: string; on: string; status: EffectRecord['status']; requestId: string | null }>;
  alerts: Array<{ id: string; process: string; kind: string; rule: string | null; on: string; status: EffectRecord['status'] }>;
  delays: CaseState['delays'];
  effectsQueued: number;
  effectsFailed: number;
  lastSeq: number;
  run: number;
}

function deadlineView(c: ClockRecord): DeadlineView {
  if (!['pending', 'closed', 'cancelled'].includes(c.status)) throw new Error(`unknown clock status ${c.status}`);
  return {
    key: c.key,
    process: c.process,
    clock: c.clock,
    rule: c.rule,
    from: c.from,
    due: c.due,
    actBy: c.actBy,
    earliest: c.earliest,
    explanation: c.explanation,
    overdue: c.overdue,
    problem: c.problem,
    reminders: c.reminders,
    status: c.status,
    closedOn: c.closedOn,
    late: c.late,
    moves: c.moves,
  };
}

const byDue = (a: DeadlineView, b: DeadlineView) => (a.due ?? '9999').localeCompare(b.due ?? '9999') || a.key.localeCompare(b.key);

export function buildCaseView(state: CaseState, today: string): CaseView {
  const states: Record<string, string> = {};
  for (const p of state.processes) states[p.chart] = p.state;
  const pending = state.clocks.filter((c) => c.status === 'pending').map(deadlineView).sort(byDue);
  // The latest record per clock id wins: a restarted clock shows once.
  const closed = state.clocks.filter((c) => c.status !== 'pending').map(deadlineView);
  const str = (v: unknown) => (v === undefined || v === null ? null : String(v));
  return {
    caseId: state.caseId,
    studentId: state.profile.studentId,
    districtId: state.profile.districtId,
    schoolId: state.profile.schoolId ?? null,
    caseManagerId: state.profile.caseManagerId ?? null,
    today,
    calendar: { id: state.calendar.id, version: state.calendarVersion },
    rightsHolder: state.rightsHolder,
    processes: state.processes.map((p) => ({
      key: p.key,
      chart: p.chart,
      version: p.version,
      status: p.status,
      state: p.state,
      openedOn: p.openedOn,
      closedOn: p.closedOn ?? null,
    })),
    states,
    pending,
    closed,
    notices: state.effects
      .filter((e) => e.type === 'sendNotice')
      .map((e) => ({
        id: e.id,
        process: e.process,
        form: String(e.params.form),
        to: e.params.to as string[],
        on: String(e.params.on),
        status: e.status,
        documentSha256: str(e.result?.documentSha256),
        deliveries: e.result?.deliveries ?? [],
      })),
    signatures: state.effects
      .filter((e) => e.type === 'requestSignature')
      .map((e) => ({
        id: e.id,
        process: e.process,
        scope: String(e.params.scope),
        signer: String(e.params.signer),
        form: String(e.params.form),
        on: String(e.params.on),
        status: e.status,
        requestId: str(e.result?.requestId),
      })),
    alerts: state.effects
      .filter((e) => e.type === 'escalate')
      .map((e) => ({ id: e.id, process: e.process, kind: String(e.params.kind ?? 'escalation'), rule: str(e.params.rule), on: String(e.params.on), status: e.status })),
    delays: state.delays,
    effectsQueued: state.effects.filter((e) => e.status === 'queued').length,
    effectsFailed: state.effects.filter((e) => e.status === 'failed').length,
    lastSeq: state.seq,
    run: state.run,
  };
}

/** Timeline entries, optionally of one process, optionally up to an instant (ISO). */
export function timelineOf(state: CaseState, opts: { process?: string; until?: string } = {}): TimelineEntry[] {
  return state.timeline.filter((t) => (!opts.process || t.process === opts.process) && (!opts.until || t.at <= opts.until));
}
