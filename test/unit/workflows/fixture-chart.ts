/**
 * A small chart for the interpreter's own tests: it exercises every part of the contract
 * (a clock from a context date, an agreed-date override, a due handler that records a delay,
 * a reminder the chart listens to, opening a second process, a final state) without
 * depending on how the real charts evolve.
 */
import { assign, setup } from 'xstate';
import { z } from 'zod';
import { declaredEffects, eventSchema, IsoDate, type ProcessDefinition, type ProcessInput } from '../../../machines/contract';

interface Ctx {
  referralReceivedOn: string;
  agreedOn: string | null;
  planSentOn: string | null;
  reminded: number;
}

const events = {
  REFERRAL_RECEIVED: eventSchema('REFERRAL_RECEIVED', {}),
  PLAN_EXTENSION_AGREED: eventSchema('PLAN_EXTENSION_AGREED', { agreedDate: IsoDate }),
  ASSESSMENT_PLAN_SENT: eventSchema('ASSESSMENT_PLAN_SENT', { receivedByParentOn: IsoDate }),
};

type Ev =
  | z.infer<(typeof events)['REFERRAL_RECEIVED']>
  | z.infer<(typeof events)['PLAN_EXTENSION_AGREED']>
  | z.infer<(typeof events)['ASSESSMENT_PLAN_SENT']>
  | { type: 'ASSESSMENT_PLAN_DUE' | 'ASSESSMENT_PLAN_REMINDER'; occurredOn: string; due: string };

const machine = setup({
  types: { context: {} as Ctx, events: {} as Ev, input: {} as ProcessInput },
  actions: { ...declaredEffects },
}).createMachine({
  id: 'fixture-evaluation',
  context: ({ input }) => ({ referralReceivedOn: input.trigger!.occurredOn, agreedOn: null, planSentOn: null, reminded: 0 }),
  initial: 'referral-received',
  states: {
    'referral-received': {
      meta: {
        clocks: [
          {
            id: 'assessmentPlan',
            rule: 'assessment-plan',
            from: 'referralReceivedOn',
            dueOverride: 'agreedOn',
            remind: { workingDaysBefore: 5 },
            onDue: 'ASSESSMENT_PLAN_DUE',
            onReminder: 'ASSESSMENT_PLAN_REMINDER',
          },
        ],
      },
      entry: [{ type: 'sendNotice', params: { form: 'IEP 18', to: 'parent', states: 'assessment-plan' } }],
      on: {
        PLAN_EXTENSION_AGREED: { actions: assign({ agreedOn: ({ event }) => event.agreedDate }) },
        ASSESSMENT_PLAN_REMINDER: { actions: assign({ reminded: ({ context }) => context.reminded + 1 }) },
        ASSESSMENT_PLAN_DUE: {
          actions: [
            { type: 'recordDelay', params: { code: 'assessment-plan-late' } },
            { type: 'escalate', params: { to: ['caseManager', 'spedDirector'] } },
          ],
        },
        ASSESSMENT_PLAN_SENT: {
          target: 'plan-sent',
          actions: [
            assign({ planSentOn: ({ event }) => event.occurredOn }),
            { type: 'sendNotice', params: { form: 'NC 3', to: 'parent' } },
            { type: 'requestSignature', params: { scope: 'initial-assessment', signer: 'parent', form: 'NC 3' } },
          ],
        },
      },
    },
    'plan-sent': { type: 'final', entry: [{ type: 'openProcess', params: { chart: 'fixture-follow-up', input: { note: 'opened' } } }] },
  },
});

export const fixtureEvaluation: ProcessDefinition = {
  id: 'fixture-evaluation',
  version: '0.0.1',
  title: 'fixture evaluation',
  cites: ['L665-674'],
  machine,
  events,
  startsOn: ['REFERRAL_RECEIVED'],
};

const followUp = setup({ types: { context: {} as { note: string }, input: {} as ProcessInput, events: {} as { type: 'NEVER' } } }).createMachine({
  id: 'fixture-follow-up',
  context: ({ input }) => ({ note: String(input.opener?.note ?? '') }),
  initial: 'waiting',
  states: { waiting: {} },
});

export const fixtureFollowUp: ProcessDefinition = {
  id: 'fixture-follow-up',
  version: '0.0.1',
  title: 'fixture follow-up',
  cites: [],
  machine: followUp,
  events: {},
  startsOn: [],
};
