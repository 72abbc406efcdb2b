/**
 * P16 `exit`: leaving special education by graduation, aging out, ineligibility, revocation or
 * the end of a preschool program (processes.md P16).
 *
 * Opened from outside by GRADUATION_EXPECTED, AGE_OUT_APPROACHING or PRESCHOOL_EXIT; by
 * reassessment (`reason: 'not-eligible'`) and revocation-of-services (`reason: 'revocation'`).
 * The summary of performance (NC 12) is a step of graduation and age-out (L880-889, B-29).
 * On exit the annual cycle, reassessment, transition tracking and any surrogate end
 * (L10089-10090).
 */
import { assign, setup } from 'xstate';
import { z } from 'zod';
import { declaredEffects, eventSchema, IsoDate, type ProcessDefinition, type ProcessInput, type TimerEvent } from './contract';
import { actorIn, DISTRICT_SIDE, type EmbeddedConfig } from './consent-request';
import { lazyDefinition, once } from './lazy';

const district = once(() => actorIn(DISTRICT_SIDE));

export const events = once(() => ({
  /** Regular diploma expected: graduation is a change of placement (L18525-18548). */
  GRADUATION_EXPECTED: eventSchema('GRADUATION_EXPECTED', { actor: district(), expectedOn: IsoDate.optional() }),
  AGE_OUT_APPROACHING: eventSchema('AGE_OUT_APPROACHING', { actor: district() }),
  PRESCHOOL_EXIT: eventSchema('PRESCHOOL_EXIT', { actor: district() }),
  /** NC 12 summary of performance given, with NC 1 (L6610-6622, L15853-15860). */
  SOP_GIVEN: eventSchema('SOP_GIVEN', { actor: district() }),
  GRADUATED: eventSchema('GRADUATED', { actor: district() }),
  EXIT_EFFECTIVE: eventSchema('EXIT_EFFECTIVE', { actor: district() }),
  /** RPT 7 post-school follow-up collected (L7009-7015, L17623-17629). */
  FOLLOW_UP_RECORDED: eventSchema('FOLLOW_UP_RECORDED', { actor: district(), contacted: z.boolean().optional() }),
  CASE_CLOSED: eventSchema('CASE_CLOSED', { actor: district() }),
}));

type Timer<T extends string> = Omit<TimerEvent, 'type'> & { type: T };
export type ExitEvent =
  | { [K in keyof ReturnType<typeof events>]: z.infer<(ReturnType<typeof events>)[K]> }[keyof ReturnType<typeof events>]
  | Timer<'AGE_OUT_DUE' | 'POSTSECONDARY_FOLLOW_UP_DUE'>;

export type ExitReason = 'graduation' | 'age-out' | 'not-eligible' | 'revocation' | 'preschool';
export interface ExitContext {
  reason: ExitReason;
  birthDate: IsoDate;
  startedOn: IsoDate;
  sopGivenOn: IsoDate | null;
  exitOn: IsoDate | null;
  /** Graduates and age-outs: the CASEMIS follow-up counts from the exit (L7009-7015). */
  followUpFrom: IsoDate | null;
}

const TRIGGER_REASON: Record<string, ExitReason> = {
  GRADUATION_EXPECTED: 'graduation',
  AGE_OUT_APPROACHING: 'age-out',
  PRESCHOOL_EXIT: 'preschool',
};
const OpenerSchema = once(() => z
  .object({ reason: z.enum(['not-eligible', 'revocation']), exitOn: IsoDate.nullable().optional(), decidedOn: IsoDate.nullable().optional() })
  .passthrough());

function contextFrom(input: ProcessInput): ExitContext {
  const base = { birthDate: input.student.birthDate, sopGivenOn: null, followUpFrom: null };
  if (input.trigger) {
    return { ...base, reason: TRIGGER_REASON[input.trigger.type] ?? 'graduation', startedOn: input.trigger.occurredOn, exitOn: null };
  }
  const o = OpenerSchema().parse(input.opener ?? {});
  const on = o.exitOn ?? o.decidedOn ?? null;
  return { ...base, reason: o.reason, startedOn: on ?? '', exitOn: o.reason === 'revocation' ? on : null };
}

/** NC 12 + NC 1 to the student (parent until rights transfer), copies to LEAs, case manager, providers; signed (L7001). */
const giveSummaryOfPerformance: EmbeddedConfig = {
  actions: [
    'recordSop',
    { type: 'sendNotice', params: { form: 'NC 12', to: 'parent' } },
    { type: 'sendNotice', params: { form: 'NC 1', to: 'parent' } },
    { type: 'sendNotice', params: { form: 'NC 12', to: ['district', 'dor', 'caseManager', 'providers'], purpose: 'sop-copy' } },
    { type: 'requestSignature', params: { scope: 'exit-sop', signer: 'parent', form: 'NC 12' } },
  ],
};
const staffAlert = { type: 'escalate' as const, params: { to: ['caseManager' as const, 'spedDirector' as const] } };

