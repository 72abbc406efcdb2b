/**
 * The dashboard's state graph without a browser (client/dashboard/chart-reading.js): the
 * Mermaid text the API serves for a real chart (client/chart-diagram.ts renderMermaid, the same
 * as docs/diagrams/) read back into nested states, the current state path, parallel regions,
 * and the events a person may send from there (never the interpreter's own timer events).
 */
import { describe, expect, it } from 'vitest';
import { activeNodes, eventsAcceptedNow, parseChart, statePathOf } from '../../../client/dashboard/chart-reading.js';
import { renderMermaid } from '../../../client/chart-diagram';
import { definition as annualReview } from '../../../machines/annual-review';

const chart = parseChart(renderMermaid(annualReview.machine));
const labels = (ids: Set<string>) => [...ids].map((id) => chart.nodes.get(id)!.label);

describe('reading a chart', () => {
  it('nests compound states, marks initial and final states, keeps guards apart from event names', () => {
    expect(chart.root.children.map((n) => n.label)).toEqual(['cycle', 'awaiting-consent', 'renewed', 'renewed-partial', 'disputed', 'lapsed']);
    const meeting = chart.nodes.get('s_annual_review_cycle_meeting')!;
    expect(meeting.children.map((n) => n.label)).toEqual(['scheduling', 'noticed', 'held', 'held-without-parent']);
    expect(meeting.initial).toBe('s_annual_review_cycle_meeting_scheduling');
    expect(chart.nodes.get('s_annual_review_renewed')!.final).toBe(true);
    expect(statePathOf(chart.nodes.get('s_annual_review_cycle_meeting_noticed')!)).toBe('cycle.meeting.noticed');
    const noticed = chart.nodes.get('s_annual_review_cycle_meeting_noticed')!;
    expect(noticed.edges).toContainEqual({ event: 'MEETING_HELD', guard: 'meetingWithParent', target: 's_annual_review_cycle_meeting_held' });
    expect(chart.nodes.get('s_annual_review_cycle')!.notes).toEqual(['clock annualReview = annual-review from lastAnnualMeetingOn']);
  });

  it('the current state path: every ancestor on the path, the innermost state current', () => {
    const { active, current } = activeNodes(chart, 'cycle.meeting.noticed');
    expect(labels(active)).toEqual(['cycle', 'meeting', 'noticed']);
    expect(labels(current)).toEqual(['noticed']);
    expect(activeNodes(chart, null).active.size).toBe(0);
    // A path the chart does not have stops where the chart does.
    expect(labels(activeNodes(chart, 'cycle.nowhere').current)).toEqual(['cycle']);
  });

  it('events a person may send now: from the current state and its ancestors, no timers', () => {
    expect(eventsAcceptedNow(chart, 'cycle.meeting.noticed')).toEqual(['EXCUSAL_REQUESTED', 'EXCUSAL_SIGNED', 'MEETING_HELD', 'PARENT_RESPONSE', 'RECORDING_NOTICE']);
    expect(eventsAcceptedNow(chart, 'cycle.waiting')).toEqual(['MEETING_REQUESTED']); // ANNUAL_REVIEW_REMINDER and _DUE are the clock's
    expect(eventsAcceptedNow(chart, 'awaiting-consent')).toEqual(['DUE_PROCESS_FILED', 'IEP_CONSENT_RECORDED', 'NOT_PURSUED', 'SIGNATURE_FOLLOW_UP_SENT']);
  });

  it('parallel regions: a compound state without an initial child; a path per region joined by |', () => {
    const parallel = parseChart(
      [
        'stateDiagram-v2',
        '  [*] --> s_case',
        '  state "case" as s_case',
        '  state s_case {',
        '    state "ledger" as s_case_ledger',
        '    state s_case_ledger {',
        '      [*] --> s_case_ledger_open',
        '      state "open" as s_case_ledger_open',
        '      s_case_ledger_open --> s_case_ledger_open : INCIDENT_RECORDED',
        '    }',
        '    --',
        '    state "placement" as s_case_placement',
        '    state s_case_placement {',
        '      [*] --> s_case_placement_home',
        '      state "home" as s_case_placement_home',
        '      s_case_placement_home --> s_case_placement_home : REMOVAL_DUE',
        '      s_case_placement_home --> s_case_placement_home : PLACEMENT_CHANGED [tenDaysPassed]',
        '    }',
        '  }',
      ].join('\n'),
    );
    expect(parallel.nodes.get('s_case')!.regions).toBe(true);
    // The chart is drawn wrapped in one state: region paths are looked up inside it.
    const { current } = activeNodes(parallel, 'ledger.open|placement.home');
    expect([...current].sort()).toEqual(['s_case_ledger_open', 's_case_placement_home']);
    expect(eventsAcceptedNow(parallel, 'ledger.open|placement.home')).toEqual(['INCIDENT_RECORDED', 'PLACEMENT_CHANGED']);
  });
});
