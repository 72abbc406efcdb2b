/**
 * Every date processes.md Appendix C (case histories C1-C19) expects from the engine, on the
 * demo calendar with default policy options. "actBy given where it differs": rows without an
 * actBy expect actBy = due when the calendar covers it, null when it does not.
 */
import { describe, expect, it } from 'vitest';
import { earliestOf, reminderDates, reminderSpecFor, type Policy, type RuleId } from '../../../deadlines';
import { ask, demo, snow } from './fixtures';

type Row = [history: string, rule: RuleId, from: string, due: string, extra?: { referral?: string; actBy?: string | null; earliest?: string; policy?: Partial<Policy> }];

const inDemoSpan = (d: string) => d >= '2026-08-12' && d <= '2028-06-02';

const rows: Row[] = [
  ['C1', 'assessment-plan', '2026-10-05', '2026-10-20'],
  ['C1', 'consent-response', '2026-10-14', '2026-10-29'],
  ['C1', 'initial-iep', '2026-10-21', '2027-01-05', { referral: '2026-10-05' }],
  ['C1', 'annual-review', '2026-12-10', '2027-12-10'],
  ['C1', 'triennial', '2026-12-10', '2029-12-10'],
  ['C2', 'assessment-plan', '2027-01-11', '2027-01-26'],
  ['C2', 'consent-response', '2027-01-20', '2027-02-04'],
  ['C2', 'initial-iep', '2027-04-12', '2027-08-18', { referral: '2027-01-11' }],
  ['C3', 'assessment-plan', '2026-11-30', '2026-12-15'],
  ['C3', 'initial-iep', '2026-12-14', '2027-02-28', { referral: '2026-11-30', actBy: '2027-02-26' }],
  ['C4', 'revocation-pwn', '2027-02-22', '2027-03-01'],
  ['C5', 'annual-review', '2025-11-04', '2026-11-04'],
  ['C5', 'annual-review', '2026-10-28', '2027-10-28'],
  ['C6', 'triennial', '2024-01-20', '2027-01-20'],
  ['C6', 'reassessment-iep', '2026-11-16', '2027-01-31', { actBy: '2027-01-29' }],
  ['C6', 'triennial', '2027-01-12', '2030-01-12'],
  ['C6', 'triennial', '2027-03-03', '2030-03-03'],
  ['C6', 'reassessment-plan', '2027-03-22', '2027-04-06'],
  ['C7', 'parent-request-meeting', '2026-12-10', '2027-01-09', { actBy: '2027-01-08' }],
  ['C7', 'parent-request-meeting', '2026-12-10', '2027-01-25', { policy: { parentRequestExcludesVacations: true } }],
  ['C8', 'early-start-ifsp', '2026-09-21', '2026-11-05'],
  ['C8', 'ifsp-review', '2026-10-29', '2027-04-29'],
  ['C8', 'ifsp-annual', '2026-10-29', '2027-10-29'],
  ['C8', 'early-start-30-month-notice', '2024-04-20', '2026-10-20'],
  ['C8', 'early-start-transition', '2024-04-20', '2027-01-20', { earliest: '2026-10-20' }],
  ['C8', 'assessment-plan', '2026-11-20', '2026-12-05', { actBy: '2026-12-04' }],
  ['C8', 'initial-iep', '2026-12-03', '2027-02-17', { referral: '2026-11-20' }],
  ['C8', 'early-start-iep', '2024-04-20', '2027-04-20'],
  ['C8', 'early-start-ifsp', '2027-06-16', '2027-07-31', { actBy: '2027-07-30' }],
  ['C9', 'transfer-iep', '2026-09-14', '2026-10-14'],
  ['C9', 'records-forward', '2026-09-15', '2026-09-22'],
  ['C9', 'annual-review', '2026-10-08', '2027-10-08'],
  ['C9', 'out-of-state-assessment-plan', '2027-01-19', '2027-02-03'],
  ['C10', 'manifestation-determination', '2027-01-13', '2027-01-27'],
  ['C10', 'expedited-hearing', '2027-01-25', '2027-03-01'],
  ['C11', 'manifestation-determination', '2027-03-02', '2027-03-16'],
  ['C11', 'iaes-end', '2027-03-03', '2027-05-11'],
  ['C11', 'expedited-hearing', '2027-03-10', '2027-04-14'],
  ['C11', 'expedited-decision', '2027-04-07', '2027-04-21'],
  ['C12', 'behavior-emergency-notice', '2027-02-11', '2027-02-12'],
  ['C12', 'behavior-emergency-iep', '2027-02-11', '2027-02-15'],
  ['C12', 'behavior-emergency-iep', '2027-02-11', '2027-02-22', { policy: { behaviorEmergencyIepSchoolDays: true } }],
  ['C13', 'transition-plan', '2011-01-15', '2027-01-15'],
  ['C13', 'age-of-majority-notice', '2009-11-20', '2026-11-20'],
  // "rights transfer 2027-11-20" is a Saturday; the engine's actBy is the Friday before.
  ['C13', 'age-of-majority', '2009-11-20', '2027-11-20', { actBy: '2027-11-19' }],
  ['C13', 'age-of-majority', '2008-12-09', '2026-12-09'],
  ['C13', 'postsecondary-follow-up', '2027-06-03', '2028-06-30'],
  ['C13', 'age-out', '2005-02-10', '2027-06-30'],
  ['C14', 'records-access', '2026-11-20', '2026-12-01'],
  ['C14', 'records-copies', '2026-11-30', '2026-12-02'],
  ['C14', 'records-amendment-meeting', '2026-12-07', '2027-01-06'],
  ['C14', 'records-amendment-appeal-window', '2027-01-05', '2027-02-04'],
  ['C14', 'records-amendment-board-hearing', '2027-01-20', '2027-02-19'],
  ['C15', 'interim-surrogate-notify', '2026-09-08', '2026-09-10'],
  ['C15', 'interim-surrogate-assign', '2026-09-08', '2026-09-15'],
  ['C15', 'surrogate-court-notice', '2027-03-10', '2027-03-12'],
  ['C15', 'surrogate-termination-decision', '2027-03-11', '2027-03-18'],
  ['C15', 'surrogate-termination-notice', '2027-03-16', '2027-03-23'],
  ['C17', 'due-process-response', '2027-02-01', '2027-02-11'],
  ['C17', 'notice-of-insufficiency', '2027-02-01', '2027-02-16'],
  ['C17', 'resolution-session', '2027-02-01', '2027-02-16'],
  ['C17', 'resolution-period', '2027-02-01', '2027-03-03'],
  ['C17', 'resolution-agreement-review', '2027-02-10', '2027-02-15'],
  ['C17', 'due-process-decision', '2027-03-03', '2027-04-17', { actBy: '2027-04-16' }],
  ['C17', 'mediation-schedule', '2027-03-01', '2027-03-16'],
  ['C17', 'mediation-complete', '2027-03-01', '2027-03-31'],
  ['C18', 'nps-suspension-notice', '2027-01-26', '2027-01-31', { actBy: '2027-01-29' }],
  ['C18', 'nps-residence-notify', '2027-03-15', '2027-03-22'],
  ['C18', 'nps-residence-review', '2027-04-05', '2027-04-26'],
  ['C19', 'assessment-plan', '2026-09-21', '2026-10-06'],
  ['C19', 'initial-iep', '2026-10-07', '2026-12-06', { referral: '2026-09-21', actBy: '2026-12-04' }],
  ['C19', 'services-plan-review', '2026-11-17', '2027-11-17'],
  ['C19', 'scia-dor-contact', '2026-10-05', '2026-10-19'],
  ['C19', 'scia-forms', '2026-10-05', '2026-11-04'],
  ['C19', 'scia-review', '2026-11-18', '2027-05-18'],
];

