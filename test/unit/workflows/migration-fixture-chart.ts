/**
 * A small chart in three versions for migration tests (unit and integration): v1 waits with a
 * 15-day clock (`assessment-plan` rule); v2 keeps the states but gives the same clock the
 * 30-day `parent-request-meeting` rule and takes a new event; v3 renamed the waiting state,
 * so an instance waiting in v1 cannot move to it. Opened by FIXTURE_INTAKE_OPENED, an event
 * no real chart takes, so it can sit in one registry beside every real chart.
 */
import { setup } from 'xstate';
import { declaredEffects, eventSchema, type ProcessDefinition, type ProcessInput } from '../../../machines/contract';

interface Ctx {
  openedOn: string;
}

const events = {
  FIXTURE_INTAKE_OPENED: eventSchema('FIXTURE_INTAKE_OPENED', {}),
  FIXTURE_INTAKE_DONE: eventSchema('FIXTURE_INTAKE_DONE', {}),
};
const v2Events = { ...events, FIXTURE_INTAKE_REVIEWED: eventSchema('FIXTURE_INTAKE_REVIEWED', {}) };

type Ev = { type: string; occurredOn: string };

function intake(version: string, waiting: string, rule: 'assessment-plan' | 'parent-request-meeting', reviewed: boolean): ProcessDefinition {
  const machine = setup({
    types: { context: {} as Ctx, events: {} as Ev, input: {} as ProcessInput },
    actions: { ...declaredEffects },
  }).createMachine({
    id: 'fixture-intake',
    context: ({ input }) => ({ openedOn: input.trigger!.occurredOn }),
    initial: waiting,
    states: {
      [waiting]: {
        meta: { status: 'waiting', clocks: [{ id: 'intakeReply', rule, from: 'openedOn', onDue: 'INTAKE_REPLY_DUE' }] },
        on: {
          FIXTURE_INTAKE_DONE: 'done',
          INTAKE_REPLY_DUE: { actions: [{ type: 'recordDelay', params: { code: `${rule}-late` } }] },
          ...(reviewed ? { FIXTURE_INTAKE_REVIEWED: 'reviewed' } : {}),
        },
      },
      ...(reviewed ? { reviewed: { meta: { status: 'reviewed' }, on: { FIXTURE_INTAKE_DONE: 'done' } } } : {}),
      done: { type: 'final' },
    },
  });
  return {
    id: 'fixture-intake',
    version,
    title: `fixture intake ${version}`,
    cites: [],
    machine,
    events: reviewed ? v2Events : events,
    startsOn: ['FIXTURE_INTAKE_OPENED'],
  };
}

export const intakeV1 = intake('1.0.0', 'waiting', 'assessment-plan', false);
export const intakeV2 = intake('2.0.0', 'waiting', 'parent-request-meeting', true);
export const intakeV3 = intake('3.0.0', 'pending', 'parent-request-meeting', true);
