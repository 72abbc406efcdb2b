/**
 * P03 `iep-meeting`: holding any IEP team meeting lawfully (processes.md P03).
 *
 * Charts that hold a meeting embed its steps as a compound state built by
 * `iepMeetingStates({ purpose, onDone })` (initial evaluation, annual review, reassessment,
 * parent request), so the case sees MEETING_NOTICE_SENT, PARENT_RESPONSE, EXCUSAL_REQUESTED,
 * MEETING_HELD … directly. No XState `invoke`: the interpreter's pure transition cannot run
 * invoked actors. Embedding charts spread `meetingGuards` and `meetingActions` into their
 * `setup` and keep a `meeting: MeetingRecord` in context.
 *
 * The standalone chart (`definition`) is the same steps followed by the consent step of
 * consent-request, for a meeting another chart opens with `openProcess`.
 */
import { assign, setup } from 'xstate';
import { z } from 'zod';
import { declaredEffects, eventSchema, IsoDate, type ClockDeclaration, type ProcessDefinition, type ProcessInput } from './contract';
import {
  actorIn,
  ComponentCode,
  consentActions,
  consentEvents,
  consentGuards,
  consentRequestedState,
  DISTRICT_SIDE,
  newConsent,
  PARENT_SIDE,
  type ConsentEvent,
  type ConsentRecord,
  type EmbeddedConfig,
  type SharedActions,
} from './consent-request';
import { lazyDefinition, once } from './lazy';

/** Every kind of IEP meeting (P03 purpose); the NC 6A "purpose of meeting" boxes (L16559-16598). */
// prettier-ignore
export const MEETING_PURPOSES = [
  'initial', 'annual', 'reassessment', 'parent-request', 'manifestation',
  'behavioral-emergency', 'transfer', 'transition', 'exit', 'iee-review',
] as const;
export type MeetingPurpose = (typeof MEETING_PURPOSES)[number];

export interface ExcusalRecord {
  /** Member or service code (`ot`, `speech`), never a name. */
  member: string;
  /** The member's area is modified or discussed: written input first (L6286-6295). */
  areaDiscussed: boolean;
  writtenInputOn: IsoDate | null;
  parentSignedOn: IsoDate | null;
  leaSignedOn: IsoDate | null;
}

/** What an embedding chart keeps in `context.meeting`. */
export interface MeetingRecord {
  purpose: MeetingPurpose | null;
  noticeSentOn: IsoDate | null;
  /** The date the NC 6A proposes. */
  scheduledFor: IsoDate | null;
  heldOn: IsoDate | null;
  parentPresent: boolean | null;
  attendance: ParentAttendance | null;
  interpreterNeeded: boolean;
  /** Language or mode code the parent asked for (NC 6A box, L16587). */
  interpreterLanguage: string | null;
  agencyInvitationConsent: boolean | null;
  excusals: ExcusalRecord[];
  /** Members excused in writing by parent and LEA (NC 7 always, B-16). */
  excused: string[];
  recordingNoticeOn: IsoDate | null;
  reschedules: number;
}

export function newMeeting(purpose: MeetingPurpose | null = null): MeetingRecord {
  return {
    purpose,
    noticeSentOn: null,
    scheduledFor: null,
    heldOn: null,
    parentPresent: null,
    attendance: null,
    interpreterNeeded: false,
    interpreterLanguage: null,
    agencyInvitationConsent: null,
    excusals: [],
    excused: [],
    recordingNoticeOn: null,
    reschedules: 0,
  };
}

// ---------------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------------

const districtActor = once(() => actorIn(DISTRICT_SIDE));
const parentActor = once(() => actorIn(PARENT_SIDE));

/** NC 6A parent response boxes (L16582-16595). */
export const PARENT_ATTENDANCE = ['attend', 'teleconference', 'other-time', 'without-me', 'representative'] as const;
export type ParentAttendance = (typeof PARENT_ATTENDANCE)[number];

