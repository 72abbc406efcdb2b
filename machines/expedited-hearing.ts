/**
 * P13 `expedited-hearing`: the discipline appeal (L7986-7990). The hearing occurs within 20
 * school days of the request and the decision follows within 10 school days of the hearing
 * (L7999-8001; B-9 default, not the glossary's 45 days of L13568-13570).
 *
 * Opened by `discipline` (its APPEAL_REQUESTED, with `{ requestedOn, ground, inIaes }`), or by
 * an outside APPEAL_REQUESTED when no discipline instance is open. An ALJ order of an IAES for
 * danger opens `iaes` (L8007-8012).
 */
import { assign, setup } from 'xstate';
import { z } from 'zod';
import {
  ActorSchema,
  IsoDate,
  declaredEffects,
  eventSchema,
  type ProcessDefinition,
  type ProcessInput,
  type TimerEvent,
} from './contract';
import { lazyDefinition, once } from './lazy';

type Timer<T extends string> = Omit<TimerEvent, 'type'> & { type: T };

/** A parent disagrees with a placement decision or the MD; the LEA says the placement is dangerous (L7986-7990). */
export const APPEAL_GROUNDS = ['placement', 'manifestation-determination', 'danger'] as const;
const FAMILY_ROLES = ['parent', 'adultStudent', 'surrogate'] as const;

const hearingOfficer = once(() => ActorSchema.extend({ role: z.enum(['oah']) }));

/**
 * Shared with `discipline`. Who may appeal on which ground is checked here, because this
 * event also opens the chart and an opening event cannot be refused by a guard.
 */
export const AppealRequested = once(() => eventSchema('APPEAL_REQUESTED', {
  actor: ActorSchema.extend({ role: z.enum([...FAMILY_ROLES, 'district']) }),
  ground: z.enum(APPEAL_GROUNDS),
}).superRefine((e, ctx) => {
  if (!appealGroundFitsActor(e.actor.role, e.ground)) {
    ctx.addIssue({
      code: 'custom',
      path: ['ground'],
      message: 'a parent appeals a placement or manifestation decision; only the LEA appeals on danger (L7986-7990)',
    });
  }
}));

export function appealGroundFitsActor(role: string, ground: string): boolean {
  const family = (FAMILY_ROLES as readonly string[]).includes(role);
  return ground === 'danger' ? role === 'district' : family;
}

export const expeditedHearingEvents = once(() => ({
  APPEAL_REQUESTED: AppealRequested(),
  HEARING_HELD: eventSchema('HEARING_HELD', { actor: hearingOfficer() }),
  /**
   * `return` to the placement removed from; `iaes` for not more than 45 (school) days when the
   * current placement is substantially likely to cause injury (L8002-8012, B-31); `upheld` when
   * the decision appealed stands (C11 "IAES upheld": no new setting is opened).
   */
  DECISION_ISSUED: eventSchema('DECISION_ISSUED', {
    actor: hearingOfficer(),
    order: z.enum(['return', 'iaes', 'upheld']),
    iaesStartsOn: IsoDate.optional(),
  }),
}));

type ExternalEvent = z.infer<(ReturnType<typeof expeditedHearingEvents>)[keyof ReturnType<typeof expeditedHearingEvents>]>;
export type ExpeditedHearingEvent = ExternalEvent | Timer<'EXPEDITED_HEARING_DUE'> | Timer<'EXPEDITED_DECISION_DUE'>;

export const ExpeditedHearingOpener = once(() => z
  .object({
    requestedOn: IsoDate,
    ground: z.enum(APPEAL_GROUNDS),
    requestedBy: z.enum(['parent', 'district']),
    inIaes: z.boolean().optional(),
  })
  .strict());

export interface ExpeditedHearingContext {
  requestedOn: string;
  ground: (typeof APPEAL_GROUNDS)[number];
  requestedBy: 'parent' | 'district';
  inIaes: boolean;
  hearingOn: string | null;
  decidedOn: string | null;
  order: 'return' | 'iaes' | 'upheld' | null;
}

