/**
 * State diagrams of every chart, generated from the machines themselves so they cannot drift:
 * `npx tsx scripts/diagrams.ts` writes `docs/diagrams/<chart-id>.md` (Mermaid
 * `stateDiagram-v2`) and `docs/diagrams/README.md`; `--check` writes nothing and exits 1 when a
 * file is missing, stale or left over from a chart that no longer exists.
 *
 * Charts are found by reading machines/*.ts and importing each file that exports a
 * `definition` (machines/contract.ts ProcessDefinition).
 */
import { readdirSync, readFileSync, writeFileSync, mkdirSync, existsSync, unlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ClockDeclaration, ProcessDefinition, StateMeta } from '../machines/contract';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const MACHINES = join(ROOT, 'machines');
const OUT = join(ROOT, 'docs', 'diagrams');

/** The parts of an XState v5 StateNode the renderer reads. */
interface Node {
  id: string;
  key: string;
  type: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  parent?: Node;
  states: Record<string, Node>;
  initial?: { target: Node[] };
  transitions: Map<string, Transition[]>;
  always?: Transition[];
  meta?: StateMeta;
}
interface Transition {
  eventType: string;
  target?: Node[];
  guard?: unknown;
}

const sid = (node: Node) => `s_${node.id.replace(/[^A-Za-z0-9]/g, '_')}`;

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

function ancestors(node: Node): Node[] {
  const chain: Node[] = [];
  for (let n: Node | undefined = node; n; n = n.parent) chain.unshift(n);
  return chain;
}

/**
 * The innermost compound state containing both ends: where Mermaid should draw the edge. Not
 * inside a parallel block (whose body is its regions): there, the block's parent.
 */
function edgeScope(source: Node, target: Node): Node {
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
  const root = machine.root as Node;
  const edges = new Map<Node, string[]>();
  const addEdge = (scope: Node, line: string) => edges.set(scope, [...(edges.get(scope) ?? []), line]);

  const walk = (node: Node) => {
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
  const block = (node: Node, depth: number) => {
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
  const declare = (node: Node, depth: number) => {
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

interface ClockRow {
  state: string;
  clock: ClockDeclaration;
}
function clocksOf(node: Node, rows: ClockRow[] = []): ClockRow[] {
  for (const clock of node.meta?.clocks ?? []) rows.push({ state: node.id, clock });
  Object.values(node.states).forEach((child) => clocksOf(child, rows));
  return rows;
}

export function renderChartDoc(def: ProcessDefinition, file: string): string {
  const rows = clocksOf(def.machine.root as Node);
  const seen = new Set<string>();
  const clockTable = rows
    .filter((r) => {
      const key = `${r.clock.id}:${r.state}`;
      return seen.has(key) ? false : (seen.add(key), true);
    })
    .map((r) => {
      const events = [r.clock.onDue, r.clock.onReminder, r.clock.onOpen].filter(Boolean).join(', ');
      return `| \`${r.state}\` | \`${r.clock.id}\` | \`${r.clock.rule}\` | \`${r.clock.from}\` | ${events} |`;
    });
  return [
    `# ${def.title} (\`${def.id}\` ${def.version})`,
    '',
    `Generated from \`machines/${file}\` by \`npx tsx scripts/diagrams.ts\`; do not edit by hand.`,
    '',
    `- Opened by: ${def.startsOn.length ? def.startsOn.map((e) => `\`${e}\``).join(', ') : 'another chart (`openProcess`)'}`,
    `- Events from outside: ${Object.keys(def.events).map((e) => `\`${e}\``).join(', ')}`,
    `- Handbook: ${def.cites.join(', ')}`,
    '',
    '```mermaid',
    renderMermaid(def.machine).trimEnd(),
    '```',
    '',
    ...(clockTable.length
      ? ['## Clocks', '', '| state | clock | rule | from | sends |', '| --- | --- | --- | --- | --- |', ...clockTable, '']
      : []),
  ].join('\n');
}

export function renderIndex(charts: Array<{ def: ProcessDefinition; file: string }>): string {
  return [
    '# Chart diagrams',
    '',
    'One page per process chart, generated from `machines/` by `npx tsx scripts/diagrams.ts`',
    '(`--check` fails when a page is out of date).',
    '',
    '| chart | title | version | opened by |',
    '| --- | --- | --- | --- |',
    ...charts.map(
      ({ def }) =>
        `| [\`${def.id}\`](${def.id}.md) | ${def.title} | ${def.version} | ${def.startsOn.length ? def.startsOn.map((e) => `\`${e}\``).join(', ') : 'another chart'} |`,
    ),
    '',
  ].join('\n');
}

export async function loadDefinitions(dir = MACHINES): Promise<Array<{ def: ProcessDefinition; file: string }>> {
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')).sort();
  const charts: Array<{ def: ProcessDefinition; file: string }> = [];
  const ids = new Set<string>();
  for (const file of files) {
    const mod = (await import(pathToFileURL(join(dir, file)).href)) as { definition?: ProcessDefinition };
    if (!mod.definition || ids.has(mod.definition.id)) continue;
    ids.add(mod.definition.id);
    charts.push({ def: mod.definition, file });
  }
  return charts.sort((a, b) => a.def.id.localeCompare(b.def.id));
}

/** Every file the generator owns, path → content. */
export async function renderAll(): Promise<Map<string, string>> {
  const charts = await loadDefinitions();
  const out = new Map<string, string>();
  for (const { def, file } of charts) out.set(join(OUT, `${def.id}.md`), renderChartDoc(def, file));
  out.set(join(OUT, 'README.md'), renderIndex(charts));
  return out;
}

async function main(argv: string[]): Promise<number> {
  const check = argv.includes('--check');
  const wanted = await renderAll();
  const present = existsSync(OUT) ? readdirSync(OUT).filter((f) => f.endsWith('.md')).map((f) => join(OUT, f)) : [];
  const stale = [...wanted].filter(([path, text]) => !existsSync(path) || readFileSync(path, 'utf8') !== text).map(([p]) => p);
  const leftover = present.filter((p) => !wanted.has(p));
  if (check) {
    for (const p of [...stale, ...leftover]) console.error(`out of date: ${p.slice(ROOT.length + 1)}`);
    if (stale.length || leftover.length) {
      console.error('run: npx tsx scripts/diagrams.ts');
      return 1;
    }
    console.log(`diagrams up to date (${wanted.size} files)`);
    return 0;
  }
  mkdirSync(OUT, { recursive: true });
  for (const p of stale) writeFileSync(p, wanted.get(p)!);
  for (const p of leftover) unlinkSync(p);
  console.log(`wrote ${stale.length} file(s), removed ${leftover.length}, ${wanted.size} up to date`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exit(2);
    },
  );
}
