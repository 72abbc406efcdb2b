/**
 * P11 `discipline`: one instance per student and school year. Region `ledger` counts removal
 * days against the caps (L7883-7890) and the 10-day line (L7892-7906); region `placement`
 * runs each change-of-placement decision to its manifestation determination (L7874-7881,
 * L7908-7953).
 *
 * Charts hold no calendar, so REMOVAL_RECORDED carries `schoolDays` (the API computes and
 * checks it with the deadline engine). A partial day counts as one day (B-5 default
 * `partialDayWeight: 1`). Placement outcomes are final for their decision; the chart ends when
 * the school year ends (SCHOOL_YEAR_ENDED) and no decision is open, since the ledger is yearly.
 * A later decision in the same year starts a new MD from a concluded outcome.
 */
import { and, assign, enqueueActions, setup } from 'xstate';
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
import { IaesOrdered } from './iaes';
import { AppealRequested, appealGroundFitsActor } from './expedited-hearing';
import { lazyDefinition, once } from './lazy';

type Timer<T extends string> = Omit<TimerEvent, 'type'> & { type: T };

/** Up to 5 consecutive school days per incident, 20 a year, +10 for readjustment (L7883-7886; B-30). */
export const SUSPENSION_CAPS = { perIncident: 5, perYear: 20, readjustment: 10 } as const;

const schoolStaff = once(() => ActorSchema.extend({ role: z.enum(['district']) }));
/** An NPS suspends too, and must tell the district (L9178-9184). */
const removingStaff = once(() => ActorSchema.extend({ role: z.enum(['district', 'nps']) }));
const id = once(() => z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/, 'must be an id (letters, digits, . _ : -)'));

export const RemovalRecorded = once(() => eventSchema('REMOVAL_RECORDED', {
  actor: removingStaff(),
  incidentId: id(),
  fromDate: IsoDate,
  toDate: IsoDate,
  /** School days of the removal, counted by the API with the case calendar. */
  schoolDays: z.number().int().min(1, 'a removal covers at least one school day'),
  /** Part of a day (L7889-7890): counts as a whole day (B-5). */
  partial: z.boolean().optional(),
  /** `readjustment`: reassignment for purposes of readjustment, the extra 10 days (L7885-7886). */
  kind: z.enum(['suspension', 'readjustment']).optional(),
  hasFbaBip: z.boolean().optional(),
}).superRefine((e, ctx) => {
  if (e.toDate < e.fromDate) ctx.addIssue({ code: 'custom', path: ['toDate'], message: 'ends before it starts' });
  const max = e.kind === 'readjustment' ? SUSPENSION_CAPS.readjustment : SUSPENSION_CAPS.perIncident;
  if (e.schoolDays > max) {
    ctx.addIssue({
      code: 'custom',
      path: ['schoolDays'],
      message:
        e.kind === 'readjustment'
          ? `readjustment may add at most ${max} school days in a year (L7885-7886)`
          : `a suspension for one incident may not exceed ${max} consecutive school days (L7883-7884)`,
    });
  }
}));

/** A removal that changes placement (L7874-7877): IAES has its own event, IAES_ORDERED. */
export const ChangeOfPlacementDecided = once(() => eventSchema('CHANGE_OF_PLACEMENT_DECIDED', {
  actor: schoolStaff(),
  basis: z.enum(['removal-over-10-consecutive-days', 'pattern-of-removals', 'expulsion-recommended']),
  hasFbaBip: z.boolean().optional(),
}));

