/**
 * Behaviour changes of the interpreter that a recorded history must not see (docs/migrations.md).
 * A running case replays its history on every worker restart; when new code would schedule a
 * command the history does not hold (an activity, a timer), the replay fails. The workflow
 * answers each flag with `patched(<id>)` (workflows/student-case.ts): true for new runs and for
 * histories that took the new path, false while replaying one recorded before it existed.
 * The auditor's fold (client/replay.ts) answers the same flags from the patch markers of the
 * history it folds. Everything else that runs the pure engine (simulate, import checks, Update
 * validators' probes) gets the new behaviour. Pure: no Temporal here.
 */
export interface EnginePatches {
  /** Rights transfer re-issues unanswered parent signature requests to the adult student (rights-transfer.ts). */
  reissueSignaturesOnTransfer(): boolean;
  /**
   * After rights transfer, the parent's part of a shared `parent+lea` request (IEP 9B, NC 7,
   * amendment) goes to the adult student: an unanswered one is re-issued at the transfer, a new
   * one is addressed `adultStudent+lea` (rights-transfer.ts). At the transfer it is asked only
   * after `reissueSignaturesOnTransfer` answered yes, so a history of the build before either
   * change never meets it there.
   */
  reissueSharedSignaturesOnTransfer(): boolean;
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
  reissueSharedSignaturesOnTransfer: 'rights-transfer-moves-parent-part-of-shared-requests',
} as const;

/** The patch id of a chart version after a chart's first registered one. */
export const chartVersionPatchId = (chart: string, version: string) => `chart:${chart}@${version}`;

/**
 * The flags as answered by `has(patchId)`: `patched` in the workflow, the history's markers in
 * the auditor's fold. One mapping for both, so they cannot disagree on which id a flag means.
 */
export function patchesAnswering(has: (patchId: string) => boolean): EnginePatches {
  return {
    reissueSignaturesOnTransfer: () => has(PATCH_IDS.reissueSignaturesOnTransfer),
    reissueSharedSignaturesOnTransfer: () => has(PATCH_IDS.reissueSharedSignaturesOnTransfer),
    // Newest first, stopping at the first yes (a new run records one marker: the newest); the
    // first registered version is what a run recorded before any change opened.
    chartVersion: (chart, versions) => versions.slice(1).reverse().find((v) => has(chartVersionPatchId(chart, v))) ?? versions[0],
  };
}

export const CURRENT_BEHAVIOUR: EnginePatches = {
  reissueSignaturesOnTransfer: () => true,
  reissueSharedSignaturesOnTransfer: () => true,
  chartVersion: (_chart, versions) => versions.at(-1),
};
