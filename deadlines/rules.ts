/**
 * The deadline engine's public API (deadlines.md §2-§5): compute any rule, combine dates for
 * the same act, reminders, and recomputation after a calendar change. Pure and deterministic:
 * no clock, no I/O, so the Temporal workflow sandbox can run it unchanged.
 */
import type { Calendar } from './calendar';
import { indexCalendar, isoOf, type CalendarIndex } from './day-index';
import { toDayNumber } from './day-number';
import { CalendarCoverageError, DeadlineInputError } from './errors';
import { evaluatePlan, SINGULAR, type Outcome } from './evaluate';
import { planLengthClass, planNeedsCalendar, type RuleDefinition, type RulePlan } from './plans';
import { DEFAULT_POLICY, resolvePolicy, type Policy } from './policy';
import { RULE_IDS, type RuleId } from './rule-ids';
import { AGE_RULES } from './rules-age';
import { DISCIPLINE_RULES } from './rules-discipline';
import { DISPUTE_RULES } from './rules-disputes';
import { EVALUATION_RULES } from './rules-evaluation';

export type IsoDate = string;

export interface DeadlineRequest {
  rule: RuleId;
  from: IsoDate;
  /** Only for `initial-iep`: the date the referral was received (deadlines.md §3). */
  referral?: IsoDate;
  policy?: Partial<Policy>;
}

export interface DeadlineResult {
  rule: RuleId;
  from: string;
  due: string;
  /** Last working day on or before `due`; null when that needs a day the calendar does not cover. */
  actBy: string | null;
  /** Window rules only: the first day the act may happen. */
  earliest?: string;
  /** First line: a one-line summary for a notice; then rule, trigger, skipped days, branch, count. */
  explanation: string[];
  citation: string;
  branch?: string;
}

export type ReminderSpec = { workingDaysBefore: number } | { calendarDaysBefore: number[] };

export interface RuleInfo {
  title: string;
  citation: string;
  trigger: string;
  family: RuleDefinition['family'];
  /** Under the default policy (some options change it: see ruleNeedsCalendar). */
  needsCalendar: boolean;
  needsReferral: boolean;
  /** Window rules give `earliest` as well as `due`. */
  window: boolean;
  reminder: ReminderSpec;
}

const DEFINITIONS = new Map<RuleId, RuleDefinition>();
for (const def of [...EVALUATION_RULES, ...DISCIPLINE_RULES, ...AGE_RULES, ...DISPUTE_RULES]) {
  if (DEFINITIONS.has(def.id)) throw new Error(`rule ${def.id} is defined twice`);
  DEFINITIONS.set(def.id, def);
}

/** Plans per resolved policy; the default policy's are built once. */
const plans = new WeakMap<Policy, Map<RuleId, RulePlan>>();

export function ruleDefinition(rule: RuleId): RuleDefinition {
  const def = DEFINITIONS.get(rule);
  if (!def) throw new DeadlineInputError('rule', `unknown rule ${JSON.stringify(rule)}`);
  return def;
}

/** The plan a rule follows under a policy (shared with the reference implementation). */
export function planFor(rule: RuleId, policy: Policy): RulePlan {
  if (policy === DEFAULT_POLICY) {
    const plan = DEFAULT_PLANS.get(rule);
    if (plan) return plan;
  }
  let byRule = plans.get(policy);
  if (!byRule) {
    byRule = new Map();
    plans.set(policy, byRule);
  }
  let plan = byRule.get(rule);
  if (!plan) {
    plan = ruleDefinition(rule).plan(policy);
    byRule.set(rule, plan);
  }
  return plan;
}

/** Plans under the default policy, built once (the common case: most districts keep the defaults). */
const DEFAULT_PLANS = new Map<RuleId, RulePlan>();
for (const [id, def] of DEFINITIONS) DEFAULT_PLANS.set(id, def.plan(DEFAULT_POLICY));

const REMINDER_BY_CLASS: Record<'short' | 'medium' | 'long', ReminderSpec> = {
  short: { workingDaysBefore: 1 },
  medium: { workingDaysBefore: 5 },
  long: { calendarDaysBefore: [60, 30] },
};

/** processes.md §0: ≤ 5-day clocks 1 working day before; 6–60 days 5 working days; annual, triennial, age-based (and longer) 60 and 30 calendar days. */
export function reminderSpecFor(rule: RuleId, policy?: Partial<Policy>): ReminderSpec {
  return REMINDER_BY_CLASS[planLengthClass(planFor(rule, resolvePolicy(policy)))];
}

export function ruleNeedsCalendar(rule: RuleId, policy?: Partial<Policy>): boolean {
  return planNeedsCalendar(planFor(rule, resolvePolicy(policy)));
}

export function ruleNeedsReferral(rule: RuleId): boolean {
  return ruleDefinition(rule).needsReferral === true;
}

