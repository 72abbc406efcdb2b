/**
 * The state of one student case, as the `studentCase` workflow holds it and carries across
 * continue-as-new. Plain JSON only (no Map/Set/Date/class instances: the default payload
 * converter would silently turn a Map into {}). Ids, dates and codes only: names, emails and
 * addresses live in the student directory outside Temporal (activities/directory.ts).
 */
import type { Calendar, Policy } from '../deadlines';
import type { RuleId } from '../deadlines/rule-ids';
import type { EffectType } from '../machines/contract';
import type { CalpadsMeeting, DelayReason } from './meeting-delays';

export const CASE_STATE_VERSION = 1;

export interface StudentProfile {
  studentId: string;
  birthDate: string;
  /** Notice language (ISO 639-1), e.g. `en`, `es`. */
  language: string;
  districtId: string;
  schoolId?: string;
  caseManagerId?: string;
  /** How notices reach the parent by default. */
  delivery?: 'email' | 'mail' | 'hand';
}

export interface CaseSettings {
  /** Local hour (district time zone) at which reminders and dues fire. */
  timerHour: number;
  /** Reminders before due; `false` only for tests that count dues alone. */
  reminders: boolean;
  /**
   * Simulation epoch: case time = server time + shift. 0 for every real case. `caseclock
   * simulate` sets it so a history dated in the past or future lives on its own dates while
   * the time-skipping server only moves forward.
   */
  timeShiftMs: number;
  /**
   * Continue-as-new once the run's history holds this many events (well before Temporal's
   * 50k-event limit); tests set it low to exercise the hand-over.
   */
  historyEventsLimit: number;
}

export interface ProcessRecord {
  /** `initial-evaluation#1`: chart id and a per-case counter. */
  key: string;
  chart: string;
  /** Chart version pinned when the instance opened (a migration is an explicit command). */
  version: string;
  status: 'open' | 'done';
  openedOn: string;
  closedOn?: string;
  /** Persisted XState snapshot (JSON), restored with `machine.resolveState`. */
  snapshot: unknown;
  /** Dotted state path, kept beside the snapshot for queries and search attributes. */
  state: string;
  lastEventOn: string | null;
}

export interface ClockMove {
  from: string | null;
  to: string | null;
  reason: string;
  at: string;
  explanation: string[];
}

export interface ClockRecord {
  /** `initial-evaluation#1/initialIep#1` */
  key: string;
  process: string;
  clock: string;
  rule: RuleId;
  /** The trigger date, referral date and agreed date the clock was computed from. */
  from: string;
  referral: string | null;
  override: string | null;
  also: Array<{ rule: RuleId; fromDate: string }>;
  due: string | null;
  actBy: string | null;
  earliest: string | null;
  explanation: string[];
  /** Set when the engine could not compute the date (e.g. calendar does not cover a day). */
  problem: string | null;
  calendarVersion: string;
  reminders: string[];
  remindersFired: string[];
  onDue: string;
  onReminder: string | null;
  onOpen: string | null;
  openFired: boolean;
  dueFired: boolean;
  overdue: boolean;
  exempt: boolean;
  status: 'pending' | 'closed' | 'cancelled';
  openedOn: string;
  /** District "today" when the clock was planned: reminders dated before it alert nobody. */
  openedToday: string;
  closedOn: string | null;
  /** Closed after its due date: the act happened late. */
  late: boolean;
  moves: ClockMove[];
}

export type TimelineKind = 'event' | 'timer' | 'effect' | 'calendar' | 'process' | 'delay' | 'refused' | 'signature';

export interface TimelineEntry {
  seq: number;
  /** When it was recorded (workflow time, UTC). */
  at: string;
  /** The legal date (the event's occurredOn, or the timer's date). */
  occurredOn: string;
  kind: TimelineKind;
  type: string;
  process?: string;
  actor?: { role: string; id?: string };
  detail?: Record<string, unknown>;
}

export interface EffectRecord {
  /** Idempotency key: workflow id, event sequence number, action index. */
  id: string;
  seq: number;
  process: string;
  type: Exclude<EffectType, 'openProcess' | 'closeProcess' | 'transferRights'>;
  params: Record<string, unknown>;
  status: 'queued' | 'done' | 'failed';
  result?: Record<string, unknown>;
  error?: string;
  /** A signature request re-issued to the new rights holder at 18: that effect's id, and the day (rights-transfer.ts). */
  supersededBy?: string;
  supersededOn?: string;
}

export interface DelayRecord {
  seq: number;
  process: string;
  code: string;
  rule: string | null;
  on: string;
  /** The CALPADS meeting a late clock of this rule is reported as (meeting-delays.ts), else null. */
  meeting?: CalpadsMeeting | null;
  /** The reason an event gave for the late meeting (`delayReason`), null until one does. */
  reason?: DelayReason | null;
  /** CALPADS Meeting Delay Code (field 14.23) for that reason; null until a reason with a code is given. */
  calpadsCode: string | null;
}

/** A signature redeemed through the signDocument Update (the ledger holds the proof). */
export interface SignatureRecord {
  seq: number;
  requestId: string;
  /** The requestSignature effect that asked for it. */
  effect: string;
  process: string;
  signerRole: string;
  decision: string;
  on: string;
  ledgerSeq: number;
}

export interface CaseState {
  stateVersion: number;
  caseId: string;
  profile: StudentProfile;
  calendar: Calendar;
  calendarVersion: string;
  policy: Partial<Policy>;
  settings: CaseSettings;
  /** Who signs and receives "parent" notices (P15: rights transfer at 18, L3473-3476). */
  rightsHolder: 'parent' | 'adultStudent' | 'conservator' | 'representative';
  processes: ProcessRecord[];
  counters: Record<string, number>;
  clocks: ClockRecord[];
  timeline: TimelineEntry[];
  effects: EffectRecord[];
  delays: DelayRecord[];
  /** Signatures redeemed so far (absent in states written before signDocument existed). */
  signed?: SignatureRecord[];
  seq: number;
  /** Hash of the last ledger entry, carried across continue-as-new. */
  ledgerHead: string | null;
  /** Runs of this workflow id so far (continue-as-new count). */
  run: number;
}

export interface OpenCaseInput {
  caseId: string;
  profile: StudentProfile;
  calendar: Calendar;
  policy?: Partial<Policy>;
  settings?: Partial<CaseSettings>;
}

export const DEFAULT_SETTINGS: CaseSettings = { timerHour: 8, reminders: true, timeShiftMs: 0, historyEventsLimit: 4_000 };

export function caseIdFor(studentId: string): string {
  return `case-${studentId}`;
}
