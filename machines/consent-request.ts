/**
 * P02 `consent-request`: asking a parent (or adult student) for written consent, and the
 * shared consent rules of processes.md §2.
 *
 * Two ways to use it:
 * - `consentRequestedState(...)` builds the `requested` step as a state config that other
 *   charts embed (reassessment's `awaiting-consent`, the IEP meeting's `awaiting-consent`),
 *   with each answer leading to a target the caller names. XState `invoke` is not used: the
 *   interpreter's pure transition cannot run invoked actors.
 * - `definition` is the standalone chart, opened by another chart with
 *   `openProcess({ chart: 'consent-request', input: { scope: 'fba', ... } })` (e.g. discipline
 *   asks for an FBA plan, L1060-1061), ending in one of five final states.
 *
 * Silence is not consent (L540, L725); a refusal of services has no due-process route
 * (L609-612, L3639-3641); consented parts of an IEP start without delay (L3642-3644).
 */
import { assign, setup } from 'xstate';
import { z } from 'zod';
import {
  ActorSchema,
  declaredEffects,
  eventSchema,
  FORM_CODES,
  IsoDate,
  type ClockDeclaration,
  type FormCode,
  type ProcessDefinition,
  type ProcessInput,
  type RequestSignatureParams,
  type Role,
  type TimerEvent,
} from './contract';
import { lazyDefinition, once } from './lazy';

/**
 * State configs built outside a chart's `setup`, and the assign actions shared between charts,
 * are typed loosely: XState infers a machine's types from its own `setup`, and a config built
 * elsewhere cannot name them. Every path through them is driven by the pure chart tests.
 */
 
export type EmbeddedConfig = any;
/** Keeps the action names (so a chart's `setup` knows them) while loosening their types. */
export type SharedActions<T> = { [K in keyof T]: EmbeddedConfig };

// ---------------------------------------------------------------------------------------
// Who may act: the parent side gives or refuses consent, the district side proposes
// ---------------------------------------------------------------------------------------

/** Parent, guardian, educational representative (L4069-4071), adult student (L3473-3476), surrogate (L10022-10025). */
export const PARENT_SIDE = ['parent', 'adultStudent', 'surrogate'] as const;
/** Site administrator, case manager, LEA representative, SELPA director (processes.md §0). */
export const DISTRICT_SIDE = ['district', 'selpa'] as const;

/** The actor schema restricted to some roles, so a consent "from the district" is refused at `actor.role`. */
export function actorIn<const R extends readonly [Role, ...Role[]]>(roles: R) {
  return ActorSchema.extend({ role: z.enum(roles) });
}

/** Component codes of an IEP (`counselling`, `speech`), never free text. */
export const ComponentCode = once(() => z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'must be a component code like "counselling"'));

// ---------------------------------------------------------------------------------------
// Scopes of processes.md §2
// ---------------------------------------------------------------------------------------

export interface ConsentScopeRule {
  signer: RequestSignatureParams['signer'];
  form: FormCode;
  /** Whether the parent may consent to some parts only. */
  partial: boolean;
  /** Assessment plans give the parent at least 15 days to decide (L726): the `consent-response` clock. */
  silenceClock: boolean;
}

