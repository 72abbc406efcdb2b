/** CALPADS-shaped meetings CSV: meeting types and codes, late meetings with the case's delay code, RFC 4180 text. */
import { describe, expect, it } from 'vitest';
import { CALPADS_COLUMNS, calpadsCsv, calpadsRows } from '../../../client/exports';
import { csvDocument, csvField, parseCsv } from '../../../client/exports/csv-text';
import { caseRecordFrom, lateInitialHistory } from './exports-fixture';

const c1 = caseRecordFrom('C1-initial-evaluation.json', { school: 'sch-1' });
const c5 = caseRecordFrom('C5-annual-review-excusal-amendment.json');
const c6a = caseRecordFrom('C6a-triennial-silent-parent.json');
const lateHeld = caseRecordFrom('late-held.json', { text: lateInitialHistory('L1', '2026-12-01') });
const latePending = caseRecordFrom('late-pending.json', { text: lateInitialHistory('L2', null), until: '2026-12-02' });
const onTimePending = caseRecordFrom('pending.json', { text: lateInitialHistory('L3', null, false), until: '2026-09-15' });

const pick = (rows: ReturnType<typeof calpadsRows>, studentId: string) =>
  rows.filter((r) => r.studentId === studentId).map((r) => [r.meetingType, r.meetingTypeCode, r.meetingDate || r.pendingAsOf, r.recordedAs, r.late, r.dueDate]);

describe('calpadsRows', () => {
  it('gives an on-time initial evaluation meeting type 10, eligible, IEP plan 100, with the deadline it answered', () => {
    const [row] = calpadsRows([c1]);
    expect(row).toEqual({
      reportingLea: 'demo-usd',
      schoolOfAttendance: 'sch-1',
      studentId: c1.view.studentId,
      process: 'initial-evaluation#1',
      meetingType: 'initial',
      meetingTypeCode: '10',
      meetingDate: '2026-12-10',
      pendingAsOf: '',
      recordedAs: 'held',
      eligibilityOutcome: 'eligible',
      educationPlanTypeCode: '100',
      dueDate: '2027-01-12', // after the snow-week calendar version moved it
      late: 'N',
      meetingDelayCode: '',
      delayReason: '',
    });
    expect(calpadsRows([c1])).toHaveLength(1);
  });

  it('marks a late initial meeting late, with the delay the case recorded', () => {
    const delay = lateHeld.view.delays.find((d) => d.rule === 'initial-iep');
    expect(delay).toBeDefined();
    const [row] = calpadsRows([lateHeld]);
    expect([row.meetingTypeCode, row.meetingDate, row.dueDate, row.late]).toEqual(['10', '2026-12-01', '2026-10-26', 'Y']);
    expect(row.meetingDelayCode).toBe(delay!.calpadsCode ?? '');
    expect(row.delayReason).toBe('initial-iep-late');
  });

  it('writes whatever CALPADS meeting delay code the case view gives for that late meeting', () => {
    const view = structuredClone(lateHeld.view);
    view.delays = view.delays.map((d) => (d.rule === 'initial-iep' ? { ...d, calpadsCode: '20' } : d));
    // A delay of another process or rule is not this meeting's.
    view.delays.push({ ...view.delays[0], process: 'annual-review#9', rule: 'annual-review', calpadsCode: '50' });
    const [row] = calpadsRows([{ view, timeline: lateHeld.timeline }]);
    expect([row.late, row.meetingDelayCode]).toEqual(['Y', '20']);
    const onTime = structuredClone(c1.view);
    onTime.delays = [{ seq: 1, process: 'initial-evaluation#1', code: 'initial-iep-late', calpadsCode: '20', rule: 'initial-iep', on: '2026-12-01' }];
    expect(calpadsRows([{ view: onTime, timeline: c1.timeline }])[0].meetingDelayCode).toBe(''); // held on time: no delay code
  });

  it('reports an initial evaluation still owed as type 30: pending as of consent while on time, as of today once late', () => {
    expect(pick(calpadsRows([onTimePending]), onTimePending.view.studentId)).toEqual([['pending', '30', '2026-08-27', 'pending', 'N', '2026-10-26']]);
    const [late] = calpadsRows([latePending]);
    expect([late.meetingTypeCode, late.pendingAsOf, late.late, late.delayReason]).toEqual(['30', '2026-12-02', 'Y', 'initial-iep-late']);
    expect(late.meetingDelayCode).toBe(latePending.view.delays.find((d) => d.rule === 'initial-iep')!.calpadsCode ?? '');
    expect(calpadsRows([onTimePending])[0].meetingDelayCode).toBe('');
  });

  it('lists the annual IEP a case joined with (on file), the annual meeting held, and the amendment (no MEET code)', () => {
    expect(pick(calpadsRows([c5]), c5.view.studentId)).toEqual([
      ['annual', '20', '2025-11-04', 'on-file', '', ''],
      ['annual', '20', '2026-10-28', 'held', 'N', '2026-11-04'],
      ['amendment', '', '2027-02-03', 'held', '', ''],
    ]);
  });

  it('gives triennial meetings type 40, answering the earlier of triennial and reassessment IEP', () => {
    expect(pick(calpadsRows([c6a]), c6a.view.studentId)).toEqual([
      ['triennial', '40', '2024-01-20', 'on-file', '', ''],
      ['triennial', '40', '2027-01-12', 'held', 'N', '2027-01-20'],
    ]);
  });
});

describe('calpadsCsv', () => {
  it('writes the documented header and one CRLF record per row, which read back to the same rows', () => {
    const cases = [c1, c5, c6a, lateHeld, latePending];
    const { text, rows } = calpadsCsv(cases);
    expect(rows).toBe(1 + 3 + 2 + 1 + 1);
    expect(text.split('\r\n')[0]).toBe(CALPADS_COLUMNS.join(','));
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const parsed = parseCsv(text);
    expect(parsed.map((r) => Object.fromEntries(CALPADS_COLUMNS.map((c, i) => [c, r.cells[i]])))).toEqual([
      Object.fromEntries(CALPADS_COLUMNS.map((c) => [c, c])),
      ...calpadsRows(cases),
    ]);
  });

  it('holds ids, dates and codes only — no birth date', () => {
    const { text } = calpadsCsv([c1, c5, c6a]);
    for (const birth of ['2019-05-02', '2016-04-11', '2014-02-03']) expect(text).not.toContain(birth);
  });
});

describe('RFC 4180 text', () => {
  it('quotes fields with commas, quotes or line breaks and doubles quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvDocument(['a', 'b'], [['1', 'x,y']])).toBe('a,b\r\n1,"x,y"\r\n');
  });

  it('reads LF or CRLF files with a BOM, quoted commas, doubled quotes and line breaks, keeping each record\'s first line', () => {
    const text = '\uFEFFa,b\r\n1,"x, ""y"""\n\n2,"multi\nline"\n3,\n';
    expect(parseCsv(text)).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['1', 'x, "y"'] },
      { line: 4, cells: ['2', 'multi\nline'] },
      { line: 6, cells: ['3', ''] },
    ]);
    expect(() => parseCsv('a,b\n1,"open\n2,3\n')).toThrow(/^line 2: a quoted field is never closed/);
  });
});
