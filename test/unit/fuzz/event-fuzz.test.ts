/**
 * Issue #9, events: fuzzed input against the pure CaseEngine — the code the studentCase
 * workflow's recordEvent Update validator and handler run — on 200-odd real case states (every
 * acceptance history frozen before each of its events, case-checkpoints.ts).
 *
 * COUNT: 6,400 fuzzed inputs (numRuns 1,200 + 1,400 + 1,400 + 1,000 + 800 + 600), seed 20261209.
 *
 * The oracle (event-oracle.ts) decides from the contract and the charts' own `can` whether an
 * input should be accepted; event-judge.ts asserts every refusal is a RefusedEvent naming its
 * field, with the state unchanged, and every acceptance also passes the handler and the clock.
 * Nothing is logged per input; the tallies at the end show each kind of outcome happened.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { chartRegistry } from '../../../machines';
import type { CaseState, ProcessRecord } from '../../../workflows/case-state';
import { DELAY_REASON_NAMES } from '../../../workflows/meeting-delays';
import { checkpoints, lastOutsideEventOn, type Checkpoint } from './case-checkpoints';
import { BAD_DATES, eventOf, plusDays, schemasOfType, spoil } from './event-arbitraries';
import { CANARY_NAME, judge, Tally, type Verdict } from './event-judge';
import { baseProblem, expectedFor } from './event-oracle';

const SEED = 20261209;
const run = (runs: number) => ({ seed: SEED, numRuns: runs, endOnFailure: true });
const all = checkpoints();
const tally = new Tally();
const parsed = new WeakMap<Checkpoint, CaseState>();
/** The checkpoint's state, parsed once: the oracle only reads it (the judge restores its own copy). */
function stateOf(cp: Checkpoint): CaseState {
  let state = parsed.get(cp);
  if (!state) parsed.set(cp, (state = JSON.parse(cp.state) as CaseState));
  return state;
}
const openOf = (cp: Checkpoint) => stateOf(cp).processes.filter((p) => p.status === 'open');

/** Event types the process's active state nodes handle (XState v5 keeps them on `_nodes`). */
function listensFor(p: ProcessRecord): Set<string> {
  const snapshot = chartRegistry.require(p.chart, p.version).machine.resolveState(p.snapshot) as { _nodes?: Array<{ ownEvents?: string[] }> };
  return new Set((snapshot._nodes ?? []).flatMap((n) => n.ownEvents ?? []));
}

function count(family: string, verdict: Verdict): void {
  if (!verdict.accepted) return tally.add(`refused:${family}`);
  tally.add(`accepted:${family}`);
  tally.add(verdict.outcome!.opened.includes(verdict.outcome!.process) ? 'accepted:new' : 'accepted:existing');
}

afterAll(() => {
  // Not vacuous: the fuzz reached acceptances of both kinds and refusals of every family.
  expect(tally.get('accepted:existing')).toBeGreaterThan(500);
  expect(tally.get('accepted:new')).toBeGreaterThan(200);
  for (const family of ['random', 'well-formed', 'spoiled', 'after-today', 'out-of-order', 'routing']) expect(tally.get(`refused:${family}`), family).toBeGreaterThan(100);
});

/** A checkpoint, and an event of one of its open processes' charts (or of any chart: openers). */
const wellFormed = fc.gen().map((g) => {
  const cp = all[g(fc.nat, { max: all.length - 1 })];
  const state = stateOf(cp);
  const open = state.processes.filter((p) => p.status === 'open');
  const target: ProcessRecord | null = open.length && g(fc.boolean) ? open[g(fc.nat, { max: open.length - 1 })] : null;
  const def = target ? chartRegistry.require(target.chart, target.version) : chartRegistry.all()[g(fc.nat, { max: chartRegistry.all().length - 1 })];
  const types = Object.keys(def.events);
  // Mostly an event the target's current state listens for (else guards refuse nearly all).
  const listened = target ? types.filter((t) => listensFor(target).has(t)) : [];
  const pool = listened.length && g(fc.nat, { max: 3 }) > 0 ? listened : types;
  const type = pool[g(fc.nat, { max: pool.length - 1 })];
  const from = target ? lastOutsideEventOn(state, target) : plusDays(cp.today, -200);
  const event = g(() => eventOf(def.events[type], { from, today: cp.today }));
  return { cp, target: target?.key ?? null, from, type, event };
});

