/**
 * The auditor's fold (client/replay.ts) answers the interpreter's patched() flags from the
 * history's own patch markers, as the workflow did: a history without a marker replays the old
 * behaviour, one with it the new, and a marker counts from the workflow task that recorded it.
 * The histories are built here event by event (the shapes Temporal records: MarkerRecorded
 * `core_patch` with a `patch-data` JSON payload `{ id, deprecated }`), so each case is exact.
 */
import { defaultPayloadConverter } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import { describe, expect, it } from 'vitest';
import { patchIdOf, patchMarkersByTask, replayHistory } from '../../../client/replay';
import { demoCalendars } from '../../../deadlines';
import { chartRegistry } from '../../../machines';
import { createRegistry, type ChartRegistry } from '../../../machines/registry';
import { CaseEngine } from '../../../workflows/case-engine';
import { chartVersionPatchId, PATCH_IDS } from '../../../workflows/engine-patches';
import { instantAt } from '../../../workflows/zoned-time';
import { intakeV1, intakeV2 } from '../workflows/migration-fixture-chart';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
const LA = 'America/Los_Angeles';
const at = (date: string, hour = 13) => instantAt(LA, date, hour);
const district = { role: 'district' };
const payloads = (...values: unknown[]) => ({ payloads: values.map((v) => defaultPayloadConverter.toPayload(v)) });

/**
 * A run's history, written the way the server records it, with a shadow engine that takes the
 * same steps so the activity events carry the effect ids the fold will look for.
 */
class HistoryBuilder {
  readonly events: HistoryEvent[] = [];
  private readonly shadow: CaseEngine;
  private taskTime = 0;
  private previousTaskTime = 0;

  constructor(
    open: Parameters<typeof CaseEngine.open>[0],
    startMs: number,
    private readonly registry: ChartRegistry,
  ) {
    this.shadow = CaseEngine.open(open, registry);
    this.add(startMs, { workflowExecutionStartedEventAttributes: { workflowType: { name: 'studentCase' }, input: payloads({ open }) } });
    this.taskTime = startMs;
  }

  /** Ids and seconds as plain numbers (the fold reads both Long and number, as JSON histories have them). */
  private add(ms: number, attrs: Record<string, unknown>): number {
    const eventId = this.events.length + 1;
    this.events.push({ eventId, eventTime: { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 }, ...attrs } as unknown as HistoryEvent);
    return eventId;
  }

  /** A workflow task at `ms` whose completion recorded `markers` (patch ids). */
  task(ms: number, markers: string[] = []): this {
    this.add(ms, { workflowTaskScheduledEventAttributes: {} });
    this.add(ms, { workflowTaskStartedEventAttributes: {} });
    this.add(ms, { workflowTaskCompletedEventAttributes: {} });
    for (const id of markers) this.add(ms, { markerRecordedEventAttributes: { markerName: 'core_patch', details: { 'patch-data': payloads({ id, deprecated: false }) } } });
    this.previousTaskTime = this.taskTime;
    this.taskTime = ms;
    return this;
  }

  recordEvent(event: Record<string, unknown>): this {
    this.accepted('recordEvent', { event });
    this.shadow.advance(this.taskTime);
    this.shadow.apply(event, this.taskTime);
    return this;
  }

  recordHistory(events: Record<string, unknown>[]): this {
    this.accepted('recordHistory', { events });
    this.shadow.advance(this.previousTaskTime);
    for (const event of events) this.shadow.apply(event, this.taskTime);
    return this;
  }