describe('Appendix C dates', () => {
  it.each(rows)('%s %s from %s → %s', (_history, rule, from, due, extra = {}) => {
    const r = ask({ rule, from, referral: extra.referral, policy: extra.policy });
    expect(r.due).toBe(due);
    expect(r.actBy).toBe(extra.actBy !== undefined ? extra.actBy : inDemoSpan(due) ? due : null);
    expect(r.earliest).toBe(extra.earliest);
  });

  it('C1 with the snow calendar: initial-iep 2027-01-12', () => {
    expect(ask({ calendar: snow, rule: 'initial-iep', from: '2026-10-21', referral: '2026-10-05' }).due).toBe('2027-01-12');
  });

  it('C5 annual-review reminders 60 and 30 days before 2026-11-04', () => {
    expect(reminderDates(demo, '2026-11-04', reminderSpecFor('annual-review'))).toEqual(['2026-09-05', '2026-10-05']);
  });

  it('C6: reassessment-iep 2027-01-31 vs triennial 2027-01-20 → 2027-01-20, naming both', () => {
    const r = earliestOf([ask({ rule: 'reassessment-iep', from: '2026-11-16' }), ask({ rule: 'triennial', from: '2024-01-20' })]);
    expect(r.due).toBe('2027-01-20');
    expect(r.rule).toBe('triennial');
    expect(r.explanation[0]).toContain('the earlier of reassessment-iep 2027-01-31 vs triennial 2027-01-20');
    expect(r.explanation.some((l) => l.startsWith('also reassessment-iep (L642-644, L6195-6198 (B-13))'))).toBe(true);
  });

  it('C8: initial-iep 2027-02-17 vs early-start-iep 2027-04-20 → 2027-02-17', () => {
    const r = earliestOf([ask({ rule: 'initial-iep', from: '2026-12-03', referral: '2026-11-20' }), ask({ rule: 'early-start-iep', from: '2024-04-20' })]);
    expect([r.rule, r.due, r.branch]).toEqual(['initial-iep', '2027-02-17', 'earliest-of:initial-iep']);
  });

  it('C16: the IEE decision follows policy ieeDecisionWorkingDays (10 working days by default)', () => {
    // 01-20..22 = 3; 01-25..29 = 8; 02-01 = 9; 02-02 = 10.
    expect(ask({ rule: 'iee-decision', from: '2027-01-19' }).due).toBe('2027-02-02');
    expect(ask({ rule: 'iee-decision', from: '2027-01-19', policy: { ieeDecisionWorkingDays: 5 } }).due).toBe('2027-01-26');
  });
});
