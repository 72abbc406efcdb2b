/** The bulk-import CSV checked before Temporal: each bad row by line and column, good rows untouched. */
import { describe, expect, it } from 'vitest';
import { demoCalendars } from '../../../deadlines';
import { ImportFileError, planImport } from '../../../client/import/import-plan';
import { rowEvents, ImportRow } from '../../../client/import/import-row';
import { instantAt } from '../../../workflows/zoned-time';

const nowMs = instantAt('America/Los_Angeles', '2026-12-02', 10);
const opts = { calendars: demoCalendars, nowMs };
const HEADER = 'studentId,birthDate,districtId,calendarId,schoolId,referralReceivedOn,planSentOn,consentReceivedOn,lastIepOn,lastTriennialOn';

function file(...rows: string[]): string {
  return [HEADER, ...rows].join('\n');
}

describe('planImport: rows', () => {
  it('accepts good rows and refuses each bad one by line and column, without blocking the others', () => {
    const plan = planImport(
      file(
        'g1,2015-03-02,demo-usd,demo-usd,s1,,,,2026-01-15,2024-06-01', // line 2
        'b1,2015-02-30,demo-usd,demo-usd,s1,,,,2026-01-15,', // 3: not a real date
        'b2,2015-03-02,demo-usd,nowhere,s1,,,,2026-01-15,', // 4: unknown calendar
        'b3,2015-03-02,,demo-usd,s1,,,,2026-01-15,', // 5: missing district
        'g1,2015-03-02,demo-usd,demo-usd,s1,,,,2026-01-15,', // 6: same student as line 2
        'b4,2018-03-02,demo-usd,demo-usd,s1,2026-11-10,2026-11-12,2026-11-05,,', // 7: consent before referral
        'g2,2018-03-02,demo-usd,demo-usd,s1,2026-11-02,2026-11-05,2026-11-10,,', // 8
        'b5,2018-03-02,demo-usd,demo-usd,s1,2026-12-20,,,,', // 9: after today
        'b6,2018-03-02,demo-usd,demo-usd,s1,,2026-11-05,,,', // 10: plan without referral
        'Jane Doe,2018-03-02,demo-usd,demo-usd,s1,,,,,', // 11: a name where an id belongs
        'b7,2018-03-02,demo-usd,demo-usd,s1,,,,2017-01-01,', // 12: history before birth
        'b8,2018-03-02,demo-usd', // 13: short row
      ),
      opts,
    );
    expect(plan.rows).toBe(12);
    expect(plan.valid.map((v) => [v.line, v.studentId])).toEqual([
      [2, 'g1'],
      [8, 'g2'],
    ]);
    expect(plan.refused.map((r) => [r.line, r.field])).toEqual([
      [3, 'birthDate'],
      [4, 'calendarId'],
      [5, 'districtId'],
      [6, 'studentId'],
      [7, 'consentReceivedOn'],
      [9, 'referralReceivedOn'],
      [10, 'planSentOn'],
      [11, 'studentId'],
      [12, 'lastIepOn'],
      [13, 'row'],
    ]);
    const byLine = Object.fromEntries(plan.refused.map((r) => [r.line, r]));
    expect(byLine[3].error).toBe('birthDate: is not a real calendar date');
    expect(byLine[4].error).toMatch(/^calendarId: unknown calendar nowhere \(known: demo-usd, /);
    expect(byLine[5].error).toBe('districtId: is required');
    expect(byLine[6].error).toBe('studentId: the same student as line 2 (one row per case)');
    expect(byLine[7].error).toBe('consentReceivedOn: cannot be before referralReceivedOn');
    expect(byLine[9].error).toBe('referralReceivedOn: 2026-12-20 is after today (2026-12-02); record events when they happen');
    expect(byLine[10].error).toBe('planSentOn: needs referralReceivedOn (it answers it)');
    expect(byLine[11]).toEqual({ line: 11, field: 'studentId', error: 'studentId: must be a student id (letters, digits, . _ -), not a name' });
    expect(byLine[12].error).toBe('lastIepOn: cannot be before birthDate');
    expect(byLine[13].error).toBe('row: has 3 cells, the header has 10');
  });

  it('never puts a birth date or a refused cell in a message', () => {
    const plan = planImport(file('b1,2015-03-02,demo-usd,demo-usd,s1,2014-01-01,,,,', 'Ann Lee,2015-03-02,demo-usd,demo-usd,,,,,,'), opts);
    const text = JSON.stringify(plan.refused);
    expect(plan.refused).toHaveLength(2);
    expect(text).not.toContain('2015-03-02');
    expect(text).not.toContain('Ann');
  });

  it('uses the default calendar for blank cells and refuses a blank one without it', () => {
    const text = file('g1,2015-03-02,demo-usd,,s1,,,,2026-01-15,');
    expect(planImport(text, opts).refused).toEqual([{ line: 2, field: 'calendarId', error: 'calendarId: is required (or give a default calendar)', studentId: 'g1' }]);
    const plan = planImport(text, { ...opts, defaultCalendarId: 'demo-usd-extended' });
    expect(plan.valid[0].request.calendar.id).toBe('demo-usd-extended');
  });

  it('refuses rows for a district the importer does not hold (API supervisors)', () => {
    const plan = planImport(file('g1,2015-03-02,other-usd,demo-usd,,,,,2026-01-15,'), { ...opts, districtAllowed: (d) => d === 'demo-usd' });
    expect(plan.refused).toEqual([{ line: 2, field: 'districtId', error: "districtId: other-usd is not one of the importer's districts", studentId: 'g1' }]);
  });

  it('names lines as the editor shows them when a quoted cell spans lines', () => {
    const plan = planImport(`${HEADER}\r\n"g1",2015-03-02,demo-usd,demo-usd,"s\n1",,,,2026-01-15,\r\nb1,bad,demo-usd,demo-usd,,,,,,\r\n`, opts);
    expect(plan.refused.map((r) => [r.line, r.field])).toEqual([
      [2, 'schoolId'],
      [4, 'birthDate'],
    ]);
  });
});

describe('planImport: the file', () => {
  const refusal = (text: string) => {
    try {
      planImport(text, opts);
    } catch (error) {
      expect(error).toBeInstanceOf(ImportFileError);
      const e = error as ImportFileError;
      return [e.line, e.field, e.message];
    }
    throw new Error('not refused');
  };

  it('refuses an unknown, repeated or missing column, an empty file and an unclosed quote, importing nothing', () => {
    expect(refusal('studentId,birthDate,districtId,firstName\n')).toEqual([1, 'firstName', expect.stringMatching(/^line 1: firstName: unknown column; the columns are studentId, /)]);
    expect(refusal('studentId,birthDate,districtId,birthDate\n')).toEqual([1, 'birthDate', 'line 1: birthDate: column given twice']);
    expect(refusal('studentId,districtId\n')).toEqual([1, 'birthDate', 'line 1: birthDate: required column missing from the header']);
    expect(refusal('')).toEqual([1, 'header', 'line 1: header: the file is empty; the first line names the columns']);
    expect(refusal(`${HEADER}\ng1,"2015-03-02,demo-usd\n`)).toEqual([2, 'row', 'line 2: row: a quoted field is never closed']);
  });
});

describe('rowEvents', () => {
  it('turns history columns into the workflow events, in date order', () => {
    const row = ImportRow.parse({
      studentId: 's1',
      birthDate: '2015-03-02',
      districtId: 'demo-usd',
      referralReceivedOn: '2026-11-02',
      referredBy: 'teacher',
      planSentOn: '2026-11-05',
      planReceivedOn: '2026-11-07',
      consentReceivedOn: '2026-11-10',
      lastIepOn: '2026-01-15',
      lastTriennialOn: '2024-06-01',
      lastAssessedOn: '2024-05-20',
    });
    expect(rowEvents(row)).toEqual([
      { column: 'lastTriennialOn', event: { type: 'ELIGIBILITY_ON_FILE', occurredOn: '2024-06-01', actor: { role: 'district' }, lastAssessedOn: '2024-05-20' } },
      { column: 'lastIepOn', event: { type: 'ANNUAL_IEP_ON_FILE', occurredOn: '2026-01-15', actor: { role: 'district' } } },
      { column: 'referralReceivedOn', event: { type: 'REFERRAL_RECEIVED', occurredOn: '2026-11-02', actor: { role: 'district' }, referredBy: 'teacher' } },
      { column: 'planSentOn', event: { type: 'ASSESSMENT_PLAN_SENT', occurredOn: '2026-11-05', actor: { role: 'district' }, receivedByParentOn: '2026-11-07' } },
      { column: 'consentReceivedOn', event: { type: 'CONSENT_RECEIVED', occurredOn: '2026-11-10', actor: { role: 'parent' } } },
    ]);
  });

  it('refuses an assessment date after the eligibility meeting it was for', () => {
    const r = ImportRow.safeParse({ studentId: 's1', birthDate: '2015-03-02', districtId: 'd', lastTriennialOn: '2024-06-01', lastAssessedOn: '2024-07-01' });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]).toMatchObject({ path: ['lastAssessedOn'], message: 'cannot be after lastTriennialOn' });
  });
});
