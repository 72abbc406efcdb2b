/** Rule table, reminders, recomputation and policy parsing (deadlines.md §3, §5; processes.md §0). */
import { describe, expect, it } from 'vitest';
import {
  APPENDIX_RULE_IDS,
  computeDates,
  computeDeadline,
  CONTRACT_RULE_IDS,
  DeadlineInputError,
  parsePolicyAssignments,
  recompute,
  reminderDates,
  reminderSpecFor,
  RULE_IDS,
  RULES,
  ruleNeedsCalendar,
  ruleNeedsReferral,
} from '../../../deadlines';
import { ask, demo, snow, yearRound } from './fixtures';

describe('rule table', () => {
  it('implements every rule id with a title and a handbook citation', () => {
    expect(Object.keys(RULES).sort()).toEqual([...RULE_IDS].sort());
    expect(RULE_IDS).toHaveLength(CONTRACT_RULE_IDS.length + APPENDIX_RULE_IDS.length);
    for (const id of RULE_IDS) {
      expect(RULES[id].title.length, id).toBeGreaterThan(3);
      expect(RULES[id].citation, id).toMatch(/^L\d+/);
      for (const n of RULES[id].citation.match(/L(\d+)/g) ?? []) expect(Number(n.slice(1)), id).toBeLessThanOrEqual(18917);
    }
  });

  it('knows which rules need the calendar and the referral', () => {
    expect(ruleNeedsReferral('initial-iep')).toBe(true);
    expect(RULE_IDS.filter(ruleNeedsReferral)).toEqual(['initial-iep']);
    expect(ruleNeedsCalendar('assessment-plan')).toBe(true);
    expect(ruleNeedsCalendar('records-access')).toBe(true);
    expect(ruleNeedsCalendar('consent-response')).toBe(false);
    expect(ruleNeedsCalendar('early-start-ifsp')).toBe(false);
    expect(ruleNeedsCalendar('triennial')).toBe(false);
    expect(ruleNeedsCalendar('parent-request-meeting')).toBe(false);
    expect(ruleNeedsCalendar('parent-request-meeting', { parentRequestExcludesVacations: true })).toBe(true);
    expect(RULES['early-start-transition'].window).toBe(true);
    expect(RULE_IDS.filter((id) => RULES[id].window)).toEqual(['early-start-transition']);
  });
});

describe('reminders (processes.md §0)', () => {
  it('picks the default by clock length', () => {
    expect(reminderSpecFor('records-access')).toEqual({ workingDaysBefore: 1 });
    expect(reminderSpecFor('assessment-plan')).toEqual({ workingDaysBefore: 5 });
    expect(reminderSpecFor('initial-iep')).toEqual({ workingDaysBefore: 5 });
    expect(reminderSpecFor('annual-review')).toEqual({ calendarDaysBefore: [60, 30] });
    expect(reminderSpecFor('transition-plan')).toEqual({ calendarDaysBefore: [60, 30] });
    expect(reminderSpecFor('civil-appeal')).toEqual({ calendarDaysBefore: [60, 30] });
    expect(reminderSpecFor('revocation-pwn', { revocationPwnDays: 10 })).toEqual({ workingDaysBefore: 5 });
  });

  it('counts working days back over holidays and skips what the calendar cannot answer', () => {
    // Before 2026-12-01: 11-30, (11-26/27 holidays), 11-25, 11-24, 11-23, 11-20 → 5th is 11-20.
    expect(reminderDates(demo, '2026-12-01', { workingDaysBefore: 5 })).toEqual(['2026-11-20']);
    expect(reminderDates(demo, '2026-10-20', { workingDaysBefore: 1 })).toEqual(['2026-10-19']);
    expect(reminderDates(demo, '2026-08-13', { workingDaysBefore: 5 })).toEqual([]);
    expect(reminderDates(null, '2026-10-20', { workingDaysBefore: 1 })).toEqual([]);
    expect(reminderDates(null, '2029-12-10', { calendarDaysBefore: [30, 60] })).toEqual(['2029-10-11', '2029-11-10']);
    expect(() => reminderDates(demo, '2026-10-20', { workingDaysBefore: 0 })).toThrowError(DeadlineInputError);
  });
});

