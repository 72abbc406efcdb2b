/**
 * P10b `records-forward`: this district is the former agency. A new school asks for a
 * student's special education records; they go within five working days (L6656-6659, EC
 * 56325) with the A-5 cover letter forbidding redisclosure (L4555-4563). Mandatory permanent
 * and interim records go to California schools (L4345-4347, L4351-4358, L4381-4385); IQ
 * sealing is finished before a transfer (L4452-4453).
 *
 * Opened by RECORDS_FORWARD_REQUESTED (the parent's own request, RECORDS_REQUEST_RECEIVED,
 * opens `records-access`).
 */
import { assign, setup } from 'xstate';
import { z } from 'zod';
import {
  ActorSchema,
  declaredEffects,
  eventSchema,
  type ProcessDefinition,
  type ProcessInput,
  type TimerEvent,
} from './contract';
import { lazyDefinition, once } from './lazy';

type Timer<T extends string> = Omit<TimerEvent, 'type'> & { type: T };

const agencyId = once(() => z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/, 'must be an agency id (letters, digits, . _ : -)'));

export const RecordsForwardRequested = once(() => eventSchema('RECORDS_FORWARD_REQUESTED', {
  /** The educational agency where the student has enrolled (L6656-6657). */
  actor: ActorSchema.extend({ role: z.enum(['district', 'nps', 'selpa']) }),
  requestingAgencyId: agencyId().optional(),
}));

export const recordsForwardEvents = once(() => ({
  RECORDS_FORWARD_REQUESTED: RecordsForwardRequested(),
  RECORDS_SENT: eventSchema('RECORDS_SENT', { actor: ActorSchema.extend({ role: z.enum(['district']) }) }),
}));

type ExternalEvent = z.infer<(ReturnType<typeof recordsForwardEvents>)[keyof ReturnType<typeof recordsForwardEvents>]>;
export type RecordsForwardEvent = ExternalEvent | Timer<'RECORDS_FORWARD_DUE'>;

export interface RecordsForwardContext {
  requestReceivedOn: string;
  requestingAgencyId: string | null;
  sentOn: string | null;
}

function openingContext(input: ProcessInput): RecordsForwardContext {
  const t = RecordsForwardRequested().parse(input.trigger);
  return { requestReceivedOn: t.occurredOn, requestingAgencyId: t.requestingAgencyId ?? null, sentOn: null };
}

export const recordsForwardMachine = once(() => setup({
  types: { context: {} as RecordsForwardContext, events: {} as RecordsForwardEvent, input: {} as ProcessInput },
  actions: { ...declaredEffects },
}).createMachine({
  id: 'records-forward',
  context: ({ input }) => openingContext(input),
  initial: 'requested',
  states: {
    requested: {
      meta: {
        status: 'records to forward',
        clocks: [
          { id: 'recordsForward', rule: 'records-forward', from: 'requestReceivedOn', remind: 'default', onDue: 'RECORDS_FORWARD_DUE' },
        ],
      },
      on: {
        RECORDS_SENT: {
          target: 'sent',
          actions: [
            assign({ sentOn: ({ event }) => event.occurredOn }),
            // The records travel with the A-5 cover letter (L4555-4563).
            { type: 'sendNotice', params: { form: 'A-5', to: 'district', purpose: 'records-forward' } },
          ],
        },
        RECORDS_FORWARD_DUE: {
          actions: [
            { type: 'recordDelay', params: { code: 'records-forward-late' } },
            { type: 'escalate', params: { to: ['caseManager', 'spedDirector'] } },
          ],
        },
      },
    },
    sent: { type: 'final', meta: { status: 'records sent' } },
  },
}));

export const definition: ProcessDefinition = lazyDefinition({
  id: 'records-forward',
  version: '1.0.0',
  title: 'Records forwarded to a new school',
  cites: ['L6653-6659', 'L4555-4563', 'L4345-4385', 'L4452-4453'],
  startsOn: ['RECORDS_FORWARD_REQUESTED'],
  eventTypes: ['RECORDS_FORWARD_REQUESTED', 'RECORDS_SENT'],
}, () => ({ machine: recordsForwardMachine(), events: recordsForwardEvents() }));
