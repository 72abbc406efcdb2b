/**
 * A case's past keyed in through the recordHistory Update on the dev server (C13d's opening
 * steps, student Z born 2005-02-10, entered on today's date): the rights statement signed at 17
 * is recorded before the rights transfer at 18 acts, which separate recordEvent Updates could
 * not promise (the clock loop wakes between them at today's date). A refused batch leaves the
 * history exactly as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCalendars } from '../../deadlines';
import { CaseError } from '../../client/case-service';
import { devServerHarness, uniqueId, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await devServerHarness();
});
afterAll(async () => {
  await h?.close();
});

const district = { role: 'district' };
const past = [
  { type: 'TRANSITION_TRACKING_STARTED', occurredOn: '2021-01-04', actor: district },
  { type: 'TRANSITION_PLAN_ADOPTED', occurredOn: '2021-01-04', actor: district },
  { type: 'MAJORITY_STATEMENT_SIGNED', occurredOn: '2021-09-13', actor: { role: 'student' } },
];

describe('recordHistory (late entry in one Update)', () => {
  it('records a past in date order with each clock acting at its own date, all or nothing', async () => {
    const studentId = uniqueId('late-z');
    await h.run(async () => {
      await h.service.openCase({ studentId, birthDate: '2005-02-10', language: 'en', districtId: 'demo-usd', calendar: demoCalendars['demo-usd'] });
      const handle = h.client.workflow.getHandle(`case-${studentId}`);

      // Out of date order: refused by the validator, naming the event; nothing recorded.
      await h.service.view(studentId); // the first workflow task has run: the history is at rest
      const before = (await handle.fetchHistory()).events?.length ?? 0;
      const refused = await h.service.recordHistory(studentId, [past[0], past[2], past[1]]).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(CaseError);
      expect((refused as CaseError).kind).toBe('refused');
      expect((refused as CaseError).message).toMatch(/^events\[2\]\.occurredOn: 2021-01-04 is before the event above it \(2021-09-13\)/);
      // An event its chart cannot take: the whole batch is refused, by index and type.
      const wrong = await h.service.recordHistory(studentId, [past[0], { type: 'MAJORITY_STATEMENT_SIGNED', occurredOn: '2021-09-13', actor: { role: 'parent' } }]).catch((e: unknown) => e);
      expect((wrong as CaseError).message).toMatch(/^events\[1\] \(MAJORITY_STATEMENT_SIGNED\): event\.actor/);
      const after = (await handle.fetchHistory()).events ?? [];
      expect(after.length).toBe(before);
      expect(after.some((e) => e.workflowExecutionUpdateAcceptedEventAttributes)).toBe(false);

      const answer = await h.service.recordHistory(studentId, past);
      // One seq per event, in order (a clock point acting between two takes a seq of its own).
      expect(answer.seqs).toHaveLength(3);
      expect([...answer.seqs].sort((a, b) => a - b)).toEqual(answer.seqs);
      const view = await h.service.view(studentId);
      const process = view.processes.find((p) => p.chart === 'secondary-transition-and-majority');
      // Informed at 17 (the statement), then adult at 18 (2023-02-10): not refused as "already adult".
      expect(process?.state).toBe('majority.adult|plan.active');
      const timeline = await h.service.timeline(studentId);
      const order = timeline.filter((t) => ['MAJORITY_STATEMENT_SIGNED', 'RIGHTS_TRANSFER_DUE'].includes(t.type)).map((t) => [t.type, t.occurredOn]);
      expect(order).toEqual([
        ['MAJORITY_STATEMENT_SIGNED', '2021-09-13'],
        ['RIGHTS_TRANSFER_DUE', '2023-02-10'],
      ]);
      await handle.terminate('test done');
    });
  });
});