export const CONSENT_SCOPES = {
  'initial-assessment': { signer: 'parent', form: 'NC 3', partial: false, silenceClock: true }, // L540, L725-726
  reassessment: { signer: 'parent', form: 'NC 3', partial: false, silenceClock: true }, // L3649-3651, L11009-11010
  fba: { signer: 'parent', form: 'NC 3', partial: false, silenceClock: true }, // L1060-1061, L18512-18513
  'initial-services': { signer: 'parent', form: 'IEP 9A', partial: true, silenceClock: false }, // L609-623, L3642-3644
  'later-iep': { signer: 'parent', form: 'IEP 9A', partial: true, silenceClock: false }, // L18567-18573
  amendment: { signer: 'parent+lea', form: 'Amendment', partial: false, silenceClock: false }, // L6404-6409
  excusal: { signer: 'parent+lea', form: 'NC 7', partial: true, silenceClock: false }, // L6286-6295, L16630-16631
  'agency-invitation': { signer: 'parent', form: 'NC 6A', partial: true, silenceClock: false }, // L6593-6596, L16594
  'record-release': { signer: 'parent', form: 'A-3', partial: true, silenceClock: false }, // L4071-4076, L4214-4217
  'ifsp-services': { signer: 'parent', form: 'IFSP 9', partial: true, silenceClock: false }, // L1390-1392, L2756
  'early-start-assessment': { signer: 'parent', form: 'IFSP AP', partial: false, silenceClock: false }, // L2789
  'majority-statement': { signer: 'student', form: 'IEP 6D', partial: false, silenceClock: false }, // L17009-17014
  'exit-sop': { signer: 'parent', form: 'NC 12', partial: false, silenceClock: false }, // L7001, L17515
} as const satisfies Record<string, ConsentScopeRule>;
export type ConsentScope = keyof typeof CONSENT_SCOPES;
export const ConsentScopeSchema = once(() => z.enum(Object.keys(CONSENT_SCOPES) as [ConsentScope, ...ConsentScope[]]));

export type ConsentResult = 'granted' | 'granted-partial' | 'refused' | 'no-response' | 'revoked';

/** What a chart that asks for consent keeps in `context.consent`. */
export interface ConsentRecord {
  scope: ConsentScope;
  /** Who signs and on which form: the scope's rule unless the opener said otherwise. */
  signer: RequestSignatureParams['signer'];
  form: FormCode;
  /** The day the parent received the request (hand delivery, signed receipt, Proof of Service date, B-36). */
  deliveredOn: IsoDate | null;
  /** = deliveredOn for scopes whose silence is timed (assessment plans, L726); the clock's trigger. */
  silenceFrom: IsoDate | null;
  /** The parent's last day, stored when `CONSENT_RESPONSE_DUE` arrives (its `due` field). */
  responseDue: IsoDate | null;
  answeredOn: IsoDate | null;
  result: ConsentResult | null;
  /** Components the parent did not consent to (partial consent). */
  except: string[];
}

export function newConsent(
  scope: ConsentScope,
  deliveredOn: IsoDate | null = null,
  signature: Partial<Pick<ConsentRecord, 'signer' | 'form'>> = {},
): ConsentRecord {
  const rule: ConsentScopeRule = CONSENT_SCOPES[scope];
  const silenceFrom = rule.silenceClock ? deliveredOn : null;
  return {
    scope,
    signer: signature.signer ?? rule.signer,
    form: signature.form ?? rule.form,
    deliveredOn,
    silenceFrom,
    responseDue: null,
    answeredOn: null,
    result: null,
    except: [],
  };
}

// ---------------------------------------------------------------------------------------
// Events (the same names every chart uses)
// ---------------------------------------------------------------------------------------

const parentActor = once(() => actorIn(PARENT_SIDE));
const districtActor = once(() => actorIn(DISTRICT_SIDE));

/** IEP 9A "consent to all / all except / none" (L17269-17272). */
export const IepConsentRecorded = once(() => eventSchema('IEP_CONSENT_RECORDED', {
  actor: parentActor(),
  scope: z.enum(['all', 'partial', 'none']),
  except: z.array(ComponentCode()).min(1).optional(),
}).refine((e) => (e.scope === 'partial') === (e.except !== undefined), {
  path: ['except'],
  message: 'lists the refused components exactly when scope is "partial"',
}));

