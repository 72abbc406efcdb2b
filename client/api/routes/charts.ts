/**
 * The process charts as the dashboard draws them: the same Mermaid text docs/diagrams/ is
 * generated from (client/chart-diagram.ts) and every state path a case view can name.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { chartRegistry } from '../../../machines';
import { chartStates, renderMermaid } from '../../chart-diagram';
import { ApiError } from '../api-error';
import type { ApiContext } from '../context';
import { endpoint } from '../endpoint';

export const ChartParam = z.object({ chart: z.string().regex(/^[a-z][a-z0-9-]{1,63}$/, 'must be a chart id') }).strict();
export const ChartQuery = z.object({ version: z.string().regex(/^[A-Za-z0-9._-]{1,32}$/, 'must be a chart version').optional() }).strict();

export function chartRoutes(app: FastifyInstance, ctx: ApiContext): void {
  endpoint(
    app,
    ctx,
    {
      method: 'GET',
      path: '/api/charts',
      tag: 'charts',
      summary: 'Every process chart of this build',
      action: 'chart.read',
      response: { status: 200, description: 'the charts', schema: z.array(z.object({ chart: z.string(), version: z.string(), title: z.string() })) },
    },
    async () =>
      chartRegistry
        .all()
        .map((def) => ({ chart: def.id, version: def.version, title: def.title }))
        .sort((a, b) => a.chart.localeCompare(b.chart)),
  );

  endpoint(
    app,
    ctx,
    {
      method: 'GET',
      path: '/api/charts/:chart',
      tag: 'charts',
      summary: 'One chart: its Mermaid state diagram and state paths (?version= a version still registered)',
      action: 'chart.read',
      params: ChartParam,
      query: ChartQuery,
      response: {
        status: 200,
        description: 'the chart',
        schema: z.object({ chart: z.string(), version: z.string(), title: z.string(), mermaid: z.string(), states: z.array(z.string()) }),
      },
      refusals: [400, 404],
    },
    async ({ params, query }) => {
      if (!chartRegistry.get(params.chart)) throw new ApiError(404, `chart: no chart ${params.chart}`, 'chart');
      let def;
      try {
        def = chartRegistry.require(params.chart, query.version);
      } catch {
        throw new ApiError(404, `version: this build has no ${params.chart}@${query.version}`, 'version');
      }
      return { chart: def.id, version: def.version, title: def.title, mermaid: renderMermaid(def.machine), states: chartStates(def.machine) };
    },
  );
}