export const RULES: Record<RuleId, RuleInfo> = Object.fromEntries(
  RULE_IDS.map((id) => {
    const def = ruleDefinition(id);
    const plan = planFor(id, DEFAULT_POLICY);
    return [
      id,
      {
        title: def.title,
        citation: def.citation,
        trigger: def.trigger,
        family: def.family,
        needsCalendar: planNeedsCalendar(plan),
        needsReferral: def.needsReferral === true,
        window: plan.kind === 'transition-window',
        reminder: REMINDER_BY_CLASS[planLengthClass(plan)],
      },
    ];
  }),
) as Record<RuleId, RuleInfo>;

/** Validated request parts shared by the engine and the reference implementation. */
export interface CheckedRequest {
  def: RuleDefinition;
  plan: RulePlan;
  policy: Policy;
  from: number;
  referral: number | null;
}

/** The bad-input cases of deadlines.md §4, each naming its field. */
export function checkRequest(calendar: Calendar | null, req: DeadlineRequest): CheckedRequest {
  if (req === null || typeof req !== 'object') throw new DeadlineInputError('request', 'must be an object');
  const def = typeof req.rule === 'string' ? DEFINITIONS.get(req.rule) : undefined;
  if (!def) throw new DeadlineInputError('rule', `unknown rule ${JSON.stringify(req.rule)}`);
  const policy = resolvePolicy(req.policy);
  const from = toDayNumber(req.from, 'from');
  let referral: number | null = null;
  if (def.needsReferral) {
    if (req.referral === undefined) throw new DeadlineInputError('referral', `${req.rule} needs the date the referral was received`);
    referral = toDayNumber(req.referral, 'referral');
    if (referral > from) throw new DeadlineInputError('referral', `${req.referral} is after the consent date ${req.from}`);
  } else if (req.referral !== undefined) {
    throw new DeadlineInputError('referral', `only initial-iep takes a referral date, not ${req.rule}`);
  }
  const plan = planFor(def.id, policy);
  if (!calendar && planNeedsCalendar(plan)) throw new DeadlineInputError('calendar', `${req.rule} counts on the school calendar: give the district's calendar`);
  return { def, plan, policy, from, referral };
}

/** The explanation (deadlines.md §2): one-line summary, rule and citation, trigger, then the evaluation's lines. */
function explanationOf(index: CalendarIndex | null, checked: CheckedRequest, out: Outcome, fromText: string, lines: string[]): string[] {
  const { def, plan, referral } = checked;
  const due = isoOf(index, out.due);
  const when = out.earliest !== undefined ? `${isoOf(index, out.earliest)}..${due}` : `due ${due}`;
  const actBy = out.actBy === null || out.actBy === out.due ? '' : ` (act by ${isoOf(index, out.actBy)})`;
  const dayZero = plan.kind !== 'count' || !plan.fromIsDayOne ? 'day 0' : plan.unit === 'calendar' ? 'day 1' : `day 1 if it is a ${SINGULAR[plan.unit]}`;
  const explanation = [`${def.title} ${when}${actBy}: ${out.phrase}`, `rule ${def.id}: ${def.title} — ${def.citation}`, `trigger: ${def.trigger} ${fromText} (${dayZero})`];
  if (referral !== null) explanation.push(`referral received ${isoOf(index, referral)}`);
  for (let i = 0; i < lines.length; i++) explanation.push(lines[i]);
  return explanation;
}

/** The dates of a result without its explanation (the fast path: recomputation, bulk planning). */
export interface DeadlineDates {
  rule: RuleId;
  from: string;
  due: string;
  actBy: string | null;
  earliest?: string;
  branch: string;
}

/**
 * The same dates computeDeadline returns, without writing the explanation: for bulk work such as
 * recomputing every open deadline after a calendar change (§5), where only changed ones need one.
 */
export function computeDates(calendar: Calendar | null, req: DeadlineRequest): DeadlineDates {
  const checked = checkRequest(calendar, req);
  const index = calendar ? indexCalendar(calendar) : null;
  const out = evaluatePlan(index, checked.plan, checked.from, checked.referral, checked.def.trigger, null);
  const dates: DeadlineDates = {
    rule: checked.def.id,
    from: req.from,
    due: isoOf(index, out.due),
    actBy: out.actBy === null ? null : isoOf(index, out.actBy),
    branch: out.branch,
  };
  if (out.earliest !== undefined) dates.earliest = isoOf(index, out.earliest);
  return dates;
}

/**
 * Compute one rule (deadlines.md §3). Throws DeadlineInputError for bad input and
 * CalendarCoverageError when the calendar does not cover a day the count needs.
 */
