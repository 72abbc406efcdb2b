// A chart's states read from the Mermaid text /api/charts/:chart returns (the same text as
// docs/diagrams/, generated from the machines by scripts/diagrams.ts), as plain data, no DOM:
// the tree of states, the nodes on a process's current state path, and the events a person
// could send from there. state-graph.js draws it; event-form.js lists the events.

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

/** A node's path from the chart root, as a process's state path writes it (`evaluation.meeting`). */
export function statePathOf(node) {
  const parts = [];
  for (let p = node; p && p.parent; p = p.parent) parts.unshift(p.label);
  return parts.join('.');
}
