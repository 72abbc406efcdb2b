/**
 * The deadline engine (deadlines.md): calendars, day index, rules, explanations. Pure: no Node
 * APIs, no clock; safe inside the Temporal workflow sandbox.
 */
export { calendarSchema, parseCalendar, type Calendar, type CalendarInput, type Closure, type Term } from './calendar';
export { describeDay, dayKind, isSchoolDay, isWorkingDay, type DayDescription, type DayKind } from './calendar-view';
export { indexCalendar, type CalendarIndex } from './day-index';
export { addMonths, anniversary, dayOfWeek, isIsoDate, parseDayNumber, toDayNumber, toIso } from './day-number';
export { CalendarCoverageError, DeadlineInputError } from './errors';
export type { CountUnit, RuleDefinition, RulePlan } from './plans';
export { DEFAULT_POLICY, POLICY_NAMES, parsePolicyAssignments, resolvePolicy, type Policy, type PolicyName } from './policy';
export { APPENDIX_RULE_IDS, CONTRACT_RULE_IDS, RULE_IDS, isRuleId, type RuleId } from './rule-ids';
export {
  RULES,
  computeDates,
  computeDeadline,
  earliestOf,
  recompute,
  reminderDates,
  reminderSpecFor,
  ruleNeedsCalendar,
  ruleNeedsReferral,
  type DeadlineDates,
  type DeadlineRequest,
  type DeadlineResult,
  type RecomputeChange,
  type ReminderSpec,
  type RuleInfo,
} from './rules';
export { demoCalendars, isDemoCalendarId, type DemoCalendarId } from './calendars';
