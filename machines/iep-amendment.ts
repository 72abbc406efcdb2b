/**
 * P07 `iep-amendment`: changes to the IEP without a meeting, after the annual meeting, by a
 * written document signed by the parent and an LEA representative (L6404-6409); recommended
 * after a same-SELPA transfer to record a new location or provider (L6645-6646). IEP 1 meeting
 * type "Addendum or Amendment" (L16686).
 *
 * Opened by AMENDMENT_DRAFTED (the district's draft; `leaSigned` when its representative signs
 * it then). The annual date does not change (design default).
 */
import { and, assign, setup } from 'xstate';
import { z } from 'zod';
import { declaredEffects, eventSchema, type ProcessDefinition, type ProcessInput } from './contract';
import { actorIn, DISTRICT_SIDE, PARENT_SIDE } from './consent-request';
import { lazyDefinition, once } from './lazy';

export const events = once(() => ({
  AMENDMENT_DRAFTED: eventSchema('AMENDMENT_DRAFTED', { actor: actorIn(DISTRICT_SIDE), leaSigned: z.boolean().optional() }),
  /** One side's signature; the actor's role says which (parent side or LEA representative). */
  AMENDMENT_SIGNED: eventSchema('AMENDMENT_SIGNED', {
    actor: actorIn([...PARENT_SIDE, ...DISTRICT_SIDE]),
    /** The parent asks for a revised copy with the amendments incorporated (L6410-6412). */
    copyRequested: z.boolean().optional(),
  }),
  AMENDMENT_DECLINED: eventSchema('AMENDMENT_DECLINED', { actor: actorIn([...PARENT_SIDE, ...DISTRICT_SIDE]) }),
}));
export type IepAmendmentEvent = { [K in keyof ReturnType<typeof events>]: z.infer<(ReturnType<typeof events>)[K]> }[keyof ReturnType<typeof events>];

export interface IepAmendmentContext {
  draftedOn: string;
  parentSignedOn: string | null;
  leaSignedOn: string | null;
  copyRequested: boolean;
}

const isParentSide = (event: IepAmendmentEvent) => (PARENT_SIDE as readonly string[]).includes(event.actor.role);

function contextFrom(input: ProcessInput): IepAmendmentContext {
  const t = input.trigger as { occurredOn: string; leaSigned?: boolean } | null;
  const draftedOn = t?.occurredOn ?? String(input.opener?.draftedOn ?? '');
  const leaSigned = t ? t.leaSigned === true : input.opener?.leaSigned === true;
  return { draftedOn, parentSignedOn: null, leaSignedOn: leaSigned ? draftedOn : null, copyRequested: false };
}

export const machine = once(() => setup({
  types: {
    context: {} as IepAmendmentContext,
    events: {} as IepAmendmentEvent,
    input: {} as ProcessInput,
  },
  guards: {
    /** This signature completes the pair: parent and LEA representative (L6404-6409). */
    completesSignatures: ({ context, event }) =>
      isParentSide(event) ? context.leaSignedOn !== null : context.parentSignedOn !== null,
    awaitsThisSignature: ({ context, event }) => (isParentSide(event) ? context.parentSignedOn === null : context.leaSignedOn === null),
    wantsRevisedCopy: ({ context, event }) => context.copyRequested || (event.type === 'AMENDMENT_SIGNED' && event.copyRequested === true),
  },
  actions: {
    ...declaredEffects,
    recordSignature: assign(({ context, event }) => ({
      ...(isParentSide(event) ? { parentSignedOn: event.occurredOn } : { leaSignedOn: event.occurredOn }),
      copyRequested: context.copyRequested || (event.type === 'AMENDMENT_SIGNED' && event.copyRequested === true),
    })),
  },
}).createMachine({
  id: 'iep-amendment',
  context: ({ input }) => contextFrom(input),
  initial: 'drafted',
  states: {
    drafted: {
      meta: { status: 'amendment awaiting signatures' },
      entry: [{ type: 'requestSignature', params: { scope: 'amendment', signer: 'parent+lea', form: 'Amendment' } }],
      on: {
        AMENDMENT_SIGNED: [
          // A revised copy with the amendments incorporated, on request (L6410-6412).
          {
            guard: and(['completesSignatures', 'wantsRevisedCopy']),
            target: 'in-effect',
            actions: ['recordSignature', { type: 'sendNotice', params: { form: 'Amendment', to: 'parent', purpose: 'revised-iep-copy' } }],
          },
          { guard: 'completesSignatures', target: 'in-effect', actions: ['recordSignature'] },
          { guard: 'awaitsThisSignature', actions: ['recordSignature'] },
        ],
        // No amendment; a meeting (parent-requested-meeting, annual-review) is the other route.
        AMENDMENT_DECLINED: { target: 'abandoned' },
      },
    },
    'in-effect': { type: 'final', meta: { status: 'amendment in effect' } },
    abandoned: { type: 'final', meta: { status: 'amendment declined' } },
  },
}));

export const definition: ProcessDefinition = lazyDefinition({
  id: 'iep-amendment',
  version: '1.0.0',
  title: 'IEP amendment without a meeting',
  cites: ['L6404-6412', 'L6645-6646', 'L16686'],
  startsOn: ['AMENDMENT_DRAFTED'],
  eventTypes: ['AMENDMENT_DRAFTED', 'AMENDMENT_SIGNED', 'AMENDMENT_DECLINED'],
}, () => ({ machine: machine(), events: events() }));
