/**
 * Lazy chart building (issue #10). The workflow sandbox evaluates every bundled module again
 * for each workflow it creates, and a case uses 2–4 of the charts: building every chart's zod
 * schemas and XState machine at module load cost ≈ 50 ms of CPU per workflow. So a chart
 * module declares its schemas and machine inside `once(...)` builders and exports a
 * definition whose cheap fields (the manifest) are plain data and whose `machine` and
 * `events` are built on first read. Building is pure, so doing it later is deterministic.
 */
import type { ProcessDefinition } from './contract';

/** A memoized builder: `build` runs on the first call only. */
export function once<T>(build: () => T): () => T {
  let built = false;
  let value: T;
  return () => {
    if (!built) {
      value = build();
      built = true;
    }
    return value;
  };
}

/** What the registry and router need of a chart without building it. */
export type ChartManifest = Omit<ProcessDefinition, 'machine' | 'events'> & { eventTypes: readonly string[] };

/**
 * A definition that builds its machine and event schemas on first read of either.
 * `manifest.eventTypes` must name exactly the keys of the built `events` (a unit test checks
 * every chart: test/unit/machines/manifests.test.ts).
 */
export function lazyDefinition(manifest: ChartManifest, build: () => Pick<ProcessDefinition, 'machine' | 'events'>): ProcessDefinition {
  const built = once(build);
  return {
    ...manifest,
    get machine() {
      return built().machine;
    },
    get events() {
      return built().events;
    },
  };
}
