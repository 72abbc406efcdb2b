/**
 * The chart ↔ interpreter contract (../shared/spec/architecture.md, processes.md §0).
 *
 * Charts are pure XState v5 machines. They never compute dates and never do I/O:
 * - a state that starts a clock declares it in `meta.clocks` (ClockDeclaration);
 * - side effects are named actions with params (EffectParams) that the workflow
 *   interpreter turns into activities;
 * - every event carries `type`, `occurredOn` (the legal date), `actor { role, id? }`.
 *
 * This module is imported by charts, the workflow sandbox and the client, so it may only
 * import zod and deadlines/ types.
 */
import { z } from 'zod';
import type { RuleId } from '../deadlines/rule-ids';

// ---------------------------------------------------------------------------------------
// Dates, actors, events
// ---------------------------------------------------------------------------------------

/** A plain calendar date, `YYYY-MM-DD`, that exists (no 2027-02-30). */
export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
  .refine((s) => {
    const [y, m, d] = s.split('-').map(Number);
    const dt = new Date(Date.UTC(y, m - 1, d));
    return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
  }, 'is not a real calendar date');
export type IsoDate = z.infer<typeof IsoDate>;

/** Roles of processes.md §0. `system` is the interpreter itself (timer events). */
export const ROLES = [
  'parent',
  'adultStudent',
  'student',
  'district',
  'selpa',
  'oah',
  'esp',
  'nps',
  'formerLea',
  'dor',
  'cde',
  'court',
  'surrogate',
  'system',
] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/** Ids only: never names (no PII outside the payload codec). */
export const ActorSchema = z
  .object({
    role: Role,
    id: z
      .string()
      .regex(/^[A-Za-z0-9._:-]{1,64}$/, 'must be an id (letters, digits, . _ : -), not a name')
      .optional(),
  })
  .strict();
export type Actor = z.infer<typeof ActorSchema>;

/** The actor of an event, restricted to the roles that may lawfully record it. */
export const actorOf = (...roles: [Role, ...Role[]]) => ActorSchema.extend({ role: z.enum(roles) }).strict();

/** Fields every event has. */
export const eventBase = {
  occurredOn: IsoDate,
  actor: ActorSchema,
  /** Optional routing hint: the process instance id the event is meant for. */
  process: z.string().regex(/^[a-z0-9-]+#\d+$/).optional(),
  /** Optional free note id (a document reference), never free text about the student. */
  documentRef: z.string().max(128).optional(),
};

/**
 * Build the zod schema of one event type. `.strict()` so an unknown field is refused with
 * its name. Use it for every event a chart accepts from outside.
 */
export function eventSchema<T extends string, S extends z.ZodRawShape>(type: T, shape: S) {
  return z.object({ type: z.literal(type), ...eventBase, ...shape }).strict();
}

/** Events the interpreter itself sends when a declared clock reaches a point. */
export const TimerEventFields = {
  clock: z.string(),
  rule: z.string(),
  due: IsoDate,
};
export interface TimerEvent {
  type: string; // `<CLOCK>_DUE`, `<CLOCK>_REMINDER`, `<CLOCK>_OPEN`
  occurredOn: IsoDate;
  actor: { role: 'system' };
  clock: string;
  rule: RuleId;
  due: IsoDate;
}

/** `assessmentPlan` → `ASSESSMENT_PLAN` (the prefix of a clock's events). */
export function clockEventPrefix(clockId: string): string {
  return clockId.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/([a-zA-Z])([0-9])/g, '$1_$2').toUpperCase();
}

// ---------------------------------------------------------------------------------------
// Clocks
// ---------------------------------------------------------------------------------------

export type ReminderSpec =
  /** District default for the clock's length (processes.md §0 table). */
  | 'default'
  | 'none'
  | { workingDaysBefore: number }
  | { calendarDaysBefore: number[] };

export interface ClockDeclaration {
  /** camelCase; the events are `${clockEventPrefix(id)}_DUE`, `_REMINDER`, `_OPEN`. */
  id: string;
  /** Rule id from deadlines/rule-ids.ts. */
  rule: RuleId;
  /** Context field (dotted path allowed) holding the trigger date. The clock starts only when it is set. */
  from: string;
  /** Context field with the referral date, for rules that need it (`initial-iep`). */
  referral?: string;
  /** Context field with an agreed date that replaces the computed due (L668-669, L581-588). */
  dueOverride?: string;
  /**
   * Other rules that give the same act a date; the earliest wins and the explanation names
   * all (deadlines.md §3, e.g. reassessment-iep vs triennial, initial-iep vs early-start-iep).
   */
  alsoRule?: Array<{ rule: RuleId; from: string }>;
  /** Context boolean field: while true the clock is shown but sends no reminder or due event. */
  exemptWhen?: string;
  remind?: ReminderSpec;
  /** Event sent to the chart on the due date (required: every clock says what happens). */
  onDue: string;
  onReminder?: string;
  /** Window rules (`earliest` + `due`) also send this on `earliest`. */
  onOpen?: string;
}

export interface StateMeta {
  clocks?: ClockDeclaration[];
  /** A stable, human status for dashboards and search attributes. */
  status?: string;
}

