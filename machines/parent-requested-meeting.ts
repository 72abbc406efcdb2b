/**
 * P06 `parent-requested-meeting`: the IEP team meets whenever the parent or a teacher asks
 * (L6385-6387, L6419-6420); within 30 days of a parent's written request (L6387).
 *
 * Opened from outside by MEETING_REQUEST_RECEIVED. Only a parent's written request starts the
 * 30-day clock; a teacher's, NPS's or LEA's request (L6419-6420, L8351-8353) has none. The
 * clock stays on while the meeting is under way: the act it times is holding the meeting.
 */
import { setup } from 'xstate';
import { z } from 'zod';
import { ActorSchema, declaredEffects, eventSchema, type ClockDeclaration, type ProcessDefinition, type ProcessInput, type TimerEvent } from './contract';
import { iepMeetingStates, meetingActions, meetingGuards, meetingHeldEvent, meetingStepEvents, newMeeting, noticeMeeting, type MeetingRecord } from './iep-meeting';
import { PARENT_SIDE } from './consent-request';
import { lazyDefinition, once } from './lazy';

export const events = once(() => ({
  MEETING_REQUEST_RECEIVED: eventSchema('MEETING_REQUEST_RECEIVED', {
    actor: ActorSchema,
    requestedBy: z.enum(['parent', 'teacher', 'nps', 'district']).optional(),
    /** A parent's request must be in writing to start the 30 days (L6387). */
    inWriting: z.boolean().optional(),
  }),
  ...meetingStepEvents(),
  MEETING_HELD: meetingHeldEvent({}),
}));

type Timer<T extends string> = Omit<TimerEvent, 'type'> & { type: T };
export type ParentRequestedMeetingEvent =
  | { [K in keyof ReturnType<typeof events>]: z.infer<(ReturnType<typeof events>)[K]> }[keyof ReturnType<typeof events>]
  | Timer<'PARENT_REQUEST_MEETING_DUE'>;

export interface ParentRequestedMeetingContext {
  requestedBy: 'parent' | 'teacher' | 'nps' | 'district';
  /** Set only for a parent's written request: the clock's trigger. */
  requestReceivedOn: string | null;
  meeting: MeetingRecord;
}

const OpenerSchema = once(() => z.object({ requestedBy: z.enum(['parent', 'teacher', 'nps', 'district']), requestedOn: z.string() }).passthrough());

function contextFrom(input: ProcessInput): ParentRequestedMeetingContext {
  if (!input.trigger) {
    // Another chart asks for a review (e.g. NPS during a contract, L8351-8353).
    const o = OpenerSchema().parse(input.opener ?? {});
    return { requestedBy: o.requestedBy, requestReceivedOn: o.requestedBy === 'parent' ? o.requestedOn : null, meeting: newMeeting('parent-request') };
  }
  const t = input.trigger as { occurredOn: string; actor?: { role?: string }; requestedBy?: string; inWriting?: boolean };
  const parentSide = (PARENT_SIDE as readonly string[]).includes(t.actor?.role ?? '');
  const requestedBy = (t.requestedBy ?? (parentSide ? 'parent' : 'district')) as ParentRequestedMeetingContext['requestedBy'];
  // Written unless stated otherwise: the request is entered from the letter.
  const written = t.inWriting !== false;
  return { requestedBy, requestReceivedOn: requestedBy === 'parent' && written ? t.occurredOn : null, meeting: newMeeting('parent-request') };
}

/** 30 calendar days (L6387); EC 56343.5 vacations excluded under `parentRequestExcludesVacations` (B-27). */
const parentRequestClock: ClockDeclaration = {
  id: 'parentRequestMeeting',
  rule: 'parent-request-meeting',
  from: 'requestReceivedOn',
  onDue: 'PARENT_REQUEST_MEETING_DUE',
};
const late = {
  actions: [
    { type: 'recordDelay' as const, params: { code: 'parent-request-meeting-late' } },
    { type: 'escalate' as const, params: { to: ['caseManager' as const, 'spedDirector' as const] } },
  ],
};

export const machine = once(() => setup({
  types: {
    context: {} as ParentRequestedMeetingContext,
    events: {} as ParentRequestedMeetingEvent,
    input: {} as ProcessInput,
  },
  guards: meetingGuards,
  actions: { ...declaredEffects, ...meetingActions },
}).createMachine({
  id: 'parent-requested-meeting',
  context: ({ input }) => contextFrom(input),
  initial: 'requested',
  states: {
    requested: {
      meta: { status: 'meeting requested', clocks: [parentRequestClock] },
      on: {
        MEETING_NOTICE_SENT: noticeMeeting('meeting.noticed', 'parent-request'),
        PARENT_REQUEST_MEETING_DUE: late,
      },
    },
    // Any IEP change is consented as in annual-review, or amended without a meeting (P07).
    meeting: iepMeetingStates({
      purpose: 'parent-request',
      onDone: 'held',
      clocks: [parentRequestClock],
      on: { PARENT_REQUEST_MEETING_DUE: late },
    }),
    held: { type: 'final', meta: { status: 'meeting held' } },
  },
}));

export const definition: ProcessDefinition = lazyDefinition({
  id: 'parent-requested-meeting',
  version: '1.0.0',
  title: 'IEP meeting on request',
  cites: ['L6385-6387', 'L6419-6420', 'L8351-8353'],
  startsOn: ['MEETING_REQUEST_RECEIVED'],
  eventTypes: ['MEETING_REQUEST_RECEIVED', 'MEETING_NOTICE_SENT', 'PARENT_RESPONSE', 'EXCUSAL_REQUESTED', 'EXCUSAL_SIGNED', 'RECORDING_NOTICE', 'MEETING_HELD'],
}, () => ({ machine: machine(), events: events() }));
