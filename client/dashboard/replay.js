// The auditor's replay: a slider over the instants the case's timeline was recorded at; each
// stop asks GET /api/cases/:id/replay?at= for the case as it stood then (rebuilt from the
// Temporal history by the same interpreter the workflow runs, client/replay.ts) and shows the
// states, deadlines with their reasons and notices of that instant.

import { api } from './api.js';
import { deadlinesSection, noticesSection, summary, timelineSection } from './case-sections.js';
import { replayStops } from './case-reading.js';
import { instantText } from './calendar-days.js';
import { el, errorLine, fill, section, table } from './elements.js';

function statesAt(view) {
  return section(
    'replay-states',
    'States then',
    table(
      'replay-states-table',
      ['Process', 'State', 'Status', 'Opened', 'Closed'],
      view.processes.map((p) => [p.key, { cell: p.state, attrs: { 'data-testid': 'replay-state', 'data-process': p.key } }, p.status, p.openedOn, p.closedOn ?? '']),
    ),
  );
}

export async function showReplay(root, studentId) {
  fill(root, el('p', { class: 'muted' }, `Loading the timeline of case ${studentId}…`));
  let entries;
  try {
    entries = (await api.timeline(studentId)).entries ?? [];
  } catch (error) {
    fill(root, el('h1', {}, `Replay of case ${studentId}`), errorLine('replay-error', error.message));
    return;
  }
  const stops = replayStops(entries);
  if (!stops.length) {
    fill(root, el('h1', {}, `Replay of case ${studentId}`), el('p', {}, 'Nothing recorded yet.'));
    return;
  }
  const slider = el('input', {
    type: 'range',
    id: 'replay-slider',
    min: 0,
    max: stops.length - 1,
    step: 1,
    value: stops.length - 1,
    'data-testid': 'replay-slider',
    'aria-describedby': 'replay-instant',
  });
  const instant = el('output', { id: 'replay-instant', for: 'replay-slider', 'data-testid': 'replay-instant' });
  const result = el('div', { 'aria-live': 'polite', 'data-testid': 'replay-result' });
  fill(
    root,
    el(
      'div',
      { class: 'case-head' },
      el('h1', { 'data-testid': 'case-title' }, `Replay of case ${studentId}`),
      el('nav', { class: 'case-nav', 'aria-label': 'case views' }, el('a', { href: `#/case/${encodeURIComponent(studentId)}` }, 'Live case')),
    ),
    el('p', { class: 'muted' }, 'Move the slider to an entry of the timeline: the case is rebuilt from its Temporal history as it stood just after that entry was recorded.'),
    el(
      'div',
      { class: 'replay-control' },
      el('label', { for: 'replay-slider' }, 'Recorded entries'),
      slider,
      el('div', { class: 'ticks', 'aria-hidden': 'true' }, el('span', {}, instantText(stops[0].at)), el('span', {}, 'now')),
      instant,
    ),
    result,
  );

  let asked = 0;
  let timer = null;
  const load = async () => {
    const stop = stops[Number(slider.value)];
    const mine = ++asked;
    result.setAttribute('aria-busy', 'true');
    try {
      const body = await api.replay(studentId, { seq: stop.seq });
      if (mine !== asked) return; // a later move of the slider wins
      fill(
        result,
        el('p', { class: 'as-of', 'data-testid': 'replay-as-of', 'data-at': body.at }, `As it stood at ${instantText(body.at)} (district date ${body.view.today}).`),
        summary(body.view),
        statesAt(body.view),
        deadlinesSection(body.view),
        noticesSection(body.view, { pdf: false }),
        timelineSection([...(body.timeline ?? [])].filter((t) => t.seq <= stop.seq).reverse(), null),
      );
      // Which stop is on screen, for people's assistive tech and for the browser test alike.
      result.setAttribute('data-seq', String(stop.seq));
    } catch (error) {
      if (mine === asked) fill(result, errorLine('replay-error', error.message));
    } finally {
      if (mine === asked) result.removeAttribute('aria-busy');
    }
  };
  const describe = () => {
    const stop = stops[Number(slider.value)];
    const text = `${stop.label}, recorded ${instantText(stop.at)}`;
    slider.setAttribute('aria-valuetext', text);
    fill(instant, text);
  };
  slider.addEventListener('input', () => {
    describe();
    clearTimeout(timer);
    // Dragging passes many stops: ask for the one the slider rests on.
    timer = setTimeout(load, 200);
  });
  slider.addEventListener('change', () => {
    clearTimeout(timer);
    void load();
  });
  describe();
  await load();
}