function openingContext(input: ProcessInput): ExpeditedHearingContext {
  const base = { hearingOn: null, decidedOn: null, order: null };
  if (input.trigger) {
    const t = AppealRequested().parse(input.trigger);
    return {
      ...base,
      requestedOn: t.occurredOn,
      ground: t.ground,
      requestedBy: t.actor.role === 'district' ? 'district' : 'parent',
      inIaes: false,
    };
  }
  const o = ExpeditedHearingOpener().parse(input.opener ?? {});
  return { ...base, requestedOn: o.requestedOn, ground: o.ground, requestedBy: o.requestedBy, inIaes: o.inIaes ?? false };
}

const orderIs =
  (order: 'return' | 'iaes' | 'upheld') =>
  ({ event }: { event: ExpeditedHearingEvent }) =>
    event.type === 'DECISION_ISSUED' && event.order === order;

export const expeditedHearingMachine = once(() => setup({
  types: { context: {} as ExpeditedHearingContext, events: {} as ExpeditedHearingEvent, input: {} as ProcessInput },
  guards: {
    returnOrdered: orderIs('return'),
    iaesOrdered: orderIs('iaes'),
  },
  actions: {
    ...declaredEffects,
    recordDecision: assign(({ context, event }) =>
      event.type === 'DECISION_ISSUED' ? { decidedOn: event.occurredOn, order: event.order } : context,
    ),
  },
}).createMachine({
  id: 'expedited-hearing',
  context: ({ input }) => openingContext(input),
  initial: 'requested',
  states: {
    requested: {
      meta: {
        status: 'expedited hearing requested',
        clocks: [
          { id: 'expeditedHearing', rule: 'expedited-hearing', from: 'requestedOn', remind: 'default', onDue: 'EXPEDITED_HEARING_DUE' },
        ],
      },
      on: {
        HEARING_HELD: { target: 'awaiting-decision', actions: assign({ hearingOn: ({ event }) => event.occurredOn }) },
        // A late hearing is still lawful; record the delay and tell staff (§0 defaults).
        EXPEDITED_HEARING_DUE: {
          actions: [
            { type: 'recordDelay', params: { code: 'expedited-hearing-late' } },
            { type: 'escalate', params: { to: ['caseManager', 'spedDirector'] } },
          ],
        },
      },
    },
    'awaiting-decision': {
      meta: {
        status: 'awaiting hearing decision',
        clocks: [
          { id: 'expeditedDecision', rule: 'expedited-decision', from: 'hearingOn', remind: 'default', onDue: 'EXPEDITED_DECISION_DUE' },
        ],
      },
      on: {
        DECISION_ISSUED: [
          { guard: 'returnOrdered', target: 'returned', actions: 'recordDecision' },
          {
            guard: 'iaesOrdered',
            target: 'iaes-ordered',
            actions: [
              'recordDecision',
              {
                type: 'openProcess',
                params: ({ event }) => ({
                  chart: 'iaes',
                  input: {
                    orderedOn: event.occurredOn,
                    ground: 'danger',
                    iaesStartOn: event.type === 'DECISION_ISSUED' ? (event.iaesStartsOn ?? null) : null,
                    openedBy: 'expedited-hearing',
                  },
                }),
              },
            ],
          },
          { target: 'upheld', actions: 'recordDecision' },
        ],
        EXPEDITED_DECISION_DUE: {
          actions: [
            { type: 'recordDelay', params: { code: 'expedited-decision-late' } },
            { type: 'escalate', params: { to: ['caseManager', 'spedDirector'] } },
          ],
        },
      },
    },
    returned: { type: 'final', meta: { status: 'return to placement ordered' } },
    'iaes-ordered': { type: 'final', meta: { status: 'interim setting ordered by ALJ' } },
    upheld: { type: 'final', meta: { status: 'decision appealed upheld' } },
  },
}));

export const definition: ProcessDefinition = lazyDefinition({
  id: 'expedited-hearing',
  version: '1.0.0',
  title: 'Expedited due process hearing (discipline appeal)',
  cites: ['L3902-3904', 'L7986-8012'],
  startsOn: ['APPEAL_REQUESTED'],
  eventTypes: ['APPEAL_REQUESTED', 'HEARING_HELD', 'DECISION_ISSUED'],
}, () => ({ machine: expeditedHearingMachine(), events: expeditedHearingEvents() }));