describe('event fuzz on the pure CaseEngine (validator + handler)', () => {
  it('random JSON and near-events: refused naming the first wrong base field, nothing changed', () => {
    const leaf = fc.oneof(fc.constantFrom(CANARY_NAME, '2026-10-05', 'REFERRAL_RECEIVED', 'parent'), fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
    const randomJson = fc.anything({ values: [leaf], maxDepth: 3, maxKeys: 6 });
    const roles = fc.constantFrom('parent', 'district', 'system', 'Parent', '', 'oah');
    const nearEvent = fc.record(
      {
        type: fc.oneof(fc.constantFrom(...chartRegistry.eventTypes()), fc.constantFrom('referral_received', 'Referral', '1ABC', '', 'NO_SUCH_EVENT'), fc.string()),
        occurredOn: fc.oneof(fc.constantFrom(...BAD_DATES), fc.constantFrom('2026-10-05', '1999-12-31', '2031-01-01'), fc.integer()),
        actor: fc.oneof(fc.record({ role: roles }), fc.record({ role: roles, id: fc.constantFrom('cm-1', CANARY_NAME, '') }), leaf),
        process: fc.constantFrom('initial-evaluation#1', 'Initial Evaluation', CANARY_NAME, 'x#99'),
        delayReason: fc.constantFrom('parent-unavailable', 'staff', 'because', 7),
        extra: randomJson,
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.nat({ max: all.length - 1 }), fc.oneof(randomJson, nearEvent), (i, raw) => {
        const cp = all[i];
        const expected = expectedFor(stateOf(cp), raw, cp.today);
        const verdict = judge(cp, raw, expected);
        count('random', verdict);
        if (baseProblem(raw)) expect(verdict.accepted).toBe(false);
      }),
      run(1200),
    );
  });

  it('well-formed events: accepted exactly when one open process (or the chart they open) takes them', () => {
    fc.assert(
      fc.property(wellFormed, ({ cp, event }) => {
        const verdict = judge(cp, event, expectedFor(stateOf(cp), event, cp.today));
        count('well-formed', verdict);
      }),
      run(1400),
    );
  });

  it('one spoiled field (unknown, missing, wrong type, not a date, bad actor): refused naming that field', () => {
    const spoiled = wellFormed.chain((w) => spoil(w.event, w.type).map((s) => ({ ...w, spoiled: s })));
    fc.assert(
      fc.property(spoiled, ({ cp, type, event, spoiled: s }) => {
        const verdict = judge(cp, s.event, { accept: false, why: `${s.how} ${s.field}` });
        count('spoiled', verdict);
        const open = openOf(cp);
        // Refused for the spoiled field, unless no open process and no chart knows the type at all.
        const known = open.some((p) => chartRegistry.require(p.chart, p.version).events[String(s.event.type)]) || chartRegistry.openedBy(String(s.event.type));
        const base = s.how === 'bad-actor' || ['event.occurredOn', 'event.actor'].includes(s.field);
        // Which field comes first is only certain when every chart's schema of the type took the unspoiled event.
        const cleanEverywhere = schemasOfType(type).every((schema) => schema.safeParse(event).success);
        if (!cleanEverywhere) return;
        if (known || base) {
          if (s.how === 'unknown-field') expect(verdict.field).toBe('event');
          else expect(verdict.field!.startsWith(s.field), `${verdict.message} (wanted ${s.field})`).toBe(true);
          if (s.mentions) expect(verdict.message).toContain(s.mentions);
        } else {
          expect(verdict.field).toBe('event.type');
        }
      }),
      run(1400),
    );
  });

  it('dates: after today, before the process’s last event (out of order), outside the calendar', () => {
    const dated = wellFormed.chain((w) =>
      fc
        .oneof(
          fc.integer({ min: 1, max: 900 }).map((d) => ({ family: 'after-today', on: plusDays(w.cp.today, d) })),
          fc.integer({ min: 1, max: 400 }).map((d) => ({ family: 'out-of-order', on: plusDays(w.from, -d) })),
          fc.constantFrom('1000-01-01', '1900-03-01', '1999-12-31', '2020-02-29', '2026-08-11').map((on) => ({ family: 'outside-calendar', on })),
        )
        .map((d) => ({ ...w, ...d, event: { ...w.event, occurredOn: d.on } })),
    );
    fc.assert(
      fc.property(dated, ({ cp, target, event, family }) => {
        const expected = expectedFor(stateOf(cp), event, cp.today);
        const verdict = judge(cp, event, expected);
        if (family === 'after-today') expect([verdict.field, verdict.message]).toEqual(['event.occurredOn', expect.stringMatching(/is after today/)]);
        const outOfOrder = expected.accept === false && expected.why.startsWith('out of order');
        if (outOfOrder) expect(verdict.message).toMatch(/^event\.occurredOn: \d{4}-\d{2}-\d{2} is before .+ recorded/);
        count(outOfOrder ? 'out-of-order' : family, verdict);
        if (family === 'out-of-order' && target && verdict.accepted) expect(verdict.outcome!.process).not.toBe(target);
      }),
      run(1000),
    );
  });

  it('routing: processes not open, unknown types, system actors, delay reasons', () => {
    const routed = wellFormed.chain((w) => {
      const closed = stateOf(w.cp).processes.filter((p) => p.status === 'done').map((p) => p.key);
      return fc
        .oneof(
          fc.constantFrom(...closed, 'initial-evaluation#99', 'no-such-chart#1').map((process) => ({ ...w.event, process })),
          fc.constantFrom(CANARY_NAME, 'Initial Evaluation', 'initial-evaluation', '').map((process) => ({ ...w.event, process })),
          fc.constantFrom('NO_SUCH_EVENT', 'REFERRAL_RECIEVED', 'CONSENT_RECEIVED_2').map((type) => ({ ...w.event, type })),
          fc.constant({ ...w.event, actor: { role: 'system' } }),
          fc.constantFrom<unknown>(...DELAY_REASON_NAMES, 'staff-shortage', 3).map((delayReason) => ({ ...w.event, delayReason })),
        )
        .map((event) => ({ ...w, event }));
    });
    fc.assert(
      fc.property(routed, ({ cp, event }) => {
        const verdict = judge(cp, event, expectedFor(stateOf(cp), event, cp.today));
        count('routing', verdict);
      }),
      run(800),
    );
  });

  it('each history’s own next event: accepted where the history accepts it, to the same process', () => {
    fc.assert(
      fc.property(fc.nat({ max: all.length - 1 }), fc.boolean(), (i, hinted) => {
        const cp = all[i];
        // The routing hint can only name a process that is already open (not the one the event opens).
        const hint = hinted && openOf(cp).some((p) => p.key === cp.nextProcess);
        const event = hint ? { ...cp.next, process: cp.nextProcess } : cp.next;
        const expected = expectedFor(stateOf(cp), event, cp.today);
        const verdict = judge(cp, event, cp.nextRefused ? { accept: false, why: 'the history expects a refusal' } : expected);
        if (!cp.nextRefused) expect(verdict.outcome?.process).toBe(cp.nextProcess);
        count('history', verdict);
      }),
      run(600),
    );
  });
});
