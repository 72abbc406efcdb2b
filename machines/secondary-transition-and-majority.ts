/**
 * P15 `secondary-transition-and-majority`: transition plan from 16, rights statement by 17,
 * rights transfer at 18 (processes.md P15). Two parallel regions, `plan` and `majority`, on
 * the student's birth date. Opened by initial-evaluation (services started) and transfer-in for
 * every student with an IEP; a case that joins with an IEP opens it with TRANSITION_TRACKING_STARTED.
 * It ends when the exit chart closes it (closeProcess).
 */
import { assign, setup } from 'xstate';
import { z } from 'zod';
import type { RuleId } from '../deadlines/rule-ids';
import { declaredEffects, eventSchema, type ProcessDefinition, type ProcessInput, type TimerEvent } from './contract';
import { actorIn, DISTRICT_SIDE, type EmbeddedConfig } from './consent-request';
import { lazyDefinition, once } from './lazy';

const district = once(() => actorIn(DISTRICT_SIDE));

export const events = once(() => ({
  TRANSITION_TRACKING_STARTED: eventSchema('TRANSITION_TRACKING_STARTED', { actor: district() }),
  /** IEP 6D post-secondary goals and transition services adopted in an IEP (L6365-6371, L6598-6604). */
  TRANSITION_PLAN_ADOPTED: eventSchema('TRANSITION_PLAN_ADOPTED', { actor: district() }),
  /** IEP 6D rights statement signed by the student; student and parent informed (L17009-17014). */
  MAJORITY_STATEMENT_SIGNED: eventSchema('MAJORITY_STATEMENT_SIGNED', { actor: actorIn(['student', 'district', 'selpa']) }),
  /** A court appointed a conservator: the conservator holds the rights at 18 (L17018-17020). */
  CONSERVATORSHIP_RECORDED: eventSchema('CONSERVATORSHIP_RECORDED', { actor: actorIn(['court', 'district', 'selpa']) }),
  /** Not able to give informed consent: state procedure names a representative (L3479-3482). */
  CONSENT_INCAPACITY_DETERMINED: eventSchema('CONSENT_INCAPACITY_DETERMINED', { actor: actorIn(['court', 'district', 'selpa']) }),
}));

type Timer<T extends string> = Omit<TimerEvent, 'type'> & { type: T };
export type TransitionMajorityEvent =
  | { [K in keyof ReturnType<typeof events>]: z.infer<(ReturnType<typeof events>)[K]> }[keyof ReturnType<typeof events>]
  | Timer<'TRANSITION_PLAN_DUE' | 'AGE_OF_MAJORITY_NOTICE_DUE' | 'RIGHTS_TRANSFER_DUE'>;

export interface TransitionMajorityContext {
  birthDate: string;
  transitionPlanAdoptedOn: string | null;
  majorityStatementOn: string | null;
  conserved: boolean;
  incapable: boolean;
  rightsTransferredOn: string | null;
}

function late(rule: RuleId) {
  return {
    actions: [
      { type: 'recordDelay' as const, params: { code: `${rule}-late` } },
      { type: 'escalate' as const, params: { to: ['caseManager' as const, 'spedDirector' as const] } },
    ],
  };
}

/**
 * The 18th birthday: rights transfer whatever happened to the statement (L3473-3476). So the
 * clock runs from `minor` too; a missing statement was already recorded late at 17.
 */
const rightsTransferClock = { id: 'rightsTransfer', rule: 'age-of-majority' as const, from: 'birthDate', onDue: 'RIGHTS_TRANSFER_DUE' };
const RIGHTS_TRANSFER_DUE: EmbeddedConfig = [
  {
    guard: 'rightsToAdultStudent',
    target: 'adult',
    actions: [
      'recordTransfer',
      { type: 'sendNotice' as const, params: { form: 'Rights transfer notice' as const, to: ['adultStudent' as const, 'parent' as const] } },
      { type: 'transferRights' as const, params: { to: 'adultStudent' as const } },
    ],
  },
  { guard: 'conserved', target: 'conserved', actions: ['recordTransfer', { type: 'transferRights' as const, params: { to: 'conservator' as const } }] },
  { guard: 'incapable', target: 'represented', actions: ['recordTransfer', { type: 'transferRights' as const, params: { to: 'representative' as const } }] },
];

