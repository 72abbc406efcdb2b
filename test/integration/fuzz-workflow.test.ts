/**
 * Issue #9 on the real studentCase workflow (shared dev server, real activities): fuzzed
 * recordEvent and signDocument Updates, sent as raw Updates (no client-side checks in between).
 *
 * COUNT: 1,233 fuzzed Updates — 960 recordEvent refusals (240 on each of 4 cases), 272
 * signDocument (68 a case: 20 forged tokens, 20 malformed requests, 6 wrong signers, 1 valid,
 * 20 replays of the used token, 1 of another case's token) and 1 accepted transfer-in event
 * (the one the event fuzz found failing workflow tasks). Seed 20261209. Measured ≈ 30 s for the
 * test itself, ≈ 45 s with the worker bundle, on a loaded 2-core machine.
 *
 * Each refusal is checked against the pure CaseEngine on the case's own state (the same code,
 * judged outside the workflow): refused there too, with the same message. After the run, each
 * workflow's history has no WorkflowTaskFailed event, and its accepted Updates are exactly the
 * ones that were answered — a refused Update left nothing behind.
 */
import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import proto from '@temporalio/proto';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCalendars } from '../../deadlines';
import { chartRegistry } from '../../machines';
import { CaseEngine, RefusedEvent } from '../../workflows/case-engine';
import type { CaseState } from '../../workflows/case-state';
import { caseStateQuery, recordEventUpdate, signDocumentUpdate } from '../../workflows/messages';
import { eventOf, plusDays, spoil } from '../unit/fuzz/event-arbitraries';
import { devServerHarness, uniqueId, type Harness } from './harness';

const SEED = 20261209;
const CASES = 4;
const EVENTS_PER_CASE = 240;
const EventType = proto.temporal.api.enums.v1.EventType;
const district = { role: 'district' };

let h: Harness;
beforeAll(async () => {
  h = await devServerHarness();
});
afterAll(async () => {
  await h?.close();
});

interface Refusal {
  message: string;
  field: string | null;
}

/** The Update's refusal, or null when it was accepted. Anything but a RefusedEvent failure fails the test. */
async function outcome(run: () => Promise<unknown>): Promise<Refusal | null> {
  try {
    await run();
    return null;
  } catch (error) {
    if (!(error instanceof WorkflowUpdateFailedError) || !(error.cause instanceof ApplicationFailure)) throw error;
    expect(error.cause.type).toBe('RefusedEvent');
    const field = (error.cause.details?.[0] as { field?: string | null } | undefined)?.field ?? null;
    return { message: error.cause.message, field };
  }
}

/** The case's date now, in its district's time zone (the workflow's "today"). */
const districtToday = (state: CaseState) => new CaseEngine(state, chartRegistry).today(Date.now());

/** Outside events the case has recorded (refusals add none; a clock point adds timer entries only). */
const recorded = (state: CaseState) => state.timeline.filter((t) => t.kind === 'event').length;

/** The pure engine's answer on the same state: the validator's message, or null. */
function engineAnswer(state: CaseState, event: unknown, nowMs: number): string | null {
  if (typeof event !== 'object' || event === null) return 'event: an event object is required';
  try {
    new CaseEngine(JSON.parse(JSON.stringify(state)) as CaseState, chartRegistry).check(event, nowMs);
    return null;
  } catch (error) {
    if (error instanceof RefusedEvent) return error.message;
    throw error;
  }
}

/** Events every case refuses whatever its state: each family of the issue, none that could be taken. */
function refusedEvents(today: string, count: number, seed: number): unknown[] {
  const schemas = chartRegistry.require('reassessment').events;
  const types = Object.keys(schemas);
  const valid = fc.constantFrom(...types).chain((type) => eventOf(schemas[type], { from: today, today }).map((event) => ({ type, event })));
  const leaf = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.constant('Jane Q. Doe'));
  const families = fc.oneof(
    fc.anything({ values: [leaf], maxDepth: 2, maxKeys: 4 }),
    valid.chain(({ type, event }) => spoil(event, type).map((s) => s.event)),
    valid.chain(({ event }) => fc.integer({ min: 1, max: 400 }).map((d) => ({ ...event, occurredOn: plusDays(today, d) }))),
    fc.tuple(fc.constantFrom('CONSENT_RECEIVED', 'CONSENT_REFUSED'), fc.integer({ min: 1, max: 60 })).map(([type, d]) => ({ type, occurredOn: plusDays(today, -d), actor: { role: 'parent' } })),
    valid.map(({ event }) => ({ ...event, actor: { role: 'system' } })),
    fc.constantFrom('NO_SUCH_EVENT', 'referral_received', 'CONSENT_RECEIVED_2').map((type) => ({ type, occurredOn: today, actor: district })),
    valid.chain(({ event }) => fc.constantFrom('reassessment#2', 'initial-evaluation#1', 'Jane Q. Doe', '').map((process) => ({ ...event, process }))),
  );
  return fc.sample(families, { seed, numRuns: count });
}

