import { describe, expect, it } from 'vitest';
import { CalendarCoverageError, dayKind, demoCalendars, describeDay, indexCalendar, isSchoolDay, isWorkingDay, parseCalendar } from '../../../deadlines';
import { calendarOf, demo, snow, yearRound } from './fixtures';

const base = () => ({
  id: 'x-usd',
  name: 'X',
  terms: [
    { start: '2026-08-12', end: '2027-06-03' },
    { start: '2027-08-11', end: '2028-06-02' },
  ],
  closures: [{ start: '2026-12-21', end: '2027-01-01', name: 'Winter break' }],
  holidays: ['2026-09-07'],
});

describe('parseCalendar', () => {
  it('accepts the deadlines.md §1 sample and fills defaults', () => {
    const cal = parseCalendar(base());
    expect(cal.timeZone).toBe('America/Los_Angeles');
    expect(cal.terms.map((t) => t.endsSchoolYear)).toEqual([true, true]);
  });

  const broken: Array<[string, (c: any) => void, string]> = [
    ['overlapping terms', (c) => (c.terms[1].start = '2027-06-03'), 'terms[1].start: overlaps terms[0]'],
    ['unordered terms', (c) => c.terms.reverse(), 'terms[1].start: before terms[0] (terms must be in date order)'],
    ['end before start', (c) => (c.terms[0].end = '2026-08-01'), 'terms[0].end: 2026-08-01 is before start 2026-08-12'],
    ['impossible date', (c) => (c.terms[0].start = '2026-02-30'), 'terms[0].start: must be a real date written YYYY-MM-DD'],
    ['closure in summer', (c) => c.closures.push({ start: '2027-07-01', end: '2027-07-02', name: 'x' }), 'closures[1]: outside every term'],
    ['closure past a term end', (c) => c.closures.push({ start: '2027-06-01', end: '2027-06-10', name: 'x' }), 'closures[1].end: past the end of terms[0] (2027-06-03); a closure lies inside one term'],
    ['closure end before start', (c) => (c.closures[0].end = '2026-12-01'), 'closures[0].end: 2026-12-01 is before start 2026-12-21'],
    ['closure without a name', (c) => delete c.closures[0].name, 'closures[0].name: is required'],
    ['bad holiday', (c) => c.holidays.push('2026-9-7'), 'holidays[1]: must be a real date written YYYY-MM-DD'],
    ['no terms', (c) => (c.terms = []), 'terms: must list at least one term'],
    ['missing terms', (c) => delete c.terms, 'terms: is required'],
    ['unknown field', (c) => (c.breaks = []), 'breaks: is not a calendar field'],
    ['unknown term field', (c) => (c.terms[0].track = 'A'), 'terms[0].track: is not a calendar field'],
    ['endsSchoolYear not boolean', (c) => (c.terms[0].endsSchoolYear = 'yes'), 'terms[0].endsSchoolYear:'],
    ['bad id', (c) => (c.id = 'has space'), 'id: must be an id (letters, digits, . _ -)'],
  ];
  it.each(broken)('refuses %s, naming the field', (_label, mutate, message) => {
    const doc = base();
    mutate(doc);
    expect(() => parseCalendar(doc)).toThrowError(message);
    try {
      parseCalendar(doc);
    } catch (e: any) {
      expect(e.name).toBe('DeadlineInputError');
      expect(message.startsWith(`${e.field}:`)).toBe(true);
    }
  });

  it('validates calendars handed straight to the index', () => {
    expect(() => indexCalendar({ ...base(), terms: [] } as any)).toThrowError('terms: must list at least one term');
  });
});

