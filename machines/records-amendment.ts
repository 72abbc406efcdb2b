/**
 * P18 `records-amendment`: a parent challenges the content of a record in writing to the
 * superintendent, on one of six grounds (L4260-4273). Only a custodial parent may challenge
 * (L4071-4075). Superintendent meeting within 30 days; the parent may appeal to the board
 * within 30 days of the decision; the board holds a closed hearing within 30 days of the
 * appeal, and its decision is final; or, with the parent's written consent to show the records,
 * a hearing panel decides (L4275-4304). When the district keeps the record the parent may add a
 * written statement (L4305-4308), kept as a mandatory interim record (L4369).
 */
import { assign, setup } from 'xstate';
import { z } from 'zod';
import {
  ActorSchema,
  declaredEffects,
  eventSchema,
  type ProcessDefinition,
  type ProcessInput,
  type SendNoticeParams,
  type TimerEvent,
} from './contract';
import { lazyDefinition, once } from './lazy';

type Timer<T extends string> = Omit<TimerEvent, 'type'> & { type: T };

/** The six grounds of EC 49070 (L4266-4272). */
export const AMENDMENT_GROUNDS = [
  'inaccurate',
  'unsubstantiated-conclusion',
  'outside-competence',
  'not-personal-observation',
  'misleading',
  'privacy-violation',
] as const;

const family = once(() => ActorSchema.extend({ role: z.enum(['parent', 'adultStudent', 'surrogate']) }));
const schoolStaff = once(() => ActorSchema.extend({ role: z.enum(['district']) }));
const decision = once(() => z.enum(['sustained', 'denied']));

export const AmendmentRequested = once(() => eventSchema('AMENDMENT_REQUESTED', {
  actor: family(),
  ground: z.enum(AMENDMENT_GROUNDS),
  recordId: z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/, 'must be a record id').optional(),
  /** Divorced or separated parents: only the one with legal custody may challenge (L4071-4073). */
  custodialParent: z
    .boolean()
    .refine((v) => v, 'only the parent having legal custody may challenge a record (L4071-4073)')
    .optional(),
}));

export const recordsAmendmentEvents = once(() => ({
  AMENDMENT_REQUESTED: AmendmentRequested(),
  /** With the parent and the employee who recorded it (L4275-4277); sustain or deny (L4278-4279). */
  SUPERINTENDENT_MEETING_HELD: eventSchema('SUPERINTENDENT_MEETING_HELD', { actor: schoolStaff(), decision: decision() }),
  APPEAL_FILED: eventSchema('APPEAL_FILED', { actor: family() }),
  /** The parent's written consent to show the records to a hearing panel (L4289-4291). */
  PANEL_CONSENTED: eventSchema('PANEL_CONSENTED', { actor: family() }),
  BOARD_DECIDED: eventSchema('BOARD_DECIDED', { actor: schoolStaff(), decision: decision() }),
  PANEL_DECIDED: eventSchema('PANEL_DECIDED', { actor: schoolStaff(), decision: decision() }),
}));

type ExternalEvent = z.infer<(ReturnType<typeof recordsAmendmentEvents>)[keyof ReturnType<typeof recordsAmendmentEvents>]>;
export type RecordsAmendmentEvent =
  | ExternalEvent
  | Timer<'RECORDS_AMENDMENT_MEETING_DUE' | 'RECORDS_AMENDMENT_APPEAL_WINDOW_DUE' | 'RECORDS_AMENDMENT_BOARD_HEARING_DUE'>;

export interface RecordsAmendmentContext {
  requestReceivedOn: string;
  ground: (typeof AMENDMENT_GROUNDS)[number];
  decidedOn: string | null;
  appealFiledOn: string | null;
  decision: 'sustained' | 'denied' | null;
  decidedBy: 'superintendent' | 'board' | 'panel' | null;
}

function openingContext(input: ProcessInput): RecordsAmendmentContext {
  const t = AmendmentRequested().parse(input.trigger);
  return { requestReceivedOn: t.occurredOn, ground: t.ground, decidedOn: null, appealFiledOn: null, decision: null, decidedBy: null };
}

const lateAct = (code: string) => [
  { type: 'recordDelay' as const, params: { code } },
  { type: 'escalate' as const, params: { to: ['caseManager' as const, 'spedDirector' as const] } },
];