/** Fields every MEETING_HELD has; charts add their own decisions (eligible, iepDrafted …). */
export const meetingHeldFields = once(() => ({
  actor: districtActor(),
  /** Present in person or by phone (L6297-6299); omitted = present. */
  parentPresent: z.boolean().optional(),
  /** Records of calls, letters, visits to arrange the meeting (L6301-6308). */
  attemptsDocumented: z.boolean().optional(),
  /** Video or conference call agreed by parent and LEA (L6434-6436). */
  alternativeMeans: z.boolean().optional(),
}));

export function meetingHeldEvent<S extends z.ZodRawShape>(decisions: S) {
  return eventSchema('MEETING_HELD', { ...meetingHeldFields(), ...decisions });
}

export const MeetingNoticeSent = once(() => eventSchema('MEETING_NOTICE_SENT', {
  actor: districtActor(),
  /** The meeting date the notice proposes. */
  meetingOn: IsoDate,
  delivery: z.enum(['hand', 'mail', 'email']).optional(),
}).refine((e) => e.meetingOn >= e.occurredOn, { path: ['meetingOn'], message: 'cannot be before the notice was sent' }));

/** The meeting steps' events except MEETING_HELD (whose decisions differ by chart). */
export const meetingStepEvents = once(() => ({
  MEETING_NOTICE_SENT: MeetingNoticeSent(),
  PARENT_RESPONSE: eventSchema('PARENT_RESPONSE', {
    actor: parentActor(),
    attendance: z.enum(PARENT_ATTENDANCE),
    interpreter: z.boolean().optional(),
    language: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, 'must be a language code like "es"').optional(),
    agencyInvitationConsent: z.boolean().optional(),
  }),
  EXCUSAL_REQUESTED: eventSchema('EXCUSAL_REQUESTED', {
    actor: districtActor(),
    member: ComponentCode(),
    areaDiscussed: z.boolean(),
    writtenInputOn: IsoDate.optional(),
  }),
  /** One side's signature on NC 7: the actor's role says which side (parent or LEA). */
  EXCUSAL_SIGNED: eventSchema('EXCUSAL_SIGNED', {
    actor: actorIn([...PARENT_SIDE, ...DISTRICT_SIDE]),
    member: ComponentCode(),
    writtenInputOn: IsoDate.optional(),
  }),
  RECORDING_NOTICE: eventSchema('RECORDING_NOTICE', {
    actor: actorIn([...PARENT_SIDE, ...DISTRICT_SIDE]),
    recordedBy: z.enum(['parent', 'lea']),
    /** The LEA may record only with the parent's consent (L3565-3568). */
    parentConsent: z.boolean().optional(),
  }),
}));

// ---------------------------------------------------------------------------------------
// Guards and actions for embedding charts
// ---------------------------------------------------------------------------------------

interface MeetingHost {
  meeting: MeetingRecord;
}
type AnyEvent = { type: string; occurredOn: string; actor?: { role: string }; [k: string]: unknown };
type Args = { context: MeetingHost; event: AnyEvent };

const isParentSide = (role: string | undefined) => (PARENT_SIDE as readonly string[]).includes(role ?? '');

function pendingExcusal(meeting: MeetingRecord, event: AnyEvent): ExcusalRecord | undefined {
  const side = isParentSide(event.actor?.role) ? 'parentSignedOn' : 'leaSignedOn';
  return meeting.excusals.find((x) => x.member === event.member && x[side] === null);
}

function isExcused(x: ExcusalRecord): boolean {
  return x.parentSignedOn !== null && x.leaSignedOn !== null && (!x.areaDiscussed || x.writtenInputOn !== null);
}