export const disciplineEvents = once(() => ({
  REMOVAL_RECORDED: RemovalRecorded(),
  CHANGE_OF_PLACEMENT_DECIDED: ChangeOfPlacementDecided(),
  IAES_ORDERED: IaesOrdered(),
  MD_MEETING_HELD: eventSchema('MD_MEETING_HELD', {
    actor: schoolStaff(),
    causedByDisability: z.boolean(),
    failureToImplementIep: z.boolean(),
  }),
  BIP_ADOPTED: eventSchema('BIP_ADOPTED', { actor: schoolStaff() }),
  RETURNED_TO_PLACEMENT: eventSchema('RETURNED_TO_PLACEMENT', { actor: schoolStaff() }),
  PLACEMENT_CHANGE_AGREED: eventSchema('PLACEMENT_CHANGE_AGREED', {
    actor: schoolStaff(),
    parentAgreed: z.boolean(),
    leaAgreed: z.boolean(),
  }),
  DISCIPLINE_CONCLUDED: eventSchema('DISCIPLINE_CONCLUDED', {
    actor: schoolStaff(),
    outcome: z.enum(['expelled', 'suspended', 'expulsion-suspended', 'no-action']),
  }),
  APPEAL_REQUESTED: AppealRequested(),
  SCHOOL_YEAR_ENDED: eventSchema('SCHOOL_YEAR_ENDED', { actor: schoolStaff() }),
}));

type ExternalEvent = z.infer<(ReturnType<typeof disciplineEvents>)[keyof ReturnType<typeof disciplineEvents>]>;
export type DisciplineEvent = ExternalEvent | Timer<'MANIFESTATION_DETERMINATION_DUE'>;

/** What `iaes` passes when an outside IAES order opened it first. */
export const DisciplineOpener = once(() => z
  .object({ decisionOn: IsoDate, basis: z.literal('iaes'), hasFbaBip: z.boolean().optional() })
  .strict());

export interface Removal {
  incidentId: string;
  from: string;
  to: string;
  schoolDays: number;
  partial: boolean;
  kind: 'suspension' | 'readjustment';
}

export interface DisciplineContext {
  removals: Removal[];
  /** Every removal day this year, partial days as 1 (B-5): the 10-day line (L7892-7895). */
  yearTotal: number;
  suspensionDays: number;
  readjustmentDays: number;
  hasFbaBip: boolean;
  fbaConsentSoughtOn: string | null;
  /** Trigger of `manifestation-determination`: the date of the decision (L7878-7881). */
  decisionOn: string | null;
  decisionBasis: string | null;
  iaes: boolean;
  manifestation: boolean | null;
  yearEndedOn: string | null;
  openedBy: 'REMOVAL_RECORDED' | 'CHANGE_OF_PLACEMENT_DECIDED' | 'iaes';
}

function openingContext(input: ProcessInput): DisciplineContext {
  const empty: DisciplineContext = {
    removals: [],
    yearTotal: 0,
    suspensionDays: 0,
    readjustmentDays: 0,
    hasFbaBip: false,
    fbaConsentSoughtOn: null,
    decisionOn: null,
    decisionBasis: null,
    iaes: false,
    manifestation: null,
    yearEndedOn: null,
    openedBy: 'REMOVAL_RECORDED',
  };
  if (!input.trigger) {
    const o = DisciplineOpener().parse(input.opener ?? {});
    return { ...empty, openedBy: 'iaes', decisionOn: o.decisionOn, decisionBasis: 'iaes', iaes: true, hasFbaBip: o.hasFbaBip ?? false };
  }
  if (input.trigger.type === 'CHANGE_OF_PLACEMENT_DECIDED') {
    const t = ChangeOfPlacementDecided().parse(input.trigger);
    return { ...empty, openedBy: t.type, decisionOn: t.occurredOn, decisionBasis: t.basis, hasFbaBip: t.hasFbaBip ?? false };
  }
  const t = RemovalRecorded().parse(input.trigger);
  return { ...withRemoval(empty, t), hasFbaBip: t.hasFbaBip ?? false };
}

function withRemoval(context: DisciplineContext, e: z.infer<ReturnType<typeof RemovalRecorded>>): DisciplineContext {
  const kind = e.kind ?? 'suspension';
  return {
    ...context,
    removals: [
      ...context.removals,
      { incidentId: e.incidentId, from: e.fromDate, to: e.toDate, schoolDays: e.schoolDays, partial: e.partial ?? false, kind },
    ],
    yearTotal: context.yearTotal + e.schoolDays,
    suspensionDays: context.suspensionDays + (kind === 'suspension' ? e.schoolDays : 0),
    readjustmentDays: context.readjustmentDays + (kind === 'readjustment' ? e.schoolDays : 0),
    hasFbaBip: e.hasFbaBip ?? context.hasFbaBip,
  };
}

