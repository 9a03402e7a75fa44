import type { ValidationIssue } from '@novoaigen/consent-schema';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { SealedValueError } from './security/data-cipher.js';

/** Machine-readable error codes; clients branch on these, never on messages. */
export type ErrorCode =
  | 'not_found'
  | 'site_not_found'
  | 'subject_not_found'
  | 'method_not_allowed'
  | 'invalid_json'
  | 'unsupported_media_type'
  | 'payload_too_large'
  | 'validation_failed'
  | 'unknown_category'
  | 'missing_category'
  | 'required_category_denied'
  | 'unknown_revision'
  | 'event_id_conflict'
  | 'origin_not_allowed'
  | 'unknown_config_version'
  | 'unauthorized'
  | 'forbidden'
  | 'site_exists'
  | 'key_not_found'
  | 'conflict'
  | 'rate_limited'
  | 'request_not_found'
  | 'notice_not_found'
  | 'unknown_notice_version'
  | 'turnstile_failed'
  | 'verification_locked'
  | 'code_expired'
  | 'invalid_code'
  | 'invalid_transition'
  | 'extension_refused'
  | 'request_changed'
  | 'queue_unavailable'
  | 'stored_value_unreadable'
  | 'internal_error';

/** An error a route throws on purpose; `handleError` turns it into the JSON error body. */
export class AppError extends HTTPException {
  constructor(
    status: ContentfulStatusCode,
    readonly code: ErrorCode,
    message: string,
    readonly issues?: ValidationIssue[],
  ) {
    super(status, { message });
  }
}

function errorBody(code: ErrorCode, message: string, issues?: ValidationIssue[]) {
  return { error: issues ? { code, message, issues } : { code, message } };
}

/** Hono status codes that are not ours map to a code a client can branch on. */
function codeForStatus(status: number): ErrorCode {
  if (status === 401) return 'unauthorized';
  if (status === 404) return 'not_found';
  if (status === 405) return 'method_not_allowed';
  if (status === 413) return 'payload_too_large';
  if (status === 415) return 'unsupported_media_type';
  if (status === 429) return 'rate_limited';
  if (status === 410) return 'code_expired';
  return status === 400 ? 'invalid_json' : 'internal_error';
}

/** The one place where errors become responses: typed errors keep their code, anything else leaks nothing. */
export function handleError(err: Error, c: Context): Response {
  if (err instanceof AppError) {
    return c.json(errorBody(err.code, err.message, err.issues), err.status);
  }
  if (err instanceof HTTPException && err.status < 500) {
    return c.json(errorBody(codeForStatus(err.status), err.message), err.status);
  }
  if (err instanceof SealedValueError) {
    // Where, for the operator's logs; the value and the cipher's own error stay out of the answer.
    console.error(err.message);
    return c.json(errorBody('stored_value_unreadable', 'A stored value could not be decrypted where it was found, so it is not shown. The operator can find which one in the logs.'), 500);
  }
  console.error('unhandled error', err);
  return c.json(errorBody('internal_error', 'Something went wrong on our side; please retry.'), 500);
}

/** The methods the app serves at a path, from its route table (middleware and wildcards left out). */
export function methodsAt(routes: readonly { method: string; path: string }[], pathname: string): string[] {
  const methods = new Set<string>();
  for (const route of routes) {
    if (route.method === 'ALL' || route.path.endsWith('*')) continue;
    const pattern = route.path
      .replace(/\/$/, '')
      .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
      .replace(/:\w+/g, '[^/]+');
    if (new RegExp(`^${pattern}/?$`).test(pathname)) methods.add(route.method);
  }
  return [...methods];
}

/**
 * Unknown paths answer 404, and known paths asked with another method 405 with `Allow`, in the
 * same JSON shape as every other error.
 */
export function notFoundHandler(routes: readonly { method: string; path: string }[]) {
  return (c: Context): Response => {
    const pathname = new URL(c.req.url).pathname;
    const allowed = methodsAt(routes, pathname);
    if (allowed.length > 0) {
      c.header('Allow', allowed.join(', '));
      return c.json(errorBody('method_not_allowed', `${c.req.method} is not allowed here; use ${allowed.join(' or ')}.`), 405);
    }
    return c.json(errorBody('not_found', `No route for ${c.req.method} ${pathname}.`), 404);
  };
}
