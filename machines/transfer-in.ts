/**
 * P10 `transfer-in`: a student with an IEP enrols during the year; services go on while the
 * receiving district adopts the old IEP or writes a new one (L6626-6674).
 *
 * Routing at enrolment by where the student was last served "within the same academic year"
 * (L6629-6630, L6639, L6649). Outside the same year the handbook is silent: design default,
 * treat as a transfer from another California SELPA (interim placement, 30 days).
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

const schoolStaff = once(() => ActorSchema.extend({ role: z.enum(['district']) }));
const familyOrStaff = once(() => ActorSchema.extend({ role: z.enum(['parent', 'adultStudent', 'surrogate', 'district']) }));

export const EnrolledWithIep = once(() => eventSchema('ENROLLED_WITH_IEP', {
  actor: familyOrStaff(),
  from: z.enum(['same-selpa', 'other-ca-selpa', 'out-of-state']),
  /** Last served in special education within the same academic year (L6629-6630). */
  sameAcademicYear: z.boolean(),
  /** No parent can be found: an interim surrogate is needed (L10033-10036). */
  parentAvailable: z.boolean().optional(),
  /** An initial evaluation was under way at the former LEA (L581-588). */
  evaluationUnderWay: z.boolean().optional(),
  /** Date of the prior IEP's last annual meeting: an amendment keeps that anniversary. */
  lastAnnualMeetingOn: IsoDate.optional(),
}));

export const transferInEvents = once(() => ({
  ENROLLED_WITH_IEP: EnrolledWithIep(),
  /** Same SELPA: an amendment records the new location and provider (L6645-6646). */
  AMENDMENT_SIGNED: eventSchema('AMENDMENT_SIGNED', { actor: familyOrStaff(), lastAnnualMeetingOn: IsoDate.optional() }),
  /** Adopted at an IEP meeting with parent consent (P03 + P02). */
  PRIOR_IEP_ADOPTED: eventSchema('PRIOR_IEP_ADOPTED', { actor: schoolStaff(), parentConsented: z.boolean() }),
  NEW_IEP_ADOPTED: eventSchema('NEW_IEP_ADOPTED', { actor: schoolStaff(), parentConsented: z.boolean() }),
  /** Out of state: the district finds an assessment necessary (L6647-6652, L6666-6674). */
  ASSESSMENT_NEEDED: eventSchema('ASSESSMENT_NEEDED', { actor: schoolStaff() }),
}));

type ExternalEvent = z.infer<(ReturnType<typeof transferInEvents>)[keyof ReturnType<typeof transferInEvents>]>;
export type TransferInEvent = ExternalEvent | Timer<'TRANSFER_IEP_DUE'>;

export interface TransferInContext {
  enrolledOn: string;
  from: 'same-selpa' | 'other-ca-selpa' | 'out-of-state';
  sameAcademicYear: boolean;
  parentAvailable: boolean;
  evaluationUnderWay: boolean;
  lastAnnualMeetingOn: string | null;
  /** The date `annual-review` counts from once adopted. */
  annualReviewFrom: string | null;
  assessmentOpenedOn: string | null;
  adoptedOn: string | null;
}

function openingContext(input: ProcessInput): TransferInContext {
  const t = EnrolledWithIep().parse(input.trigger);
  return {
    enrolledOn: t.occurredOn,
    from: t.from,
    sameAcademicYear: t.sameAcademicYear,
    parentAvailable: t.parentAvailable ?? true,
    evaluationUnderWay: t.evaluationUnderWay ?? false,
    lastAnnualMeetingOn: t.lastAnnualMeetingOn ?? null,
    annualReviewFrom: null,
    assessmentOpenedOn: null,
    adoptedOn: null,
  };
}

/** Interim placement authorized by the LEA rep on IEP 11 after reviewing the prior IEP with the parent (L17566-17571). */
const interimPlacementSignature = {
  type: 'requestSignature' as const,
  params: { scope: 'interim-placement', signer: 'lea' as const, form: 'IEP 11' as const },
};

