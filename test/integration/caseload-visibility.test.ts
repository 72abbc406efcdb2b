/**
 * Against the real dev server: cases started, then found by custom search attributes through
 * a visibility query — "overdue at school X" — with ids only in the attributes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCalendars, toDayNumber, toIso } from '../../deadlines';
import { listCaseload } from '../../client/caseload';
import { dateIn } from '../../workflows/zoned-time';
import { devServerHarness, eventually, uniqueId, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await devServerHarness();
});
afterAll(async () => h?.close());

const today = dateIn('America/Los_Angeles', Date.now());
const daysAgo = (n: number) => toIso(toDayNumber(today) - n);


describe('caseload through Temporal visibility (dev server)', () => {
  it('finds the overdue cases of one school by search attribute', async () => {
    const schoolA = uniqueId('sch-a');
    const schoolB = uniqueId('sch-b');
    const cases = [
      { studentId: uniqueId('va'), school: schoolA, requestedDaysAgo: 20 }, // 5 working days long past: overdue
      { studentId: uniqueId('vb'), school: schoolA, requestedDaysAgo: 0 }, // asked today: not overdue
      { studentId: uniqueId('vc'), school: schoolB, requestedDaysAgo: 20 },
    ];
    await h.run(async () => {
      for (const c of cases) {
        await h.service.openCase({
          studentId: c.studentId,
          birthDate: '2012-03-04',
          language: 'en',
          districtId: 'demo-usd',
          schoolId: c.school,
          caseManagerId: 'cm-7',
          calendar: demoCalendars['demo-usd'],
        });
        const answer = await h.service.recordEvent(c.studentId, {
          type: 'RECORDS_REQUEST_RECEIVED',
          occurredOn: daysAgo(c.requestedDaysAgo),
          actor: { role: 'parent' },
        });
        expect(answer.process).toBe('records-access#1');
      }
      const overdueAtA = await eventually(
        () => listCaseload(h.client, { school: schoolA, overdue: true }),
        (rows) => rows.length >= 1,
        'overdue case at school A',
      );
      expect(overdueAtA.map((r) => r.studentId)).toEqual([cases[0].studentId]);
      expect(overdueAtA[0]).toMatchObject({ school: schoolA, caseManager: 'cm-7', overdue: true, overdueRules: ['records-access'] });
      const allAtA = await eventually(() => listCaseload(h.client, { school: schoolA }), (rows) => rows.length === 2, 'both cases at school A');
      // Sorted by next due date: the overdue one first.
      expect(allAtA.map((r) => r.studentId)).toEqual([cases[0].studentId, cases[1].studentId]);
      expect(allAtA[1]).toMatchObject({ overdue: false, nextRule: 'records-access' });
    });
  });
});
