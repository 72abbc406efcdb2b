/** The caseload calendar against RFC 5545: CRLF, 75-octet folding, TEXT escaping, stable UIDs. */
import { describe, expect, it } from 'vitest';
import { caseloadCalendar } from '../../../client/exports';
import { escapeText, foldLine, icsDate, icsText, icsUtc } from '../../../client/exports/ics-text';
import { caseRecordFrom, lateInitialHistory } from './exports-fixture';

const octets = (s: string) => Buffer.byteLength(s, 'utf8');
const unfold = (text: string) => text.replace(/\r\n[ \t]/g, '');
const physicalLines = (text: string) => text.split('\r\n').slice(0, -1);

describe('RFC 5545 text rules', () => {
  it('escapes backslash, semicolon, comma and every kind of line break in TEXT (§3.3.11)', () => {
    expect(escapeText('a\\b;c,d\ne\r\nf\rg')).toBe('a\\\\b\\;c\\,d\\ne\\nf\\ng');
    expect(escapeText('plain: text')).toBe('plain: text');
  });

  it('folds an ASCII line at exactly 75 octets, continuations starting with one space (§3.1)', () => {
    const line = `DESCRIPTION:${'x'.repeat(200)}`;
    const folded = foldLine(line);
    const parts = folded.split('\r\n');
    expect(parts[0]).toHaveLength(75);
    expect(parts.slice(1).every((p) => p.startsWith(' ') && octets(p) <= 75)).toBe(true);
    expect(parts.slice(1, -1).every((p) => octets(p) === 75)).toBe(true);
    expect(unfold(folded)).toBe(line);
    expect(foldLine('SHORT:line')).toBe('SHORT:line');
    expect(foldLine(`X:${'y'.repeat(73)}`)).not.toContain('\r\n'); // 75 octets: no fold
    expect(foldLine(`X:${'y'.repeat(74)}`).split('\r\n')).toEqual([`X:${'y'.repeat(73)}`, ' y']);
  });

  it('never splits a multi-octet UTF-8 character across lines', () => {
    const line = `SUMMARY:${'é→😀'.repeat(40)}`;
    const parts = foldLine(line).split('\r\n');
    expect(parts.length).toBeGreaterThan(3);
    for (const p of parts) {
      expect(octets(p)).toBeLessThanOrEqual(75);
      // A split surrogate pair or UTF-8 sequence would not survive the round trip.
      expect(Buffer.from(p, 'utf8').toString('utf8')).toBe(p);
      expect(p).not.toMatch(/[\uD800-\uDBFF]$/);
    }
    expect(unfold(parts.join('\r\n'))).toBe(line);
  });

  it('writes DATE and UTC DATE-TIME values, every line ended by CRLF', () => {
    expect(icsDate('2026-12-20')).toBe('20261220');
    expect(() => icsDate('12/20/2026')).toThrow(/not an ISO date/);
    expect(icsUtc(Date.UTC(2026, 11, 2, 8, 54, 7, 123))).toBe('20261202T085407Z');
    expect(icsText(['A:1', 'B:2'])).toBe('A:1\r\nB:2\r\n');
  });
});

describe('caseloadCalendar', () => {
  const c1 = caseRecordFrom('C1-initial-evaluation.json');
  const late = caseRecordFrom('late.json', { text: lateInitialHistory('L2', null), until: '2026-12-02' });
  const nowMs = Date.UTC(2026, 11, 2, 17, 0, 0);

  it('has one all-day VEVENT per dated pending deadline, with due date, next-day end, rule and student id', () => {
    const cal = caseloadCalendar([c1, late], { nowMs });
    const pending = [...c1.view.pending, ...late.view.pending];
    expect(cal.events).toBe(pending.length);
    const text = unfold(cal.text);
    expect(text.match(/^BEGIN:VEVENT$/gm)).toHaveLength(pending.length);
    expect(text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:')).toBe(true);
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    // C1's annual review: due 2027-12-10.
    const annual = c1.view.pending.find((d) => d.rule === 'annual-review')!;
    expect(annual.due).toBe('2027-12-10');
    const block = text.split('BEGIN:VEVENT').find((b) => b.includes(`UID:${c1.view.caseId}/${annual.key}@caseclock`))!;
    expect(block).toContain('DTSTART;VALUE=DATE:20271210\r\n');
    expect(block).toContain('DTEND;VALUE=DATE:20271211\r\n');
    expect(block).toContain(`SUMMARY:annual-review · student ${c1.view.studentId}\r\n`);
    expect(block).toContain('DTSTAMP:20261202T170000Z\r\n');
    const description = /DESCRIPTION:(.*)\r\n/.exec(block)![1];
    expect(description.split('\\n')).toEqual(annual.explanation.map(escapeText));
    expect(annual.explanation.join(' ')).not.toContain('born');
  });

  it('uses CRLF only, folds every line to 75 octets and leaves out names and birth dates', () => {
    const cal = caseloadCalendar([c1, late], { nowMs });
    expect(cal.text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of physicalLines(cal.text)) expect(octets(line)).toBeLessThanOrEqual(75);
    expect(physicalLines(cal.text).some((l) => l.startsWith(' '))).toBe(true); // explanations are long: folded
    // C1's birth date is in the engine's explanations of its age-based deadlines; never in the file.
    expect(c1.view.pending.some((d) => d.explanation.join(' ').includes('born 2019-05-02'))).toBe(true);
    expect(unfold(cal.text)).not.toContain('2019-05-02');
    expect(unfold(cal.text)).toContain('16th birthday (born (birth date withheld))');
    expect(unfold(cal.text)).not.toContain('2018-04-01');
  });

  it('keeps UIDs stable across exports (a moved deadline updates its event) and counts moves in SEQUENCE', () => {
    const a = unfold(caseloadCalendar([c1], { nowMs }).text);
    const b = unfold(caseloadCalendar([c1], { nowMs: nowMs + 86_400_000 }).text);
    const uids = (t: string) => [...t.matchAll(/^UID:(.*)$/gm)].map((m) => m[1]);
    expect(uids(a)).toEqual(uids(b));
    expect(new Set(uids(a)).size).toBe(uids(a).length);
    expect(a.replace(/DTSTAMP:.*\r\n/g, '')).toBe(b.replace(/DTSTAMP:.*\r\n/g, ''));
  });

  it('puts a deadline without a date in `undated`, not in the calendar, and ends a 31 December deadline on 1 January', () => {
    const view = structuredClone(late.view);
    view.pending = [
      { ...view.pending[0], key: 'x#1/undated#1', due: null },
      { ...view.pending[0], key: 'x#1/newyear#1', due: '2026-12-31', actBy: '2026-12-31', explanation: ['a; b, c \\ d'] },
    ];
    const cal = caseloadCalendar([{ view, timeline: [] }], { nowMs });
    expect(cal.events).toBe(1);
    expect(cal.undated).toEqual([`${view.caseId}/x#1/undated#1`]);
    const text = unfold(cal.text);
    expect(text).toContain('DTSTART;VALUE=DATE:20261231\r\nDTEND;VALUE=DATE:20270101\r\n');
    expect(text).toContain('DESCRIPTION:a\\; b\\, c \\\\ d\\nOVERDUE\r\n');
  });
});