export const consentEvents = once(() => ({
  CONSENT_RECEIVED: eventSchema('CONSENT_RECEIVED', {
    actor: parentActor(),
    /** Parts not consented to, for scopes that allow partial consent. */
    except: z.array(ComponentCode()).min(1).optional(),
  }),
  CONSENT_REFUSED: eventSchema('CONSENT_REFUSED', { actor: parentActor() }),
  /** Written withdrawal of a consent before the act it allowed. Revoking services after they began is P08. */
  CONSENT_REVOKED: eventSchema('CONSENT_REVOKED', { actor: parentActor(), inWriting: z.literal(true) }),
  /** Staff record that the parent's period passed without an answer. */
  NO_RESPONSE_RECORDED: eventSchema('NO_RESPONSE_RECORDED', { actor: districtActor() }),
  /** The request reached the parent (starts the parent's 15 days for assessment scopes). */
  CONSENT_REQUEST_DELIVERED: eventSchema('CONSENT_REQUEST_DELIVERED', {
    actor: districtActor(),
    receivedByParentOn: IsoDate,
    delivery: z.enum(['hand', 'mail', 'email']).optional(),
  }),
  IEP_CONSENT_RECORDED: IepConsentRecorded(),
}));

/** One documented attempt to reach the parent: call, letter (with Proof of Service), visit (L3649-3651, L6301-6308). */
export const ContactAttempted = once(() => eventSchema('CONTACT_ATTEMPTED', {
  actor: districtActor(),
  method: z.enum(['call', 'letter', 'visit', 'email']),
  proofOfService: z.boolean().optional(),
}));
export interface ContactAttempt {
  on: IsoDate;
  method: 'call' | 'letter' | 'visit' | 'email';
}

type Timer<T extends string> = Omit<TimerEvent, 'type'> & { type: T };
export type ConsentEvent =
  | { [K in keyof ReturnType<typeof consentEvents>]: z.infer<(ReturnType<typeof consentEvents>)[K]> }[keyof ReturnType<typeof consentEvents>]
  | Timer<'CONSENT_RESPONSE_DUE'>;

// ---------------------------------------------------------------------------------------
// Guards and actions, spread into the `setup` of every chart that embeds the step
// ---------------------------------------------------------------------------------------

interface ConsentHost {
  consent: ConsentRecord;
}
type AnyEvent = { type: string; occurredOn: string; [k: string]: unknown };
type GuardArgs = { context: ConsentHost; event: AnyEvent };

/** Guards that read only the IEP 9A answer; P01 and P04 use them on their own states too. */
export const iepConsentGuards = {
  consentAll: ({ event }: { event: AnyEvent }) => event.type === 'IEP_CONSENT_RECORDED' && event.scope === 'all',
  consentPartial: ({ event }: { event: AnyEvent }) => event.type === 'IEP_CONSENT_RECORDED' && event.scope === 'partial',
  consentNone: ({ event }: { event: AnyEvent }) => event.type === 'IEP_CONSENT_RECORDED' && event.scope === 'none',
};

export const consentGuards = {
  ...iepConsentGuards,
  /** CONSENT_RECEIVED naming refused parts, for a scope that allows partial consent. */
  consentWithExceptions: ({ context, event }: GuardArgs) =>
    CONSENT_SCOPES[context.consent.scope].partial && Array.isArray(event.except) && event.except.length > 0,
  /** A partial answer to a scope that cannot be split is not an answer the chart takes. */
  consentWholeScope: ({ event }: GuardArgs) => event.except === undefined,
  /**
   * The parent's period is over: the due date (stored from CONSENT_RESPONSE_DUE) has passed.
   * The due is the parent's last day (L726), so an entry on the due date itself is refused.
   * Scopes without a silence clock (IEP 9A: silence = no consent, L613-623) may record silence any time.
   */
  consentResponsePassed: ({ context, event }: GuardArgs) =>
    CONSENT_SCOPES[context.consent.scope].silenceClock
      ? context.consent.responseDue !== null && event.occurredOn > context.consent.responseDue
      : true,
  consentRequestNotDelivered: ({ context }: GuardArgs) => context.consent.deliveredOn === null,
};

