/**
 * P25 `scia`: special circumstance instructional assistance, the extra adult support an IEP
 * team may add (processes.md §3 P25; handbook ch. 15.12, L14409-14600).
 *
 * The steps are written for a provider of service that is not the district of residence
 * (inter-district transfers and county programs, L14455-14462): the provider contacts the
 * DOR, sends the rubric and the observation, the DOR may observe, and an IEP meeting with
 * a DOR administrator decides. An approved SCIA is reviewed at least every six months.
 */
import { assertEvent, assign, setup } from 'xstate';
import { z } from 'zod';
import {
  actorOf,
  declaredEffects,
  eventSchema,
  IsoDate,
  type ProcessDefinition,
  type ProcessInput,
  type TimerEvent,
} from './contract';
import { lazyDefinition, once } from './lazy';

const providerSide = once(() => actorOf('district', 'selpa', 'nps'));

// -----------------------------------------------------------------------------------------
// Events from outside
// -----------------------------------------------------------------------------------------

/** Someone asks the provider's IEP team to consider extra support (L14577-14582). */
export const sciaRequested = once(() => eventSchema('SCIA_REQUESTED', { actor: actorOf('parent', 'adultStudent', 'district', 'nps', 'surrogate') }));
/** The provider's administrator contacted the DOR administrator (L14577-14579). */
export const dorContacted = once(() => eventSchema('DOR_CONTACTED', { actor: providerSide() }));
/** Rubric and Observational Evaluation sent to the DOR (L14583-14585). */
export const sciaFormsSent = once(() => eventSchema('FORMS_SENT', { actor: providerSide() }));
/** The IEP meeting that decides; a DOR administrator must attend (L14455-14456, L14591-14593). */
export const sciaMeetingHeld = once(() => eventSchema('MEETING_HELD', {
  actor: providerSide(),
  sciaNeeded: z.boolean(),
  dorAdministratorPresent: z.boolean(),
}));
/** Six-monthly IEP review of the SCIA, with data (L14467-14469). */
export const sciaReviewHeld = once(() => eventSchema('REVIEW_HELD', { actor: providerSide() }));
/** The support is faded out by IEP decision (independence is the goal, L14416-14418). */
export const sciaFaded = once(() => eventSchema('FADED', { actor: providerSide() }));

const events = once(() => ({
  SCIA_REQUESTED: sciaRequested(),
  DOR_CONTACTED: dorContacted(),
  FORMS_SENT: sciaFormsSent(),
  MEETING_HELD: sciaMeetingHeld(),
  REVIEW_HELD: sciaReviewHeld(),
  FADED: sciaFaded(),
}));

type External = { [K in keyof ReturnType<typeof events>]: z.infer<(ReturnType<typeof events>)[K]> }[keyof ReturnType<typeof events>];
type Timer<T extends string> = Omit<TimerEvent, 'type'> & { type: T };
export type SciaEvent = External | Timer<'SCIA_DOR_CONTACT_DUE' | 'SCIA_FORMS_DUE' | 'SCIA_REVIEW_DUE'>;

// -----------------------------------------------------------------------------------------
// Context
// -----------------------------------------------------------------------------------------

export interface SciaContext {
  studentId: string;
  requestedOn: IsoDate;
  dorContactedOn: IsoDate | null;
  approvedOn: IsoDate | null;
  /** Date of the approving meeting or the last six-monthly review: the `scia-review` trigger. */
  lastReviewOn: IsoDate | null;
  /**
   * Acts still owed, by trigger date. Clearing a field stops its clock without leaving the
   * state (the forms can go before the meeting is held).
   */
  owed: { forms: IsoDate | null };
}

/** What another chart hands this one in `openProcess({ chart: 'scia', input })`. */
export const sciaOpener = once(() => z.object({ requestedOn: IsoDate }));

function sciaContext(input: ProcessInput): SciaContext {
  const requestedOn = input.trigger ? input.trigger.occurredOn : sciaOpener().parse(input.opener ?? {}).requestedOn;
  return {
    studentId: input.student.id,
    requestedOn,
    dorContactedOn: null,
    approvedOn: null,
    lastReviewOn: null,
    owed: { forms: requestedOn },
  };
}

