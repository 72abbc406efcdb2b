/**
 * The indexed engine and the day-by-day reference walk (deadlines/reference.ts) agree on due,
 * actBy, earliest, branch and on every refusal, over 100,000 random (rule, trigger) pairs on the
 * demo calendars (incl. year-round and snow), plus randomly generated calendars.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeDeadline, parseCalendar, RULE_IDS, toDayNumber, toIso, type Calendar, type DeadlineRequest, type Policy } from '../../../deadlines';
import { referenceDeadline } from '../../../deadlines/reference';
import { demo, extended, snow, yearRound } from './fixtures';

function engine(cal: Calendar | null, req: DeadlineRequest): string {
  try {
    const r = computeDeadline(cal, req);
    return JSON.stringify([r.due, r.actBy, r.earliest ?? null, r.branch]);
  } catch (e) {
    return `error ${(e as Error).name}: ${(e as Error).message}`;
  }
}

function walk(cal: Calendar | null, req: DeadlineRequest): string {
  try {
    const r = referenceDeadline(cal, req);
    return JSON.stringify([r.due, r.actBy, r.earliest ?? null, r.branch]);
  } catch (e) {
    return `error ${(e as Error).name}: ${(e as Error).message}`;
  }
}

const policies: Array<Partial<Policy> | undefined> = [
  undefined,
  undefined,
  { parentRequestExcludesVacations: true, endOfYearIepIgnoresConsentDate: true, behaviorEmergencyIepSchoolDays: true },
  { endOfYearIepUsesConsentDate: true, assessmentPlanEndOfYearWindow: 10, manifestationCalendarDays: true },
  { assessmentPlanCalendarDays: true, initialIepCalendarDays: true, assessmentPlanEndOfYearWindow: 40, ageOutOctDecEndOfFiscalYear: true },
  { dueProcessPeriodStartsOnResolutionEnd: true, transitionWindowMonths: 3, unitlessDaysAreCalendarDays: true, revocationPwnDays: 12 },
];

const calendars: Array<Calendar | null> = [demo, snow, yearRound, extended, null];

/** A request: trigger near the calendar's span (inside, just outside, far), referral up to 200 days before (sometimes after). */
function requestArb(spanStart: number, spanEnd: number) {
  return fc.record({
    rule: fc.constantFrom(...RULE_IDS),
    from: fc.oneof(
      { weight: 8, arbitrary: fc.integer({ min: spanStart - 5, max: spanEnd + 5 }) },
      { weight: 1, arbitrary: fc.integer({ min: spanStart - 9000, max: spanEnd + 9000 }) },
    ),
    referralBack: fc.integer({ min: -3, max: 200 }),
    policy: fc.constantFrom(...policies),
  });
}

function toRequest(r: { rule: (typeof RULE_IDS)[number]; from: number; referralBack: number; policy: Partial<Policy> | undefined }): DeadlineRequest {
  const req: DeadlineRequest = { rule: r.rule, from: toIso(r.from) };
  if (r.rule === 'initial-iep') req.referral = toIso(r.from - r.referralBack);
  if (r.policy) req.policy = r.policy;
  return req;
}

describe('indexed engine = day walk', () => {
  it('agrees on 100,000 random (rule, trigger) pairs over the demo calendars', () => {
    const start = toDayNumber('2026-07-13');
    const end = toDayNumber('2031-06-05');
    let compared = 0;
    fc.assert(
      fc.property(fc.constantFrom(...calendars), requestArb(start, end), (cal, r) => {
        const req = toRequest(r);
        compared++;
        expect(engine(cal, req)).toBe(walk(cal, req));
      }),
      { numRuns: 100_000, seed: 20261005 },
    );
    expect(compared).toBe(100_000);
  });

  it('agrees on randomly generated calendars (terms, intersessions, closures, holidays)', () => {
    const calendarArb = fc
      .record({
        start: fc.integer({ min: toDayNumber('2024-01-01'), max: toDayNumber('2030-01-01') }),
        terms: fc.array(
          fc.record({ length: fc.integer({ min: 1, max: 200 }), gap: fc.integer({ min: 1, max: 60 }), endsSchoolYear: fc.boolean() }),
          { minLength: 1, maxLength: 5 },
        ),
        closures: fc.array(fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), length: fc.integer({ min: 1, max: 16 }) }), { maxLength: 8 }),
        holidays: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 12 }),
      })
      .map(({ start, terms, closures, holidays }) => {
        let cursor = start;
        const ts = terms.map((t) => {
          const term = { start: cursor, end: cursor + t.length - 1, endsSchoolYear: t.endsSchoolYear };
          cursor = term.end + 1 + t.gap;
          return term;
        });
        const span = ts[ts.length - 1].end - ts[0].start;
        const cs = closures.flatMap((c) => {
          const s = ts[0].start + Math.floor(c.at * span);
          const term = ts.find((t) => t.start <= s && s <= t.end);
          return term ? [{ start: toIso(s), end: toIso(Math.min(term.end, s + c.length - 1)), name: `Break ${s}` }] : [];
        });
        return parseCalendar({
          id: 'generated',
          name: 'Generated',
          terms: ts.map((t) => ({ start: toIso(t.start), end: toIso(t.end), endsSchoolYear: t.endsSchoolYear })),
          closures: cs,
          holidays: holidays.map((h) => toIso(ts[0].start - 10 + Math.floor(h * (span + 20)))),
        });
      });
    fc.assert(
      fc.property(calendarArb, fc.array(requestArb(toDayNumber('2024-01-01'), toDayNumber('2032-12-31')), { minLength: 40, maxLength: 40 }), (cal, reqs) => {
        const s = toDayNumber(cal.terms[0].start);
        for (const r of reqs) {
          // Keep most triggers near this calendar's own span.
          const req = toRequest({ ...r, from: s - 20 + (((r.from - s) % 700) + 700) % 700 });
          expect(engine(cal, req)).toBe(walk(cal, req));
        }
      }),
      { numRuns: 400, seed: 42 },
    );
  });
});
