/**
 * How a rule counts, as data. Each rule definition turns a policy into a RulePlan; the indexed
 * engine (evaluate.ts) and the day-by-day reference (reference.ts) both interpret the same plan,
 * so the property test compares two independent implementations of the counting itself.
 */
import type { Policy } from './policy';
import type { RuleId } from './rule-ids';

/** deadlines.md §2: `excluding` = calendar days not counting days between sessions and long vacations. */
export type CountUnit = 'excluding' | 'school' | 'working' | 'calendar';

/** The end-of-year limits of `assessment-plan` (L670-672) and `initial-iep` (L642-646). */
export interface EndOfYearPlan {
  /** Which date must lie inside a term that ends a school year, `windowDays` or less before its last day. */
  basis: 'from' | 'referral';
  windowDays: number;
  /** The limit is the next term's start + `plusDays` plain days. */
  plusDays: number;
  /** initial-iep reading: the limit applies only if consent (`from`) arrives before the next term starts. */
  consentBeforeNextTerm: boolean;
  /** Words for the basis date in explanations ("referral", "consent"). */
  basisLabel: string;
  /** Policy option that sets the window, named in explanations. */
  windowOption?: string;
}

export type RulePlan =
  | {
      kind: 'count';
      unit: CountUnit;
      days: number;
      /** iaes-end, nps-md-request: `from` itself is day 1 when it is a counted day (L7959, L9182). */
      fromIsDayOne?: boolean;
      endOfYear?: EndOfYearPlan;
      /** Why this unit (reading of an ambiguous text, policy option), one explanation line. */
      note?: string;
    }
  /** Same month and day `years` later (29 February → 28 February when needed). */
  | { kind: 'anniversary'; years: number; note?: string }
  /** Plain calendar months later, clamped to the month's end. */
  | { kind: 'months'; months: number; note?: string }
  /** early-start-transition: earliest = 3rd birthday − windowMonths, due = 3rd birthday − daysBefore. */
  | { kind: 'transition-window'; windowMonths: number; daysBefore: number; note?: string }
  /** age-out month rules, L6800-6826. */
  | { kind: 'age-out'; octDecEndOfFiscalYear: boolean; note?: string }
  /** postsecondary-follow-up: June CASEMIS after the school year of exit, L7009-7015. */
  | { kind: 'postsecondary'; note?: string };

export type RuleFamily = 'evaluation' | 'records' | 'discipline' | 'early-start' | 'age' | 'dispute' | 'surrogate' | 'placement';

export interface RuleDefinition {
  id: RuleId;
  /** Short title for notices ("Assessment plan"). */
  title: string;
  /** What happens on the trigger date, written after the date ("referral received"). */
  trigger: string;
  /** Handbook lines (`L665-674`) and the Appendix B entry when a reading was chosen. */
  citation: string;
  family: RuleFamily;
  /** Only `initial-iep` takes a referral date (deadlines.md §4). */
  needsReferral?: boolean;
  plan(policy: Policy): RulePlan;
}

export function count(unit: CountUnit, days: number, extra: Partial<Extract<RulePlan, { kind: 'count' }>> = {}): RulePlan {
  return { kind: 'count', unit, days, ...extra };
}

/** A plan needs the calendar when it counts anything but plain calendar days (deadlines.md §1). */
export function planNeedsCalendar(plan: RulePlan): boolean {
  return plan.kind === 'count' && (plan.unit !== 'calendar' || plan.endOfYear !== undefined);
}

/** Nominal length in days, for the reminder classes of processes.md §0. */
export function planLengthClass(plan: RulePlan): 'short' | 'medium' | 'long' {
  if (plan.kind !== 'count') return 'long';
  if (plan.days <= 5) return 'short';
  return plan.days <= 60 ? 'medium' : 'long';
}
