import { sValidator } from '@hono/standard-validator';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import { OpaqueIdSchema, type ValidationIssue } from '@novoaigen/consent-schema';
import type { ValidationTargets } from 'hono';
import { AppError } from './errors.js';

function toIssue(issue: StandardSchemaV1.Issue): ValidationIssue {
  const path = (issue.path ?? []).map((segment) => String(typeof segment === 'object' ? segment.key : segment)).join('.');
  return { path, message: issue.message };
}

/** Validates one part of the request (query, params…) with a shared schema; failures are 400 with the failing paths (422 is for well-formed requests the data refuses). */
export function valid<T extends keyof ValidationTargets, S extends StandardSchemaV1>(target: T, schema: S) {
  return sValidator(target, schema, (result) => {
    if (!result.success) {
      throw new AppError(400, 'validation_failed', `The request ${target === 'json' ? 'body' : target} does not match the expected shape.`, result.error.map(toIssue));
    }
  });
}

/**
 * Whether a path parameter can be the id of a stored row (rights requests, admin keys: UUIDs and
 * 16-character ids, both `OpaqueIdSchema`). A malformed one names nothing, so routes answer as for an
 * unknown id without binding it into a query: D1 fails on an over-long string (SQLITE_TOOBIG),
 * which would otherwise surface as a 500.
 */
export function isStoredId(value: string | undefined): value is string {
  return OpaqueIdSchema.safeParse(value).success;
}
