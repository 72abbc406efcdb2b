/**
 * Search attributes of a case: ids, codes, dates and flags only — never a name or a birth
 * date — so the caseload can be queried through Temporal visibility
 * ("overdue at school X", "due this week for case manager Y").
 * The dev server registers exactly these (scripts/dev-server.ts reads SEARCH_ATTRIBUTE_TYPES).
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const SA = {
  studentId: defineSearchAttributeKey('CaseStudentId', SearchAttributeType.KEYWORD),
  district: defineSearchAttributeKey('CaseDistrict', SearchAttributeType.KEYWORD),
  calendar: defineSearchAttributeKey('CaseCalendar', SearchAttributeType.KEYWORD),
  school: defineSearchAttributeKey('CaseSchool', SearchAttributeType.KEYWORD),
  caseManager: defineSearchAttributeKey('CaseManager', SearchAttributeType.KEYWORD),
  nextRule: defineSearchAttributeKey('CaseNextRule', SearchAttributeType.KEYWORD),
  nextDue: defineSearchAttributeKey('CaseNextDue', SearchAttributeType.DATETIME),
  openProcesses: defineSearchAttributeKey('CaseOpenProcesses', SearchAttributeType.KEYWORD_LIST),
  states: defineSearchAttributeKey('CaseStates', SearchAttributeType.KEYWORD_LIST),
  overdueRules: defineSearchAttributeKey('CaseOverdueRules', SearchAttributeType.KEYWORD_LIST),
  overdue: defineSearchAttributeKey('CaseOverdue', SearchAttributeType.BOOL),
  problem: defineSearchAttributeKey('CaseProblem', SearchAttributeType.BOOL),
} as const;

/** name → CLI type, for `temporal server start-dev --search-attribute`. */
export const SEARCH_ATTRIBUTE_TYPES: Record<string, 'Keyword' | 'Datetime' | 'KeywordList' | 'Bool'> = {
  CaseStudentId: 'Keyword',
  CaseDistrict: 'Keyword',
  CaseCalendar: 'Keyword',
  CaseSchool: 'Keyword',
  CaseManager: 'Keyword',
  CaseNextRule: 'Keyword',
  CaseNextDue: 'Datetime',
  CaseOpenProcesses: 'KeywordList',
  CaseStates: 'KeywordList',
  CaseOverdueRules: 'KeywordList',
  CaseOverdue: 'Bool',
  CaseProblem: 'Bool',
};
