/**
 * P09 `early-start`: birth to three. Referral, evaluation, IFSP, six-month and annual
 * reviews, and the hand-over to a preschool IEP in effect on the third birthday
 * (L1134-1144, L1185-1194, L1412-1415). Early Start counts plain calendar days, year round
 * (L1779-1781): the deadline engine does that for every rule below.
 *
 * Opened by EARLY_START_REFERRAL_RECEIVED (REFERRAL_RECEIVED opens the school-age
 * `initial-evaluation`). The referral carries `daysToThirdBirthday`, computed by the API with
 * the deadline engine, because the chart has no date arithmetic. Routing bands (L1749-1798, B-7):
 * more than 60 days → this chart; 45-60 → the district of residence under Part C (IEP on the
 * 45-day count, forwarded by ESP within 2 days); under 45 → the district, school-age clocks.
 */
import { and, assign, setup } from 'xstate';
import { z } from 'zod';
import { ActorSchema, declaredEffects, eventSchema, type ProcessDefinition, type ProcessInput, type TimerEvent } from './contract';
import { lazyDefinition, once } from './lazy';

type Timer<T extends string> = Omit<TimerEvent, 'type'> & { type: T };

const esp = once(() => ActorSchema.extend({ role: z.enum(['esp']) }));
const family = once(() => ActorSchema.extend({ role: z.enum(['parent', 'surrogate']) }));
const team = once(() => ActorSchema.extend({ role: z.enum(['esp', 'district', 'dor']) }));
const districtSide = once(() => ActorSchema.extend({ role: z.enum(['district', 'dor']) }));
const serviceId = once(() => z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/, 'must be a service code, not a description'));

export const EarlyStartReferralReceived = once(() => eventSchema('EARLY_START_REFERRAL_RECEIVED', {
  /** Oral or written referral, received by a regional center, county office or district (L1176-1177). */
  actor: ActorSchema.extend({ role: z.enum(['parent', 'esp', 'district', 'dor', 'selpa']) }),
  daysToThirdBirthday: z.number().int().min(0, 'the child is already three: refer to the district'),
  /** Who received it: ESP intake forwards a 34-35-month referral to the DOR (L1762-1770). */
  receivedBy: z.enum(['esp', 'district']).optional(),
}));

export const earlyStartEvents = once(() => ({
  EARLY_START_REFERRAL_RECEIVED: EarlyStartReferralReceived(),
  REFERRAL_FORWARDED_TO_DOR: eventSchema('REFERRAL_FORWARDED_TO_DOR', { actor: esp() }),
  ASSESSMENT_CONSENT_RECORDED: eventSchema('ASSESSMENT_CONSENT_RECORDED', { actor: family(), granted: z.boolean() }),
  EXCEPTIONAL_DELAY_DOCUMENTED: eventSchema('EXCEPTIONAL_DELAY_DOCUMENTED', { actor: esp() }),
  EVALUATION_COMPLETED: eventSchema('EVALUATION_COMPLETED', { actor: esp() }),
  /** The IFSP meeting (named apart from the school-age MEETING_HELD so the router never has to guess). */
  IFSP_MEETING_HELD: eventSchema('IFSP_MEETING_HELD', { actor: team(), eligible: z.boolean() }),
  /** IFSP Form 9: all, all except listed services, none (L1388-1392, L2679-2680). */
  IFSP_CONSENT_RECORDED: eventSchema('IFSP_CONSENT_RECORDED', {
    actor: family(),
    consent: z.enum(['all', 'all-except', 'none']),
    except: z.array(serviceId()).optional(),
  }).superRefine((e, ctx) => {
    if (e.consent === 'all-except' && !(e.except && e.except.length > 0)) {
      ctx.addIssue({ code: 'custom', path: ['except'], message: 'name the services the parent declined' });
    }
  }),
  CONSENT_WITHDRAWN: eventSchema('CONSENT_WITHDRAWN', { actor: family(), services: z.array(serviceId()).min(1) }),
  REVIEW_HELD: eventSchema('REVIEW_HELD', { actor: team(), annual: z.boolean() }),
  REVIEW_REQUESTED: eventSchema('REVIEW_REQUESTED', { actor: ActorSchema.extend({ role: z.enum(['parent', 'surrogate', 'esp']) }) }),
  /** The date of the transition conference is fixed (ends the 30-day clock, L1640-1642). */
  TRANSITION_DATE_SET: eventSchema('TRANSITION_DATE_SET', { actor: team() }),
  TRANSITION_CONFERENCE_HELD: eventSchema('TRANSITION_CONFERENCE_HELD', { actor: team(), districtAttended: z.boolean(), mayBeIneligible: z.boolean().optional() }),
  PACKET_SENT: eventSchema('PACKET_SENT', { actor: esp() }),
  IEP_IN_EFFECT: eventSchema('IEP_IN_EFFECT', { actor: districtSide() }),
  NOT_ELIGIBLE_FOR_PRESCHOOL: eventSchema('NOT_ELIGIBLE_FOR_PRESCHOOL', { actor: districtSide() }),
}));

