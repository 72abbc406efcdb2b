/**
 * Rules of the evaluation and IEP cycle, transfers and records (deadlines.md §3 and processes.md
 * Appendix A). Each entry says how it counts under a policy; evaluate.ts does the counting.
 */
import { count, type EndOfYearPlan, type RuleDefinition } from './plans';
import type { Policy } from './policy';

/** L670-672: "within 10 days after the commencement of the subsequent regular school year when the referral has been made 20 days or less prior to the end". */
function planLimit(policy: Policy, basisLabel: string): EndOfYearPlan {
  return {
    basis: 'from',
    windowDays: policy.assessmentPlanEndOfYearWindow,
    plusDays: 10,
    consentBeforeNextTerm: false,
    basisLabel,
    windowOption: 'assessmentPlanEndOfYearWindow',
  };
}

const planCounting = (policy: Policy, basisLabel: string) =>
  policy.assessmentPlanCalendarDays
    ? count('calendar', 15, { endOfYear: planLimit(policy, basisLabel), note: 'plain calendar days (policy assessmentPlanCalendarDays, B-2)' })
    : count('excluding', 15, { endOfYear: planLimit(policy, basisLabel) });

/** L642-646: IEP "within 30 days after the commencement of the subsequent regular school year" for a referral 30 days or less before its end. */
function iepLimit(policy: Policy): EndOfYearPlan {
  if (policy.endOfYearIepUsesConsentDate) {
    return { basis: 'from', windowDays: 30, plusDays: 30, consentBeforeNextTerm: false, basisLabel: 'consent' };
  }
  return {
    basis: 'referral',
    windowDays: 30,
    plusDays: 30,
    consentBeforeNextTerm: !policy.endOfYearIepIgnoresConsentDate,
    basisLabel: 'referral',
  };
}

