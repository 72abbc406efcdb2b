/**
 * P12 `iaes`: removal to an interim alternative educational setting for not more than 45
 * school days (special circumstances), whatever the manifestation finding (L7957-7969).
 *
 * Opened three ways:
 * - by an outside `IAES_ORDERED` when no discipline instance is open: this chart sends the
 *   same-day decision notice + NC 1 and opens `discipline`, whose `md-pending` runs the
 *   manifestation clock (L7908 still applies: "within 10 school days of any decision");
 * - by `discipline` (its `IAES_ORDERED`), which already sent the notices and runs the MD;
 * - by `expedited-hearing` when the ALJ orders an IAES for danger (L8002-8012, B-31 school days).
 *
 * The 45 days count from the first day in the setting (`iaes-end`, deadlines.md §3), which
 * is often the day after the order (C11): until `IAES_STARTED` or the order's `startsOn` sets
 * it, the clock is declared but not running.
 */
import { assign, enqueueActions, setup } from 'xstate';
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

/** Weapon, drugs, serious bodily injury (L7958-7968; injury defined L7970-7977). */
export const IAES_GROUNDS = ['weapon', 'drugs', 'serious-bodily-injury'] as const;

const schoolStaff = once(() => ActorSchema.extend({ role: z.enum(['district']) }));
const hearingOfficer = once(() => ActorSchema.extend({ role: z.enum(['oah', 'court']) }));

/**
 * School personnel order the removal (L7958); only at school, on school premises or at a
 * school function (L7959-7968). Shared with `discipline`, which accepts the same event.
 */
export const IaesOrdered = once(() => eventSchema('IAES_ORDERED', {
  actor: schoolStaff(),
  ground: z.enum(IAES_GROUNDS),
  location: z.enum(['school', 'school-premises', 'school-function']),
  /** First day in the setting, when already known. */
  startsOn: IsoDate.optional(),
  /** Whether an FBA-based BIP is already in place (L1050-1052). */
  hasFbaBip: z.boolean().optional(),
}).superRefine((e, ctx) => {
  if (e.startsOn && e.startsOn < e.occurredOn) {
    ctx.addIssue({ code: 'custom', path: ['startsOn'], message: 'the first IAES day cannot be before the order' });
  }
}));

export const iaesEvents = once(() => ({
  IAES_ORDERED: IaesOrdered(),
  IAES_STARTED: eventSchema('IAES_STARTED', { actor: schoolStaff() }),
  /** IEP team with the parent's agreement changes the placement (design reading of P12). */
  PLACEMENT_CHANGED: eventSchema('PLACEMENT_CHANGED', { actor: schoolStaff(), parentAgreed: z.boolean() }),
  /** The hearing officer's order as it bears on this setting (L8002-8012; B-10). */
  ALJ_ORDERED: eventSchema('ALJ_ORDERED', { actor: hearingOfficer(), order: z.enum(['return', 'remain']) }),
  RETURNED: eventSchema('RETURNED', { actor: schoolStaff() }),
}));

type ExternalEvent = z.infer<(ReturnType<typeof iaesEvents>)[keyof ReturnType<typeof iaesEvents>]>;
export type IaesEvent = ExternalEvent | Timer<'IAES_END_DUE'>;

/** What `discipline` and `expedited-hearing` pass when they open this chart. */
export const IaesOpener = once(() => z
  .object({
    orderedOn: IsoDate,
    ground: z.enum([...IAES_GROUNDS, 'danger']),
    iaesStartOn: IsoDate.nullable().optional(),
    openedBy: z.enum(['discipline', 'expedited-hearing']),
    hasFbaBip: z.boolean().optional(),
  })
  .strict());

export interface IaesContext {
  orderedOn: string;
  ground: (typeof IAES_GROUNDS)[number] | 'danger';
  /** Trigger of `iaes-end`: first day in the setting. */
  iaesStartOn: string | null;
  openedBy: 'trigger' | 'discipline' | 'expedited-hearing';
  hasFbaBip: boolean;
  returnedOn: string | null;
  aljOrder: 'return' | 'remain' | null;
}