function answered(result: ConsentResult) {
  return assign(({ context, event }: GuardArgs) => ({
    consent: {
      ...context.consent,
      result,
      answeredOn: event.occurredOn,
      except: Array.isArray(event.except) ? (event.except as string[]) : [],
    },
  }));
}

const consentActionImpls = {
  recordConsentGranted: answered('granted'),
  recordConsentPartial: answered('granted-partial'),
  recordConsentRefused: answered('refused'),
  recordNoConsentResponse: answered('no-response'),
  recordConsentRevoked: answered('revoked'),
  recordConsentResponseDue: assign(({ context, event }: GuardArgs) => ({
    consent: { ...context.consent, responseDue: typeof event.due === 'string' ? event.due : null },
  })),
  recordConsentDelivered: assign(({ context, event }: GuardArgs) => ({
    consent: newConsent(context.consent.scope, String(event.receivedByParentOn), context.consent),
  })),
};
export const consentActions = consentActionImpls as SharedActions<typeof consentActionImpls>;

/** The signature request for the consent held in context (the interpreter resolves the adult student). */
export function signatureFor(consent: ConsentRecord): RequestSignatureParams {
  return { scope: consent.scope, signer: consent.signer, form: consent.form };
}

// ---------------------------------------------------------------------------------------
// The embeddable `requested` step
// ---------------------------------------------------------------------------------------

type ActionRef = string | { type: string; params?: unknown };
export type ConsentOutcome = ConsentResult;
export type OutcomeTarget = string | { target: string; actions?: ActionRef[] };

export interface ConsentStepOptions {
  /** The scope when the embedding chart fixes it; omitted, the scope comes from context (standalone chart). */
  scope?: ConsentScope;
  /** Which answers the step takes: IEP 9A boxes, written consent/refusal, or both. */
  vocabulary: 'iep' | 'written' | 'both';
  /** Where each answer leads; an answer without a target is not accepted here. */
  outcomes: Partial<Record<ConsentOutcome, OutcomeTarget>>;
  /** The caller's own transitions in this state (e.g. REASONABLE_MEASURES_EXHAUSTED). */
  on?: Record<string, unknown>;
  status?: string;
}

function toTransition(target: OutcomeTarget, record: string, guard?: string) {
  const t = typeof target === 'string' ? { target } : target;
  return { ...(guard ? { guard } : {}), target: t.target, actions: [record, ...(t.actions ?? [])] };
}

/** The consent-response clock (L726): from the parent's receipt of the plan. */
export const consentResponseClock: ClockDeclaration = {
  id: 'consentResponse',
  rule: 'consent-response',
  from: 'consent.silenceFrom',
  onDue: 'CONSENT_RESPONSE_DUE',
};

export function consentRequestedState(opts: ConsentStepOptions): EmbeddedConfig {
  // A fixed scope without timed silence has no clock; a scope read from context may have one.
  const timedSilence = opts.scope === undefined || CONSENT_SCOPES[opts.scope].silenceClock;
  const o = opts.outcomes;
  const on: Record<string, unknown> = {
    CONSENT_REQUEST_DELIVERED: { guard: 'consentRequestNotDelivered', actions: ['recordConsentDelivered'] },
  };
  if (timedSilence) {
    // The parent's last day: store it so NO_RESPONSE_RECORDED can be checked; staff hear of it.
    on.CONSENT_RESPONSE_DUE = {
      actions: ['recordConsentResponseDue', { type: 'escalate', params: { to: ['caseManager'] } }],
    };
  }
  if (opts.vocabulary !== 'written') {
    const iep = [];
    if (o.granted) iep.push(toTransition(o.granted, 'recordConsentGranted', 'consentAll'));
    if (o['granted-partial']) iep.push(toTransition(o['granted-partial'], 'recordConsentPartial', 'consentPartial'));
    if (o.refused) iep.push(toTransition(o.refused, 'recordConsentRefused', 'consentNone'));
    on.IEP_CONSENT_RECORDED = iep;
  }
  if (opts.vocabulary !== 'iep') {
    const received = [];
    if (o['granted-partial']) received.push(toTransition(o['granted-partial'], 'recordConsentPartial', 'consentWithExceptions'));
    if (o.granted) received.push(toTransition(o.granted, 'recordConsentGranted', 'consentWholeScope'));
    if (received.length) on.CONSENT_RECEIVED = received;
    if (o.refused) on.CONSENT_REFUSED = toTransition(o.refused, 'recordConsentRefused');
  }
  if (o['no-response']) on.NO_RESPONSE_RECORDED = toTransition(o['no-response'], 'recordNoConsentResponse', 'consentResponsePassed');
  if (o.revoked) on.CONSENT_REVOKED = toTransition(o.revoked, 'recordConsentRevoked');
  return {
    meta: { status: opts.status ?? 'awaiting consent', ...(timedSilence ? { clocks: [consentResponseClock] } : {}) },
    entry: [{ type: 'requestSignature', params: ({ context }: { context: ConsentHost }) => signatureFor(context.consent) }],
    on: { ...on, ...(opts.on ?? {}) },
  };
}