/** An Update's answer, or a failure after `ms`: a workflow task that fails is retried, not answered. */
function within<T>(ms: number, promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms / 1000} s (a failing workflow task?)`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

async function inPool<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

interface FuzzCase {
  studentId: string;
  handle: WorkflowHandle;
  token: string;
  /** Update ids that were accepted (answered without a failure). */
  accepted: string[];
}

/** A triennial whose reassessment plan went out today: consent is asked, with a one-time signing token. */
async function awaitingConsent(): Promise<FuzzCase> {
  const studentId = uniqueId('fuzz');
  await h.service.openCase({ studentId, birthDate: '2014-02-03', language: 'en', districtId: 'demo-usd', calendar: demoCalendars['demo-usd'] });
  const handle = h.client.workflow.getHandle(`case-${studentId}`);
  const accepted: string[] = [];
  const send = async (event: Record<string, unknown>) => {
    const updateId = uniqueId('setup');
    await handle.executeUpdate(recordEventUpdate, { args: [{ event, waitForEffects: true }], updateId });
    accepted.push(updateId);
  };
  await send({ type: 'ELIGIBILITY_ON_FILE', occurredOn: '2024-01-20', actor: district });
  const today = districtToday(await handle.query(caseStateQuery));
  await send({ type: 'ASSESSMENT_PLAN_SENT', occurredOn: today, actor: district, receivedByParentOn: today, delivery: 'hand' });
  const state = await handle.query(caseStateQuery);
  const request = state.effects.find((e) => e.type === 'requestSignature' && e.status === 'done');
  const token = String(request?.result?.url ?? '').split('/').pop() ?? '';
  expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  return { studentId, handle, token, accepted };
}

describe('fuzzed Updates on the real workflow', () => {
  it('refuses every bad event and signing answer with the engine’s own reason, leaves no trace, and no workflow task fails', async () => {
    const started = Date.now();
    await h.run(async () => {
      const cases = await Promise.all(Array.from({ length: CASES }, () => awaitingConsent()));
      let updates = 0;

      // recordEvent: refusals only, 8 in flight; each checked against the pure engine.
      const jobs = [];
      const before = new Map<FuzzCase, number>();
      for (const [i, c] of cases.entries()) {
        const state = await c.handle.query(caseStateQuery);
        before.set(c, recorded(state));
        for (const event of refusedEvents(districtToday(state), EVENTS_PER_CASE, SEED + i)) jobs.push({ c, state, event });
      }
      await inPool(jobs, 8, async ({ c, state, event }) => {
        const refused = await outcome(() => within(20_000, c.handle.executeUpdate(recordEventUpdate, { args: [{ event: event as Record<string, unknown> }], updateId: uniqueId('fz') }), 'recordEvent'));
        updates++;
        const context = JSON.stringify(event)?.slice(0, 300);
        expect(refused, `accepted: ${context}`).not.toBeNull();
        // A clock point may fire meanwhile (the district's timer hour): then judge on the state as it is now.
        const judged = engineAnswer(state, event, Date.now());
        expect(refused!.message, context).toBe(judged === refused!.message ? judged : engineAnswer(await c.handle.query(caseStateQuery), event, Date.now()));
        expect(refused!.message, context).toMatch(/^[a-z][A-Za-z0-9_.]*: \S/);
        expect(refused!.message, context).not.toContain('Jane Q. Doe');
        expect(refused!.message, context).not.toContain('2014-02-03');
      });
      // The request's own flags are checked before the event: a flag that is not a boolean names itself.
      for (const [flag, value] of [['waitForEffects', 'yes'], ['withState', 1]] as const) {
        const event = { type: 'REFERRAL_RECEIVED', occurredOn: districtToday(await cases[0].handle.query(caseStateQuery)), actor: district };
        const refused = await outcome(() => within(20_000, cases[0].handle.executeUpdate(recordEventUpdate, { args: [{ event, [flag]: value } as never], updateId: uniqueId('fl') }), 'recordEvent'));
        updates++;
        expect(refused?.message).toBe(`${flag}: true or false`);
      }
      for (const c of cases) expect(recorded(await c.handle.query(caseStateQuery)), 'refusals recorded nothing').toBe(before.get(c));

      // signDocument: forged, malformed, wrong signer, then the real token once, then replays.
      await Promise.all(
        cases.map(async (c, i) => {
          const other = cases[(i + 1) % cases.length].token;
          const sign = async (req: unknown, want: RegExp | null) => {
            const updateId = uniqueId('sig');
            const refused = await outcome(() => within(20_000, c.handle.executeUpdate(signDocumentUpdate, { args: [req as never], updateId }), 'signDocument'));
            updates++;
            if (want === null) {
              expect(refused, JSON.stringify(req)).toBeNull();
              c.accepted.push(updateId);
            } else {
              expect(refused?.message, JSON.stringify(req)).toMatch(want);
              expect(refused?.message).not.toContain(c.token);
            }
          };
          const answer = (extra: Record<string, unknown> = {}) => ({ token: c.token, decision: { scope: 'full' }, signerRole: 'parent', signedAt: new Date().toISOString(), ...extra });
          for (let k = 0; k < 20; k++) await sign(answer({ token: randomBytes(32).toString('base64url') }), /^signature\.token: no signature request of this case has this token/);
          const malformed: unknown[] = [
            ...['short', '', 'A'.repeat(44), `${'A'.repeat(42)}!`, 17, null].map((token) => answer({ token })),
            ...[{ scope: 'partial' }, { scope: 'yes' }, {}, 'full', { scope: 'full', extra: 1 }, { scope: 'full', refusedItems: ['speech'] }].map((decision) => answer({ decision })),
            ...['lea', 'Parent', '', 3].map((signerRole) => answer({ signerRole })),
            answer({ signedAt: 'yesterday' }),
            answer({ note: 'Jane Q. Doe' }),
            null,
            'token',
          ];
          for (const req of malformed) await sign(req, /^signature(\.[a-zA-Z.]+)?: /);
          for (const signerRole of ['adultStudent', 'student', 'adultStudent', 'student', 'adultStudent', 'student']) {
            await sign(answer({ signerRole }), /^signature\.signerRole: request .+ is to be signed by parent$/);
          }
          await sign(answer(), null);
          for (let k = 0; k < 20; k++) {
            const decision = [{ scope: 'full' }, { scope: 'refusal' }, { scope: 'revocation' }][k % 3];
            await sign(answer({ decision, signerRole: k % 2 ? 'guardian' : 'parent' }), /^signature\.token: request .+ was already signed on \d{4}-\d{2}-\d{2}$/);
          }
          await sign(answer({ token: other }), /^signature\.token: no signature request of this case has this token/);
        }),
      );

      // One accepted event per fresh case: the transfer-in the event fuzz found taking the workflow down.
      const transfer = await (async () => {
        const studentId = uniqueId('fuzz-transfer');
        await h.service.openCase({ studentId, birthDate: '2015-03-09', language: 'en', districtId: 'demo-usd', calendar: demoCalendars['demo-usd'] });
        const handle = h.client.workflow.getHandle(`case-${studentId}`);
        const today = districtToday(await handle.query(caseStateQuery));
        const updateId = uniqueId('transfer');
        const event = { type: 'ENROLLED_WITH_IEP', occurredOn: today, actor: district, from: 'other-ca-selpa', sameAcademicYear: true, parentAvailable: false, evaluationUnderWay: false };
        const answer = await within(20_000, handle.executeUpdate(recordEventUpdate, { args: [{ event }], updateId }), 'ENROLLED_WITH_IEP');
        updates++;
        expect(answer.opened).toEqual(['transfer-in#1', 'surrogate-parent#1']);
        return { handle, accepted: [updateId] };
      })();

      // The histories: no failed workflow task, and accepted Updates exactly the answered ones.
      for (const c of [...cases, transfer]) {
        const events = (await c.handle.fetchHistory()).events ?? [];
        expect(events.filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED)).toEqual([]);
        const acceptedIds = events.filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED).map((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.meta?.updateId);
        expect(acceptedIds.sort()).toEqual([...c.accepted].sort());
        await c.handle.terminate('fuzz done');
      }
      expect(updates).toBeGreaterThanOrEqual(1_000);
    });
    // Bounded: well under the 90 s this file may take on a loaded 2-core machine.
    expect(Date.now() - started).toBeLessThan(90_000);
  });
});