// ---------------------------------------------------------------------------------------
// Declared effects: named actions, run by the interpreter as activities
// ---------------------------------------------------------------------------------------

/** Recipients of a notice. `parent` means parent and adult student after rights transfer (§0). */
export const RECIPIENTS = [
  'parent',
  'adultStudent',
  'student',
  'district',
  'dor',
  'selpa',
  'teachers',
  'team',
  'providers',
  'formerLea',
  'oah',
  'esp',
  'nps',
  'caseManager',
] as const;
export type Recipient = (typeof RECIPIENTS)[number];

/** Form codes of processes.md §1 (aliases: IEP 17 = IEP 18). */
export const FORM_CODES = [
  'NC 1',
  'NC 2A',
  'IEP 18',
  'NC 3',
  'NC 6A',
  'NC 7',
  'IEP 1',
  'IEP 2A',
  'IEP 6D',
  'IEP 6G',
  'IEP 7A-2',
  'IEP 9A',
  'IEP 9B',
  'IEP 11',
  'ISP 1',
  'NC 12',
  'RPT 4',
  'RPT 7',
  'PWN',
  'RPT 6/Form 27',
  'PWN graduation',
  'BER',
  'Signed IEP letter',
  'Proof of Service',
  'A-1',
  'A-3',
  'A-5',
  'A-6',
  'Surrogate appointment',
  'IFSP AP',
  'IFSP NOM',
  'IFSP 7',
  'IFSP 9',
  'Early Start notice',
  'Notice of delay',
  'Decision notice',
  'Resolution letter',
  'Transition packet',
  'IEE policy',
  'Certification not to enroll',
  'Amendment',
  'Rights transfer notice',
] as const;
export type FormCode = (typeof FORM_CODES)[number];

export interface SendNoticeParams {
  form: FormCode;
  to: Recipient | Recipient[];
  /** Rule id whose date the notice states (the notice prints due date and explanation). */
  states?: RuleId;
  /** Short machine reason, e.g. 'refusal', 'revocation'. */
  purpose?: string;
}
export interface RequestSignatureParams {
  scope: string; // e.g. 'initial-assessment', 'initial-services', 'later-iep', 'excusal'
  signer: 'parent' | 'adultStudent' | 'student' | 'parent+lea' | 'lea' | 'guardian';
  form: FormCode;
}
export interface RecordDelayParams {
  code: string; // e.g. 'assessment-plan-late'; CALPADS meeting delay code mapped by the interpreter
}
export interface EscalateParams {
  to: Array<'caseManager' | 'spedDirector' | 'supervisor' | 'selpaDirector'>;
}
export interface OpenProcessParams {
  chart: string;
  /** Dates and flags handed to the new process's input (values, already resolved). */
  input?: Record<string, string | number | boolean | null | string[]>;
}
export interface CloseProcessParams {
  chart: string;
  reason: string;
}

/** The action types charts may emit; anything else is a chart bug and fails loudly. */
export const EFFECT_TYPES = [
  'sendNotice',
  'requestSignature',
  'recordDelay',
  'escalate',
  'openProcess',
  'closeProcess',
  'transferRights',
] as const;
export type EffectType = (typeof EFFECT_TYPES)[number];

/**
 * Declared-effect implementations for `setup({ actions })`: they do nothing; the pure
 * `transition()` returns them as `{ type, params }` and the workflow runs them.
 */
export const declaredEffects = {
  sendNotice: (_: unknown, _params: SendNoticeParams) => {},
  requestSignature: (_: unknown, _params: RequestSignatureParams) => {},
  recordDelay: (_: unknown, _params: RecordDelayParams) => {},
  escalate: (_: unknown, _params: EscalateParams) => {},
  openProcess: (_: unknown, _params: OpenProcessParams) => {},
  closeProcess: (_: unknown, _params: CloseProcessParams) => {},
  transferRights: (_: unknown, _params: { to: 'adultStudent' | 'conservator' | 'representative' }) => {},
};

// ---------------------------------------------------------------------------------------
// Process definitions: what the interpreter needs to know about each chart
// ---------------------------------------------------------------------------------------

/** What the interpreter hands a new process instance as XState `input`. */
export interface ProcessInput {
  /** The event that opened the process (from outside), or null when opened by another chart. */
  trigger: { type: string; occurredOn: IsoDate; [field: string]: unknown } | null;
  /** Values from the opener's `openProcess` params. */
  opener?: Record<string, string | number | boolean | null | string[]>;
  student: { id: string; birthDate: IsoDate; language: string };
}

export interface ProcessDefinition {
  /** Chart id, kebab-case (`initial-evaluation`). */
  id: string;
  /** Pinned per instance at start; bump on any change to states, clocks or effects. */
  version: string;
  title: string;
  /** Handbook citations for the whole process. */
  cites: string[];
  // The machine is typed loosely here so one registry can hold every chart.
   
  machine: any;
  /** zod schema of every event the chart accepts from outside, by type. */
  events: Record<string, z.ZodTypeAny>;
  /** Event types that open a new instance of this chart when no open instance takes them. */
  startsOn: string[];
  /**
   * The keys of `events`, known without building them (machines/lazy.ts): the registry lists
   * every chart's event types from this so the router does not build all 27 charts.
   */
  eventTypes?: readonly string[];
}