type ExternalEvent = z.infer<(ReturnType<typeof earlyStartEvents>)[keyof ReturnType<typeof earlyStartEvents>]>;
type TimerType =
  | `EARLY_START_${'DOR_FORWARD' | 'IFSP' | '30_MONTHS' | 'TRANSITION_DATE_SET' | 'TRANSITION' | 'IEP'}_DUE`
  | `IFSP_${'REVIEW' | 'ANNUAL'}_DUE`
  | 'EARLY_START_TRANSITION_OPEN';
export type EarlyStartEvent = ExternalEvent | Timer<TimerType>;

export interface EarlyStartContext {
  birthDate: string;
  referralReceivedOn: string;
  daysToThirdBirthday: number;
  receivedBy: 'esp' | 'district';
  /** Exceptional circumstances documented: the 45-day clock no longer escalates (L1300-1303). */
  clockExempt: boolean;
  eligible: boolean | null;
  lastIfspOn: string | null;
  lastAnnualIfspOn: string | null;
  declinedServices: string[];
  /** Trigger of `early-start-transition-date-set` until the conference date is fixed. */
  transitionDateOwedFrom: string | null;
  invitedOn: string | null;
  transitionWindowOpenOn: string | null;
  conferenceOn: string | null;
  packetSentOn: string | null;
  iepInEffectOn: string | null;
}

function openingContext(input: ProcessInput): EarlyStartContext {
  const t = EarlyStartReferralReceived().parse(input.trigger);
  const unset = { eligible: null, lastIfspOn: null, lastAnnualIfspOn: null, transitionDateOwedFrom: null, invitedOn: null };
  return {
    ...unset,
    birthDate: input.student.birthDate,
    referralReceivedOn: t.occurredOn,
    daysToThirdBirthday: t.daysToThirdBirthday,
    receivedBy: t.receivedBy ?? 'esp',
    clockExempt: false,
    declinedServices: [],
    transitionWindowOpenOn: null,
    conferenceOn: null,
    packetSentOn: null,
    iepInEffectOn: null,
  };
}

const lateAct = (code: string) => [
  { type: 'recordDelay' as const, params: { code } },
  { type: 'escalate' as const, params: { to: ['caseManager' as const, 'spedDirector' as const] } },
];

/** 45-60 days: the DOR assesses and holds the IEP on the Part C 45-day count, summer included (L1771-1781, L1786-1798). */
const openPartCEvaluation = {
  type: 'openProcess' as const,
  params: ({ context }: { context: EarlyStartContext }) => ({
    chart: 'initial-evaluation',
    input: { source: 'early-start', partC: true, referralReceivedOn: context.referralReceivedOn, birthDate: context.birthDate },
  }),
};

