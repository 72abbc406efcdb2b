/**
 * P17 `records-access`: a parent (or another entitled person) asks to see the student's
 * records, orally or in writing; access without unnecessary delay and no later than five
 * business days after the request (L4059-4060; B-18 default: the review is done by day 5).
 * The written request is form A-1, time-stamped and logged on A-2 (L4112-4117, L4490-4508).
 * Copies are made at once or mailed within one or two days (L4121-4122); a copy fee is
 * allowed, a search fee is not (L4065-4067). No record may be destroyed while a request is
 * open (L4316-4317).
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

const schoolStaff = once(() => ActorSchema.extend({ role: z.enum(['district']) }));

export const RecordsRequestReceived = once(() => eventSchema('RECORDS_REQUEST_RECEIVED', {
  /**
   * Either parent unless a court order says otherwise (L4076-4078), a surrogate (L10023-10025),
   * the adult student (L4225-4228), a pupil 16+ or past tenth grade (L4173-4174).
   */
  actor: ActorSchema.extend({ role: z.enum(['parent', 'adultStudent', 'surrogate', 'student']) }),
  /** The parent's representative inspects on the parent's behalf (L4107-4110). */
  viaRepresentative: z.boolean().optional(),
  /** Oral requests count too (L4060); staff then fill in A-1. */
  channel: z.enum(['written', 'oral']).optional(),
}));

export const recordsAccessEvents = once(() => ({
  RECORDS_REQUEST_RECEIVED: RecordsRequestReceived(),
  APPOINTMENT_SET: eventSchema('APPOINTMENT_SET', { actor: schoolStaff(), appointmentOn: IsoDate }),
  /** Certificated staff review the folder with the parent, explaining it (L4118-4121). */
  RECORDS_REVIEWED: eventSchema('RECORDS_REVIEWED', { actor: schoolStaff(), copiesRequested: z.boolean() }),
  COPIES_REQUESTED: eventSchema('COPIES_REQUESTED', {
    actor: ActorSchema.extend({ role: z.enum(['parent', 'adultStudent', 'surrogate', 'student']) }),
  }),
  COPIES_SENT: eventSchema('COPIES_SENT', { actor: schoolStaff(), method: z.enum(['hand', 'mail', 'email']) }),
  NO_COPIES: eventSchema('NO_COPIES', { actor: schoolStaff() }),
}));

type ExternalEvent = z.infer<(ReturnType<typeof recordsAccessEvents>)[keyof ReturnType<typeof recordsAccessEvents>]>;
export type RecordsAccessEvent = ExternalEvent | Timer<'RECORDS_ACCESS_DUE'> | Timer<'RECORDS_COPIES_DUE'>;

export interface RecordsAccessContext {
  requestReceivedOn: string;
  appointmentOn: string | null;
  reviewedOn: string | null;
  /** Trigger of `records-copies`: the day copies were asked for. */
  copiesRequestedOn: string | null;
  copiesSentOn: string | null;
}

function openingContext(input: ProcessInput): RecordsAccessContext {
  const t = RecordsRequestReceived().parse(input.trigger);
  return { requestReceivedOn: t.occurredOn, appointmentOn: null, reviewedOn: null, copiesRequestedOn: null, copiesSentOn: null };
}

const lateAct = (code: string) => [
  { type: 'recordDelay' as const, params: { code } },
  { type: 'escalate' as const, params: { to: ['caseManager' as const, 'spedDirector' as const] } },
];

export const recordsAccessMachine = once(() => setup({
  types: { context: {} as RecordsAccessContext, events: {} as RecordsAccessEvent, input: {} as ProcessInput },
  guards: {
    copiesNotYetRequested: ({ context }) => context.copiesRequestedOn === null,
  },
  actions: { ...declaredEffects },
}).createMachine({
  id: 'records-access',
  context: ({ input }) => openingContext(input),
  initial: 'requested',
  states: {
    requested: {
      meta: {
        status: 'records review to give',
        clocks: [{ id: 'recordsAccess', rule: 'records-access', from: 'requestReceivedOn', remind: 'default', onDue: 'RECORDS_ACCESS_DUE' }],
      },
      on: {
        // Under the default reading the review itself is due by day 5, so the clock runs on.
        APPOINTMENT_SET: { actions: assign({ appointmentOn: ({ event }) => event.appointmentOn }) },
        RECORDS_REVIEWED: {
          target: 'reviewed',
          actions: assign(({ event }) => ({
            reviewedOn: event.occurredOn,
            copiesRequestedOn: event.copiesRequested ? event.occurredOn : null,
          })),
        },
        RECORDS_ACCESS_DUE: { actions: lateAct('records-access-late') },
      },
    },
    reviewed: {
      meta: {
        status: 'records reviewed',
        clocks: [{ id: 'recordsCopies', rule: 'records-copies', from: 'copiesRequestedOn', remind: 'default', onDue: 'RECORDS_COPIES_DUE' }],
      },
      on: {
        COPIES_REQUESTED: { guard: 'copiesNotYetRequested', actions: assign({ copiesRequestedOn: ({ event }) => event.occurredOn }) },
        COPIES_SENT: { target: 'closed', actions: assign({ copiesSentOn: ({ event }) => event.occurredOn }) },
        NO_COPIES: { target: 'closed' },
        RECORDS_COPIES_DUE: { actions: lateAct('records-copies-late') },
      },
    },
    closed: { type: 'final', meta: { status: 'closed' } },
  },
}));

export const definition: ProcessDefinition = lazyDefinition({
  id: 'records-access',
  version: '1.0.0',
  title: 'Parent access to records',
  cites: ['L4056-4078', 'L4107-4124', 'L4490-4508', 'L4316-4317'],
  startsOn: ['RECORDS_REQUEST_RECEIVED'],
  eventTypes: ['RECORDS_REQUEST_RECEIVED', 'APPOINTMENT_SET', 'RECORDS_REVIEWED', 'COPIES_REQUESTED', 'COPIES_SENT', 'NO_COPIES'],
}, () => ({ machine: recordsAccessMachine(), events: recordsAccessEvents() }));