export const transferInMachine = once(() => setup({
  types: { context: {} as TransferInContext, events: {} as TransferInEvent, input: {} as ProcessInput },
  guards: {
    otherYear: ({ context }) => !context.sameAcademicYear,
    sameSelpa: ({ context }) => context.from === 'same-selpa',
    otherCaSelpa: ({ context }) => context.from === 'other-ca-selpa',
    parentConsented: ({ event }) =>
      (event.type === 'PRIOR_IEP_ADOPTED' || event.type === 'NEW_IEP_ADOPTED') && event.parentConsented,
    anniversaryKnown: ({ context, event }) =>
      event.type === 'AMENDMENT_SIGNED' && (event.lastAnnualMeetingOn ?? context.lastAnnualMeetingOn) !== null,
    noAssessmentYet: ({ context }) => context.assessmentOpenedOn === null,
  },
  actions: {
    ...declaredEffects,
    /**
     * On enrolment: ask the former agency for the records promptly (L6653-6655; it has five
     * working days, P10b); an interim surrogate when no parent is available (L10033-10036);
     * an evaluation begun elsewhere continues here, on a date agreed with the parent (L581-588).
     */
    enrol: enqueueActions(({ context, enqueue }) => {
      enqueue({ type: 'sendNotice', params: { form: 'A-1', to: 'formerLea', states: 'records-forward', purpose: 'records-request' } });
      if (!context.parentAvailable) {
        enqueue({ type: 'openProcess', params: { chart: 'surrogate-parent', input: { interim: true, neededOn: context.enrolledOn, reason: 'transfer' } } });
      }
      if (context.evaluationUnderWay) {
        enqueue({
          type: 'openProcess',
          params: { chart: 'initial-evaluation', input: { source: 'transfer-in', transferredOn: context.enrolledOn, evaluationUnderWay: true } },
        });
      }
    }),
    // Design default: the annual review counts from the adopting meeting; an amendment keeps
    // the old anniversary.
    adoptAtMeeting: assign(({ context, event }) =>
      event.type === 'PRIOR_IEP_ADOPTED' || event.type === 'NEW_IEP_ADOPTED'
        ? { adoptedOn: event.occurredOn, annualReviewFrom: event.occurredOn }
        : context,
    ),
    adoptByAmendment: assign(({ context, event }) =>
      event.type === 'AMENDMENT_SIGNED'
        ? { adoptedOn: event.occurredOn, annualReviewFrom: event.lastAnnualMeetingOn ?? context.lastAnnualMeetingOn }
        : context,
    ),
  },
}).createMachine({
  id: 'transfer-in',
  context: ({ input }) => openingContext(input),
  initial: 'enrolled',
  states: {
    enrolled: {
      entry: 'enrol',
      always: [
        { guard: 'otherYear', target: 'interim' },
        { guard: 'sameSelpa', target: 'same-selpa' },
        { guard: 'otherCaSelpa', target: 'interim' },
        { target: 'interim-oos' },
      ],
    },
    'same-selpa': {
      // Comparable services continue without delay (L6637-6644); IEP 11 not required (L15914-15917).
      meta: { status: 'same SELPA: services continue' },
      on: {
        AMENDMENT_SIGNED: { guard: 'anniversaryKnown', target: 'adopted', actions: 'adoptByAmendment' },
        NEW_IEP_ADOPTED: { guard: 'parentConsented', target: 'adopted', actions: 'adoptAtMeeting' },
      },
    },
    interim: {
      // Comparable services for not more than 30 days, then the prior IEP adopted or a new one (L6630-6633).
      meta: {
        status: 'interim placement (30 days)',
        clocks: [{ id: 'transferIep', rule: 'transfer-iep', from: 'enrolledOn', remind: 'default', onDue: 'TRANSFER_IEP_DUE' }],
      },
      entry: interimPlacementSignature,
      on: {
        PRIOR_IEP_ADOPTED: { guard: 'parentConsented', target: 'adopted', actions: 'adoptAtMeeting' },
        NEW_IEP_ADOPTED: { guard: 'parentConsented', target: 'adopted', actions: 'adoptAtMeeting' },
        TRANSFER_IEP_DUE: {
          actions: [
            { type: 'recordDelay', params: { code: 'transfer-iep-late' } },
            { type: 'escalate', params: { to: ['caseManager', 'spedDirector'] } },
          ],
        },
      },
    },
    'interim-oos': {
      // Comparable services, in consultation with the parents, until the district assesses if
      // it finds that necessary (L6647-6652, L6666-6674).
      meta: { status: 'out-of-state transfer: comparable services' },
      entry: interimPlacementSignature,
      on: {
        // B-22 default: the enrolment date is the referral date.
        ASSESSMENT_NEEDED: {
          guard: 'noAssessmentYet',
          actions: [
            assign({ assessmentOpenedOn: ({ event }) => event.occurredOn }),
            {
              type: 'openProcess',
              params: ({ context }) => ({
                chart: 'initial-evaluation',
                input: { source: 'transfer-in', outOfState: true, referralReceivedOn: context.enrolledOn },
              }),
            },
          ],
        },
        NEW_IEP_ADOPTED: { guard: 'parentConsented', target: 'adopted', actions: 'adoptAtMeeting' },
      },
    },
    adopted: {
      type: 'final',
      meta: { status: 'IEP adopted' },
      entry: {
        type: 'openProcess',
        params: ({ context }) => ({ chart: 'annual-review', input: { lastAnnualMeetingOn: context.annualReviewFrom } }),
      },
    },
  },
}));

export const definition: ProcessDefinition = lazyDefinition({
  id: 'transfer-in',
  version: '1.0.0',
  title: 'Transfer in with an IEP',
  cites: ['L6626-6674', 'L17542-17604', 'L10028-10038', 'L581-588'],
  startsOn: ['ENROLLED_WITH_IEP'],
  eventTypes: ['ENROLLED_WITH_IEP', 'AMENDMENT_SIGNED', 'PRIOR_IEP_ADOPTED', 'NEW_IEP_ADOPTED', 'ASSESSMENT_NEEDED'],
}, () => ({ machine: transferInMachine(), events: transferInEvents() }));
