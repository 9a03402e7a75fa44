import type { StandardSchemaV1 } from '@standard-schema/spec';
import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env.js';
import { AppError } from '../errors.js';
import { valid } from '../validation.js';

/**
 * The whole edge of a JSON route: size limit, media type, well-formed JSON, then the schema.
 * Every failure is a typed 4xx error with the same body shape.
 */
export function jsonBody<S extends StandardSchemaV1>(schema: S, maxBytes: number) {
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new AppError(413, 'payload_too_large', `The request body is larger than ${maxBytes} bytes.`);
    },
  });
  const parse = createMiddleware<AppEnv>(async (c, next) => {
    const mediaType = (c.req.header('Content-Type') ?? '').split(';')[0]?.trim().toLowerCase();
    if (mediaType !== 'application/json') {
      throw new AppError(415, 'unsupported_media_type', 'Send the body as Content-Type: application/json.');
    }
    try {
      await c.req.json();
    } catch {
      throw new AppError(400, 'invalid_json', 'The request body is not well-formed JSON.');
    }
    await next();
  });
  return [limit, parse, valid('json', schema)] as const;
}