const late = (rule: 'scia-dor-contact' | 'scia-forms' | 'scia-review') => [
  { type: 'recordDelay' as const, params: { code: `${rule}-late` } },
  { type: 'escalate' as const, params: { to: ['caseManager' as const, 'spedDirector' as const] } },
];

// -----------------------------------------------------------------------------------------
// Chart
// -----------------------------------------------------------------------------------------

export const sciaMachine = once(() => setup({
  types: { context: {} as SciaContext, events: {} as SciaEvent, input: {} as ProcessInput },
  guards: {
    /** L14467: the IEP team determined the need ∧ a DOR administrator attended (L14455-14456). */
    sciaApproved: ({ event }) =>
      event.type === 'MEETING_HELD' && event.dorAdministratorPresent && event.sciaNeeded,
    sciaNotNeeded: ({ event }) =>
      event.type === 'MEETING_HELD' && event.dorAdministratorPresent && !event.sciaNeeded,
  },
  actions: {
    ...declaredEffects,
    recordDorContact: assign({ dorContactedOn: ({ event }) => event.occurredOn }),
    recordFormsSent: assign({ owed: ({ context }) => ({ ...context.owed, forms: null }) }),
    recordApproval: assign(({ event }) => {
      assertEvent(event, 'MEETING_HELD');
      return { approvedOn: event.occurredOn, lastReviewOn: event.occurredOn };
    }),
    recordReview: assign({ lastReviewOn: ({ event }) => event.occurredOn }),
  },
}).createMachine({
  id: 'scia',
  context: ({ input }) => sciaContext(input),
  initial: 'requested',
  states: {
    requested: {
      meta: {
        status: 'SCIA requested: provider to contact the DOR',
        clocks: [
          // L14577-14579: within ten school days of the request.
          { id: 'sciaDorContact', rule: 'scia-dor-contact', from: 'requestedOn', remind: 'default', onDue: 'SCIA_DOR_CONTACT_DUE' },
        ],
      },
      on: {
        DOR_CONTACTED: { target: 'data-gathering', actions: 'recordDorContact' },
        SCIA_DOR_CONTACT_DUE: { actions: late('scia-dor-contact') },
      },
    },
    'data-gathering': {
      meta: {
        status: 'gathering rubric and observation; DOR may observe',
        clocks: [
          // L14583-14585: both forms within thirty calendar days of the request (Appendix A).
          { id: 'sciaForms', rule: 'scia-forms', from: 'owed.forms', remind: 'default', onDue: 'SCIA_FORMS_DUE' },
        ],
      },
      on: {
        FORMS_SENT: { actions: 'recordFormsSent' },
        // L14591-14593: the meeting decides; without a DOR administrator it cannot (refused).
        MEETING_HELD: [
          { guard: 'sciaApproved', target: 'approved', actions: 'recordApproval' },
          { guard: 'sciaNotNeeded', target: 'denied' },
        ],
        SCIA_FORMS_DUE: { actions: late('scia-forms') },
      },
    },
    approved: {
      meta: {
        status: 'SCIA on the IEP; reviewed every six months',
        clocks: [
          // L14467-14469: reviewed at least every six months, with data collection.
          { id: 'sciaReview', rule: 'scia-review', from: 'lastReviewOn', remind: 'default', onDue: 'SCIA_REVIEW_DUE' },
        ],
      },
      on: {
        // Re-entering restarts the six-month clock from the review date.
        REVIEW_HELD: { target: 'approved', reenter: true, actions: 'recordReview' },
        FADED: { target: 'ended' },
        SCIA_REVIEW_DUE: { actions: late('scia-review') },
      },
    },
    denied: { type: 'final', meta: { status: 'SCIA not needed' } },
    ended: { type: 'final', meta: { status: 'SCIA faded out' } },
  },
}));

export const definition: ProcessDefinition = lazyDefinition({
  id: 'scia',
  version: '1.0.0',
  title: 'Special circumstance instructional assistance',
  cites: ['L14409-14469', 'L14577-14593'],
  startsOn: ['SCIA_REQUESTED'],
  eventTypes: ['SCIA_REQUESTED', 'DOR_CONTACTED', 'FORMS_SENT', 'MEETING_HELD', 'REVIEW_HELD', 'FADED'],
}, () => ({ machine: sciaMachine(), events: events() }));
