/**
 * fast-check arbitraries of chart events, read off the charts' own zod event schemas (through
 * their JSON Schema, z.toJSONSchema): a well-formed event of a type, and the ways to spoil one
 * field so that no chart's schema of that type could take it — an unknown field, a required
 * field missing, a value of a JSON type no schema of that type allows, a date that is not a
 * real YYYY-MM-DD. "No chart's schema" is worked out over every chart that declares the type,
 * so a spoiled event must be refused whichever process the router would try.
 */
import fc from 'fast-check';
import { z } from 'zod';
import { toDayNumber, toIso } from '../../../deadlines';
import { chartRegistry } from '../../../machines';
import { ROLES } from '../../../machines/contract';

/** The part of JSON Schema z.toJSONSchema writes for the event schemas (checked: 5 patterns). */
export interface JsonSchema {
  type?: string;
  pattern?: string;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  items?: JsonSchema;
  minItems?: number;
  minimum?: number;
  minLength?: number;
  maxLength?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
}

export const ISO_DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';
const PROCESS_PATTERN = '^[a-z0-9-]+#\\d+$';

const jsonCache = new WeakMap<z.ZodType, JsonSchema>();
export function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  let js = jsonCache.get(schema);
  if (!js) {
    js = z.toJSONSchema(schema, { unrepresentable: 'any', io: 'input' }) as JsonSchema;
    jsonCache.set(schema, js);
  }
  return js;
}

/** Every schema any chart declares for an event type (current chart versions). */
export function schemasOfType(type: string): z.ZodType[] {
  return chartRegistry
    .all()
    .map((d) => d.events[type])
    .filter((s): s is z.ZodType => s !== undefined);
}

/** JSON value kinds a schema node allows. */
function kindsOf(js: JsonSchema): Set<string> {
  if (js.anyOf) return new Set(js.anyOf.flatMap((s) => [...kindsOf(s)]));
  if (js.const !== undefined) return new Set([js.const === null ? 'null' : typeof js.const === 'number' ? 'number' : typeof js.const]);
  if (js.enum) return new Set(js.enum.map((v) => (typeof v === 'number' ? 'number' : typeof v)));
  if (js.type === 'integer') return new Set(['number']);
  if (js.type === undefined) return new Set(['string', 'number', 'boolean', 'null', 'array', 'object']);
  return new Set([js.type]);
}

export interface TypeShape {
  /** Fields some schema of the type declares. */
  known: Set<string>;
  /** Fields every schema of the type requires. */
  required: Set<string>;
  /** Field → JSON kinds some schema of the type allows for it. */
  kinds: Map<string, Set<string>>;
  /** Fields that are a YYYY-MM-DD date in every schema that declares them. */
  dates: Set<string>;
  /** actor.role values some schema of the type allows. */
  roles: Set<string>;
}

const shapeCache = new Map<string, TypeShape>();
export function shapeOfType(type: string): TypeShape {
  const hit = shapeCache.get(type);
  if (hit) return hit;
  const shape: TypeShape = { known: new Set(), required: new Set(), kinds: new Map(), dates: new Set(), roles: new Set() };
  const dateVotes = new Map<string, boolean>();
  schemasOfType(type).forEach((schema, i) => {
    const js = jsonSchemaOf(schema);
    const required = new Set(js.required ?? []);
    if (i === 0) for (const r of required) shape.required.add(r);
    else for (const r of [...shape.required]) if (!required.has(r)) shape.required.delete(r);
    for (const [name, prop] of Object.entries(js.properties ?? {})) {
      shape.known.add(name);
      const kinds = shape.kinds.get(name) ?? new Set<string>();
      for (const k of kindsOf(prop)) kinds.add(k);
      shape.kinds.set(name, kinds);
      dateVotes.set(name, (dateVotes.get(name) ?? true) && prop.pattern === ISO_DATE_PATTERN);
      if (name === 'actor') for (const r of (prop.properties?.role?.enum as string[] | undefined) ?? ROLES) shape.roles.add(r);
    }
  });
  for (const [name, isDate] of dateVotes) if (isDate) shape.dates.add(name);
  shapeCache.set(type, shape);
  return shape;
}

/** Where a generated event's dates fall: occurredOn in [from, today], other dates around it. */
export interface DateWindow {
  from: string;
  today: string;
}

const plusDays = (iso: string, days: number) => toIso(toDayNumber(iso) + days);

function dateIn(lo: string, hi: string): fc.Arbitrary<string> {
  const a = toDayNumber(lo);
  const b = Math.max(a, toDayNumber(hi));
  return fc.integer({ min: a, max: b }).map(toIso);
}

const KEBAB_IDS = ['speech', 'ot', 'academic', 'counseling', 'transport', 'esy'];
const IDS = ['cm-1', 'doc-17', 'u.2', 'sig:9', 'svc-a'];

function valueOf(js: JsonSchema, name: string, window: DateWindow): fc.Arbitrary<unknown> {
  if (js.anyOf) return fc.oneof(...js.anyOf.map((s) => valueOf(s, name, window)));
  if (js.const !== undefined) return fc.constant(js.const);
  if (js.enum) return fc.constantFrom(...js.enum);
  switch (js.type) {
    case 'boolean':
      return fc.boolean();
    case 'integer':
    case 'number': {
      const min = js.minimum ?? 0;
      return fc.integer({ min, max: min + 12 });
    }
    case 'array':
      return fc.uniqueArray(valueOf(js.items ?? {}, name, window), { minLength: js.minItems ?? 0, maxLength: 3 });
    case 'object':
      return objectOf(js, window, name === 'actor' ? new Set(['role']) : new Set());
    case 'string':
      if (js.pattern === ISO_DATE_PATTERN) return name === 'occurredOn' ? dateIn(window.from, window.today) : dateIn(plusDays(window.from, -30), plusDays(window.today, 90));
      if (js.pattern === '^[a-z][a-z0-9-]{0,39}$') return fc.constantFrom(...KEBAB_IDS);
      if (js.pattern === '^[A-Za-z0-9._:-]{1,64}$') return fc.constantFrom(...IDS);
      if (js.pattern === '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$') return fc.constantFrom('en', 'es', 'vi', 'zh-Hant');
      if (js.pattern) throw new Error(`no generator for pattern ${js.pattern} (${name})`);
      return fc.constantFrom('ref-1', 'doc-2026-10', 'A-1');
    default:
      return fc.constant('x');
  }
}

