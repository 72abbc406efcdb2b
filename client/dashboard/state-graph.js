// A chart's states drawn from the Mermaid text /api/charts/:chart returns (the same text as
// docs/diagrams/, generated from the machines by scripts/diagrams.ts). Mermaid's own JS is not
// available offline, so the text is read here: nested boxes for compound states, every outgoing
// transition written under its state, and the process's current state path highlighted.

import { el, fill } from './elements.js';

/**
 * Mermaid `stateDiagram-v2` as scripts/diagrams.ts writes it → a tree of states:
 * `{ id, label, children, parent, initial, final, notes, edges: [{ event, guard, target }] }`.
 * Only the forms that generator emits are read; anything else is ignored.
 */
export function parseChart(mermaid) {
  const nodes = new Map();
  const root = { id: '[root]', label: '', children: [], parent: null, initial: null, final: false, notes: [], edges: [], regions: false };
  const scopes = [root];
  const node = (id) => {
    if (!nodes.has(id)) nodes.set(id, { id, label: id, children: [], parent: null, initial: null, final: false, notes: [], edges: [], regions: false });
    return nodes.get(id);
  };
  for (const raw of mermaid.split('\n')) {
    const line = raw.trim();
    const scope = scopes[scopes.length - 1];
    let m;
    if (!line || line === 'stateDiagram-v2') continue;
    if (line === '}') {
      if (scopes.length > 1) scopes.pop();
    } else if (line === '--') {
      scope.regions = true;
    } else if ((m = /^state "(.*)" as (\S+)$/.exec(line))) {
      const n = node(m[2]);
      n.label = m[1];
      n.parent = scope;
      scope.children.push(n);
    } else if ((m = /^state (\S+) \{$/.exec(line))) {
      scopes.push(node(m[1]));
    } else if ((m = /^\[\*\] --> (\S+)$/.exec(line))) {
      scope.initial = m[1];
    } else if ((m = /^(\S+) --> \[\*\]$/.exec(line))) {
      node(m[1]).final = true;
    } else if ((m = /^(\S+) --> (\S+) : (.*)$/.exec(line))) {
      const [, source, target, label] = m;
      const guard = /\[(.*)\]$/.exec(label);
      node(source).edges.push({ event: label.replace(/\s*\[.*\]$/, ''), guard: guard ? guard[1] : null, target });
    } else if ((m = /^(\S+) : (.*)$/.exec(line))) {
      node(m[1]).notes.push(m[2]);
    }
  }
  // A compound state without an initial child is a parallel block: its children are regions.
  for (const n of nodes.values()) if (n.children.length && !n.initial) n.regions = true;
  // Transitions of the machine root itself (never declared as a state): taken in any state.
  for (const n of nodes.values()) {
    if (n.parent || !n.edges.length) continue;
    root.edges.push(...n.edges.map((e) => ({ ...e, target: e.target === n.id ? root.id : e.target })));
  }
  root.label = 'any state';
  nodes.set(root.id, root);
  return { root, nodes };
}

/**
 * The nodes on a process's state path (`evaluation.meeting.noticed`, parallel regions joined
 * with `|`), outermost first per region. A chart whose root is parallel is drawn wrapped in one
 * composite state, so a path that does not start at the top level is looked up inside it.
 */
export function activeNodes(chart, statePath) {
  const active = new Set();
  const current = new Set();
  if (!statePath) return { active, current };
  let top = chart.root;
  for (const region of statePath.split('|')) {
    const parts = region.split('.');
    if (top === chart.root && !chart.root.children.some((c) => c.label === parts[0]) && chart.root.children.length === 1) top = chart.root.children[0];
    let scope = top;
    let last = null;
    for (const part of parts) {
      const next = scope.children.find((c) => c.label === part);
      if (!next) break;
      active.add(next.id);
      last = next;
      scope = next;
    }
    if (top !== chart.root) active.add(top.id);
    if (last) current.add(last.id);
  }
  return { active, current };
}

/** Timer events the interpreter sends itself; a person never sends them from the form. */
const TIMER_EVENT = /(_DUE|_REMINDER|_OPEN)$/;

/** Events a person could send now: transitions out of the active states and their ancestors. */
export function eventsAcceptedNow(chart, statePath) {
  const { active } = activeNodes(chart, statePath);
  const events = new Set();
  for (const id of [chart.root.id, ...active]) {
    for (const e of chart.nodes.get(id)?.edges ?? []) {
      if (e.event !== 'always' && e.event !== 'done' && !TIMER_EVENT.test(e.event)) events.add(e.event);
    }
  }
  return [...events].sort();
}

/**
 * The chart as nested boxes. Each state box carries data-state-path and, when on the active path,
 * data-active="path" or "current".
 */
export function renderChart(chart, statePath, processKey) {
  const { active, current } = activeNodes(chart, statePath);
  const labelOf = (id) => chart.nodes.get(id)?.label ?? id;
  const pathOf = (n) => {
    const parts = [];
    for (let p = n; p && p.parent; p = p.parent) parts.unshift(p.label);
    return parts.join('.');
  };
  const box = (n) => {
    const state = current.has(n.id) ? 'current' : active.has(n.id) ? 'path' : null;
    return el(
      'li',
      {
        class: `state${state ? ` ${state}` : ''}${n.final ? ' final' : ''}${n.regions ? ' regions' : ''}`,
        'data-testid': 'state-node',
        'data-state-path': pathOf(n),
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
