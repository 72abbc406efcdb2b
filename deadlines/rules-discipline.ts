/**
 * Discipline, behavioural emergencies and NPS notices (deadlines.md §3, processes.md P11-P14,
 * P23 and Appendix A).
 */
import { count, type RuleDefinition } from './plans';

export const DISCIPLINE_RULES: RuleDefinition[] = [
  {
    id: 'manifestation-determination',
    title: 'Manifestation determination meeting',
    trigger: 'decision to change placement for discipline',
    citation: 'L7878-7881, L7908 (B-4)',
    family: 'discipline',
    plan: (p) =>
      p.manifestationCalendarDays
        ? count('calendar', 10, { note: '"ten (10) days" reading, L3892-3893 (policy manifestationCalendarDays, B-4)' })
        : count('school', 10),
  },
  {
    id: 'discipline-decision-notice',
    title: 'Parent notice of the discipline decision',
    trigger: 'change-of-placement decision',
    citation: 'L7874-7877, L7904-7906',
    family: 'discipline',
    // "no later than the date on which the decision ... is made": the same day.
    plan: () => count('calendar', 0),
  },
  {
    id: 'iaes-end',
    title: 'End of the 45-school-day interim setting',
    trigger: 'first day in the interim alternative setting',
    citation: 'L7958-7962 (B-31)',
    family: 'discipline',
    plan: () => count('school', 45, { fromIsDayOne: true }),
  },
  {
    id: 'expedited-hearing',
    title: 'Expedited hearing',
    trigger: 'expedited hearing requested',
    citation: 'L7999-8000 (B-9)',
    family: 'discipline',
    plan: () => count('school', 20),
  },
  {
    id: 'expedited-decision',
    title: 'Expedited hearing decision',
    trigger: 'expedited hearing held',
    citation: 'L8000-8001 (B-9)',
    family: 'discipline',
    plan: () => count('school', 10),
  },
  {
    id: 'behavior-emergency-notice',
    title: 'Parent told of a behavioural emergency',
    trigger: 'behavioural emergency incident',
    citation: 'L12533-12536, L18502-18503 (B-8)',
    family: 'discipline',
    plan: (p) =>
      p.behaviorNoticeWithin24Hours
        ? count('calendar', 1, { note: 'within 24 hours, L18495 (policy behaviorNoticeWithin24Hours, B-8)' })
        : count('school', 1, { note: 'by the next school day' }),
  },
  {
    id: 'behavior-emergency-iep',
    title: 'IEP meeting scheduled after a behavioural emergency',
    trigger: 'behavioural emergency report for a student without a BIP',
    citation: 'L12551-12553, L18480-18481 (B-6)',
    family: 'discipline',
    plan: (p) => {
      if (p.behaviorEmergencyIepSchoolDays) return count('school', 2, { note: '"within two days" read as school days (policy behaviorEmergencyIepSchoolDays, B-6)' });
      if (p.behaviorEmergencyIepCalendarDays) return count('calendar', 2, { note: '"within two days" read as calendar days (policy behaviorEmergencyIepCalendarDays, B-6)' });
      return count('working', 2, { note: '"within two days" has no unit: working days (design default B-6)' });
    },
  },
  {
    id: 'nps-suspension-notice',
    title: 'NPS written notice of a suspension',
    trigger: 'suspension at the nonpublic school',
    citation: 'L9178-9181',
    family: 'placement',
    // "within five (5) days": calendar days, as 34 CFR 300.11 reads "day" and Appendix C18 expects.
    plan: () => count('calendar', 5, { note: '"five (5) days" read as calendar days (Appendix C18)' }),
  },
  {
    id: 'nps-md-request',
    title: 'NPS asks for a manifestation determination',
    trigger: 'first day of the suspension at the nonpublic school',
    citation: 'L9181-9184 (B-4)',
    family: 'placement',
    // "no later than the 10th day of suspension": the first suspension day is day 1.
    plan: (p) =>
      p.manifestationCalendarDays
        ? count('calendar', 10, { fromIsDayOne: true, note: 'calendar days (policy manifestationCalendarDays, B-4)' })
        : count('school', 10, { fromIsDayOne: true, note: 'school days (B-4); the first suspension day is day 1' }),
  },
  {
    id: 'nps-residence-notify',
    title: 'NPS tells the district of a change of residence',
    trigger: 'NPS learns of the move',
    citation: 'L9019-9026 (B-32)',
    family: 'placement',
    plan: (p) =>
      p.npsResidenceNoticeWithin24Hours
        ? count('calendar', 1, { note: '"immediately (within 24 hours)", L8499-8501 (policy npsResidenceNoticeWithin24Hours, B-32)' })
        : count('school', 5, { note: 'five school days, L9019-9020 (Appendix C18)' }),
  },
  {
    id: 'nps-residence-review',
    title: 'IEP review of the NPS placement after a move',
    trigger: "student's records received by the new district",
    citation: 'L8507-8509',
    family: 'placement',
    plan: () => count('working', 15),
  },
  {
    id: 'nps-out-of-state-report',
    title: 'Report to CDE on an out-of-state NPS placement',
    trigger: 'out-of-state placement decision',
    citation: 'L8302-8305',
    family: 'placement',
    plan: () => count('calendar', 15),
  },
  {
    id: 'nps-termination-notice',
    title: 'NPS contract ends after notice',
    trigger: 'termination notice given',
    citation: 'L8363-8364, L8894-8897',
    family: 'placement',
    plan: () => count('calendar', 20),
  },
];
