// Types of chart-reading.js for the TypeScript tests (the dashboard itself is plain ES modules).
export interface ChartEdge {
  event: string;
  guard: string | null;
  target: string;
}
export interface ChartNode {
  id: string;
  label: string;
  children: ChartNode[];
  parent: ChartNode | null;
  initial: string | null;
  final: boolean;
  notes: string[];
  edges: ChartEdge[];
  regions: boolean;
}
export interface Chart {
  root: ChartNode;
  nodes: Map<string, ChartNode>;
}
export declare function parseChart(mermaid: string): Chart;
export declare function activeNodes(chart: Chart, statePath: string | null | undefined): { active: Set<string>; current: Set<string> };
export declare function eventsAcceptedNow(chart: Chart, statePath: string | null | undefined): string[];
export declare function statePathOf(node: ChartNode): string;