/** The parent hears every decision; a denial tells them they may add a statement (L4305-4308). */
function decisionNotice(decided: 'sustained' | 'denied'): SendNoticeParams {
  return { form: 'Decision notice', to: 'parent', purpose: decided === 'denied' ? 'amendment-denied-statement-right' : 'amendment-sustained' };
}

export const recordsAmendmentMachine = once(() => setup({
  types: { context: {} as RecordsAmendmentContext, events: {} as RecordsAmendmentEvent, input: {} as ProcessInput },
  actions: {
    ...declaredEffects,
    recordDecision: assign(({ context, event }, params: { by: 'superintendent' | 'board' | 'panel' }) =>
      'decision' in event ? { decidedOn: event.occurredOn, decision: event.decision, decidedBy: params.by } : context,
    ),
  },
}).createMachine({
  id: 'records-amendment',
  context: ({ input }) => openingContext(input),
  initial: 'requested',
  states: {
    requested: {
      meta: {
        status: 'superintendent meeting to hold',
        clocks: [
          { id: 'recordsAmendmentMeeting', rule: 'records-amendment-meeting', from: 'requestReceivedOn', remind: 'default', onDue: 'RECORDS_AMENDMENT_MEETING_DUE' },
        ],
      },
      on: {
        SUPERINTENDENT_MEETING_HELD: {
          target: 'decided',
          actions: [
            { type: 'recordDecision', params: { by: 'superintendent' } },
            { type: 'sendNotice', params: ({ event }) => decisionNotice(event.decision) },
          ],
        },
        RECORDS_AMENDMENT_MEETING_DUE: { actions: lateAct('records-amendment-meeting-late') },
      },
    },
    decided: {
      // The parent's window, not a staff deadline: no reminder, and its end simply closes the case.
      meta: {
        status: 'decided: appeal window open',
        clocks: [
          { id: 'recordsAmendmentAppealWindow', rule: 'records-amendment-appeal-window', from: 'decidedOn', remind: 'none', onDue: 'RECORDS_AMENDMENT_APPEAL_WINDOW_DUE' },
        ],
      },
      on: {
        APPEAL_FILED: { target: 'board', actions: assign({ appealFiledOn: ({ event }) => event.occurredOn }) },
        PANEL_CONSENTED: { target: 'panel', actions: assign({ appealFiledOn: ({ event }) => event.occurredOn }) },
        RECORDS_AMENDMENT_APPEAL_WINDOW_DUE: { target: 'closed' },
      },
    },
    board: {
      // Closed hearing; the decision is final; hearing records destroyed after a year (L4282-4286).
      meta: {
        status: 'board hearing to hold',
        clocks: [
          { id: 'recordsAmendmentBoardHearing', rule: 'records-amendment-board-hearing', from: 'appealFiledOn', remind: 'default', onDue: 'RECORDS_AMENDMENT_BOARD_HEARING_DUE' },
        ],
      },
      on: {
        BOARD_DECIDED: {
          target: 'closed',
          actions: [
            { type: 'recordDecision', params: { by: 'board' } },
            { type: 'sendNotice', params: ({ event }) => decisionNotice(event.decision) },
          ],
        },
        RECORDS_AMENDMENT_BOARD_HEARING_DUE: { actions: lateAct('records-amendment-board-hearing-late') },
      },
    },
    panel: {
      // Chair from another school, a certificated employee the parent picks, a parent the
      // district picks; written findings and decision (L4292-4304).
      meta: { status: 'hearing panel' },
      on: {
        PANEL_DECIDED: {
          target: 'closed',
          actions: [
            { type: 'recordDecision', params: { by: 'panel' } },
            { type: 'sendNotice', params: ({ event }) => decisionNotice(event.decision) },
          ],
        },
      },
    },
    closed: { type: 'final', meta: { status: 'closed' } },
  },
}));

export const definition: ProcessDefinition = lazyDefinition({
  id: 'records-amendment',
  version: '1.0.0',
  title: 'Amendment of records',
  cites: ['L4260-4308', 'L4071-4075', 'L4369'],
  startsOn: ['AMENDMENT_REQUESTED'],
  eventTypes: ['AMENDMENT_REQUESTED', 'SUPERINTENDENT_MEETING_HELD', 'APPEAL_FILED', 'PANEL_CONSENTED', 'BOARD_DECIDED', 'PANEL_DECIDED'],
}, () => ({ machine: recordsAmendmentMachine(), events: recordsAmendmentEvents() }));
