/**
 * Mermaid `stateDiagram-v2` text and the state list of a chart, read from the XState machine
 * itself so the API (/api/charts/:chart), the dashboard and docs/diagrams/ (scripts/diagrams.ts)
 * show one drawing that cannot drift from the charts. Pure: no I/O.
 */
import type { ClockDeclaration, StateMeta } from '../machines/contract';

/** The parts of an XState v5 StateNode the renderer reads. */
export interface ChartNode {
  id: string;
  key: string;
  type: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  parent?: ChartNode;
  states: Record<string, ChartNode>;
  initial?: { target: ChartNode[] };
  transitions: Map<string, Transition[]>;
  always?: Transition[];
  meta?: StateMeta;
}
interface Transition {
  eventType: string;
  target?: ChartNode[];
  guard?: unknown;
}

const sid = (node: ChartNode) => `s_${node.id.replace(/[^A-Za-z0-9]/g, '_')}`;

/** A guard as a reader sees it: its name, or `a ∧ b` for `and([...])`, `¬a` for `not(a)`. */
export function guardLabel(guard: unknown): string {
  if (!guard) return '';
  if (typeof guard === 'string') return guard;
  const g = guard as { type?: string; guards?: unknown[]; name?: string };
  if (Array.isArray(g.guards)) {
    const parts = g.guards.map(guardLabel);
    const joiner = typeof guard === 'function' && (guard as { name: string }).name === 'or' ? ' ∨ ' : ' ∧ ';
    if (typeof guard === 'function' && (guard as { name: string }).name === 'not') return `¬${parts[0]}`;
    return parts.join(joiner);
  }
  if (typeof g.type === 'string') return g.type;
  return typeof guard === 'function' && (guard as { name: string }).name ? (guard as { name: string }).name : 'guard';
}

function eventLabel(t: Transition, always: boolean): string {
  const name = always ? 'always' : t.eventType.startsWith('xstate.done.state.') ? 'done' : t.eventType;
  const guard = guardLabel(t.guard);
  return guard ? `${name} [${guard}]` : name;
}

function ancestors(node: ChartNode): ChartNode[] {
  const chain: ChartNode[] = [];
  for (let n: ChartNode | undefined = node; n; n = n.parent) chain.unshift(n);
  return chain;
}

/**
 * The innermost compound state containing both ends: where Mermaid should draw the edge. Not
 * inside a parallel block (whose body is its regions): there, the block's parent.
 */
function edgeScope(source: ChartNode, target: ChartNode): ChartNode {
  const a = ancestors(source.parent ?? source);
  const b = new Set(ancestors(target.parent ?? target));
  let scope = a[0];
  for (const n of a) if (b.has(n)) scope = n;
  return scope.type === 'parallel' && scope.parent ? scope.parent : scope;
}

function clockLines(clocks: ClockDeclaration[] | undefined): string[] {
  return (clocks ?? []).map((c) => {
    const also = c.alsoRule?.length ? ` (earlier of it and ${c.alsoRule.map((a) => a.rule).join(', ')})` : '';
    return `clock ${c.id} = ${c.rule} from ${c.from}${also}`;
  });
}

export function renderMermaid(machine: { root: unknown }): string {
  const root = machine.root as ChartNode;
  const edges = new Map<ChartNode, string[]>();
  const addEdge = (scope: ChartNode, line: string) => edges.set(scope, [...(edges.get(scope) ?? []), line]);

  const walk = (node: ChartNode) => {
    const all: Array<[Transition, boolean]> = [
      ...[...node.transitions.values()].flat().map((t): [Transition, boolean] => [t, false]),
      ...(node.always ?? []).map((t): [Transition, boolean] => [t, true]),
    ];
    for (const [t, always] of all) {
      const label = eventLabel(t, always);
      const targets = t.target?.length ? t.target : [node];
      for (const target of targets) addEdge(edgeScope(node, target), `${sid(node)} --> ${sid(target)} : ${label}`);
    }
    Object.values(node.states).forEach(walk);
  };
  walk(root);

  const lines: string[] = ['stateDiagram-v2'];
  const block = (node: ChartNode, depth: number) => {
    const pad = '  '.repeat(depth);
    const children = Object.values(node.states);
    if (node.type === 'parallel') {
      children.forEach((child, i) => {
        if (i > 0) lines.push(`${pad}--`);
        declare(child, depth);
      });
    } else {
      if (node.initial?.target?.length) lines.push(`${pad}[*] --> ${sid(node.initial.target[0])}`);
      children.forEach((child) => declare(child, depth));
      for (const child of children) if (child.type === 'final') lines.push(`${pad}${sid(child)} --> [*]`);
    }
    // A parallel block holds only its regions; edgeScope gives its edges to its parent.
    if (node.type !== 'parallel') for (const edge of edges.get(node) ?? []) lines.push(`${pad}${edge}`);
  };
  const declare = (node: ChartNode, depth: number) => {
    const pad = '  '.repeat(depth);
    lines.push(`${pad}state "${node.key}" as ${sid(node)}`);
    for (const text of clockLines(node.meta?.clocks)) lines.push(`${pad}${sid(node)} : ${text}`);
    if (node.type === 'compound' || node.type === 'parallel') {
      lines.push(`${pad}state ${sid(node)} {`);
      block(node, depth + 1);
      lines.push(`${pad}}`);
    }
  };
  if (root.type === 'parallel') {
    // Mermaid draws concurrent regions only inside a composite state: wrap the root in one.
    lines.push(`  [*] --> ${sid(root)}`);
    declare(root, 1);
    for (const edge of edges.get(root) ?? []) lines.push(`  ${edge}`);
  } else {
    block(root, 1);
  }
  return lines.join('\n') + '\n';
}

/**
 * Every state of a chart as the case view writes it (machines/clocks.ts statePath: dotted
 * from the root, e.g. `evaluation.meeting.noticed`), outermost first, in declaration order.
 */
export function chartStates(machine: { root: unknown }): string[] {
  const out: string[] = [];
  const walk = (node: ChartNode, path: string[]) => {
    for (const [key, child] of Object.entries(node.states)) {
      out.push([...path, key].join('.'));
      walk(child, [...path, key]);
    }
  };
  walk(machine.root as ChartNode, []);
  return out;
}
