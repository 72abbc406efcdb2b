/**
 * Lazy charts (machines/lazy.ts): each chart's manifest is written by hand beside its builder,
 * so these tests keep the two from drifting, and check that the registry answers the router's
 * questions (event types, which chart an event opens) without building a chart.
 */
import { describe, expect, it } from 'vitest';
import { chartDefinitions, chartRegistry } from '../../../machines';
import { lazyDefinition, once } from '../../../machines/lazy';
import { createRegistry } from '../../../machines/registry';

describe('chart manifests', () => {
  it.each(chartDefinitions.map((d) => [`${d.id}@${d.version}`, d] as const))('%s: the manifest names what the built chart declares', (_, def) => {
    const manifestTypes = def.eventTypes;
    expect(manifestTypes, 'a chart in the registry lists its event types without building').toBeDefined();
    expect([...manifestTypes!].sort()).toEqual(Object.keys(def.events).sort());
    expect(new Set(manifestTypes).size).toBe(manifestTypes!.length);
    for (const type of def.startsOn) expect(manifestTypes, `startsOn ${type}`).toContain(type);
    expect(def.machine.id).toBe(def.id);
    if (def.machine.version !== undefined) expect(def.machine.version).toBe(def.version);
  });

  it('the registry lists the built charts’ event types', () => {
    const built = [...new Set(chartRegistry.all().flatMap((d) => Object.keys(d.events)))].sort();
    expect(chartRegistry.eventTypes()).toEqual(built);
  });

  it('a definition is built once, on first read of its machine or events', () => {
    let builds = 0;
    const def = lazyDefinition({ id: 'x', version: '1.0.0', title: 'x', cites: [], startsOn: ['X_OPENED'], eventTypes: ['X_OPENED'] }, () => {
      builds++;
      return { machine: { id: 'x' }, events: {} };
    });
    expect(builds).toBe(0);
    expect(def.machine).toBe(def.machine);
    void def.events;
    expect(builds).toBe(1);
    const value = once(() => ({ built: ++builds }));
    expect(value()).toBe(value());
    expect(builds).toBe(2);
  });

  it('the registry routes by manifest alone: no chart is built to list, open or look up', () => {
    const unbuildable = (id: string, startsOn: string[], eventTypes: string[]) =>
      lazyDefinition({ id, version: '1.0.0', title: id, cites: [], startsOn, eventTypes }, () => {
        throw new Error(`${id} was built`);
      });
    const registry = createRegistry([unbuildable('a', ['A_OPENED'], ['A_OPENED', 'SHARED']), unbuildable('b', [], ['SHARED', 'B_DONE'])]);
    expect(registry.eventTypes()).toEqual(['A_OPENED', 'B_DONE', 'SHARED']);
    expect(registry.openedBy('A_OPENED')?.id).toBe('a');
    expect(registry.require('b', '1.0.0').id).toBe('b');
    expect(registry.get('a')?.startsOn).toEqual(['A_OPENED']);
    expect(() => registry.get('a')!.machine).toThrow('a was built');
  });
});