// ---------------------------------------------------------------------------------------
// The standalone chart
// ---------------------------------------------------------------------------------------

const OpenerSchema = once(() => z
  .object({
    scope: ConsentScopeSchema(),
    signer: z.enum(['parent', 'adultStudent', 'student', 'parent+lea', 'lea', 'guardian']).optional(),
    form: z.enum(FORM_CODES).optional(),
    deliveredOn: IsoDate.nullable().optional(),
    /** The process that asked, for the timeline (e.g. `discipline#1`). */
    requestedBy: z.string().max(64).optional(),
  })
  .strict());

export interface ConsentRequestContext extends ConsentHost {
  requestedBy: string | null;
}

function contextFrom(input: ProcessInput): ConsentRequestContext {
  // A chart that opens this one must say what it asks for; a malformed opener is a chart bug.
  const opener = OpenerSchema().parse(input.opener ?? {});
  return { consent: newConsent(opener.scope, opener.deliveredOn ?? null, opener), requestedBy: opener.requestedBy ?? null };
}

export const machine = once(() => setup({
  types: {
    context: {} as ConsentRequestContext,
    events: {} as ConsentEvent,
    input: {} as ProcessInput,
  },
  guards: consentGuards,
  actions: { ...declaredEffects, ...consentActions },
}).createMachine({
  id: 'consent-request',
  context: ({ input }) => contextFrom(input),
  initial: 'requested',
  states: {
    requested: consentRequestedState({
      vocabulary: 'both',
      outcomes: {
        granted: 'granted',
        'granted-partial': 'granted-partial',
        refused: 'refused',
        'no-response': 'no-response',
        revoked: 'revoked',
      },
    }),
    granted: { type: 'final', meta: { status: 'consent granted' } },
    'granted-partial': { type: 'final', meta: { status: 'consent granted in part' } },
    refused: { type: 'final', meta: { status: 'consent refused' } },
    'no-response': { type: 'final', meta: { status: 'no response' } },
    revoked: { type: 'final', meta: { status: 'consent revoked' } },
  },
}));

export const definition: ProcessDefinition = lazyDefinition({
  id: 'consent-request',
  version: '1.0.0',
  title: 'Consent request (shared)',
  cites: ['L540', 'L605-623', 'L692-706', 'L725-727', 'L3639-3651', 'L17269-17272', 'L18567-18573'],
  startsOn: [],
  eventTypes: ['CONSENT_RECEIVED', 'CONSENT_REFUSED', 'CONSENT_REVOKED', 'NO_RESPONSE_RECORDED', 'CONSENT_REQUEST_DELIVERED', 'IEP_CONSENT_RECORDED'],
}, () => ({ machine: machine(), events: consentEvents() }));