/** The caps, summed over the year's ledger; an over-cap removal is refused (C10 last row). */
function withinCaps(context: DisciplineContext, e: z.infer<ReturnType<typeof RemovalRecorded>>): boolean {
  if (e.kind === 'readjustment') return context.readjustmentDays + e.schoolDays <= SUSPENSION_CAPS.readjustment;
  const sameIncident = context.removals
    .filter((r) => r.kind === 'suspension' && r.incidentId === e.incidentId)
    .reduce((sum, r) => sum + r.schoolDays, 0);
  return (
    sameIncident + e.schoolDays <= SUSPENSION_CAPS.perIncident &&
    context.suspensionDays + e.schoolDays <= SUSPENSION_CAPS.perYear
  );
}

/** A new decision starts a new determination (L7878-7881: "within 10 school days of any decision"). */
const newDecision = {
  guard: 'yearOpen',
  target: 'md-pending',
  actions: ['recordDecision', 'noticeDecision', 'seekFbaConsent'],
} as const;
const newIaesDecision = {
  guard: 'yearOpen',
  target: 'md-pending',
  actions: ['recordDecision', 'noticeDecision', 'openIaes', 'seekFbaConsent'],
} as const;

const decisionNotice = { form: 'Decision notice', to: 'parent', states: 'manifestation-determination', purpose: 'change-of-placement' } as const;
const safeguardsNotice = { form: 'NC 1', to: 'parent', purpose: 'disciplinary-removal' } as const;

