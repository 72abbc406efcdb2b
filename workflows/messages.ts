/**
 * Updates, queries and signals of the `studentCase` workflow, with their payload types: the
 * one module the client and the workflow both import (samples-typescript habit).
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Calendar } from '../deadlines';
import type { CaseState, TimelineEntry } from './case-state';
import type { CaseView } from './case-view';
import type { CalendarMove } from './calendar-change';

export interface RecordEventRequest {
  /** The event exactly as the API takes it: type, occurredOn, actor, its own fields. */
  event: Record<string, unknown>;
  /** Wait until the notices, signature requests and alerts this event caused have run. */
  waitForEffects?: boolean;
}

export interface RecordEventAnswer {
  seq: number;
  process: string;
  state: string;
  opened: string[];
  view: CaseView;
}

export interface PublishCalendarAnswer {
  calendarVersion: string;
  moved: CalendarMove[];
}

/** Validated event in (refused events never reach the history). */
export const recordEventUpdate = defineUpdate<RecordEventAnswer, [RecordEventRequest]>('recordEvent');
/** A new version of the case's calendar: open deadlines re-plan and record what moved. */
export const publishCalendarUpdate = defineUpdate<PublishCalendarAnswer, [Calendar]>('publishCalendar');
/** Same as the update, for fan-out to thousands of cases without waiting on each. */
export const calendarPublishedSignal = defineSignal<[Calendar]>('calendarPublished');

/** Move open processes to the chart versions of this build (an explicit, recorded migration). */
export const migrateProcessesUpdate = defineUpdate<Array<{ process: string; from: string; to: string }>, []>('migrateProcesses');

export const caseViewQuery = defineQuery<CaseView>('caseView');
export const caseStateQuery = defineQuery<CaseState>('caseState');
export const timelineQuery = defineQuery<TimelineEntry[], [{ process?: string; until?: string }?]>('timeline');
