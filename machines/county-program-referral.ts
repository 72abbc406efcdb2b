/**
 * P26 `county-program-referral`: a district that cannot serve a student refers to a county
 * office (SCCOE) program (processes.md §3 P26; handbook ch. 10 flow chart L8080-8171).
 *
 * The handbook gives a flow chart only. Opened by `COUNTY_PROGRAM_NEEDED` once the district
 * has assessed in all areas and has no program that meets the needs (L8080-8082,
 * L8114-8116). The county principal's answer is a "5-DAY PROCESS" with no unit (L8127;
 * B-26 default: working days) — the proposed rule `county-referral` is not a rule id yet, so
 * this chart declares no clock.
 */
import { assign, setup } from 'xstate';
import { z } from 'zod';
import {
  actorOf,
  declaredEffects,
  eventSchema,
  IsoDate,
  type ProcessDefinition,
  type ProcessInput,
} from './contract';
import { lazyDefinition, once } from './lazy';

const lea = once(() => actorOf('district'));
/** The county program's principal and cluster office act as the SELPA-level provider. */
const leaOrCounty = once(() => actorOf('district', 'selpa'));

export const countyReferralEvents = once(() => ({
  /** District assessed in all areas and has no program to meet the needs (L8080-8082, L8114-8116). */
  COUNTY_PROGRAM_NEEDED: eventSchema('COUNTY_PROGRAM_NEEDED', { actor: lea() }),
  /** Told of the referral, the parents say no: the process stops (L8083-8087). */
  PARENT_DECLINED: eventSchema('PARENT_DECLINED', { actor: actorOf('parent', 'adultStudent', 'surrogate') }),
  /** Referral packet with all the student's information to the county principal (L8132-8135). */
  REFERRAL_PACKET_SENT: eventSchema('REFERRAL_PACKET_SENT', { actor: lea() }),
  /** County principal: can the cluster meet the needs? (L8141-8152) */
  PLACEMENT_ANSWERED: eventSchema('PLACEMENT_ANSWERED', { actor: leaOrCounty(), canMeetNeeds: z.boolean() }),
  /** District IEP with county staff invited, held if needed (L8129-8131). */
  MEETING_HELD: eventSchema('MEETING_HELD', { actor: lea() }),
  /** Signed IEP and forms sent to the cluster office (L8136-8138). */
  SIGNED_IEP_SENT: eventSchema('SIGNED_IEP_SENT', { actor: lea() }),
  /** The teacher received the cumulative file with all current records (L8167-8170). */
  CUM_FILE_DELIVERED: eventSchema('CUM_FILE_DELIVERED', { actor: leaOrCounty() }),
  /** The student starts in the county program (L8094-8099). */
  STUDENT_STARTED: eventSchema('STUDENT_STARTED', { actor: leaOrCounty() }),
}));

export type CountyReferralEvent = {
  [K in keyof ReturnType<typeof countyReferralEvents>]: z.infer<(ReturnType<typeof countyReferralEvents>)[K]>;
}[keyof ReturnType<typeof countyReferralEvents>];

export interface CountyReferralContext {
  studentId: string;
  neededOn: IsoDate;
  packetSentOn: IsoDate | null;
  answeredOn: IsoDate | null;
  meetingOn: IsoDate | null;
  signedIepSentOn: IsoDate | null;
  cumFileDeliveredOn: IsoDate | null;
  startedOn: IsoDate | null;
}

/** What another chart hands this one in `openProcess({ chart: 'county-program-referral', input })`. */
export const countyReferralOpener = once(() => z.object({ neededOn: IsoDate }));

function countyReferralContext(input: ProcessInput): CountyReferralContext {
  const neededOn = input.trigger
    ? IsoDate.parse(input.trigger.occurredOn)
    : countyReferralOpener().parse(input.opener ?? {}).neededOn;
  return {
    studentId: input.student.id,
    neededOn,
    packetSentOn: null,
    answeredOn: null,
    meetingOn: null,
    signedIepSentOn: null,
    cumFileDeliveredOn: null,
    startedOn: null,
  };
}