export const meetingGuards = {
  /** NC 6A box "I request a different time and/or place" (L16586). */
  parentRequestsOtherTime: ({ event }: Args) => event.attendance === 'other-time',
  /** NC 6A interpreter box (L16587): staff must book one. */
  parentRequestsInterpreter: ({ event }: Args) => event.interpreter === true,
  excusalAwaitsSignature: ({ context, event }: Args) => pendingExcusal(context.meeting, event) !== undefined,
  /** Notice at least 24 hours before (L3565-3568): a day before the scheduled date; LEA needs the parent's consent. */
  recordingNoticeInTime: ({ context, event }: Args) =>
    context.meeting.scheduledFor !== null &&
    event.occurredOn < context.meeting.scheduledFor &&
    (event.recordedBy === 'parent' || event.parentConsent === true),
  meetingWithParent: ({ event }: Args) => event.parentPresent !== false,
  /** Without a parent only when attempts to arrange it are on record (L6301-6308). */
  meetingWithoutParent: ({ event }: Args) => event.parentPresent === false && event.attemptsDocumented === true,
};

const meetingActionImpls = {
  recordMeetingNotice: assign(({ context, event }: Args, params: { purpose: MeetingPurpose | null } | undefined) => ({
    meeting: {
      ...context.meeting,
      purpose: params?.purpose ?? context.meeting.purpose,
      noticeSentOn: event.occurredOn,
      scheduledFor: String(event.meetingOn),
    },
  })),
  recordParentResponse: assign(({ context, event }: Args) => ({
    meeting: {
      ...context.meeting,
      attendance: event.attendance as ParentAttendance,
      interpreterNeeded: context.meeting.interpreterNeeded || event.interpreter === true,
      interpreterLanguage: typeof event.language === 'string' ? event.language : context.meeting.interpreterLanguage,
      agencyInvitationConsent:
        typeof event.agencyInvitationConsent === 'boolean' ? event.agencyInvitationConsent : context.meeting.agencyInvitationConsent,
      reschedules: context.meeting.reschedules + (event.attendance === 'other-time' ? 1 : 0),
    },
  })),
  recordExcusalRequest: assign(({ context, event }: Args) => {
    const others = context.meeting.excusals.filter((x) => x.member !== event.member);
    const excusal: ExcusalRecord = {
      member: String(event.member),
      areaDiscussed: event.areaDiscussed === true,
      writtenInputOn: typeof event.writtenInputOn === 'string' ? event.writtenInputOn : null,
      parentSignedOn: null,
      leaSignedOn: null,
    };
    const excusals = [...others, excusal];
    return { meeting: { ...context.meeting, excusals, excused: excusals.filter(isExcused).map((x) => x.member) } };
  }),
  recordExcusalSignature: assign(({ context, event }: Args) => {
    const side = isParentSide(event.actor?.role) ? 'parentSignedOn' : 'leaSignedOn';
    const excusals = context.meeting.excusals.map((x) =>
      x.member === event.member
        ? {
            ...x,
            [side]: event.occurredOn,
            writtenInputOn: typeof event.writtenInputOn === 'string' ? event.writtenInputOn : x.writtenInputOn,
          }
        : x,
    );
    return { meeting: { ...context.meeting, excusals, excused: excusals.filter(isExcused).map((x) => x.member) } };
  }),
  recordRecordingNotice: assign(({ context, event }: Args) => ({
    meeting: { ...context.meeting, recordingNoticeOn: event.occurredOn },
  })),
  recordMeetingHeld: assign(({ context, event }: Args) => ({
    meeting: { ...context.meeting, heldOn: event.occurredOn, parentPresent: event.parentPresent !== false },
  })),
};
export const meetingActions = meetingActionImpls as SharedActions<typeof meetingActionImpls>;

// ---------------------------------------------------------------------------------------
// State-config builders
// ---------------------------------------------------------------------------------------

type ActionRef = string | { type: string; params?: unknown };

/**
 * The MEETING_NOTICE_SENT transition: NC 6A to the parent, and NC 1 with it (B-17 default is
 * the union of the handbook's lists, which includes each meeting notice, L9370-9372).
 * A caller whose own step sends the notice (annual review `preparing`) uses it to enter
 * `meeting.noticed` directly.
 */