function openingContext(input: ProcessInput): IaesContext {
  if (input.trigger) {
    const t = IaesOrdered().parse(input.trigger);
    return {
      orderedOn: t.occurredOn,
      ground: t.ground,
      iaesStartOn: t.startsOn ?? null,
      openedBy: 'trigger',
      hasFbaBip: t.hasFbaBip ?? false,
      returnedOn: null,
      aljOrder: null,
    };
  }
  const o = IaesOpener().parse(input.opener ?? {});
  return {
    orderedOn: o.orderedOn,
    ground: o.ground,
    iaesStartOn: o.iaesStartOn ?? null,
    openedBy: o.openedBy,
    hasFbaBip: o.hasFbaBip ?? false,
    returnedOn: null,
    aljOrder: null,
  };
}

export const iaesMachine = once(() => setup({
  types: { context: {} as IaesContext, events: {} as IaesEvent, input: {} as ProcessInput },
  guards: {
    notStarted: ({ context }) => context.iaesStartOn === null,
    parentAgreed: ({ event }) => event.type === 'PLACEMENT_CHANGED' && event.parentAgreed,
    returnOrdered: ({ event }) => event.type === 'ALJ_ORDERED' && event.order === 'return',
  },
  actions: {
    ...declaredEffects,
    recordOrder: assign({ aljOrder: ({ context, event }) => (event.type === 'ALJ_ORDERED' ? event.order : context.aljOrder) }),
    /**
     * Only an order that reached no discipline instance is announced here: the parent is told
     * the same day, with NC 1 (L3547, L7874-7877, L7904-7906), and `discipline` is opened for
     * the manifestation determination that still runs (L7908). When `discipline` opened this
     * chart it has done both; an ALJ order is announced by OAH.
     */
    announceOrder: enqueueActions(({ context, enqueue }) => {
      if (context.openedBy !== 'trigger') return;
      enqueue({
        type: 'sendNotice',
        params: { form: 'Decision notice', to: 'parent', states: 'manifestation-determination', purpose: 'iaes' },
      });
      enqueue({ type: 'sendNotice', params: { form: 'NC 1', to: 'parent', purpose: 'disciplinary-removal' } });
      enqueue({
        type: 'openProcess',
        params: {
          chart: 'discipline',
          input: { decisionOn: context.orderedOn, basis: 'iaes', hasFbaBip: context.hasFbaBip },
        },
      });
    }),
  },
}).createMachine({
  id: 'iaes',
  context: ({ input }) => openingContext(input),
  initial: 'in-iaes',
  states: {
    'in-iaes': {
      // Services continue and FBA/BIP as appropriate (L7979-7985); the setting is the IEP
      // team's choice (L7969). During an appeal the student stays here until the decision or
      // the 45th day, whichever is first (L7993-7997, B-10).
      meta: {
        status: 'in interim alternative setting',
        clocks: [
          { id: 'iaesEnd', rule: 'iaes-end', from: 'iaesStartOn', remind: 'default', onDue: 'IAES_END_DUE' },
        ],
      },
      entry: 'announceOrder',
      on: {
        IAES_STARTED: {
          guard: 'notStarted',
          actions: assign({ iaesStartOn: ({ event }) => event.occurredOn }),
        },
        // The 45th school day is the last in the setting: the student goes back (design
        // default: to the placement removed from; the handbook is silent).
        IAES_END_DUE: { target: 'returning' },
        PLACEMENT_CHANGED: { guard: 'parentAgreed', target: 'changed' },
        ALJ_ORDERED: [
          { guard: 'returnOrdered', target: 'returning', actions: 'recordOrder' },
          // "remain": the order keeps the student here (e.g. IAES upheld); the clock runs on.
          { actions: 'recordOrder' },
        ],
      },
    },
    returning: {
      meta: { status: 'returning to the placement removed from' },
      on: {
        RETURNED: { target: 'returned', actions: assign({ returnedOn: ({ event }) => event.occurredOn }) },
      },
    },
    returned: { type: 'final', meta: { status: 'returned' } },
    changed: { type: 'final', meta: { status: 'placement changed by IEP team and parent' } },
  },
}));

export const definition: ProcessDefinition = lazyDefinition({
  id: 'iaes',
  version: '1.0.0',
  title: '45-school-day interim alternative educational setting',
  cites: ['L7957-7985', 'L7993-7997', 'L8002-8012', 'L3547'],
  startsOn: ['IAES_ORDERED'],
  eventTypes: ['IAES_ORDERED', 'IAES_STARTED', 'PLACEMENT_CHANGED', 'ALJ_ORDERED', 'RETURNED'],
}, () => ({ machine: iaesMachine(), events: iaesEvents() }));