export const EVALUATION_RULES: RuleDefinition[] = [
  {
    id: 'assessment-plan',
    title: 'Assessment plan',
    trigger: 'referral received',
    citation: 'L665-674',
    family: 'evaluation',
    plan: (p) => planCounting(p, 'referral'),
  },
  {
    id: 'reassessment-plan',
    title: 'Reassessment plan',
    trigger: 'reassessment request received',
    citation: 'L665-674, L938-940, L11009-11014',
    family: 'evaluation',
    plan: (p) => planCounting(p, 'request'),
  },
  {
    id: 'out-of-state-assessment-plan',
    title: 'Assessment plan after an out-of-state transfer',
    trigger: 'enrolment from out of state, district decided to assess',
    citation: 'L6647-6652, L665-674 (B-22)',
    family: 'evaluation',
    // B-22: the enrolment date stands for the referral date; counted exactly as assessment-plan.
    plan: (p) => planCounting(p, 'enrolment'),
  },
  {
    id: 'consent-response',
    title: "Parent's answer to the assessment plan",
    trigger: 'assessment plan received by the parent',
    citation: 'L726-727, L3627 (B-28)',
    family: 'evaluation',
    // "at least 15 days": due is the parent's last day; silence counts from the day after.
    plan: () => count('calendar', 15),
  },
  {
    id: 'initial-iep',
    title: 'Initial IEP meeting',
    trigger: 'written consent received',
    citation: 'L634-648, L6195-6198',
    family: 'evaluation',
    needsReferral: true,
    plan: (p) =>
      p.initialIepCalendarDays
        ? count('calendar', 60, { endOfYear: iepLimit(p), note: 'plain calendar days (policy initialIepCalendarDays, B-1, L729-730)' })
        : count('excluding', 60, { endOfYear: iepLimit(p) }),
  },
  {
    id: 'reassessment-iep',
    title: 'IEP meeting after reassessment',
    trigger: 'reassessment consent (or proceed date) received',
    citation: 'L642-644, L6195-6198 (B-13)',
    family: 'evaluation',
    // B-13: initial-iep counting. No referral date exists here, so the end-of-year limit reads
    // the 30 days from the consent (the endOfYearIepUsesConsentDate reading).
    plan: (p) =>
      count(p.initialIepCalendarDays ? 'calendar' : 'excluding', 60, {
        endOfYear: { basis: 'from', windowDays: 30, plusDays: 30, consentBeforeNextTerm: false, basisLabel: 'consent' },
        note: 'counted as initial-iep (B-13); end-of-year limit read from the consent date',
      }),
  },
  {
    id: 'iep-after-need',
    title: 'IEP meeting after need determined',
    trigger: 'pupil found to need special education',
    citation: 'L648-651',
    family: 'evaluation',
    plan: () => count('calendar', 30),
  },
  {
    id: 'parent-request-meeting',
    title: 'IEP meeting on parent request',
    trigger: "parent's written request received",
    citation: 'L6387 (B-27)',
    family: 'evaluation',
    plan: (p) =>
      p.parentRequestExcludesVacations
        ? count('excluding', 30, { note: 'EC 56343.5 reading (policy parentRequestExcludesVacations, B-27)' })
        : count('calendar', 30),
  },
  {
    id: 'annual-review',
    title: 'Annual IEP review',
    trigger: 'last annual IEP meeting',
    citation: 'L6381-6384',
    family: 'evaluation',
    plan: () => ({ kind: 'anniversary', years: 1 }),
  },
  {
    id: 'triennial',
    title: 'Triennial reassessment',
    trigger: 'last (re)assessment eligibility meeting',
    citation: 'L935-937',
    family: 'evaluation',
    plan: () => ({ kind: 'anniversary', years: 3 }),
  },
  {
    id: 'transfer-iep',
    title: 'Adopt prior IEP or hold a new IEP after transfer',
    trigger: 'enrolment from another California SELPA',
    citation: 'L6629-6634',
    family: 'evaluation',
    plan: () => count('calendar', 30),
  },
  {
    id: 'revocation-pwn',
    title: 'Prior written notice after revocation',
    trigger: 'written revocation received',
    citation: 'L3498-3504 (B-21)',
    family: 'evaluation',
    plan: (p) => count('working', p.revocationPwnDays, { note: 'design default B-21 (policy revocationPwnDays)' }),
  },
  {
    id: 'signature-follow-up',
    title: 'Signed IEP follow-up letter',
    trigger: 'IEP left unsigned (or previous letter sent)',
    citation: 'L18552-18664',
    family: 'evaluation',
    plan: (p) => count('working', p.signatureFollowUpDays, { note: 'the handbook gives no interval (policy signatureFollowUpDays)' }),
  },
  {
    id: 'records-access',
    title: 'Parent access to records',
    trigger: "parent's request to see records",
    citation: 'L4059-4060, L3727-3728 (B-18)',
    family: 'records',
    plan: () => count('working', 5),
  },
  {
    id: 'records-forward',
    title: 'Records sent to the new school',
    trigger: 'records request from the new school received',
    citation: 'L6656-6659',
    family: 'records',
    plan: () => count('working', 5),
  },
  {
    id: 'records-copies',
    title: 'Copies of records mailed',
    trigger: 'copies requested',
    citation: 'L4121-4122',
    family: 'records',
    // "within one or two days of the request": the later bound, plain days.
    plan: () => count('calendar', 2),
  },
  {
    id: 'records-amendment-meeting',
    title: 'Superintendent meeting on a records challenge',
    trigger: 'written amendment request received',
    citation: 'L4275-4277',
    family: 'records',
    plan: () => count('calendar', 30),
  },
  {
    id: 'records-amendment-appeal-window',
    title: 'Parent may appeal the records decision',
    trigger: "superintendent's decision",
    citation: 'L4280-4281',
    family: 'records',
    plan: () => count('calendar', 30),
  },
  {
    id: 'records-amendment-board-hearing',
    title: 'Board hearing on a records appeal',
    trigger: 'appeal received',
    citation: 'L4282-4284',
    family: 'records',
    plan: () => count('calendar', 30),
  },
];