export function noticeMeeting(target: string | undefined, purpose: MeetingPurpose | null): EmbeddedConfig {
  return {
    ...(target ? { target } : {}),
    actions: [
      { type: 'recordMeetingNotice', params: { purpose } },
      {
        type: 'sendNotice',
        params: ({ context }: { context: MeetingHost }) => ({
          form: 'NC 6A',
          to: 'parent',
          purpose: purpose ?? context.meeting.purpose ?? 'iep-meeting',
        }),
      },
      { type: 'sendNotice', params: { form: 'NC 1', to: 'parent' } },
    ],
  };
}

/** IEP 9B attendance, acknowledgements on IEP 9A (L17254-17264). */
const signAttendance = { type: 'requestSignature', params: { scope: 'attendance', signer: 'parent+lea', form: 'IEP 9B' } };

export interface MeetingStepOptions {
  purpose: MeetingPurpose | null;
  /** Caller actions run with MEETING_HELD (e.g. record eligibility), after the meeting record. */
  onHeld?: ActionRef[];
  /** How `held` / `held-without-parent` end: final (embedded) or on to another state (standalone). */
  afterHeld: { type: 'final' } | { always: string };
}

/** The four steps of P03 as a states map: scheduling, noticed, held, held-without-parent. */
export function meetingSteps(opts: MeetingStepOptions): Record<string, EmbeddedConfig> {
  const heldActions = ['recordMeetingHeld', ...(opts.onHeld ?? [])];
  const held = (status: string) => ({ ...opts.afterHeld, meta: { status }, entry: [signAttendance] });
  return {
    // A mutually agreed time and place, early enough for the parent to attend (L6202-6208).
    scheduling: {
      meta: { status: 'scheduling meeting' },
      on: { MEETING_NOTICE_SENT: noticeMeeting('noticed', opts.purpose) },
    },
    // Parent response boxes of NC 6A (L16582-16595).
    noticed: {
      meta: { status: 'meeting noticed' },
      on: {
        PARENT_RESPONSE: [
          { guard: 'parentRequestsOtherTime', target: 'scheduling', actions: ['recordParentResponse'] },
          // Interpreter in the parent's language or mode (L16587): a staff task to book one.
          {
            guard: 'parentRequestsInterpreter',
            actions: ['recordParentResponse', { type: 'escalate', params: { to: ['caseManager'] } }],
          },
          // Teleconference / alternative means / attending / not attending (L6434-6436).
          { actions: ['recordParentResponse'] },
        ],
        // NC 7 signed by parent and LEA; a discussed area needs the member's written input first (L6276-6295).
        EXCUSAL_REQUESTED: {
          actions: [
            'recordExcusalRequest',
            { type: 'requestSignature', params: { scope: 'excusal', signer: 'parent+lea', form: 'NC 7' } },
          ],
        },
        EXCUSAL_SIGNED: { guard: 'excusalAwaitsSignature', actions: ['recordExcusalSignature'] },
        RECORDING_NOTICE: { guard: 'recordingNoticeInTime', actions: ['recordRecordingNotice'] },
        MEETING_HELD: [
          { guard: 'meetingWithParent', target: 'held', actions: heldActions },
          // Without the parent only after documented attempts (L6297-6308; IEP 9A items 3-4, L17258-17261).
          { guard: 'meetingWithoutParent', target: 'held-without-parent', actions: heldActions },
        ],
      },
    },
    held: held('meeting held'),
    'held-without-parent': held('meeting held without parent'),
  };
}

export interface IepMeetingOptions {
  purpose: MeetingPurpose;
  /** Where the caller goes once the meeting is held: a target or guarded transitions. */
  onDone: string | Array<{ guard?: string; target: string; actions?: ActionRef[] }>;
  onHeld?: ActionRef[];
  /** Clocks that keep running while the meeting is under way (the act is holding it). */
  clocks?: ClockDeclaration[];
  /** The caller's transitions on the meeting state (e.g. its clock's due event). */
  on?: Record<string, unknown>;
}

