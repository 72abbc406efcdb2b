/**
 * The OpenAPI 3.1 document of this API, built from the route registry (endpoint.ts): the same
 * zod schemas the routes validate with, through `z.toJSONSchema` (JSON Schema 2020-12, which
 * OpenAPI 3.1 uses as is). Every operation names its action, the roles allowed it, and the
 * bearer security scheme unless it is public.
 */
import { z } from 'zod';
import type { RouteDoc } from './endpoint';

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType): JsonSchema {
  const out = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  delete out.$schema;
  return out;
}

/** `/api/cases/:studentId/notices/:noticeId.pdf` → `/api/cases/{studentId}/notices/{noticeId}.pdf` */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

function parameters(schema: z.ZodType | undefined, where: 'path' | 'query'): unknown[] {
  if (!schema) return [];
  const json = jsonSchema(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    schema: s,
  }));
}

const STATUS_TEXT: Record<number, string> = {
  400: 'an input is invalid (the error names the field)',
  401: 'no token, or an unknown token',
  403: 'the caller’s role or scope does not allow this',
  404: 'no such case (also what a parent gets for another child’s case) or item',
  409: 'it already exists',
  413: 'the body is too large',
  415: 'wrong content type',
  422: 'refused by the case (the reason is given)',
  503: 'not available in this build',
};

function operationId(doc: RouteDoc): string {
  const words = `${doc.method.toLowerCase()} ${doc.path}`.replace(/[:{}]/g, '').split(/[^A-Za-z0-9]+/).filter(Boolean);
  return words.map((w, i) => (i === 0 ? w : w[0].toUpperCase() + w.slice(1))).join('');
}

export function openApiDocument(docs: RouteDoc[], info: { title?: string; version?: string } = {}): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const doc of [...docs].sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method))) {
    const responses: Record<string, unknown> = {
      [String(doc.response.status)]: {
        description: doc.response.description,
        ...(doc.response.schema || doc.response.contentType
          ? { content: { [doc.response.contentType ?? 'application/json']: doc.response.schema ? { schema: jsonSchema(doc.response.schema) } : {} } }
          : {}),
      },
    };
    const refusals = new Set([...(doc.params || doc.query || doc.body ? [400] : []), ...(doc.refusals ?? []), ...(doc.action ? [401, 403] : [])]);
    for (const status of [...refusals].sort()) {
      responses[String(status)] = { description: STATUS_TEXT[status] ?? 'refused', content: { 'application/json': { schema: { $ref: '#/components/schemas/Refusal' } } } };
    }
    const operation: Record<string, unknown> = {
      operationId: operationId(doc),
      summary: doc.summary,
      tags: [doc.tag],
      security: doc.action ? [{ bearer: [] }] : [],
      'x-action': doc.action,
      'x-roles': doc.roles ?? [],
      parameters: [...parameters(doc.params, 'path'), ...parameters(doc.query, 'query')],
      responses,
    };
    if (doc.body) operation.requestBody = { required: true, content: { [doc.bodyContentType ?? 'application/json']: { schema: jsonSchema(doc.body) } } };
    else if (doc.bodyContentType) operation.requestBody = { required: true, content: { [doc.bodyContentType]: { schema: { type: 'string' } } } };
    const key = openApiPath(doc.path);
    paths[key] = { ...(paths[key] ?? {}), [doc.method.toLowerCase()]: operation };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: info.title ?? 'caseclock API',
      version: info.version ?? '1',
      description:
        'California special-education case deadlines. Send `Authorization: Bearer <token>`; `x-roles` lists who may call each operation. Refusals are `{ error: "<field>: <message>", field }`.',
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'a token from the API tokens file (CASECLOCK_API_TOKENS_FILE)' } },
      schemas: {
        Refusal: { type: 'object', required: ['error', 'field'], properties: { error: { type: 'string' }, field: { type: ['string', 'null'] } } },
      },
    },
    paths,
  };
}