export const earlyStartMachine = once(() => setup({
  types: { context: {} as EarlyStartContext, events: {} as EarlyStartEvent, input: {} as ProcessInput },
  guards: {
    moreThan60Days: ({ context }) => context.daysToThirdBirthday > 60,
    partCBand: ({ context }) => context.daysToThirdBirthday >= 45,
    receivedByEsp: ({ context }) => context.receivedBy === 'esp',
    notExempt: ({ context }) => !context.clockExempt,
    consentGranted: ({ event }) => event.type === 'ASSESSMENT_CONSENT_RECORDED' && event.granted,
    eligible: ({ event }) => event.type === 'IFSP_MEETING_HELD' && event.eligible,
    consentAll: ({ event }) => event.type === 'IFSP_CONSENT_RECORDED' && event.consent === 'all',
    consentAllExcept: ({ event }) => event.type === 'IFSP_CONSENT_RECORDED' && event.consent === 'all-except',
    districtAttended: ({ event }) => event.type === 'TRANSITION_CONFERENCE_HELD' && event.districtAttended,
    mayBeIneligible: ({ event }) => event.type === 'TRANSITION_CONFERENCE_HELD' && event.mayBeIneligible === true,
    dateStillOwed: ({ context }) => context.transitionDateOwedFrom !== null,
  },
  actions: {
    ...declaredEffects,
    // The IFSP date starts both review clocks (C8: meeting 2026-10-29 → review 2027-04-29, annual 2027-10-29).
    recordIfsp: assign(({ context, event }) =>
      event.type === 'IFSP_MEETING_HELD' ? { eligible: true, lastIfspOn: event.occurredOn, lastAnnualIfspOn: event.occurredOn } : context,
    ),
    recordReview: assign(({ context, event }) =>
      event.type === 'REVIEW_HELD'
        ? { lastIfspOn: event.occurredOn, lastAnnualIfspOn: event.annual ? event.occurredOn : context.lastAnnualIfspOn }
        : {},
    ),
    declineServices: assign({
      declinedServices: ({ context, event }) => {
        const named = event.type === 'IFSP_CONSENT_RECORDED' ? (event.except ?? []) : event.type === 'CONSENT_WITHDRAWN' ? event.services : [];
        return [...new Set([...context.declinedServices, ...named])];
      },
    }),
    recordConference: assign({ conferenceOn: ({ event }) => ('occurredOn' in event ? event.occurredOn : null) }),
  },
}).createMachine({
  id: 'early-start',
  context: ({ input }) => openingContext(input),
  initial: 'routing',
  states: {
    routing: {
      always: [
        { guard: 'moreThan60Days', target: 'intake' },
        { guard: and(['partCBand', 'receivedByEsp']), target: 'forwarding-to-dor' },
        { guard: 'partCBand', target: 'referred-to-dor', actions: openPartCEvaluation },
        // Under 45 days: no IFSP; the district runs school-age timelines (L1782-1784).
        {
          target: 'referred-to-district',
          actions: {
            type: 'openProcess',
            params: ({ context }) => ({ chart: 'initial-evaluation', input: { source: 'early-start', referralReceivedOn: context.referralReceivedOn } }),
          },
        },
      ],
    },
    // ESP intake has 2 days to pass a 34-35-month referral to the DOR (L1762-1770; B-26 working days).
    'forwarding-to-dor': {
      meta: {
        status: 'forwarding referral to district of residence',
        clocks: [{ id: 'earlyStartDorForward', rule: 'early-start-dor-forward', from: 'referralReceivedOn', remind: 'default', onDue: 'EARLY_START_DOR_FORWARD_DUE' }],
      },
      on: {
        REFERRAL_FORWARDED_TO_DOR: { target: 'referred-to-dor', actions: openPartCEvaluation },
        EARLY_START_DOR_FORWARD_DUE: { actions: lateAct('early-start-dor-forward-late') },
      },
    },
    'referred-to-dor': { type: 'final', meta: { status: 'referred to district (Part C timelines)' } },
    'referred-to-district': { type: 'final', meta: { status: 'referred to district (school-age timelines)' } },
    intake: {
      // Referral date recorded, service coordinator assigned (L1178-1182); evaluation and IFSP
      // within 45 days of the referral (L1298-1299, L1328-1330).
      meta: {
        status: 'intake',
        clocks: [{ id: 'earlyStartIfsp', rule: 'early-start-ifsp', from: 'referralReceivedOn', exemptWhen: 'clockExempt', remind: 'default', onDue: 'EARLY_START_IFSP_DUE' }],
      },
      initial: 'referred',
      on: { EARLY_START_IFSP_DUE: { guard: 'notExempt', actions: lateAct('early-start-ifsp-late') } },
      states: {
        referred: {
          // Written notice and consent request on IFSP Form AP (L1182, L2740-2795).
          meta: { status: 'awaiting assessment consent' },
          entry: [
            { type: 'sendNotice', params: { form: 'Early Start notice', to: 'parent', states: 'early-start-ifsp', purpose: 'referral' } },
            { type: 'requestSignature', params: { scope: 'early-start-assessment', signer: 'parent', form: 'IFSP AP' } },
          ],
          on: {
            // Signed before any assessment (L2789).
            ASSESSMENT_CONSENT_RECORDED: [
              { guard: 'consentGranted', target: 'evaluating' },
              { target: '#early-start.closed-no-consent' },
            ],
          },
        },
        evaluating: {
          // Five areas with parent input, no single procedure (L1216-1260); family assessment
          // only if the family agrees (L1267-1270, L1283-1293).
          meta: { status: 'evaluating' },
          on: {
            EXCEPTIONAL_DELAY_DOCUMENTED: {
              target: 'interim',
              actions: [
                assign({ clockExempt: true }),
                { type: 'sendNotice', params: { form: 'Notice of delay', to: 'parent', purpose: 'exceptional-circumstances' } },
              ],
            },
            EVALUATION_COMPLETED: { target: 'ifsp-meeting' },
          },
        },
        interim: {
          // Interim IFSP naming the coordinator and assessment dates; agreed services start (L1303-1305).
          meta: { status: 'interim IFSP' },
          on: { EVALUATION_COMPLETED: { target: 'ifsp-meeting' } },
        },
        'ifsp-meeting': {
          // Notice in time to attend (L1336-1338, L2696-2733).
          meta: { status: 'IFSP meeting' },
          entry: { type: 'sendNotice', params: { form: 'IFSP NOM', to: ['parent', 'team'], purpose: 'initial-ifsp' } },
          on: {
            IFSP_MEETING_HELD: [
              { guard: 'eligible', target: '#early-start.awaiting-ifsp-consent', actions: 'recordIfsp' },
              {
                // Written notice of the refusal to serve (L1973-1980); eligibility criteria L1307-1325.
                target: '#early-start.not-eligible',
                actions: [assign({ eligible: false }), { type: 'sendNotice', params: { form: 'Early Start notice', to: 'parent', purpose: 'refusal' } }],
              },
            ],
          },
        },
      },
    },
    'awaiting-ifsp-consent': {
      // Services only with informed written consent; consented services are provided (L1386-1392, L2658-2691).
      meta: { status: 'awaiting IFSP consent' },
      entry: { type: 'requestSignature', params: { scope: 'ifsp-services', signer: 'parent', form: 'IFSP 9' } },
      on: {
        IFSP_CONSENT_RECORDED: [
          { guard: 'consentAll', target: 'active' },
          { guard: 'consentAllExcept', target: 'active', actions: 'declineServices' },
          { target: 'declined' },
        ],
      },
    },
    active: {
      type: 'parallel',
      // Consent may be withdrawn for any service at any time (L1966-1968).
      on: { CONSENT_WITHDRAWN: { actions: 'declineServices' } },
      states: {
        reviews: {
          initial: 'periodic',
          states: {
            periodic: {
              // Review every six months, or sooner if needs change or the parent asks; yearly
              // evaluation (L1331-1332, L1395-1400, L1953-1956).
              meta: {
                status: 'IFSP in effect',
                clocks: [
                  { id: 'ifspReview', rule: 'ifsp-review', from: 'lastIfspOn', remind: 'default', onDue: 'IFSP_REVIEW_DUE' },
                  { id: 'ifspAnnual', rule: 'ifsp-annual', from: 'lastAnnualIfspOn', remind: 'default', onDue: 'IFSP_ANNUAL_DUE' },
                ],
              },
              on: {
                // A new review date restarts the six-month clock (and the annual one when annual).
                REVIEW_HELD: { actions: 'recordReview' },
                REVIEW_REQUESTED: { actions: { type: 'sendNotice', params: { form: 'IFSP NOM', to: ['parent', 'team'], purpose: 'review' } } },
                IFSP_REVIEW_DUE: { actions: lateAct('ifsp-review-late') },
                IFSP_ANNUAL_DUE: { actions: lateAct('ifsp-annual-late') },
              },
            },
          },
        },
        transition: {
          initial: 'pre-notice',
          states: {
            'pre-notice': {
              // At 30 months ESP tells the district and the parent (L1409-1411) and invites both (L1636-1639).
              meta: {
                status: 'before 30 months',
                clocks: [{ id: 'earlyStart30Months', rule: 'early-start-30-month-notice', from: 'birthDate', remind: 'none', onDue: 'EARLY_START_30_MONTHS_DUE' }],
              },
              on: {
                EARLY_START_30_MONTHS_DUE: {
                  target: 'invited',
                  actions: [
                    assign(({ event }) => ({ invitedOn: event.occurredOn, transitionDateOwedFrom: event.occurredOn })),
                    { type: 'sendNotice', params: { form: 'Early Start notice', to: ['district', 'parent'], states: 'early-start-transition', purpose: 'transition-invitation' } },
                  ],
                },
              },
            },
            invited: {
              // Conference date fixed within 30 days of the invitation (L1640-1642); conference
              // 90 days to 6 months before the third birthday (L1415-1418, B-33).
              meta: {
                status: 'transition conference to hold',
                clocks: [
                  { id: 'earlyStartTransitionDateSet', rule: 'early-start-transition-date-set', from: 'transitionDateOwedFrom', remind: 'default', onDue: 'EARLY_START_TRANSITION_DATE_SET_DUE' },
                  { id: 'earlyStartTransition', rule: 'early-start-transition', from: 'birthDate', remind: 'default', onDue: 'EARLY_START_TRANSITION_DUE', onOpen: 'EARLY_START_TRANSITION_OPEN' },
                ],
              },
              on: {
                TRANSITION_DATE_SET: { guard: 'dateStillOwed', actions: assign({ transitionDateOwedFrom: null }) },
                EARLY_START_TRANSITION_DATE_SET_DUE: { actions: lateAct('early-start-transition-date-set-late') },
                // The window opens: the conference may be held from today.
                EARLY_START_TRANSITION_OPEN: { actions: assign({ transitionWindowOpenOn: ({ event }) => event.occurredOn }) },
                EARLY_START_TRANSITION_DUE: { actions: lateAct('early-start-transition-late') },
                TRANSITION_CONFERENCE_HELD: [
                  // A child who may not qualify: also a conference with other providers, if the family agrees (L1421-1425).
                  {
                    guard: and(['districtAttended', 'mayBeIneligible']),
                    target: 'packet',
                    actions: [
                      'recordConference',
                      assign({ transitionDateOwedFrom: null }),
                      { type: 'sendNotice', params: { form: 'Early Start notice', to: ['parent', 'providers'], purpose: 'other-services-conference' } },
                    ],
                  },
                  { guard: 'districtAttended', target: 'packet', actions: ['recordConference', assign({ transitionDateOwedFrom: null })] },
                  // The district must attend (L1631, L1647-1648, L1822-1823): not yet a transition conference.
                  { actions: { type: 'escalate', params: { to: ['caseManager', 'spedDirector'] } } },
                ],
              },
            },
            packet: {
              // Exit summary, IFSP, medical and developmental data go to the district with parent
              // consent: the formal referral (L1650-1654, L1861-1862, L2597-2610).
              meta: { status: 'transition packet to send' },
              entry: { type: 'requestSignature', params: { scope: 'transition-packet', signer: 'parent', form: 'IFSP 7' } },
              on: {
                PACKET_SENT: {
                  target: 'awaiting-iep',
                  actions: [
                    assign({ packetSentOn: ({ event }) => event.occurredOn }),
                    // The district observes, assesses as needed, writes report and eligibility
                    // statement (L1655-1658, L1863-1869, L2611-2614). `birthDate` lets its
                    // `initial-iep` clock take the earlier of it and `early-start-iep` (C8).
                    {
                      type: 'openProcess',
                      params: ({ context, event }) => ({
                        chart: 'initial-evaluation',
                        input: { source: 'early-start', referralReceivedOn: event.occurredOn, birthDate: context.birthDate },
                      }),
                    },
                  ],
                },
              },
            },
            'awaiting-iep': {
              // IEP in effect on the third birthday; Early Start ends the day before (L1802-1806);
              // ESP invited to the IEP if the parent asks, exit IFSP alongside (L1824-1827, L6261-6264).
              meta: {
                status: 'awaiting preschool IEP',
                clocks: [{ id: 'earlyStartIep', rule: 'early-start-iep', from: 'birthDate', remind: 'default', onDue: 'EARLY_START_IEP_DUE' }],
              },
              on: {
                IEP_IN_EFFECT: { target: '#early-start.transitioned-to-iep', actions: assign({ iepInEffectOn: ({ event }) => event.occurredOn }) },
                // Community resources discussed (L2625-2628).
                NOT_ELIGIBLE_FOR_PRESCHOOL: { target: '#early-start.exited-not-eligible' },
                // Early Start ends at three, IEP or not (L1804-1806, L2047-2052).
                EARLY_START_IEP_DUE: { target: '#early-start.exited-at-3', actions: lateAct('early-start-iep-late') },
              },
            },
          },
        },
      },
    },
    'closed-no-consent': { type: 'final', meta: { status: 'no consent to assess' } },
    'not-eligible': { type: 'final', meta: { status: 'not eligible for Early Start' } },
    declined: { type: 'final', meta: { status: 'IFSP services declined' } },
    'transitioned-to-iep': { type: 'final', meta: { status: 'transitioned to preschool IEP' } },
    'exited-not-eligible': { type: 'final', meta: { status: 'exited: not eligible for preschool' } },
    'exited-at-3': { type: 'final', meta: { status: 'exited at three without IEP' } },
  },
}));

export const definition: ProcessDefinition = lazyDefinition({
  id: 'early-start',
  version: '1.0.0',
  title: 'Early Start: referral, IFSP, reviews, transition to preschool',
  cites: ['L1134-1194', 'L1298-1432', 'L1628-1660', 'L1745-1830', 'L1964-1980', 'L2556-2795'],
  startsOn: ['EARLY_START_REFERRAL_RECEIVED'],
  eventTypes: ['EARLY_START_REFERRAL_RECEIVED', 'REFERRAL_FORWARDED_TO_DOR', 'ASSESSMENT_CONSENT_RECORDED', 'EXCEPTIONAL_DELAY_DOCUMENTED', 'EVALUATION_COMPLETED', 'IFSP_MEETING_HELD', 'IFSP_CONSENT_RECORDED', 'CONSENT_WITHDRAWN', 'REVIEW_HELD', 'REVIEW_REQUESTED', 'TRANSITION_DATE_SET', 'TRANSITION_CONFERENCE_HELD', 'PACKET_SENT', 'IEP_IN_EFFECT', 'NOT_ELIGIBLE_FOR_PRESCHOOL'],
}, () => ({ machine: earlyStartMachine(), events: earlyStartEvents() }));