describe('day kinds (deadlines.md §1 table)', () => {
  const kinds: Array<[string, string]> = [
    ['2026-08-11', 'not-covered'], // day before the first term
    ['2026-08-12', 'school-day'],
    ['2026-09-07', 'holiday'], // Labor Day
    ['2026-11-21', 'weekend'], // Thanksgiving week: 5 weekdays, NOT a long vacation
    ['2026-11-25', 'closure'],
    ['2026-11-26', 'holiday'],
    ['2026-12-18', 'school-day'],
    ['2026-12-19', 'long-vacation'], // Saturday before winter break: the run includes weekends
    ['2026-12-25', 'long-vacation'],
    ['2027-01-03', 'long-vacation'],
    ['2027-01-04', 'school-day'],
    ['2027-02-17', 'closure'], // February break: 5 weekdays
    ['2027-06-04', 'between-sessions'],
    ['2027-08-10', 'between-sessions'],
    ['2028-06-03', 'not-covered'],
  ];
  it.each(kinds)('demo-usd %s is %s', (date, kind) => {
    expect(dayKind(demo, date)).toBe(kind);
  });

  it('snow days join winter break into one long vacation 2026-12-12..2027-01-03 (case-history.md)', () => {
    expect(dayKind(snow, '2026-12-11')).toBe('school-day');
    expect(dayKind(snow, '2026-12-12')).toBe('long-vacation');
    expect(describeDay(snow, '2026-12-15')).toEqual({
      date: '2026-12-15', kind: 'long-vacation', schoolDay: false, workingDay: true, excluded: true, closure: 'Snow days', holiday: false,
    });
  });

  it('winter break days are working days but not school days; outside the span is refused', () => {
    expect(isWorkingDay(demo, '2026-12-28')).toBe(true);
    expect(isSchoolDay(demo, '2026-12-28')).toBe(false);
    expect(isWorkingDay(demo, '2026-12-25')).toBe(false);
    expect(isWorkingDay(demo, '2027-07-06')).toBe(true); // summer counts
    expect(() => isSchoolDay(demo, '2028-06-05')).toThrowError(new CalendarCoverageError('2028-06-05'));
  });

  it('year-round: intersessions are between sessions, a two-week recess inside a term is a long vacation', () => {
    expect(dayKind(yearRound, '2026-10-01')).toBe('between-sessions');
    expect(dayKind(yearRound, '2027-02-20')).toBe('long-vacation');
    expect(dayKind(yearRound, '2026-11-24')).toBe('closure');
  });

  it('five closed weekdays plus an adjacent holiday make six: a long vacation', () => {
    // Thanksgiving closure Mon 11-23..Fri 11-27 plus a holiday Monday 11-30: 6 weekdays > 5.
    const cal = calendarOf([['2026-08-12', '2027-06-03']], [['2026-11-23', '2026-11-27', 'Thanksgiving break']], ['2026-11-30']);
    expect(dayKind(cal, '2026-11-21')).toBe('long-vacation');
    expect(dayKind(cal, '2026-11-30')).toBe('long-vacation');
    expect(dayKind(cal, '2026-12-01')).toBe('school-day');
  });

  it('a run is cut at the term start and end', () => {
    // Term opens Monday 2030-08-05 with 7 closed weekdays: long vacation from the first day.
    // It ends with Mon 05-26..Fri 05-30 closed (5 weekdays, cut at the term end): not long.
    const cal = calendarOf([['2030-08-05', '2031-05-30']], [['2030-08-05', '2030-08-13', 'Late start'], ['2031-05-26', '2031-05-30', 'Early close']]);
    expect(dayKind(cal, '2030-08-05')).toBe('long-vacation');
    expect(dayKind(cal, '2030-08-13')).toBe('long-vacation');
    expect(dayKind(cal, '2030-08-14')).toBe('school-day');
    expect(dayKind(cal, '2031-05-30')).toBe('closure');
  });

  it('ships four demo calendars that validate', () => {
    expect(Object.keys(demoCalendars).sort()).toEqual(['demo-usd', 'demo-usd-extended', 'demo-usd-snow', 'year-round-usd']);
    expect(demoCalendars['demo-usd-snow'].id).toBe('demo-usd');
    expect(demoCalendars['demo-usd-snow'].version).toBe('2');
  });
});