/** The meeting as a compound state for an embedding chart. */
export function iepMeetingStates(opts: IepMeetingOptions): EmbeddedConfig {
  return {
    initial: 'scheduling',
    meta: { status: 'IEP meeting', ...(opts.clocks ? { clocks: opts.clocks } : {}) },
    states: meetingSteps({ purpose: opts.purpose, onHeld: opts.onHeld, afterHeld: { type: 'final' } }),
    onDone: opts.onDone,
    ...(opts.on ? { on: opts.on } : {}),
  };
}

// ---------------------------------------------------------------------------------------
// The standalone chart: the steps, then consent (P02) with the caller's scope
// ---------------------------------------------------------------------------------------

const OpenerSchema = once(() => z
  .object({
    purpose: z.enum(MEETING_PURPOSES),
    consentScope: z.enum(['later-iep', 'initial-services']).optional(),
  })
  .strict());

export interface IepMeetingContext extends MeetingHost {
  consent: ConsentRecord;
}

export const events = once(() => ({
  ...meetingStepEvents(),
  MEETING_HELD: meetingHeldEvent({}),
  IEP_CONSENT_RECORDED: consentEvents().IEP_CONSENT_RECORDED,
  SIGNATURE_FOLLOW_UP_SENT: eventSchema('SIGNATURE_FOLLOW_UP_SENT', {
    actor: districtActor(),
    letter: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  }),
}));
export type IepMeetingEvent =
  | { [K in keyof ReturnType<typeof events>]: z.infer<(ReturnType<typeof events>)[K]> }[keyof ReturnType<typeof events>]
  | ConsentEvent;

export const machine = once(() => setup({
  types: {
    context: {} as IepMeetingContext,
    events: {} as IepMeetingEvent,
    input: {} as ProcessInput,
  },
  guards: { ...meetingGuards, ...consentGuards },
  actions: { ...declaredEffects, ...meetingActions, ...consentActions },
}).createMachine({
  id: 'iep-meeting',
  context: ({ input }) => {
    const opener = OpenerSchema().parse(input.opener ?? {});
    return { meeting: newMeeting(opener.purpose), consent: newConsent(opener.consentScope ?? 'later-iep') };
  },
  initial: 'scheduling',
  states: {
    ...meetingSteps({ purpose: null, afterHeld: { always: 'awaiting-consent' } }),
    // Copy of the IEP on request, in the primary language if asked (L17262); the P02 result ends the meeting.
    'awaiting-consent': consentRequestedState({
      vocabulary: 'iep',
      outcomes: { granted: 'done', 'granted-partial': 'done', refused: 'done' },
      on: {
        // Signed IEP letters 1-2-3 (L18552-18664); silence is not consent (L18567-18568).
        SIGNATURE_FOLLOW_UP_SENT: { actions: [{ type: 'sendNotice', params: { form: 'Signed IEP letter', to: 'parent' } }] },
      },
    }),
    done: { type: 'final', meta: { status: 'meeting done' } },
  },
}));

export const definition: ProcessDefinition = lazyDefinition({
  id: 'iep-meeting',
  version: '1.0.0',
  title: 'IEP team meeting (shared)',
  cites: ['L6199-6311', 'L6431-6436', 'L3565-3568', 'L16559-16635', 'L17254-17302'],
  startsOn: [],
  eventTypes: ['MEETING_NOTICE_SENT', 'PARENT_RESPONSE', 'EXCUSAL_REQUESTED', 'EXCUSAL_SIGNED', 'RECORDING_NOTICE', 'MEETING_HELD', 'IEP_CONSENT_RECORDED', 'SIGNATURE_FOLLOW_UP_SENT'],
}, () => ({ machine: machine(), events: events() }));
