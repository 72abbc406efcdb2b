/**
 * Every outside event schema of charts set C refuses malformed input with an error that
 * names the field: missing `occurredOn`, an impossible date, an unknown field, an actor role
 * the event does not allow, and each of the event's own required fields left out.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ROLES, type ProcessDefinition } from '../../../machines/contract';
import { definition as countyProgramReferral } from '../../../machines/county-program-referral';
import { definition as dueProcess } from '../../../machines/due-process';
import { definition as iee } from '../../../machines/iee';
import { definition as mediation } from '../../../machines/mediation';
import { definition as npsPlacement } from '../../../machines/nps-placement';
import { definition as privateSchool } from '../../../machines/private-school';
import { definition as scia } from '../../../machines/scia';
import { definition as surrogateParent } from '../../../machines/surrogate-parent';

const charts: ProcessDefinition[] = [surrogateParent, iee, mediation, dueProcess, npsPlacement, privateSchool, scia, countyProgramReferral];
const BASE = new Set(['type', 'occurredOn', 'actor', 'process', 'documentRef']);

type Shape = Record<string, z.ZodTypeAny>;
const shapeOf = (schema: z.ZodTypeAny) => (schema as unknown as z.ZodObject<Shape>).shape;
/** The roles an event's actor may have. */
const rolesOf = (schema: z.ZodTypeAny): readonly string[] => (shapeOf(shapeOf(schema).actor).role as z.ZodEnum).options as string[];

/** A value the field accepts, read from its zod definition. */
function sampleValue(field: z.ZodTypeAny): unknown {
  if (field instanceof z.ZodLiteral) return field.value;
  if (field instanceof z.ZodEnum) return field.options[0];
  if (field instanceof z.ZodBoolean) return true;
  if (field instanceof z.ZodString) return field.safeParse('2027-01-04').success ? '2027-01-04' : 'ref-1';
  throw new Error(`no sample for ${field.constructor.name}`);
}

/** A valid event: required fields only, the actor with the first role it allows. */
function validEvent(schema: z.ZodTypeAny): Record<string, unknown> {
  const event: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(shapeOf(schema))) {
    if (key === 'actor') event.actor = { role: rolesOf(schema)[0] };
    else if (!(field instanceof z.ZodOptional)) event[key] = sampleValue(field);
  }
  return event;
}

const paths = (result: { success: boolean; error?: z.ZodError }) =>
  (result.error?.issues ?? []).map((i) => i.path.join('.'));

const cases = charts.flatMap((chart) => Object.entries(chart.events).map(([type, schema]) => ({ chart: chart.id, type, schema })));

describe('event schemas, charts set C', () => {
  it('covers every chart and every event', () => {
    expect(cases.length).toBeGreaterThan(60);
    for (const chart of charts) for (const type of chart.startsOn) expect(Object.keys(chart.events)).toContain(type);
  });

  describe.each(cases)('$chart $type', ({ type, schema }) => {
    const good = validEvent(schema);

    it('accepts a well-formed event of its own type', () => {
      expect(good.type).toBe(type);
      expect(schema.safeParse(good).success).toBe(true);
    });

    it('refuses a missing occurredOn, naming it', () => {
      const { occurredOn: _drop, ...rest } = good;
      expect(paths(schema.safeParse(rest))).toContain('occurredOn');
    });

    it('refuses an impossible date, naming it', () => {
      const result = schema.safeParse({ ...good, occurredOn: '2027-02-30' });
      expect(paths(result)).toEqual(['occurredOn']);
      expect(result.error?.issues[0].message).toMatch(/calendar date/);
    });

    it('refuses an unknown field, naming it', () => {
      const result = schema.safeParse({ ...good, studentName: 'x' });
      expect(result.success).toBe(false);
      const issue = result.error!.issues[0] as { code: string; keys?: string[]; message: string };
      expect(issue.code).toBe('unrecognized_keys');
      expect(issue.keys).toEqual(['studentName']);
      expect(issue.message).toMatch(/studentName/);
    });

    it('refuses an actor role the event does not allow, naming actor.role', () => {
      const allowed = rolesOf(schema);
      const wrong = ROLES.filter((r) => !allowed.includes(r));
      expect(wrong).toContain('system'); // timer events never come from outside
      for (const role of wrong) expect(paths(schema.safeParse({ ...good, actor: { role } }))).toEqual(['actor.role']);
    });

    it('refuses an actor id that looks like a name', () => {
      const result = schema.safeParse({ ...good, actor: { ...(good.actor as object), id: 'Jane Doe' } });
      expect(paths(result)).toEqual(['actor.id']);
    });

    const own = Object.entries(shapeOf(schema)).filter(([k, f]) => !BASE.has(k) && !(f instanceof z.ZodOptional));
    if (own.length > 0) {
      it.each(own.map(([k]) => k))('refuses the event without its field %s, naming it', (key) => {
        const { [key]: _drop, ...rest } = good;
        expect(paths(schema.safeParse(rest))).toEqual([key]);
      });
    }
  });

  it('uses one schema for an event type shared between charts', () => {
    expect(iee.events.DUE_PROCESS_FILED).toBe(dueProcess.events.DUE_PROCESS_FILED);
    expect(dueProcess.events.MEDIATION_REQUESTED).toBe(mediation.events.MEDIATION_REQUESTED);
  });

  it('refuses field values outside their enum or type, naming the field', () => {
    const filed = { type: 'DUE_PROCESS_FILED', occurredOn: '2027-02-01', actor: { role: 'parent' } };
    expect(paths(dueProcess.events.DUE_PROCESS_FILED.safeParse({ ...filed, petitioner: 'oah' }))).toEqual(['petitioner']);
    const held = { type: 'MEDIATION_HELD', occurredOn: '2027-03-24', actor: { role: 'oah' } };
    expect(paths(mediation.events.MEDIATION_HELD.safeParse({ ...held, agreement: 'yes' }))).toEqual(['agreement']);
    const ext = { type: 'EXTENSION_AGREED', occurredOn: '2027-03-20', actor: { role: 'parent' }, agreedByBoth: true };
    expect(paths(mediation.events.EXTENSION_AGREED.safeParse({ ...ext, until: '2027-04-31' }))).toEqual(['until']);
    const cond = { type: 'TERMINATION_CONDITION', occurredOn: '2027-03-10', actor: { role: 'district' } };
    expect(paths(surrogateParent.events.TERMINATION_CONDITION.safeParse({ ...cond, condition: 'boredom' }))).toEqual(['condition']);
  });

  it('refuses an event under the wrong type literal', () => {
    const result = scia.events.SCIA_REQUESTED.safeParse({ type: 'SCIA_REQUESTD', occurredOn: '2026-10-05', actor: { role: 'district' } });
    expect(paths(result)).toEqual(['type']);
  });
});
