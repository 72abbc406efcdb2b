// A chart's states drawn from the Mermaid text /api/charts/:chart returns (the same text as
// docs/diagrams/, generated from the machines by scripts/diagrams.ts). Mermaid's own JS is not
// available offline, so the text is read here: nested boxes for compound states, every outgoing
// transition written under its state, and the process's current state path highlighted.

import { activeNodes, statePathOf } from './chart-reading.js';
import { el, fill } from './elements.js';

// Pages and the browser test read charts through this module too.
export { activeNodes, eventsAcceptedNow, parseChart } from './chart-reading.js';

/**
 * The chart as nested boxes. Each state box carries data-state-path and, when on the active path,
 * data-active="path" or "current".
 */
export function renderChart(chart, statePath, processKey) {
  const { active, current } = activeNodes(chart, statePath);
  const labelOf = (id) => chart.nodes.get(id)?.label ?? id;
  const box = (n) => {
    const state = current.has(n.id) ? 'current' : active.has(n.id) ? 'path' : null;
    return el(
      'li',
      {
        class: `state${state ? ` ${state}` : ''}${n.final ? ' final' : ''}${n.regions ? ' regions' : ''}`,
        'data-testid': 'state-node',
        'data-state-path': statePathOf(n),
        'data-active': state,
        'aria-current': state === 'current' ? 'step' : null,
      },
      el(
        'div',
        { class: 'state-head' },
        el('span', { class: 'state-name' }, n.label),
        n.parent?.initial === n.id ? el('span', { class: 'tag', title: 'initial state' }, 'start') : null,
        n.final ? el('span', { class: 'tag', title: 'final state' }, 'end') : null,
        state === 'current' ? el('span', { class: 'tag now' }, 'now') : null,
      ),
      n.notes.length ? el('ul', { class: 'notes' }, n.notes.map((t) => el('li', {}, t))) : null,
      n.edges.length
        ? el(
            'ul',
            { class: 'edges', 'aria-label': `transitions out of ${n.label}` },
            n.edges.map((e) => el('li', {}, el('code', {}, e.event), e.guard ? el('span', { class: 'guard' }, ` [${e.guard}]`) : null, ' → ', labelOf(e.target))),
          )
        : null,
      n.children.length ? el('ol', { class: 'states' }, n.children.map(box)) : null,
    );
  };
  const container = el('div', { class: 'chart', 'data-testid': 'state-graph', 'data-process': processKey, 'data-state': statePath });
  // Only the active path's transitions show by default: the whole chart's are a click away.
  const toggle = el('input', { type: 'checkbox', 'data-testid': 'all-transitions' });
  toggle.addEventListener('change', () => container.classList.toggle('all-edges', toggle.checked));
  return fill(
    container,
    el('label', { class: 'muted toggle' }, toggle, ' show every transition and clock'),
    chart.root.edges.length
      ? el('p', { class: 'muted' }, 'In any state: ', chart.root.edges.map((e, i) => [i ? ', ' : '', el('code', {}, e.event), e.guard ? ` [${e.guard}]` : '']))
      : null,
    el('ol', { class: 'states' }, chart.root.children.map(box)),
  );
}
