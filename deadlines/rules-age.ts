/**
 * Early Start (birth to three) and age-based rules (deadlines.md §3, processes.md P09, P15, P16,
 * Appendix A). Early Start counts plain calendar days year round (L1779-1781); birthdays are
 * anniversaries of the birth date.
 */
import { count, type RuleDefinition } from './plans';

export const AGE_RULES: RuleDefinition[] = [
  {
    id: 'early-start-referral',
    title: 'Early Start referral by the primary source',
    trigger: 'infant or toddler identified',
    citation: 'L1173-1175',
    family: 'early-start',
    // The handbook says "two (2) working days" in words; working days run year round.
    plan: () => count('working', 2),
  },
  {
    id: 'early-start-dor-forward',
    title: 'Early Start intake forwards the file to the district of residence',
    trigger: '34–35-month referral received by Early Start intake',
    citation: 'L1762-1770 (B-7, B-26)',
    family: 'early-start',
    plan: (p) =>
      p.unitlessDaysAreCalendarDays
        ? count('calendar', 2, { note: '"within 2 days" read as calendar days (policy unitlessDaysAreCalendarDays, B-26)' })
        : count('working', 2, { note: '"within 2 days" has no unit: working days (design default B-26)' }),
  },
  {
    id: 'early-start-ifsp',
    title: 'Initial IFSP',
    trigger: 'referral to Early Start received',
    citation: 'L1328-1330, L1771-1784',
    family: 'early-start',
    plan: () => count('calendar', 45, { note: 'Early Start counts calendar days year round (L1779-1781)' }),
  },
  {
    id: 'ifsp-review',
    title: 'IFSP periodic review',
    trigger: 'last IFSP or review',
    citation: 'L1331-1332, L1395-1397, L1953-1954',
    family: 'early-start',
    plan: () => ({ kind: 'months', months: 6 }),
  },
  {
    id: 'ifsp-annual',
    title: 'Annual IFSP',
    trigger: 'last annual IFSP',
    citation: 'L1395, L1955-1956',
    family: 'early-start',
    plan: () => ({ kind: 'anniversary', years: 1 }),
  },
  {
    id: 'early-start-30-month-notice',
    title: 'Early Start notice to the district at 30 months',
    trigger: "child's birth date",
    citation: 'L1409-1411, L1636-1639',
    family: 'early-start',
    plan: () => ({ kind: 'months', months: 30 }),
  },
  {
    id: 'early-start-transition-date-set',
    title: 'Transition planning meeting date set',
    trigger: 'written invitation to the district and parents',
    citation: 'L1640-1642',
    family: 'early-start',
    plan: () => count('calendar', 30),
  },
  {
    id: 'early-start-transition',
    title: 'Early Start transition planning meeting',
    trigger: "child's birth date",
    citation: 'L1415-1418 (B-33)',
    family: 'early-start',
    plan: (p) => ({ kind: 'transition-window', windowMonths: p.transitionWindowMonths, daysBefore: 90 }),
  },
  {
    id: 'early-start-iep',
    title: 'IEP in effect on the third birthday',
    trigger: "child's birth date",
    citation: 'L1412-1415, L1804-1806',
    family: 'early-start',
    plan: () => ({ kind: 'anniversary', years: 3, note: 'Early Start services end the day before the third birthday (L1804-1806)' }),
  },
  {
    id: 'early-start-records',
    title: 'Early Start copies of records',
    trigger: 'records request (Part C)',
    citation: 'L1885-1886',
    family: 'early-start',
    plan: () => count('calendar', 5, { note: 'Early Start counts calendar days (L1779-1781)' }),
  },
  {
    id: 'transition-plan',
    title: 'Transition plan in the IEP in effect at 16',
    trigger: "student's birth date",
    citation: 'L6365-6371 (B-3)',
    family: 'age',
    plan: () => ({ kind: 'anniversary', years: 16 }),
  },
  {
    id: 'age-of-majority-notice',
    title: 'Student and parent told of the rights transfer',
    trigger: "student's birth date",
    citation: 'L6372-6374, L3473-3478',
    family: 'age',
    plan: () => ({ kind: 'anniversary', years: 17 }),
  },
  {
    id: 'age-of-majority',
    title: 'Rights transfer at 18',
    trigger: "student's birth date",
    citation: 'L3473-3476',
    family: 'age',
    plan: () => ({ kind: 'anniversary', years: 18 }),
  },
  {
    id: 'age-out',
    title: 'Exit on reaching age 22',
    trigger: "student's birth date",
    citation: 'L6800-6826, L6504-6505',
    family: 'age',
    plan: (p) => ({ kind: 'age-out', octDecEndOfFiscalYear: p.ageOutOctDecEndOfFiscalYear }),
  },
  {
    id: 'postsecondary-follow-up',
    title: 'Postsecondary follow-up (RPT 7) in the June CASEMIS report',
    trigger: 'exit by diploma or by age',
    citation: 'L7009-7015, L17623-17629',
    family: 'age',
    plan: () => ({ kind: 'postsecondary' }),
  },
];
