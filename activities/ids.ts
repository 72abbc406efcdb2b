/**
 * Id shapes shared by the activities' request schemas. Ids name files under the data folder,
 * so they may not contain `/` or start with a dot.
 */
import { z } from 'zod';
import { SHA256_PATTERN } from './canonical-json';

/** A student, staff member or meeting id: letters, digits, `.`, `_`, `-`; never a name. */
export const EntityId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be an id (letters, digits, . _ -), not a name');

/** A case id (`case-<studentId>`); `:` is allowed because idempotency keys embed it. */
export const CaseId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, 'must be a case id (letters, digits, . _ : -)');

/** The workflow's `<caseId>:<seq>:<index>` or any caller key of the same alphabet. */
export const IdempotencyKey = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:#-]{0,199}$/, 'must be an idempotency key (letters, digits, . _ : # -)');

export const Sha256 = z.string().regex(SHA256_PATTERN, 'must be a lowercase hex SHA-256');

/** An ISO timestamp with an offset or Z. */
export const Timestamp = z.iso.datetime({ offset: true });