  /** Every queued effect run as its activity; a signature request answers with a token. */
  runEffects(ms: number): this {
    for (const effect of this.shadow.queuedEffects()) {
      const scheduledEventId = this.add(ms, { activityTaskScheduledEventAttributes: { activityType: { name: effect.type }, input: payloads({ idempotencyKey: effect.id }) } });
      const n = this.events.length;
      const result = effect.type === 'requestSignature' ? { requestId: `sig-${n}`, token: `${String(n).padStart(3, '0')}${'t'.repeat(40)}`, documentSha256: 'd'.repeat(64) } : {};
      this.add(ms, { activityTaskCompletedEventAttributes: { scheduledEventId, result: payloads(result) } });
      this.shadow.advance(this.taskTime);
      this.shadow.settleEffect(effect.id, { result });
    }
    return this;
  }

  private accepted(name: string, arg: unknown): void {
    this.add(this.taskTime, { workflowExecutionUpdateAcceptedEventAttributes: { acceptedRequest: { input: { name, args: payloads(arg) } } } });
  }

  history(): temporal.api.history.v1.IHistory {
    return { events: this.events };
  }
}

/** Born 2009-01-25; IEP 9B (parent+lea) and IEP 9A (parent) out and unanswered when rights transfer on 2027-01-25. */
function majorityCase(markersAtBirthday: string[], later: { ms: number; markers: string[] } | null = null): HistoryBuilder {
  const open = { caseId: 'case-rp', profile: { studentId: 'rp', birthDate: '2009-01-25', language: 'en', districtId: 'demo-usd' }, calendar: demoCalendars['demo-usd'] };
  const b = new HistoryBuilder(open, at('2027-01-04') - 5000, chartRegistry).task(at('2027-01-04'));
  b.recordHistory([
    ...['ANNUAL_IEP_ON_FILE', 'TRANSITION_TRACKING_STARTED', 'TRANSITION_PLAN_ADOPTED'].map((type) => ({ type, occurredOn: '2026-01-20', actor: district })),
    { type: 'MAJORITY_STATEMENT_SIGNED', occurredOn: '2026-01-20', actor: { role: 'student' } },
  ]);
  b.recordEvent({ type: 'MEETING_NOTICE_SENT', occurredOn: '2027-01-04', actor: district, meetingOn: '2027-01-12' }).runEffects(at('2027-01-04') + 1000);
  b.task(at('2027-01-12')).recordEvent({ type: 'MEETING_HELD', occurredOn: '2027-01-12', actor: district, transitionPlanIncluded: true, majorityStatementIncluded: true });
  b.runEffects(at('2027-01-12') + 1000);
  // The birthday's clock point fires at the timer hour (08:00) in the task just after.
  b.task(at('2027-01-25', 8) + 1000, markersAtBirthday);
  if (later) b.task(later.ms, later.markers);
  return b;
}

const reissuedForms = (timeline: ReturnType<typeof replayHistory>['timeline']) => timeline.filter((t) => t.type === 'SIGNATURE_REQUEST_REISSUED').map((t) => t.detail?.form);
const REISSUE = PATCH_IDS.reissueSignaturesOnTransfer;
const SHARED = PATCH_IDS.reissueSharedSignaturesOnTransfer;