export const disciplineMachine = once(() => setup({
  types: { context: {} as DisciplineContext, events: {} as DisciplineEvent, input: {} as ProcessInput },
  guards: {
    yearOpen: ({ context }) => context.yearEndedOn === null,
    removalWithinCaps: ({ context, event }) => event.type === 'REMOVAL_RECORDED' && withinCaps(context, event),
    beyondTenDays: ({ context }) => context.yearTotal > 10,
    openedByDecision: ({ context }) => context.openedBy === 'CHANGE_OF_PLACEMENT_DECIDED',
    openedByIaes: ({ context }) => context.openedBy === 'iaes',
    isManifestation: ({ event }) =>
      event.type === 'MD_MEETING_HELD' && (event.causedByDisability || event.failureToImplementIep),
    agreedByParentAndLea: ({ event }) => event.type === 'PLACEMENT_CHANGE_AGREED' && event.parentAgreed && event.leaAgreed,
    appealByEntitledParty: ({ event }) =>
      event.type === 'APPEAL_REQUESTED' && appealGroundFitsActor(event.actor.role, event.ground),
  },
  actions: {
    ...declaredEffects,
    recordRemoval: assign(({ context, event }) => (event.type === 'REMOVAL_RECORDED' ? withRemoval(context, event) : context)),
    recordDecision: assign(({ context, event }) => {
      if (event.type === 'CHANGE_OF_PLACEMENT_DECIDED') {
        return { decisionOn: event.occurredOn, decisionBasis: event.basis, manifestation: null, hasFbaBip: event.hasFbaBip ?? context.hasFbaBip };
      }
      if (event.type === 'IAES_ORDERED') {
        return { decisionOn: event.occurredOn, decisionBasis: 'iaes', iaes: true, manifestation: null, hasFbaBip: event.hasFbaBip ?? context.hasFbaBip };
      }
      return {};
    }),
    // Parent told of the decision the same day, with procedural safeguards (L3547, L7874-7877, L7904-7906).
    noticeDecision: enqueueActions(({ enqueue }) => {
      enqueue({ type: 'sendNotice', params: decisionNotice });
      enqueue({ type: 'sendNotice', params: safeguardsNotice });
    }),
    // Beyond 10 days: safeguards for each further removal (L7900-7906) and services during it
    // (L7892-7895): staff arrange the services.
    serveBeyondTenDays: enqueueActions(({ enqueue }) => {
      enqueue({ type: 'sendNotice', params: { form: 'Decision notice', to: 'parent', purpose: 'removal-beyond-10-days' } });
      enqueue({ type: 'sendNotice', params: safeguardsNotice });
      enqueue({ type: 'escalate', params: { to: ['caseManager'] } });
    }),
    // An FBA is owed beyond 10 days, when an IAES or change of placement is considered, and at
    // an MD, unless an FBA-based BIP is in place (L1047-1055); it needs a signed plan (L1060-1061).
    seekFbaConsent: enqueueActions(({ context, event, enqueue }) => {
      if (context.hasFbaBip || context.fbaConsentSoughtOn) return;
      enqueue({ type: 'openProcess', params: { chart: 'consent-request', input: { scope: 'fba', signer: 'parent', form: 'NC 3' } } });
      enqueue.assign({ fbaConsentSoughtOn: 'occurredOn' in event ? event.occurredOn : context.decisionOn });
    }),
    openIaes: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'IAES_ORDERED') return;
      enqueue({
        type: 'openProcess',
        params: {
          chart: 'iaes',
          input: { orderedOn: event.occurredOn, ground: event.ground, iaesStartOn: event.startsOn ?? null, openedBy: 'discipline', hasFbaBip: context.hasFbaBip },
        },
      });
    }),
    openExpeditedHearing: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'APPEAL_REQUESTED') return;
      enqueue({
        type: 'openProcess',
        params: {
          chart: 'expedited-hearing',
          input: { requestedOn: event.occurredOn, ground: event.ground, requestedBy: event.actor.role === 'district' ? 'district' : 'parent', inIaes: context.iaes },
        },
      });
    }),
    recordFinding: assign({ manifestation: ({ event }) => event.type === 'MD_MEETING_HELD' && (event.causedByDisability || event.failureToImplementIep) }),
    recordBip: assign({ hasFbaBip: true }),
    endYear: assign({ yearEndedOn: ({ event }) => ('occurredOn' in event ? event.occurredOn : null) }),
  },
}).createMachine({
  id: 'discipline',
  context: ({ input }) => openingContext(input),
  type: 'parallel',
  states: {
    ledger: {
      initial: 'within-ten',
      on: { BIP_ADOPTED: { actions: 'recordBip' } },
      states: {
        'within-ten': {
          meta: { status: 'removals within 10 school days' },
          always: [{ guard: 'beyondTenDays', target: 'beyond-ten', actions: ['serveBeyondTenDays', 'seekFbaConsent'] }],
          on: {
            REMOVAL_RECORDED: { guard: and(['yearOpen', 'removalWithinCaps']), actions: 'recordRemoval' },
            SCHOOL_YEAR_ENDED: { target: 'year-closed', actions: 'endYear' },
          },
        },
        'beyond-ten': {
          meta: { status: 'removals beyond 10 school days: services owed' },
          on: {
            REMOVAL_RECORDED: {
              guard: and(['yearOpen', 'removalWithinCaps']),
              actions: ['recordRemoval', 'serveBeyondTenDays', 'seekFbaConsent'],
            },
            SCHOOL_YEAR_ENDED: { target: 'year-closed', actions: 'endYear' },
          },
        },
        'year-closed': { type: 'final', meta: { status: 'school year closed' } },
      },
    },
    placement: {
      initial: 'opening',
      on: {
        // Any time: a parent disagreeing with a placement or the MD, or the LEA claiming danger,
        // may ask for an expedited hearing (L3902-3904, L7986-7990).
        APPEAL_REQUESTED: { guard: 'appealByEntitledParty', actions: 'openExpeditedHearing' },
        // Reached only from a concluded (final) outcome, since every other state handles these
        // events itself: a later decision in the same year starts a new determination.
        CHANGE_OF_PLACEMENT_DECIDED: { ...newDecision, target: '.md-pending' },
        IAES_ORDERED: { ...newIaesDecision, target: '.md-pending' },
      },
      states: {
        opening: {
          always: [
            { guard: 'openedByDecision', target: 'md-pending', actions: ['noticeDecision', 'seekFbaConsent'] },
            // `iaes` has told the parent already.
            { guard: 'openedByIaes', target: 'md-pending', actions: 'seekFbaConsent' },
            { target: 'no-change' },
          ],
        },
        'no-change': {
          meta: { status: 'no change of placement' },
          on: {
            CHANGE_OF_PLACEMENT_DECIDED: newDecision,
            // Weapons, drugs, serious bodily injury (L7957-7968): IAES and MD run together (L7908).
            IAES_ORDERED: newIaesDecision,
            SCHOOL_YEAR_ENDED: { target: 'year-closed' },
          },
        },
        'md-pending': {
          // IEP team with the parent reviews the file within 10 school days (L7878-7881, L7908-7920);
          // parent invited (L3894-3896); IEP 1 meeting type "Manifestation Determination" (L16682-16683).
          meta: {
            status: 'manifestation determination pending',
            clocks: [
              {
                id: 'manifestationDetermination',
                rule: 'manifestation-determination',
                from: 'decisionOn',
                remind: 'default',
                onDue: 'MANIFESTATION_DETERMINATION_DUE',
              },
            ],
          },
          on: {
            MD_MEETING_HELD: [
              { guard: 'isManifestation', target: 'manifestation', actions: ['recordFinding', 'seekFbaConsent'] },
              { target: 'no-manifestation', actions: 'recordFinding' },
            ],
            MANIFESTATION_DETERMINATION_DUE: {
              actions: [
                { type: 'recordDelay', params: { code: 'manifestation-determination-late' } },
                { type: 'escalate', params: { to: ['caseManager', 'spedDirector'] } },
              ],
            },
            // Another decision while an MD is pending: the parent is told the same day, one
            // meeting answers both, and the earlier decision keeps its (earlier) deadline.
            CHANGE_OF_PLACEMENT_DECIDED: { guard: 'yearOpen', actions: 'noticeDecision' },
            IAES_ORDERED: { guard: 'yearOpen', actions: ['noticeDecision', 'openIaes', assign({ iaes: true })] },
          },
        },
        manifestation: {
          // FBA and BIP (IEP 6G) if none, else review and modify the BIP; return to the
          // placement unless special circumstances (IAES) or a BIP-change agreement (L7923-7939).
          meta: { status: 'manifestation: BIP and return' },
          on: {
            RETURNED_TO_PLACEMENT: { target: 'returned' },
            PLACEMENT_CHANGE_AGREED: { guard: 'agreedByParentAndLea', target: 'changed-by-agreement' },
            CHANGE_OF_PLACEMENT_DECIDED: newDecision,
            IAES_ORDERED: newIaesDecision,
          },
        },
        'no-manifestation': {
          // Discipline as for peers, services continue, FBA/BIP as appropriate, alternative
          // setting during the expulsion process (L3897-3901, L7940-7953).
          meta: { status: 'not a manifestation: discipline proceeds' },
          on: {
            DISCIPLINE_CONCLUDED: { target: 'disciplined' },
            CHANGE_OF_PLACEMENT_DECIDED: newDecision,
            IAES_ORDERED: newIaesDecision,
          },
        },
        returned: { type: 'final', meta: { status: 'returned to placement' } },
        'changed-by-agreement': { type: 'final', meta: { status: 'placement changed by agreement' } },
        disciplined: { type: 'final', meta: { status: 'discipline concluded' } },
        'year-closed': { type: 'final', meta: { status: 'school year closed' } },
      },
    },
  },
}));

export const definition: ProcessDefinition = lazyDefinition({
  id: 'discipline',
  version: '1.0.0',
  title: 'Discipline: removal ledger, change of placement, manifestation determination',
  cites: ['L7869-7953', 'L3876-3904', 'L983-1016', 'L1047-1061', 'L8019-8066'],
  startsOn: ['REMOVAL_RECORDED', 'CHANGE_OF_PLACEMENT_DECIDED'],
  eventTypes: ['REMOVAL_RECORDED', 'CHANGE_OF_PLACEMENT_DECIDED', 'IAES_ORDERED', 'MD_MEETING_HELD', 'BIP_ADOPTED', 'RETURNED_TO_PLACEMENT', 'PLACEMENT_CHANGE_AGREED', 'DISCIPLINE_CONCLUDED', 'APPEAL_REQUESTED', 'SCHOOL_YEAR_ENDED'],
}, () => ({ machine: disciplineMachine(), events: disciplineEvents() }));