function objectOf(js: JsonSchema, window: DateWindow, always: Set<string>): fc.Arbitrary<Record<string, unknown>> {
  const required = new Set([...(js.required ?? []), ...always]);
  const entries = Object.entries(js.properties ?? {}).filter(([name]) => name !== 'process');
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, prop] of entries) {
    const arb = name === 'role' && prop.enum ? fc.constantFrom(...prop.enum.filter((r) => r !== 'system')) : valueOf(prop, name, window);
    model[name] = arb;
  }
  const requiredKeys = entries.map(([n]) => n).filter((n) => required.has(n));
  return fc.record(model, { requiredKeys }) as fc.Arbitrary<Record<string, unknown>>;
}

/**
 * A well-formed event for one schema, dated in the window; only samples the schema itself
 * takes (its cross-field refinements included) — a zod refinement the JSON Schema cannot say.
 */
export function eventOf(schema: z.ZodType, window: DateWindow): fc.Arbitrary<Record<string, unknown>> {
  return objectOf(jsonSchemaOf(schema), window, new Set()).filter((e) => schema.safeParse(e).success);
}

/** Values of each JSON kind, to put where a schema wants another kind. */
const BY_KIND: Record<string, unknown[]> = {
  string: ['true', '1', 'parent', ''],
  number: [0, 1, -7, 3.5],
  boolean: [true, false],
  null: [null],
  array: [[], ['x'], [1, 2]],
  object: [{}, { value: 1 }],
};

export interface Spoiled {
  event: Record<string, unknown>;
  how: 'unknown-field' | 'missing-field' | 'wrong-type' | 'bad-date' | 'bad-actor';
  /** The field the refusal must name (`event` for an unknown key). */
  field: string;
  /** Text the refusal must contain (the unknown key's name), if any. */
  mentions?: string;
}

/** Not real YYYY-MM-DD dates: wrong shape, impossible day or month, time or spaces attached. */
export const BAD_DATES = [
  '2026-10-5',
  '2026/10/05',
  '05-10-2026',
  '20261005',
  '2026-10-05T08:00:00Z',
  ' 2026-10-05',
  '2026-10-05 ',
  '2026-02-30',
  '2025-02-29',
  '2026-13-01',
  '2026-00-10',
  '2026-04-31',
  '2026-1O-05',
  '\uff12\uff10\uff12\uff16-10-05',
  '+02026-10-05',
  '',
  'yesterday',
];

/** One spoiled field of a well-formed event of `type`, such that no schema of the type takes it. */
export function spoil(event: Record<string, unknown>, type: string): fc.Arbitrary<Spoiled> {
  const shape = shapeOfType(type);
  const present = Object.keys(event).filter((k) => k !== 'type');
  const options: Array<fc.Arbitrary<Spoiled>> = [];
  const unknownNames = ['note', 'studentName', 'comment', 'dob', 'extra_field', 'Process', 'occurredon', '__proto_x'].filter((n) => !shape.known.has(n));
  options.push(
    fc.tuple(fc.constantFrom(...unknownNames), fc.constantFrom<unknown>('x', 1, null, { a: 1 })).map(([name, value]) => ({
      event: { ...event, [name]: value },
      how: 'unknown-field' as const,
      field: 'event',
      mentions: name,
    })),
  );
  const missing = [...shape.required].filter((k) => k in event && k !== 'type');
  if (missing.length) {
    options.push(fc.constantFrom(...missing).map((name) => ({ event: without(event, name), how: 'missing-field' as const, field: `event.${name}` })));
  }
  const typed = present
    .map((name) => ({ name, wrong: Object.keys(BY_KIND).filter((k) => !(shape.kinds.get(name) ?? new Set()).has(k)) }))
    .filter((x) => x.wrong.length > 0);
  if (typed.length) {
    options.push(
      fc.constantFrom(...typed).chain(({ name, wrong }) =>
        fc.constantFrom(...wrong.flatMap((k) => BY_KIND[k])).map((value) => ({ event: { ...event, [name]: value }, how: 'wrong-type' as const, field: `event.${name}` })),
      ),
    );
  }
  const dated = present.filter((k) => shape.dates.has(k));
  if (dated.length) {
    options.push(
      fc.tuple(fc.constantFrom(...dated), fc.constantFrom(...BAD_DATES)).map(([name, bad]) => ({ event: { ...event, [name]: bad }, how: 'bad-date' as const, field: `event.${name}` })),
    );
  }
  options.push(
    fc
      .constantFrom<unknown>({ role: 'teacher' }, { role: 'Parent' }, { role: 'parent', name: 'x' }, { id: 'u-1' }, { role: 'parent', id: 'Jane Q. Doe' })
      .map((actor) => ({ event: { ...event, actor }, how: 'bad-actor' as const, field: 'event.actor' })),
  );
  return fc.oneof(...options);
}

export function without(event: Record<string, unknown>, name: string): Record<string, unknown> {
  const { [name]: _gone, ...rest } = event;
  return rest;
}

export { plusDays };
