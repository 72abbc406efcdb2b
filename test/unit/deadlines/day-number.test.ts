import { addMonths as fnsAddMonths, addYears as fnsAddYears, format } from 'date-fns';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addMonths, anniversary, dayOfWeek, parseDayNumber, toDayNumber, toIso } from '../../../deadlines';
import { DeadlineInputError } from '../../../deadlines/errors';

describe('day numbers', () => {
  it('counts days since 1970-01-01', () => {
    expect(toDayNumber('1970-01-01')).toBe(0);
    expect(toDayNumber('1969-12-31')).toBe(-1);
    expect(toDayNumber('2000-03-01')).toBe(11017);
    expect(toIso(11017)).toBe('2000-03-01');
    // 2026-10-05 is a Monday (C1's referral).
    expect(dayOfWeek(toDayNumber('2026-10-05'))).toBe(1);
    expect(dayOfWeek(toDayNumber('1969-12-28'))).toBe(0);
  });

  it('refuses impossible dates with the field named', () => {
    expect(parseDayNumber('2027-02-29')).toBeNull();
    expect(parseDayNumber('2028-02-29')).not.toBeNull();
    expect(parseDayNumber('1900-02-29')).toBeNull();
    expect(parseDayNumber('2026-13-01')).toBeNull();
    expect(parseDayNumber('2026-1-01')).toBeNull();
    expect(() => toDayNumber('2027-02-30', 'from')).toThrowError(new DeadlineInputError('from', '2027-02-30 is not a real calendar date'));
    expect(() => toDayNumber('yesterday', 'from')).toThrowError(/from: must be a date written YYYY-MM-DD/);
  });

  it('round-trips every day of 1900..2100 like Date.UTC', () => {
    fc.assert(
      fc.property(fc.integer({ min: toDayNumber('1900-01-01'), max: toDayNumber('2100-12-31') }), (n) => {
        const iso = new Date(n * 86_400_000).toISOString().slice(0, 10);
        expect(toIso(n)).toBe(iso);
        expect(toDayNumber(iso)).toBe(n);
      }),
      { numRuns: 2000 },
    );
  });

  it('adds months and years with date-fns clamping', () => {
    // deadlines.md §2: 31 August − 6 months = 28 or 29 February.
    expect(toIso(addMonths(toDayNumber('2027-08-31'), -6))).toBe('2027-02-28');
    expect(toIso(addMonths(toDayNumber('2028-08-31'), -6))).toBe('2028-02-29');
    expect(toIso(anniversary(toDayNumber('2028-02-29'), 1))).toBe('2029-02-28');
    expect(toIso(anniversary(toDayNumber('2028-02-29'), 4))).toBe('2032-02-29');
    fc.assert(
      fc.property(fc.integer({ min: toDayNumber('1990-01-01'), max: toDayNumber('2060-12-31') }), fc.integer({ min: -60, max: 60 }), (n, months) => {
        const [y, m, d] = toIso(n).split('-').map(Number);
        const local = new Date(y, m - 1, d, 12);
        expect(toIso(addMonths(n, months))).toBe(format(fnsAddMonths(local, months), 'yyyy-MM-dd'));
        expect(toIso(anniversary(n, Math.abs(months) % 25))).toBe(format(fnsAddYears(local, Math.abs(months) % 25), 'yyyy-MM-dd'));
      }),
      { numRuns: 2000 },
    );
  });
});
