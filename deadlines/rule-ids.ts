/**
 * Every deadline rule id the product knows. Ids are stable: notices, tests, exports and
 * running workflows use them. The first block is the contract table (../shared/spec/deadlines.md §3);
 * the second block is processes.md Appendix A, added as the charts need them.
 * The engine (deadlines/rules.ts) must implement every id listed here; a test checks it.
 */
export const CONTRACT_RULE_IDS = [
  'assessment-plan',
  'reassessment-plan',
  'consent-response',
  'initial-iep',
  'iep-after-need',
  'parent-request-meeting',
  'annual-review',
  'triennial',
  'transfer-iep',
  'records-access',
  'records-forward',
  'manifestation-determination',
  'iaes-end',
  'expedited-hearing',
  'expedited-decision',
  'behavior-emergency-notice',
  'resolution-session',
  'early-start-ifsp',
  'early-start-transition',
  'early-start-iep',
  'transition-plan',
  'age-of-majority-notice',
] as const;

/** Appendix A ids with a count the handbook (or a design default in Appendix B) fixes. */
export const APPENDIX_RULE_IDS = [
  'reassessment-iep',
  'revocation-pwn',
  'signature-follow-up',
  'out-of-state-assessment-plan',
  'early-start-referral',
  'early-start-dor-forward',
  'ifsp-review',
  'ifsp-annual',
  'early-start-30-month-notice',
  'early-start-transition-date-set',
  'early-start-records',
  'discipline-decision-notice',
  'behavior-emergency-iep',
  'nps-suspension-notice',
  'nps-md-request',
  'age-of-majority',
  'age-out',
  'postsecondary-follow-up',
  'records-copies',
  'records-amendment-meeting',
  'records-amendment-appeal-window',
  'records-amendment-board-hearing',
  'interim-surrogate-notify',
  'interim-surrogate-assign',
  'surrogate-court-notice',
  'surrogate-termination-decision',
  'surrogate-termination-notice',
  'surrogate-replacement',
  'surrogate-evaluation',
  'surrogate-investigation',
  'iee-decision',
  'mediation-schedule',
  'mediation-complete',
  'due-process-response',
  'notice-of-insufficiency',
  'resolution-period',
  'resolution-agreement-review',
  'due-process-decision',
  'civil-appeal',
  'services-plan-review',
  'private-statement-forward',
  'nps-out-of-state-report',
  'nps-termination-notice',
  'nps-residence-review',
  'nps-residence-notify',
  'scia-dor-contact',
  'scia-forms',
  'scia-review',
] as const;

export const RULE_IDS = [...CONTRACT_RULE_IDS, ...APPENDIX_RULE_IDS] as const;
export type RuleId = (typeof RULE_IDS)[number];

export function isRuleId(value: string): value is RuleId {
  return (RULE_IDS as readonly string[]).includes(value);
}
