/**
 * Surrogate parents, IEE, mediation, due process, private-school and SCIA rules (processes.md
 * P19-P25, Appendix A). "Business days" are working days (deadlines.md §1).
 */
import { count, type RuleDefinition } from './plans';

export const DISPUTE_RULES: RuleDefinition[] = [
  { id: 'interim-surrogate-notify', title: 'SELPA told an interim surrogate is needed', trigger: 'need for an interim surrogate found', citation: 'L10029-10032', family: 'surrogate', plan: () => count('working', 2) },
  { id: 'interim-surrogate-assign', title: 'Interim surrogate assigned', trigger: 'need for an interim surrogate found', citation: 'L10037-10038', family: 'surrogate', plan: () => count('working', 5) },
  { id: 'surrogate-court-notice', title: 'Court notice forwarded to the SELPA', trigger: 'court notice received', citation: 'L10079-10086', family: 'surrogate', plan: () => count('working', 2) },
  { id: 'surrogate-investigation', title: 'Surrogate investigation report', trigger: 'allegation reported', citation: 'L10108-10111', family: 'surrogate', plan: () => count('calendar', 30) },
  { id: 'surrogate-termination-decision', title: 'SELPA decides on terminating a surrogate', trigger: 'information received by the SELPA director', citation: 'L10114-10117', family: 'surrogate', plan: () => count('working', 5) },
  { id: 'surrogate-termination-notice', title: 'Surrogate told of termination', trigger: 'termination decided', citation: 'L10118-10122', family: 'surrogate', plan: () => count('working', 5) },
  { id: 'surrogate-replacement', title: 'Interim or new surrogate assigned', trigger: 'surrogate terminated', citation: 'L10130-10132', family: 'surrogate', plan: () => count('working', 2) },
  { id: 'surrogate-evaluation', title: 'Yearly surrogate evaluation', trigger: 'appointment or last evaluation', citation: 'L10052-10056', family: 'surrogate', plan: () => ({ kind: 'anniversary', years: 1 }) },
  {
    id: 'iee-decision',
    title: 'District decision on an IEE request',
    trigger: 'IEE requested',
    citation: 'L12229-12234, L12378-12382 (B-23)',
    family: 'dispute',
    plan: (p) => count('working', p.ieeDecisionWorkingDays, { note: '"without unnecessary delay": policy ieeDecisionWorkingDays (B-23)' }),
  },
  { id: 'mediation-schedule', title: 'Mediation conference scheduled', trigger: 'mediation request received', citation: 'L3761-3762', family: 'dispute', plan: () => count('calendar', 15) },
  { id: 'mediation-complete', title: 'Mediation conference completed', trigger: 'mediation request received', citation: 'L3762-3763', family: 'dispute', plan: () => count('calendar', 30, { note: 'both parties may agree to extend (L3763)' }) },
  { id: 'due-process-response', title: "District's written response to the complaint", trigger: "parent's due process complaint received", citation: 'L13956-13965', family: 'dispute', plan: () => count('calendar', 10) },
  { id: 'notice-of-insufficiency', title: 'Notice of insufficiency to OAH', trigger: 'due process complaint received', citation: 'L13966-13969', family: 'dispute', plan: () => count('calendar', 15) },
  { id: 'resolution-session', title: 'Resolution session', trigger: 'due process complaint received', citation: 'L13972-13975, L3813-3816', family: 'dispute', plan: () => count('calendar', 15) },
  { id: 'resolution-period', title: 'Resolution period ends', trigger: 'due process complaint received', citation: 'L3825-3826, L13976-13977', family: 'dispute', plan: () => count('calendar', 30) },
  {
    id: 'resolution-agreement-review',
    title: 'Resolution agreement review period ends',
    trigger: 'agreement signed',
    citation: 'L14006-14007, L14066-14068 (B-15)',
    family: 'dispute',
    plan: (p) => count('working', p.settlementReviewDays, { note: 'business days; break days count (policy settlementReviewDays, B-15)' }),
  },
  {
    id: 'due-process-decision',
    title: 'Due process hearing and decision',
    trigger: 'end of the resolution period',
    citation: 'L13978-13985 (B-24)',
    family: 'dispute',
    // B-24: the 45-day period starts the day after the resolution period ends (that day is day 1).
    plan: (p) =>
      p.dueProcessPeriodStartsOnResolutionEnd
        ? count('calendar', 45, { fromIsDayOne: true, note: "the resolution period's last day is day 1 (policy dueProcessPeriodStartsOnResolutionEnd, B-24)" })
        : count('calendar', 45, { note: 'the 45 days start the day after the resolution period ends (B-24)' }),
  },
  { id: 'civil-appeal', title: 'Civil action on the hearing decision', trigger: 'final hearing decision', citation: 'L3837-3839', family: 'dispute', plan: () => count('calendar', 90) },
  { id: 'services-plan-review', title: 'Services plan review', trigger: 'last services plan', citation: 'L11242', family: 'placement', plan: () => ({ kind: 'anniversary', years: 1 }) },
  { id: 'private-statement-forward', title: "Parent's statement forwarded to the LEA", trigger: "parent's statement received by the district of residence", citation: 'L11250-11253', family: 'placement', plan: () => count('working', 3) },
  { id: 'scia-dor-contact', title: 'Provider contacts the district of residence about SCIA', trigger: 'SCIA request', citation: 'L14577-14579', family: 'placement', plan: () => count('school', 10) },
  { id: 'scia-forms', title: 'SCIA rubric and observation sent', trigger: 'SCIA request', citation: 'L14583-14585', family: 'placement', plan: () => count('calendar', 30) },
  { id: 'scia-review', title: 'SCIA review at an IEP', trigger: 'SCIA added to the IEP', citation: 'L14467-14468', family: 'placement', plan: () => ({ kind: 'months', months: 6 }) },
];