export function computeDeadline(calendar: Calendar | null, req: DeadlineRequest): DeadlineResult {
  const checked = checkRequest(calendar, req);
  const index = calendar ? indexCalendar(calendar) : null;
  const { def } = checked;
  const lines: string[] = [];
  const out = evaluatePlan(index, checked.plan, checked.from, checked.referral, def.trigger, lines);
  const result: DeadlineResult = {
    rule: def.id,
    from: req.from,
    due: isoOf(index, out.due),
    actBy: out.actBy === null ? null : isoOf(index, out.actBy),
    explanation: explanationOf(index, checked, out, req.from, lines),
    citation: def.citation,
    branch: out.branch,
  };
  if (out.earliest !== undefined) result.earliest = isoOf(index, out.earliest);
  return result;
}

/** "Where two rules give a case two dates for the same act, the earlier date is the deadline, and the explanation names both" (§3). */
export function earliestOf(results: DeadlineResult[]): DeadlineResult {
  if (results.length === 0) throw new DeadlineInputError('results', 'needs at least one result');
  if (results.length === 1) return results[0];
  let winner = results[0];
  for (const r of results) if (r.due < winner.due) winner = r;
  const others = results.filter((r) => r !== winner);
  const named = results.map((r) => `${r.rule} ${r.due}`).join(' vs ');
  return {
    ...winner,
    explanation: [
      `${winner.explanation[0]} — the earlier of ${named}`,
      `earlier date wins: ${named} → ${winner.due} (${winner.rule})`,
      ...winner.explanation.slice(1),
      ...others.map((r) => `also ${r.rule} (${r.citation}): ${r.explanation[0]}`),
    ],
    branch: `earliest-of:${winner.rule}`,
  };
}

/**
 * Reminder dates before `due`, ascending. Working-day reminders need the calendar; one that
 * would need a day the calendar does not cover (or no calendar) is left out rather than guessed:
 * a reminder is a courtesy, the due event itself still fires.
 */
export function reminderDates(calendar: Calendar | null, due: IsoDate, spec: ReminderSpec): string[] {
  const dueDay = toDayNumber(due, 'due');
  const days: number[] = [];
  if ('calendarDaysBefore' in spec) {
    for (const n of spec.calendarDaysBefore) {
      if (!Number.isInteger(n) || n <= 0) throw new DeadlineInputError('calendarDaysBefore', `must be positive whole days, got ${n}`);
      days.push(dueDay - n);
    }
  } else {
    const n = spec.workingDaysBefore;
    if (!Number.isInteger(n) || n <= 0) throw new DeadlineInputError('workingDaysBefore', `must be a positive whole number, got ${n}`);
    if (calendar) {
      const index = indexCalendar(calendar);
      if (dueDay >= index.spanStart && dueDay <= index.spanEnd) {
        const k = index.working.rank[dueDay - index.spanStart] - n;
        if (k >= 0) days.push(index.working.select[k] + index.spanStart);
      }
    }
  }
  const index = calendar ? indexCalendar(calendar) : null;
  return [...new Set(days)].sort((a, b) => a - b).map((d) => isoOf(index, d));
}

export interface RecomputeChange {
  key: string;
  rule: RuleId;
  old: DeadlineResult;
  new: DeadlineResult;
}

/**
 * deadlines.md §5: recompute open deadlines under a new calendar version and return only those
 * whose `due`, `actBy` or `earliest` changed. A deadline is never moved silently, so an item that
 * cannot be computed under either calendar throws (naming its key) instead of being dropped.
 */
/** Dates of one recompute item; a refusal names the item's key. */
function datesFor(cal: Calendar, req: DeadlineRequest, key: string, which: 'old' | 'new'): DeadlineDates {
  try {
    return computeDates(cal, req);
  } catch (e) {
    if (e instanceof CalendarCoverageError) throw new DeadlineInputError(`items[${key}]`, `${which} calendar: ${e.message}`);
    if (e instanceof DeadlineInputError) throw new DeadlineInputError(`items[${key}].${e.field}`, e.detail);
    throw e;
  }
}

export function recompute(oldCal: Calendar, newCal: Calendar, items: Array<DeadlineRequest & { key: string }>): RecomputeChange[] {
  const changes: RecomputeChange[] = [];
  for (const item of items) {
    const { key, ...req } = item;
    const before = datesFor(oldCal, req, key, 'old');
    const after = datesFor(newCal, req, key, 'new');
    if (before.due !== after.due || before.actBy !== after.actBy || before.earliest !== after.earliest) {
      const moved = `${req.rule}: ${before.due} → ${after.due}, calendar ${oldCal.version ?? oldCal.id} → ${newCal.version ?? newCal.id}`;
      const next = computeDeadline(newCal, req);
      next.explanation.push(`moved by calendar change: ${moved}`);
      changes.push({ key, rule: req.rule, old: computeDeadline(oldCal, req), new: next });
    }
  }
  return changes;
}