export const machine = once(() => setup({
  types: {
    context: {} as ExitContext,
    events: {} as ExitEvent,
    input: {} as ProcessInput,
  },
  guards: {
    graduating: ({ context }) => context.reason === 'graduation',
    agingOut: ({ context }) => context.reason === 'age-out',
    notEligible: ({ context }) => context.reason === 'not-eligible',
    preschool: ({ context }) => context.reason === 'preschool',
    sopGiven: ({ context }) => context.sopGivenOn !== null,
    followUpOwed: ({ context }) => context.followUpFrom !== null,
    noFollowUpOwed: ({ context }) => context.followUpFrom === null,
  },
  actions: {
    ...declaredEffects,
    recordSop: assign({ sopGivenOn: ({ event }) => event.occurredOn }),
    /** Exit by diploma or age: the RPT 7 follow-up is owed (L7009-7015). */
    recordExitWithFollowUp: assign(({ event }) => {
      const on = event.type === 'AGE_OUT_DUE' ? event.due : event.occurredOn;
      return { exitOn: on, followUpFrom: on };
    }),
    recordExit: assign({ exitOn: ({ event }) => event.occurredOn }),
  },
}).createMachine({
  id: 'exit',
  context: ({ input }) => contextFrom(input),
  initial: 'opening',
  states: {
    opening: {
      always: [
        { guard: 'graduating', target: 'graduation-notice' },
        { guard: 'agingOut', target: 'age-out' },
        { guard: 'notEligible', target: 'ineligible' },
        { guard: 'preschool', target: 'preschool-exit' },
        { target: 'exited' },
      ],
    },
    // PWN of graduation to parent and student; meeting on request; no reevaluation (L18525-18548, L875-879).
    'graduation-notice': {
      meta: { status: 'graduation expected' },
      entry: [{ type: 'sendNotice', params: { form: 'PWN graduation', to: ['parent', 'student'] } }],
      on: {
        SOP_GIVEN: giveSummaryOfPerformance,
        // The summary is owed before exit (B-29); a missing one is a staff alert, the exit stands.
        GRADUATED: [
          { guard: 'sopGiven', target: 'exited', actions: ['recordExitWithFollowUp'] },
          { target: 'exited', actions: ['recordExitWithFollowUp', staffAlert] },
        ],
      },
    },
    // FAPE to 22, with the month rules of L6800-6826 (rule `age-out`).
    'age-out': {
      meta: { status: 'aging out', clocks: [{ id: 'ageOut', rule: 'age-out', from: 'birthDate', remind: 'default', onDue: 'AGE_OUT_DUE' }] },
      on: {
        SOP_GIVEN: giveSummaryOfPerformance,
        AGE_OUT_DUE: [
          { guard: 'sopGiven', target: 'exited', actions: ['recordExitWithFollowUp'] },
          { target: 'exited', actions: ['recordExitWithFollowUp', staffAlert] },
        ],
      },
    },
    // After the reassessment that found the student ineligible (L873-874); IEP 2A exit date and reason (L16700-16701).
    ineligible: {
      meta: { status: 'exit: no longer eligible' },
      entry: [{ type: 'sendNotice', params: { form: 'PWN', to: 'parent', purpose: 'exit-not-eligible' } }],
      on: { EXIT_EFFECTIVE: { target: 'exited', actions: ['recordExit'] } },
    },
    // Present levels and learning style go to the kindergarten or first-grade teacher (L1621-1625, L6546-6549).
    'preschool-exit': {
      meta: { status: 'exit from preschool program' },
      on: { EXIT_EFFECTIVE: { target: 'exited', actions: ['recordExit'] } },
    },
    exited: {
      meta: {
        status: 'exited special education',
        clocks: [{ id: 'postsecondaryFollowUp', rule: 'postsecondary-follow-up', from: 'followUpFrom', remind: 'default', onDue: 'POSTSECONDARY_FOLLOW_UP_DUE' }],
      },
      entry: [
        { type: 'closeProcess', params: { chart: 'annual-review', reason: 'exit' } },
        { type: 'closeProcess', params: { chart: 'reassessment', reason: 'exit' } },
        { type: 'closeProcess', params: { chart: 'secondary-transition-and-majority', reason: 'exit' } },
        { type: 'closeProcess', params: { chart: 'surrogate-parent', reason: 'exit' } },
      ],
      on: {
        FOLLOW_UP_RECORDED: { guard: 'followUpOwed', target: 'closed' },
        CASE_CLOSED: { guard: 'noFollowUpOwed', target: 'closed' },
        POSTSECONDARY_FOLLOW_UP_DUE: {
          actions: [{ type: 'recordDelay', params: { code: 'postsecondary-follow-up-late' } }, staffAlert],
        },
      },
    },
    closed: { type: 'final', meta: { status: 'closed' } },
  },
}));

export const definition: ProcessDefinition = lazyDefinition({
  id: 'exit',
  version: '1.0.0',
  title: 'Exit from special education',
  cites: ['L873-889', 'L6610-6622', 'L6800-6826', 'L7001-7015', 'L18525-18548'],
  startsOn: ['GRADUATION_EXPECTED', 'AGE_OUT_APPROACHING', 'PRESCHOOL_EXIT'],
  eventTypes: ['GRADUATION_EXPECTED', 'AGE_OUT_APPROACHING', 'PRESCHOOL_EXIT', 'SOP_GIVEN', 'GRADUATED', 'EXIT_EFFECTIVE', 'FOLLOW_UP_RECORDED', 'CASE_CLOSED'],
}, () => ({ machine: machine(), events: events() }));
