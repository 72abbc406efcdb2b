// One student's case (GET /api/cases/:id, its timeline and its charts), composed for the
// caller's role: staff and supervisors see everything and may record events; auditors see
// everything and change nothing (and have the replay); a parent sees their child's notices and
// signatures (the API's role table, client/api/auth.ts, is what actually decides).

import { api } from './api.js';
import {
  alertsSection,
  deadlinesSection,
  delaysSection,
  loadCharts,
  noticesSection,
  processesSection,
  signaturesSection,
  summary,
  timelineSection,
} from './case-sections.js';
import { el, errorLine, fill } from './elements.js';
import { eventForm } from './event-form.js';
import { parseChart } from './chart-reading.js';

/** Parsed charts, kept for the tab's life: a chart's text does not change while the API runs. */
const chartCache = new Map();

export const can = {
  recordEvents: (me) => me.role === 'staff' || me.role === 'supervisor',
  replay: (me) => me.role !== 'parent',
  readTimeline: (me) => me.role !== 'parent',
  readCharts: (me) => me.role !== 'parent',
  readCaseload: (me) => me.role !== 'parent',
};

function heading(view, me) {
  return el(
    'div',
    { class: 'case-head' },
    el('h1', { 'data-testid': 'case-title' }, `Case ${view.studentId}`),
    el(
      'nav',
      { 'aria-label': 'case views', class: 'case-nav' },
      can.replay(me) ? el('a', { href: `#/case/${encodeURIComponent(view.studentId)}/replay`, 'data-testid': 'open-replay' }, 'Replay (audit)') : null,
      can.readCaseload(me) ? el('a', { href: '#/caseload' }, 'Back to caseload') : null,
    ),
  );
}

/** The live case page. `flash` is a line to show on top (e.g. the event just recorded). */
export async function showCase(root, studentId, me, flash = null) {
  fill(root, el('p', { class: 'muted' }, `Loading case ${studentId}…`));
  let view;
  try {
    view = await api.view(studentId);
  } catch (error) {
    fill(root, el('h1', {}, `Case ${studentId}`), errorLine('case-error', error.message));
    return;
  }
  await renderCase(root, view, me, flash);
}

async function renderCase(root, view, me, flash) {
  if (me.role === 'parent') {
    fill(
      root,
      el('h1', { 'data-testid': 'case-title' }, `Your child's case (${view.studentId})`),
      el('p', { class: 'muted' }, 'Notices sent to you and the signatures asked of you. Open a notice to read or print it.'),
      noticesSection(view),
      signaturesSection(view),
    );
    return;
  }
  const [chartProblems, timeline] = await Promise.all([
    can.readCharts(me) ? loadCharts(view, chartCache, parseChart) : new Map(),
    can.readTimeline(me)
      ? api.timeline(view.studentId).then(
          (body) => ({ entries: body.entries ?? [], problem: null }),
          (error) => ({ entries: [], problem: error.message }),
        )
      : { entries: [], problem: null },
  ]);
  const onRecorded = (answer) =>
    renderCase(root, answer.view, me, el('p', { class: 'ok', role: 'status', 'data-testid': 'event-recorded' }, `Recorded #${answer.seq} in ${answer.process}: now ${answer.state}.`));
  fill(
    root,
    heading(view, me),
    flash,
    view.effectsFailed ? errorLine('effects-failed', `${view.effectsFailed} notice/signature/alert effect(s) failed; see the timeline.`) : null,
    summary(view),
    processesSection(view, chartCache, chartProblems),
    deadlinesSection(view),
    can.recordEvents(me) ? el('section', { 'data-testid': 'record-event', 'aria-labelledby': 'h-record' }, el('h2', { id: 'h-record' }, 'Record an event'), eventForm(view, chartCache, onRecorded)) : null,
    noticesSection(view),
    signaturesSection(view),
    alertsSection(view),
    delaysSection(view),
    timelineSection([...timeline.entries].reverse(), timeline.problem),
  );
}