describe('auditor replay answers patched() from the history (client/replay.ts)', () => {
  it('reads a patch marker in the current and the legacy format, and nothing else', () => {
    const current = { markerRecordedEventAttributes: { markerName: 'core_patch', details: { 'patch-data': payloads({ id: REISSUE, deprecated: false }) } } };
    const legacy = { markerRecordedEventAttributes: { markerName: 'core_patch', details: { patch_id: { payloads: [{ data: Buffer.from('old-id') }] } } } };
    const localActivity = { markerRecordedEventAttributes: { markerName: 'core_local_activity', details: { data: payloads({ id: REISSUE }) } } };
    expect([patchIdOf(current), patchIdOf(legacy), patchIdOf(localActivity), patchIdOf({ workflowTaskStartedEventAttributes: {} } as HistoryEvent)]).toEqual([REISSUE, 'old-id', null, null]);
  });

  it('files each marker under the workflow task that recorded it', () => {
    const events = majorityCase([REISSUE, SHARED]).events;
    const byTask = patchMarkersByTask(events);
    const started = events.map((e, i) => (e.workflowTaskStartedEventAttributes ? i : -1)).filter((i) => i >= 0);
    expect([...byTask.entries()]).toEqual([[started.at(-1), [REISSUE, SHARED]]]);
  });

  const birthdayMorning = at('2027-01-25', 9);

  it('a history without the marker replays the transfer as recorded then: nothing re-issued', () => {
    const r = replayHistory(majorityCase([]).history(), birthdayMorning, { registry: chartRegistry });
    expect(r.timeline.filter((t) => t.type === 'RIGHTS_TRANSFERRED')).toHaveLength(1);
    expect(reissuedForms(r.timeline)).toEqual([]);
    expect(r.view.signatures.map((s) => [s.form, s.signer])).toEqual([
      ['IEP 9B', 'parent+lea'],
      ['IEP 9A', 'parent'],
    ]);
  });

  it('with the re-issue marker only (the build before the shared move): the IEP 9A re-issued, the attendance sheet not', () => {
    const r = replayHistory(majorityCase([REISSUE]).history(), birthdayMorning);
    expect(reissuedForms(r.timeline)).toEqual(['IEP 9A']);
  });

  it('with both markers: the IEP 9A to the adult student and the IEP 9B to the adult student and the district', () => {
    const r = replayHistory(majorityCase([REISSUE, SHARED]).history(), birthdayMorning);
    expect(r.timeline.filter((t) => t.type === 'SIGNATURE_REQUEST_REISSUED').map((t) => [t.detail?.form, t.detail?.from, t.detail?.signer])).toEqual([
      ['IEP 9A', 'parent', 'adultStudent'],
      ['IEP 9B', 'parent+lea', 'adultStudent+lea'],
    ]);
  });

  it('an instant between the timer and the task that took it answers with that task\'s markers', () => {
    const r = replayHistory(majorityCase([REISSUE]).history(), at('2027-01-25', 8) + 500);
    expect(r.timeline.filter((t) => t.type === 'RIGHTS_TRANSFERRED')).toHaveLength(1);
    expect(reissuedForms(r.timeline)).toEqual(['IEP 9A']);
  });

  it('a marker recorded in a later task does not reach back to an earlier step', () => {
    const later = { ms: at('2027-01-26'), markers: [REISSUE, SHARED] };
    const r = replayHistory(majorityCase([], later).history(), at('2027-01-26', 14));
    expect(r.timeline.filter((t) => t.type === 'RIGHTS_TRANSFERRED')).toHaveLength(1);
    expect(reissuedForms(r.timeline)).toEqual([]);
  });

  it('chart versions: the first registered without a marker, the marked one from its task on', () => {
    const registry = createRegistry([intakeV1, intakeV2]);
    const open = { caseId: 'case-cv', profile: { studentId: 'cv', birthDate: '2015-01-01', language: 'en', districtId: 'demo-usd' }, calendar: demoCalendars['demo-usd'] };
    const b = new HistoryBuilder(open, at('2026-10-05') - 1000, registry);
    b.task(at('2026-10-05')).recordEvent({ type: 'FIXTURE_INTAKE_OPENED', occurredOn: '2026-10-05', actor: district });
    b.task(at('2026-10-06')).recordEvent({ type: 'FIXTURE_INTAKE_DONE', occurredOn: '2026-10-06', actor: district });
    b.task(at('2026-10-07'), [chartVersionPatchId('fixture-intake', '2.0.0')]).recordEvent({ type: 'FIXTURE_INTAKE_OPENED', occurredOn: '2026-10-07', actor: district });
    const r = replayHistory(b.history(), at('2026-10-08'), { registry });
    expect(r.view.processes.map((p) => [p.key, p.version])).toEqual([
      ['fixture-intake#1', '1.0.0'],
      ['fixture-intake#2', '2.0.0'],
    ]);
  });
});