describe('recompute (deadlines.md §5)', () => {
  const items = [
    { key: 'c1:initial-iep', rule: 'initial-iep' as const, from: '2026-10-21', referral: '2026-10-05' },
    { key: 'c1:assessment-plan', rule: 'assessment-plan' as const, from: '2026-10-05' },
    // demo: 12-11 = 1, 12-14..18 = 6, winter, 01-04..07 = 10. snow: 12-11 = 1, then 01-04..08 = 6, 01-11..14 = 10.
    { key: 'md', rule: 'manifestation-determination' as const, from: '2026-12-10' },
    // Snow days are closures, not holidays: working days do not move.
    { key: 'records', rule: 'records-access' as const, from: '2026-12-10' },
  ];

  it('returns only the deadlines the snow days move, old and new', () => {
    const changes = recompute(demo, snow, items);
    expect(changes.map((c) => [c.key, c.old.due, c.new.due])).toEqual([
      ['c1:initial-iep', '2027-01-05', '2027-01-12'],
      ['md', '2027-01-07', '2027-01-14'],
    ]);
    expect(changes[0].new.explanation).toContain('2026-12-12..2027-01-03 skipped: Snow days, Winter break, long vacation');
    expect(changes[0].new.explanation.at(-1)).toBe('moved by calendar change: initial-iep: 2027-01-05 → 2027-01-12, calendar 1 → 2');
  });

  it('never drops a deadline silently: an uncomputable item throws with its key', () => {
    expect(() => recompute(demo, snow, [{ key: 'late', rule: 'assessment-plan', from: '2028-05-25' }])).toThrowError(
      'items[late]: old calendar: calendar does not cover 2028-06-03',
    );
  });
});

describe('parsePolicyAssignments', () => {
  it('reads booleans and integers', () => {
    expect(parsePolicyAssignments(['parentRequestExcludesVacations=true', 'assessmentPlanEndOfYearWindow=10'])).toEqual({
      parentRequestExcludesVacations: true,
      assessmentPlanEndOfYearWindow: 10,
    });
    expect(ask({ rule: 'parent-request-meeting', from: '2026-12-10', policy: parsePolicyAssignments(['parentRequestExcludesVacations=true']) }).due).toBe('2027-01-25');
  });

  it.each([
    [['nope=true'], 'policy.nope', 'unknown policy option'],
    [['revocationPwnDays=true'], 'policy.revocationPwnDays', 'must be a decimal integer, got "true"'],
    [['endOfYearIepUsesConsentDate=1'], 'policy.endOfYearIepUsesConsentDate', 'must be true or false, got "1"'],
    [['revocationPwnDays=3', 'revocationPwnDays=4'], 'policy.revocationPwnDays', 'given more than once'],
    [['revocationPwnDays=500'], 'policy.revocationPwnDays', ''],
  ])('%j is refused naming the option', (list, field, detail) => {
    try {
      parsePolicyAssignments(list);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DeadlineInputError);
      expect((e as DeadlineInputError).field).toBe(field);
      if (detail) expect((e as DeadlineInputError).detail).toBe(detail);
    }
  });
});

describe('every rule on every demo calendar', () => {
  const triggers = ['2026-10-05', '2027-01-01', '2027-05-28', '2027-06-20', '2027-12-17'];
  it('explains itself: a one-line summary naming the due date, then rule with citation and trigger', () => {
    for (const calendar of [demo, snow, yearRound]) {
      for (const rule of RULE_IDS) {
        for (const from of triggers) {
          const req = { rule, from, ...(rule === 'initial-iep' ? { referral: '2026-09-01' } : {}) };
          let result;
          try {
            result = computeDeadline(calendar, req);
          } catch (e) {
            expect((e as Error).message, `${rule} ${from}`).toMatch(/^calendar does not cover \d{4}-\d{2}-\d{2}$/);
            expect(() => computeDates(calendar, req)).toThrowError((e as Error).message);
            continue;
          }
          const { explanation, ...dates } = result;
          expect(explanation[0], rule).toContain(result.due);
          expect(explanation[0], rule).not.toContain('\n');
          expect(explanation[1]).toBe(`rule ${rule}: ${RULES[rule].title} — ${RULES[rule].citation}`);
          expect(explanation[2]).toMatch(new RegExp(`^trigger: .* ${from} \\(day [01]`));
          const { citation: _c, ...rest } = dates;
          expect(computeDates(calendar, req)).toEqual(rest);
        }
      }
    }
  });

  it('age-out explains the month rule it applied', () => {
    expect(ask({ rule: 'age-out', from: '2005-08-15' }).explanation).toEqual(
      expect.arrayContaining([
        '22nd birthday: 2027-08-15',
        'turns 22 in July–September: may not begin the new fiscal year; exit at the end of the current one, 2027-06-30 (L6810-6812)',
      ]),
    );
  });
});
