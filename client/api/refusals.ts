/**
 * Every refusal the API sends has one shape, `{ error: "<field>: <message>", field }`, whatever
 * raised it: an ApiError (401/403/404 and route checks), a CaseError from CaseService, a zod
 * error from an input schema, or fastify itself (bad JSON, wrong content type, body too big).
 * Anything else is a 500 whose text says nothing about the request (no ids, no payload).
 */
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { CaseError } from '../case-service';
import { ApiError } from './api-error';

export interface Refusal {
  status: number;
  error: string;
  field: string | null;
}

const withField = (field: string | null, message: string) => (field && !message.startsWith(`${field}:`) ? `${field}: ${message}` : message);

export function refusalOf(error: unknown): Refusal {
  if (error instanceof ApiError) return { status: error.status, error: withField(error.field, error.message), field: error.field };
  if (error instanceof CaseError) {
    const status = error.kind === 'not-found' ? 404 : error.kind === 'conflict' ? 409 : error.kind === 'bad-input' ? 400 : 422;
    const field = error.field ?? (error.kind === 'refused' ? 'event' : null);
    return { status, error: withField(field, error.message), field };
  }
  if (error instanceof z.ZodError) {
    const issue = error.issues[0];
    // An unknown key is named itself (`student: Unrecognized key…`), not its parent object.
    const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]] : issue.path;
    const field = path.map(String).join('.') || 'request';
    return { status: 400, error: `${field}: ${issue.message}`, field };
  }
  const fastifyError = error as { statusCode?: number; code?: string };
  if (typeof fastifyError?.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    const status = fastifyError.statusCode;
    const what = status === 413 ? 'is too large' : status === 415 ? 'must be application/json' : 'is not valid JSON';
    return { status, error: `body: ${what}`, field: 'body' };
  }
  return { status: 500, error: 'internal error', field: null };
}

export function sendRefusal(reply: FastifyReply, error: unknown): FastifyReply {
  const r = refusalOf(error);
  // Only the error's class goes to the log: messages may carry ids from the request.
  if (r.status === 500) reply.log.error({ err: error instanceof Error ? error.name : 'unknown' }, 'request failed');
  return reply.code(r.status).type('application/json').send({ error: r.error, field: r.field });
}
