import { app } from '../../../worker/src/app.js';
import { openApiDocument } from '../../../worker/src/openapi.js';

/** A JSON Schema node as the OpenAPI document spells it (zod's `toJSONSchema` output). */
export type JsonSchema = { [keyword: string]: unknown };

/** Who may call an operation, as the OpenAPI document's `x-required-role` says. */
export type Access = 'public' | 'root' | 'viewer' | 'operator' | 'admin';

/** One operation of the API, everything the suite needs to call it. */
export interface Route {
  /** `POST /v1/sites/{siteId}/consents`: the key used everywhere (figures, coverage, examples). */
  key: string;
  method: string;
  /** The path with `{param}` placeholders. */
  template: string;
  access: Access;
  pathParams: string[];
  query: { name: string; schema: JsonSchema }[];
  body: JsonSchema | null;
}

interface DocumentedOperation {
  'x-required-role'?: Access;
  parameters: { name: string; in: 'path' | 'query'; schema: JsonSchema }[];
  requestBody?: { content: { 'application/json': { schema: JsonSchema } } };
}

/** `GET /v1/sites/{siteId}` from a Hono route path such as `/v1/sites/:siteId/`. */
export const routeKey = (method: string, path: string) => `${method.toUpperCase()} ${path.replace(/\/$/, '').replace(/:(\w+)/g, '{$1}')}`;

/**
 * Every operation the app serves, from its route table (middleware and wildcards left out), so a
 * route added to the app is in this list without anyone editing the suite.
 */
export function servedRouteKeys(): string[] {
  return [...new Set(app.routes.filter((route) => route.method !== 'ALL' && !route.path.endsWith('/*')).map((route) => routeKey(route.method, route.path)))].sort();
}

/**
 * The operations with their parameters and body schemas, from the OpenAPI document (which a worker
 * test keeps equal to the route table): the suite fuzzes each one from its own schemas.
 */
export function apiRoutes(): Route[] {
  const doc = openApiDocument() as unknown as { paths: Record<string, Record<string, DocumentedOperation>> };
  return Object.entries(doc.paths)
    .flatMap(([template, operations]) =>
      Object.entries(operations).map(([method, op]): Route => ({
        key: `${method.toUpperCase()} ${template}`,
        method: method.toUpperCase(),
        template,
        access: op['x-required-role'] ?? 'public',
        pathParams: op.parameters.filter((p) => p.in === 'path').map((p) => p.name),
        query: op.parameters.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema })),
        body: op.requestBody?.content['application/json'].schema ?? null,
      })),
    )
    .sort((a, b) => a.key.localeCompare(b.key));
}

/** The admin API's operations (every one that needs a key). */
export const adminRoutes = () => apiRoutes().filter((route) => route.access !== 'public');

/** Fills a template's `{param}` placeholders with already-encoded path segments. */
export function fillPath(template: string, segments: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const segment = segments[name];
    if (segment === undefined) throw new Error(`no value for {${name}} in ${template}`);
    return segment;
  });
}
