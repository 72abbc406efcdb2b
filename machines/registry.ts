/**
 * A chart registry: every process definition by chart id (and by version, so a running
 * instance keeps the chart version it started with), and which chart an outside event opens.
 * Built once from a list of definitions; it refuses a list where one event type would open two
 * charts (the router must never guess). When a chart changes, its previous version stays in
 * the list (see docs/add-a-process-step.md) until every running case has been migrated.
 * Nothing here reads a definition's `machine` or `events`, so a lazy definition
 * (machines/lazy.ts) is built only when a caller uses the chart it got from `get`/`require`.
 */
import type { ProcessDefinition } from './contract';

export interface ChartRegistry {
  /** The current (last registered) version of a chart. */
  get(chart: string): ProcessDefinition | undefined;
  /** A chart at a pinned version; throws when this build no longer has it. */
  require(chart: string, version?: string): ProcessDefinition;
  all(): ProcessDefinition[];
  /** Every registered version of a chart, oldest first (registration order); [] for an unknown chart. */
  versions(chart: string): string[];
  /** The chart an outside event of this type opens, if any. */
  openedBy(eventType: string): ProcessDefinition | undefined;
  /** Every event type some chart accepts from outside. */
  eventTypes(): string[];
}

export function createRegistry(definitions: ProcessDefinition[]): ChartRegistry {
  const current = new Map<string, ProcessDefinition>();
  const versions = new Map<string, ProcessDefinition>();
  const byChart = new Map<string, string[]>();
  for (const def of definitions) {
    const key = `${def.id}@${def.version}`;
    if (versions.has(key)) throw new Error(`chart ${key} is registered twice`);
    versions.set(key, def);
    current.set(def.id, def);
    byChart.set(def.id, [...(byChart.get(def.id) ?? []), def.version]);
  }
  const starters = new Map<string, ProcessDefinition>();
  for (const def of current.values()) {
    for (const type of def.startsOn) {
      const other = starters.get(type);
      if (other) throw new Error(`event ${type} would open both ${other.id} and ${def.id}`);
      starters.set(type, def);
    }
  }
  // `eventTypes` (the manifest) rather than `events`: reading `events` would build the chart.
  const types = [...new Set([...current.values()].flatMap((d) => d.eventTypes ?? Object.keys(d.events)))].sort();
  return {
    get: (chart) => current.get(chart),
    require(chart, version) {
      const def = version ? versions.get(`${chart}@${version}`) : current.get(chart);
      if (!def) {
        throw new Error(
          version && current.has(chart)
            ? `this build has no ${chart}@${version} (current ${current.get(chart)!.version}): migrate the case's process first`
            : `unknown chart ${chart}`,
        );
      }
      return def;
    },
    all: () => [...current.values()],
    versions: (chart) => [...(byChart.get(chart) ?? [])],
    openedBy: (type) => starters.get(type),
    eventTypes: () => types,
  };
}
