/**
 * Updates, queries and signals of the `studentCase` workflow, with their payload types: the
 * one module the client and the workflow both import (samples-typescript habit).
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Calendar } from '../deadlines';
import type { CaseState, TimelineEntry } from './case-state';
import type { CaseView } from './case-view';
import type { CalendarMove } from './calendar-change';
import type { MigrationActor, MigrationStep, MigrationTarget } from './chart-migration';

export interface RecordEventRequest {
  /** The event exactly as the API takes it: type, occurredOn, actor, its own fields. */
  event: Record<string, unknown>;
  /** Wait until the notices, signature requests and alerts this event caused have run. */
  waitForEffects?: boolean;
  /**
   * Also answer with the whole case state (`caseState` as a query would give it right after):
   * saves `caseclock simulate` a query per step. Off by default: the state (tens of KB for a
   * long case) is recorded in the history with the Update's result.
   */
  withState?: boolean;
}

export interface RecordEventAnswer {
  seq: number;
  process: string;
  state: string;
  opened: string[];
  view: CaseView;
  /** The whole case state, only when asked (`withState`). */
  caseState?: CaseState;
}

export interface PublishCalendarAnswer {
  calendarVersion: string;
  moved: CalendarMove[];
}

/** Validated event in (refused events never reach the history). */
export const recordEventUpdate = defineUpdate<RecordEventAnswer, [RecordEventRequest]>('recordEvent');

/**
 * A case's past keyed in at once (an import, the demo, paper entered later): every event in
 * date order in ONE Update, so no clock due between two of them fires at today's date first
 * (late-entry.ts). All or nothing: one refused event refuses the batch, nothing is recorded.
 */
export interface RecordHistoryRequest {
  events: Array<Record<string, unknown>>;
}
export interface RecordHistoryAnswer {
  seqs: number[];
  view: CaseView;
}
export const recordHistoryUpdate = defineUpdate<RecordHistoryAnswer, [RecordHistoryRequest]>('recordHistory');
/** A new version of the case's calendar: open deadlines re-plan and record what moved. */
export const publishCalendarUpdate = defineUpdate<PublishCalendarAnswer, [Calendar]>('publishCalendar');
/** Same as the update, for fan-out to thousands of cases without waiting on each. */
export const calendarPublishedSignal = defineSignal<[Calendar]>('calendarPublished');

/**
 * Move open processes to other chart versions (an explicit, recorded migration): with no
 * argument every open process to its chart's current version in this build; with a target,
 * one chart to one registered version. Refused, with nothing changed, when a process's state
 * does not exist in the new version. The second argument, who asked, is recorded on the
 * PROCESS_MIGRATED timeline entries.
 */
export const migrateProcessesUpdate = defineUpdate<MigrationStep[], [target: MigrationTarget | undefined, by?: MigrationActor]>('migrateProcesses');
/** The dry run of migrateProcesses: what would move and which clocks would be re-planned. */
export const migrationPlanQuery = defineQuery<{ steps: MigrationStep[]; refused: string | null }, [MigrationTarget?]>('migrationPlan');

export interface SignDocumentRequest {
  /** The one-time token of the signing link (`/sign/<caseId>/<token>`). */
  token: string;
  /** full · partial (with refusedItems: the parts not consented to) · refusal · revocation. */
  decision: { scope: 'full' | 'partial' | 'refusal' | 'revocation'; refusedItems?: string[] };
  signerRole: 'parent' | 'adultStudent' | 'student' | 'guardian';
  /** When the signer signed (ISO instant); default: now. */
  signedAt?: string;
}

export interface SignDocumentAnswer extends RecordEventAnswer {
  requestId: string;
  /** The chart event the decision became (e.g. CONSENT_RECEIVED). */
  event: string;
  ledgerSeq: number;
}

/**
 * A signer answers a signature request through its link: the token is redeemed (one time,
 * bound to the document's hash, in the ledger) and the decision applied to the chart as the
 * consent event it means, with the signer as actor. Refused, case unchanged, for a token that
 * is unknown, used, expired or not this case's.
 */
export const signDocumentUpdate = defineUpdate<SignDocumentAnswer, [SignDocumentRequest]>('signDocument');

export const caseViewQuery = defineQuery<CaseView>('caseView');
export const caseStateQuery = defineQuery<CaseState>('caseState');
export const timelineQuery = defineQuery<TimelineEntry[], [{ process?: string; until?: string }?]>('timeline');
