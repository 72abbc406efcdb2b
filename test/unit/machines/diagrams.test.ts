import { describe, expect, it } from 'vitest';
import { definition as parentRequested } from '../../../machines/parent-requested-meeting';
import { definition as transitionMajority } from '../../../machines/secondary-transition-and-majority';
import { definition as amendment } from '../../../machines/iep-amendment';
import { guardLabel, renderChartDoc, renderIndex, renderMermaid } from '../../../scripts/diagrams';

describe('scripts/diagrams renderMermaid', () => {
  const text = renderMermaid(parentRequested.machine);
  const lines = text.split('\n').map((l) => l.trim());

  it('draws every state, nested meeting steps included, with the initial and final markers', () => {
    expect(lines[0]).toBe('stateDiagram-v2');
    for (const key of ['requested', 'meeting', 'held']) expect(text).toContain(`state "${key}" as s_parent_requested_meeting_${key}`);
    for (const key of ['scheduling', 'noticed', 'held', 'held_without_parent']) {
      expect(text).toContain(`as s_parent_requested_meeting_meeting_${key}`);
    }
    expect(lines).toContain('[*] --> s_parent_requested_meeting_requested');
    expect(lines).toContain('[*] --> s_parent_requested_meeting_meeting_scheduling');
    expect(lines).toContain('s_parent_requested_meeting_held --> [*]');
    expect(lines).toContain('state s_parent_requested_meeting_meeting {');
  });

  it('labels edges with event names and guards in brackets, and notes clocks on states', () => {
    expect(lines).toContain('s_parent_requested_meeting_requested --> s_parent_requested_meeting_meeting_noticed : MEETING_NOTICE_SENT');
    expect(lines).toContain('s_parent_requested_meeting_meeting_noticed --> s_parent_requested_meeting_meeting_held : MEETING_HELD [meetingWithParent]');
    expect(lines).toContain('s_parent_requested_meeting_meeting --> s_parent_requested_meeting_held : done');
    expect(lines).toContain('s_parent_requested_meeting_requested : clock parentRequestMeeting = parent-request-meeting from requestReceivedOn');
  });

  it('wraps a parallel root and separates its regions', () => {
    const parallel = renderMermaid(transitionMajority.machine).split('\n').map((l) => l.trim());
    expect(parallel).toContain('[*] --> s_secondary_transition_and_majority');
    expect(parallel).toContain('--');
    expect(parallel).toContain('s_secondary_transition_and_majority_majority_informed --> s_secondary_transition_and_majority_majority_adult : RIGHTS_TRANSFER_DUE [rightsToAdultStudent]');
  });

  it('spells combined guards', () => {
    expect(renderMermaid(amendment.machine)).toContain('AMENDMENT_SIGNED [completesSignatures ∧ wantsRevisedCopy]');
    expect(guardLabel(undefined)).toBe('');
    expect(guardLabel('isEligible')).toBe('isEligible');
  });

  it('puts the diagram, the opening events and a clock table on the chart page, and links it from the index', () => {
    const page = renderChartDoc(parentRequested, 'parent-requested-meeting.ts');
    expect(page).toContain('# IEP meeting on request (`parent-requested-meeting` 1.0.0)');
    expect(page).toContain('```mermaid\nstateDiagram-v2');
    expect(page).toContain('- Opened by: `MEETING_REQUEST_RECEIVED`');
    expect(page).toContain('| `parent-requested-meeting.requested` | `parentRequestMeeting` | `parent-request-meeting` | `requestReceivedOn` | PARENT_REQUEST_MEETING_DUE |');
    expect(renderIndex([{ def: parentRequested, file: 'parent-requested-meeting.ts' }])).toContain(
      '| [`parent-requested-meeting`](parent-requested-meeting.md) | IEP meeting on request | 1.0.0 | `MEETING_REQUEST_RECEIVED` |',
    );
  });
});
