/**
 * What every API route plugin receives (server.ts builds it once). Route files own their paths;
 * this object owns who may call them, the access log, and how a refusal is sent — so every
 * plugin refuses the same way: `{ error: "<field>: <message>", field }`.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AccessLog } from '../access-log';
import type { CaseService } from '../case-service';
import type { ApiAction, AuthTarget, Principal } from './auth';

export type { ApiAction, AuthTarget, Principal } from './auth';
export { ApiError } from './api-error';

export interface ApiContext {
  service: CaseService;
  /** The data folder (access log, documents, tokens file live under it). */
  dataDir: string;
  /** The caller from `Authorization: Bearer <token>`; throws a 401 ApiError. */
  authenticate(req: FastifyRequest): Principal;
  /**
   * Throws a 403 ApiError (role may not do this) or a 404 ApiError (a parent asking about a
   * student who is not theirs: the case's existence is not revealed). Pure: never calls Temporal.
   */
  authorize(principal: Principal, action: ApiAction, target?: AuthTarget): void;
  accessLog: AccessLog;
  /** Sends any error as the API's JSON refusal (ApiError, CaseError, ZodError, else 500). */
  fail(reply: FastifyReply, error: unknown): FastifyReply;
}
