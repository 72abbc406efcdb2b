/**
 * P08 `revocation-of-services`: the parent's written revocation of all special education after
 * services began (L3498-3504, L3653-3674). A spoken statement does not start the chart: the
 * event schema requires `inWriting: true`.
 *
 * Prior written notice (Form 27 + NC 1) before services stop (L3500-3504, L18847-18903); no
 * mediation or due process by the district (L3487-3489, L3660-3663); not in breach of FAPE and no
 * IEP meeting owed (L3493-3497, L3664-3669); records keep references to past services
 * (L3490-3492, L3670-3674); a later request is a new initial evaluation (L18894-18895).
 */
import { assign, setup } from 'xstate';
import { z } from 'zod';
import { declaredEffects, eventSchema, IsoDate, type ProcessDefinition, type ProcessInput, type TimerEvent } from './contract';
import { actorIn, DISTRICT_SIDE, PARENT_SIDE } from './consent-request';
import { lazyDefinition, once } from './lazy';

const district = once(() => actorIn(DISTRICT_SIDE));

export const events = once(() => ({
  REVOCATION_RECEIVED: eventSchema('REVOCATION_RECEIVED', { actor: actorIn(PARENT_SIDE), inWriting: z.literal(true) }),
  /** Form 27 + NC 1 sent, stating the day services stop (L18868-18869). */
  PWN_SENT: eventSchema('PWN_SENT', { actor: district(), stopOn: IsoDate }).refine((e) => e.stopOn >= e.occurredOn, {
    path: ['stopOn'],
    message: 'cannot be before the notice was sent',
  }),
  SERVICES_STOPPED: eventSchema('SERVICES_STOPPED', { actor: district() }),
}));

type Timer<T extends string> = Omit<TimerEvent, 'type'> & { type: T };
export type RevocationEvent = { [K in keyof ReturnType<typeof events>]: z.infer<(ReturnType<typeof events>)[K]> }[keyof ReturnType<typeof events>] | Timer<'REVOCATION_PWN_DUE'>;

export interface RevocationContext {
  revocationReceivedOn: string;
  pwnSentOn: string | null;
  stopOn: string | null;
  stoppedOn: string | null;
}

function contextFrom(input: ProcessInput): RevocationContext {
  const receivedOn = input.trigger?.occurredOn ?? String(input.opener?.revocationReceivedOn ?? '');
  return { revocationReceivedOn: receivedOn, pwnSentOn: null, stopOn: null, stoppedOn: null };
}

export const machine = once(() => setup({
  types: {
    context: {} as RevocationContext,
    events: {} as RevocationEvent,
    input: {} as ProcessInput,
  },
  guards: {
    /** Not before the stop date the notice gave the parent. */
    onOrAfterStopDate: ({ context, event }) => context.stopOn !== null && event.occurredOn >= context.stopOn,
  },
  actions: {
    ...declaredEffects,
    recordPwn: assign(({ event }) => (event.type === 'PWN_SENT' ? { pwnSentOn: event.occurredOn, stopOn: event.stopOn } : {})),
    recordStop: assign({ stoppedOn: ({ event }) => event.occurredOn }),
  },
}).createMachine({
  id: 'revocation-of-services',
  context: ({ input }) => contextFrom(input),
  initial: 'received',
  states: {
    received: {
      // PWN without delay; policy 5 working days (B-21 `revocationPwnDays`).
      meta: { status: 'revocation received', clocks: [{ id: 'revocationPwn', rule: 'revocation-pwn', from: 'revocationReceivedOn', onDue: 'REVOCATION_PWN_DUE' }] },
      on: {
        // Stop date, general education from the next school day, loss of IDEA discipline
        // protections, an optional meeting (L3500-3504, L18853-18903).
        PWN_SENT: {
          target: 'pwn-sent',
          actions: [
            'recordPwn',
            { type: 'sendNotice', params: { form: 'RPT 6/Form 27', to: 'parent', purpose: 'revocation' } },
            { type: 'sendNotice', params: { form: 'NC 1', to: 'parent' } },
          ],
        },
        REVOCATION_PWN_DUE: {
          actions: [
            { type: 'recordDelay', params: { code: 'revocation-pwn-late' } },
            { type: 'escalate', params: { to: ['caseManager', 'spedDirector'] } },
          ],
        },
      },
    },
    'pwn-sent': {
      meta: { status: 'services stopping' },
      on: { SERVICES_STOPPED: { guard: 'onOrAfterStopDate', target: 'services-ended', actions: ['recordStop'] } },
    },
    // The exit chart closes the annual cycle, reassessment and transition tracking.
    'services-ended': {
      type: 'final',
      meta: { status: 'services ended by revocation' },
      entry: [{ type: 'openProcess', params: ({ context }) => ({ chart: 'exit', input: { reason: 'revocation', exitOn: context.stoppedOn } }) }],
    },
  },
}));

export const definition: ProcessDefinition = lazyDefinition({
  id: 'revocation-of-services',
  version: '1.0.0',
  title: 'Revocation of consent to services',
  cites: ['L3487-3504', 'L3653-3674', 'L18847-18903'],
  startsOn: ['REVOCATION_RECEIVED'],
  eventTypes: ['REVOCATION_RECEIVED', 'PWN_SENT', 'SERVICES_STOPPED'],
}, () => ({ machine: machine(), events: events() }));
