/**
 * District policy options (deadlines.md §3, processes.md Appendix B). Every option has the
 * handbook's reading as its default; the other reading is the option. Values are booleans or
 * decimal integers, so the CLI's `--policy name=value` can set any of them.
 */
import { z } from 'zod';
import { DeadlineInputError } from './errors';

const days = (min: number, max: number, fallback: number) => z.number().int().min(min).max(max).default(fallback);

// Not an exported value: deadlines/ is preloaded and its exports deep-frozen (see calendar.ts).
const PolicySchema = z
  .object({
    /** Days before the term's last day inside which the assessment-plan end-of-year limit applies (L670; EC 56321(a) says 10). */
    assessmentPlanEndOfYearWindow: days(0, 60, 20),
    /** initial-iep: apply the end-of-year limit even when consent arrives after the next term starts (deadlines.md §3). */
    endOfYearIepIgnoresConsentDate: z.boolean().default(false),
    /** initial-iep: read the 30 days of the end-of-year limit from the consent, not the referral (deadlines.md §3). */
    endOfYearIepUsesConsentDate: z.boolean().default(false),
    /** parent-request-meeting: exclude days between sessions and long vacations (EC 56343.5; B-27). */
    parentRequestExcludesVacations: z.boolean().default(false),
    /** B-2: count the assessment plan's 15 days as plain calendar days (L3605-3606). The end-of-year limit still applies (L670). */
    assessmentPlanCalendarDays: z.boolean().default(false),
    /** B-1: count the initial IEP's 60 days as plain calendar days (L729-730). The end-of-year limit still applies. */
    initialIepCalendarDays: z.boolean().default(false),
    /** B-4: manifestation determination (and the NPS MD request) in calendar days ("ten (10) days", L3892-3893). */
    manifestationCalendarDays: z.boolean().default(false),
    /** B-6: behaviour-emergency IEP meeting scheduled within 2 school days instead of working days. */
    behaviorEmergencyIepSchoolDays: z.boolean().default(false),
    /** B-6: behaviour-emergency IEP meeting scheduled within 2 calendar days. */
    behaviorEmergencyIepCalendarDays: z.boolean().default(false),
    /** B-8: parent told of a behavioural emergency within 24 hours (the next calendar day, L18495). */
    behaviorNoticeWithin24Hours: z.boolean().default(false),
    /** B-21: working days for the prior written notice after a revocation. */
    revocationPwnDays: days(1, 30, 5),
    /** Working days between the Signed IEP Requirement letters (L18552-18664 give none). */
    signatureFollowUpDays: days(1, 60, 10),
    /** B-23: working days for the district's IEE decision ("without unnecessary delay"). */
    ieeDecisionWorkingDays: days(1, 60, 10),
    /** B-15: business days in which a resolution agreement may be voided (L14006-14007). */
    settlementReviewDays: days(1, 10, 3),
    /** B-24: count the 45-day period with the resolution period's last day as day 1 (default: the day after is day 1). */
    dueProcessPeriodStartsOnResolutionEnd: z.boolean().default(false),
    /** B-26: unitless short "days" (L1767-1769) as calendar days instead of working days. */
    unitlessDaysAreCalendarDays: z.boolean().default(false),
    /** B-33: months before the third birthday at which the Early Start transition window opens (L1416-1417). */
    transitionWindowMonths: days(3, 6, 6),
    /** B-32: NPS tells the district of a move within 24 hours (L8499-8501) instead of 5 school days (L9019-9020). */
    npsResidenceNoticeWithin24Hours: z.boolean().default(false),
    /** L6820-6826: a student turning 22 in October–December stays to the fiscal year's end (exceptions apply). */
    ageOutOctDecEndOfFiscalYear: z.boolean().default(false),
  })
  .strict()
  .refine((p) => !(p.behaviorEmergencyIepSchoolDays && p.behaviorEmergencyIepCalendarDays), {
    message: 'cannot be combined with behaviorEmergencyIepSchoolDays',
    path: ['behaviorEmergencyIepCalendarDays'],
  });

export type Policy = z.output<typeof PolicySchema>;
export type PolicyName = keyof Policy;

export const DEFAULT_POLICY: Readonly<Policy> = Object.freeze(PolicySchema.parse({}));
export const POLICY_NAMES = Object.keys(DEFAULT_POLICY) as PolicyName[];

const resolved = new WeakMap<object, Policy>();

/** Defaults merged with a district's partial policy; cached per object (policies are reused). */
export function resolvePolicy(partial: Partial<Policy> | undefined): Policy {
  if (partial === undefined) return DEFAULT_POLICY;
  if (partial === null || typeof partial !== 'object') throw new DeadlineInputError('policy', 'must be an object of policy options');
  const hit = resolved.get(partial);
  if (hit) return hit;
  const parsed = PolicySchema.safeParse(partial);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (issue.code === 'unrecognized_keys') throw new DeadlineInputError(`policy.${issue.keys[0]}`, 'unknown policy option');
    throw new DeadlineInputError(`policy.${issue.path.map(String).join('.')}`, issue.message);
  }
  const policy = Object.freeze(parsed.data);
  resolved.set(partial, policy);
  return policy;
}

/**
 * `['name=value', …]` → a partial policy. Values are `true`/`false` or a decimal integer as the
 * option requires (deadlines.md §3); an unknown name, a bad value or a repeated name is refused
 * with the option named in the error's field (`policy.<name>`).
 */
export function parsePolicyAssignments(assignments: readonly string[]): Partial<Policy> {
  const out: Record<string, boolean | number> = {};
  for (const text of assignments) {
    const match = /^([A-Za-z][A-Za-z0-9]*)=(.*)$/.exec(text);
    if (!match) throw new DeadlineInputError('policy', `expected name=value, got ${JSON.stringify(text)}`);
    const [, name, raw] = match;
    if (!(name in DEFAULT_POLICY)) throw new DeadlineInputError(`policy.${name}`, 'unknown policy option');
    if (name in out) throw new DeadlineInputError(`policy.${name}`, 'given more than once');
    const fallback = DEFAULT_POLICY[name as PolicyName];
    if (typeof fallback === 'boolean') {
      if (raw !== 'true' && raw !== 'false') throw new DeadlineInputError(`policy.${name}`, `must be true or false, got ${JSON.stringify(raw)}`);
      out[name] = raw === 'true';
    } else {
      if (!/^\d{1,6}$/.test(raw)) throw new DeadlineInputError(`policy.${name}`, `must be a decimal integer, got ${JSON.stringify(raw)}`);
      out[name] = Number(raw);
    }
  }
  resolvePolicy(out as Partial<Policy>); // range and combination checks, with the option named
  return out as Partial<Policy>;
}
