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
import type { ClockDeclaration, ProcessDefinition } from '../machines/contract';
import { guardLabel, renderMermaid, type ChartNode as Node } from '../client/chart-diagram';

// The drawing itself lives in client/chart-diagram.ts (the API serves it too); re-exported here
// for the generator's callers and tests.
export { guardLabel, renderMermaid };

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const MACHINES = join(ROOT, 'machines');
const OUT = join(ROOT, 'docs', 'diagrams');

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