export const countyProgramReferralMachine = once(() => setup({
  types: { context: {} as CountyReferralContext, events: {} as CountyReferralEvent, input: {} as ProcessInput },
  guards: {
    countyCanServe: ({ event }) => event.type === 'PLACEMENT_ANSWERED' && event.canMeetNeeds,
    countyCannotServe: ({ event }) => event.type === 'PLACEMENT_ANSWERED' && !event.canMeetNeeds,
  },
  actions: {
    ...declaredEffects,
    recordPacket: assign({ packetSentOn: ({ event }) => event.occurredOn }),
    recordAnswer: assign({ answeredOn: ({ event }) => event.occurredOn }),
    recordMeeting: assign({ meetingOn: ({ event }) => event.occurredOn }),
    recordSignedIep: assign({ signedIepSentOn: ({ event }) => event.occurredOn }),
    recordCumFile: assign({ cumFileDeliveredOn: ({ event }) => event.occurredOn }),
    recordStart: assign({ startedOn: ({ event }) => event.occurredOn }),
  },
}).createMachine({
  id: 'county-program-referral',
  context: ({ input }) => countyReferralContext(input),
  initial: 'family-informed',
  states: {
    'family-informed': {
      // L8083-8086: the district informs the family and the designated cluster principal.
      meta: { status: 'family and cluster principal told of the county referral' },
      on: {
        PARENT_DECLINED: { target: 'stopped' },
        REFERRAL_PACKET_SENT: { target: 'county-review', actions: 'recordPacket' },
      },
    },
    'county-review': {
      // L8088-8093, L8127: the county principal looks for a placement ("5-DAY PROCESS").
      meta: { status: 'county principal reviewing the referral' },
      on: {
        PLACEMENT_ANSWERED: [
          { guard: 'countyCanServe', target: 'placement-iep', actions: 'recordAnswer' },
          // L8139-8140: "District pursues other placements".
          { guard: 'countyCannotServe', target: 'other-placement', actions: 'recordAnswer' },
        ],
      },
    },
    'placement-iep': {
      // L8129-8131: district holds an IEP if needed, county staff invited; parents may visit
      // the site with the county principal's approval (L8100-8107).
      meta: { status: 'placement IEP and signed IEP to the cluster office' },
      on: {
        MEETING_HELD: { actions: 'recordMeeting' },
        SIGNED_IEP_SENT: { target: 'starting', actions: 'recordSignedIep' },
      },
    },
    starting: {
      // L8108-8110, L8094-8099, L8164-8170: cluster office logs the referral, the packet goes
      // to nurse, psychologist and teacher, the teacher gets the cumulative file first.
      meta: { status: 'county program preparing the start' },
      on: {
        CUM_FILE_DELIVERED: { actions: 'recordCumFile' },
        STUDENT_STARTED: { target: 'placed', actions: 'recordStart' },
      },
    },
    placed: { type: 'final', meta: { status: 'student started in the county program' } },
    stopped: { type: 'final', meta: { status: 'parents declined the county referral' } },
    'other-placement': { type: 'final', meta: { status: 'county cannot serve: district pursues other placements' } },
  },
}));

export const definition: ProcessDefinition = lazyDefinition({
  id: 'county-program-referral',
  version: '1.0.0',
  title: 'Referral to a county office program',
  cites: ['L8074-8171'],
  startsOn: ['COUNTY_PROGRAM_NEEDED'],
  eventTypes: ['COUNTY_PROGRAM_NEEDED', 'PARENT_DECLINED', 'REFERRAL_PACKET_SENT', 'PLACEMENT_ANSWERED', 'MEETING_HELD', 'SIGNED_IEP_SENT', 'CUM_FILE_DELIVERED', 'STUDENT_STARTED'],
}, () => ({ machine: countyProgramReferralMachine(), events: countyReferralEvents() }));