export const machine = once(() => setup({
  types: {
    context: {} as TransitionMajorityContext,
    events: {} as TransitionMajorityEvent,
    input: {} as ProcessInput,
  },
  guards: {
    rightsToAdultStudent: ({ context }) => !context.conserved && !context.incapable,
    conserved: ({ context }) => context.conserved,
    incapable: ({ context }) => !context.conserved && context.incapable,
  },
  actions: {
    ...declaredEffects,
    recordTransfer: assign({ rightsTransferredOn: ({ event }) => event.occurredOn }),
    markConserved: assign({ conserved: true }),
    markIncapable: assign({ incapable: true }),
  },
}).createMachine({
  id: 'secondary-transition-and-majority',
  context: ({ input }) => ({
    birthDate: input.student.birthDate,
    transitionPlanAdoptedOn: null,
    majorityStatementOn: null,
    conserved: false,
    incapable: false,
    rightsTransferredOn: null,
  }),
  type: 'parallel',
  states: {
    plan: {
      initial: 'pending',
      states: {
        // Due by the 16th birthday: the first IEP in effect at 16 holds it (L6365, L6598; B-3).
        pending: {
          meta: { status: 'transition plan due', clocks: [{ id: 'transitionPlan', rule: 'transition-plan', from: 'birthDate', onDue: 'TRANSITION_PLAN_DUE' }] },
          on: {
            TRANSITION_PLAN_ADOPTED: { target: 'active', actions: assign({ transitionPlanAdoptedOn: ({ event }) => event.occurredOn }) },
            TRANSITION_PLAN_DUE: late('transition-plan'),
          },
        },
        // Updated every annual IEP (L6366, L6599); the student is invited (L6254-6259).
        active: { meta: { status: 'transition plan in place' } },
      },
    },
    majority: {
      initial: 'minor',
      on: {
        CONSERVATORSHIP_RECORDED: { actions: ['markConserved'] },
        CONSENT_INCAPACITY_DETERMINED: { actions: ['markIncapable'] },
      },
      states: {
        // Student and parent told a year before 18, by the 17th birthday (L3477-3478, L6372-6374).
        minor: {
          meta: {
            status: 'rights statement due',
            clocks: [{ id: 'ageOfMajorityNotice', rule: 'age-of-majority-notice', from: 'birthDate', onDue: 'AGE_OF_MAJORITY_NOTICE_DUE' }, rightsTransferClock],
          },
          on: {
            MAJORITY_STATEMENT_SIGNED: { target: 'informed', actions: assign({ majorityStatementOn: ({ event }) => event.occurredOn }) },
            AGE_OF_MAJORITY_NOTICE_DUE: late('age-of-majority-notice'),
            RIGHTS_TRANSFER_DUE,
          },
        },
        informed: {
          meta: { status: 'informed of rights transfer', clocks: [rightsTransferClock] },
          on: { RIGHTS_TRANSFER_DUE },
        },
        // Notices to both; the adult student signs NC 3, IEP 9A, NC 12 (L3473-3476, L16035, L17278, L17515).
        adult: { meta: { status: 'rights with adult student' } },
        conserved: { meta: { status: 'rights with conservator' } },
        represented: { meta: { status: 'rights with appointed representative' } },
      },
    },
  },
}));

export const definition: ProcessDefinition = lazyDefinition({
  id: 'secondary-transition-and-majority',
  version: '1.0.0',
  title: 'Secondary transition and age of majority',
  cites: ['L6365-6374', 'L6598-6604', 'L3473-3484', 'L17009-17020'],
  startsOn: ['TRANSITION_TRACKING_STARTED'],
  eventTypes: ['TRANSITION_TRACKING_STARTED', 'TRANSITION_PLAN_ADOPTED', 'MAJORITY_STATEMENT_SIGNED', 'CONSERVATORSHIP_RECORDED', 'CONSENT_INCAPACITY_DETERMINED'],
}, () => ({ machine: machine(), events: events() }));
