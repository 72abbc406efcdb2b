/**
 * Behaviour changes of the interpreter that a recorded history must not see (docs/migrations.md).
 * A running case replays its history on every worker restart; when new code would schedule a
 * command the history does not hold (an activity, a timer), the replay fails. The workflow
 * answers each flag with `patched(<id>)` (workflows/student-case.ts): true for new runs and for
 * histories that took the new path, false while replaying one recorded before it existed.
 * Everything else that runs the pure engine (simulate, import checks, Update validators' probes)
 * gets the new behaviour. Pure: no Temporal here.
 */
export interface EnginePatches {
  /** Rights transfer re-issues unanswered parent signature requests to the adult student (rights-transfer.ts). */
  reissueSignaturesOnTransfer(): boolean;
  /**
   * The version a new instance of `chart` opens on, of the versions this build registers
   * (oldest first). New runs: the newest. A replay must open the version the recorded run
   * opened, or a case started before a chart change would silently move to the new version on
   * the next worker restart: the workflow treats every version after the first as a patch
   * (`chart:<id>@<version>`, recorded when an instance opens on it).
   */
  chartVersion(chart: string, versions: readonly string[]): string | undefined;
}

/** The patch ids, as recorded in histories (MarkerRecorded): never rename one. */
export const PATCH_IDS = {
  reissueSignaturesOnTransfer: 'rights-transfer-reissues-signature-requests',
} as const;

/** The patch id of a chart version after a chart's first registered one. */
export const chartVersionPatchId = (chart: string, version: string) => `chart:${chart}@${version}`;

export const CURRENT_BEHAVIOUR: EnginePatches = {
  reissueSignaturesOnTransfer: () => true,
  chartVersion: (_chart, versions) => versions.at(-1),
};
