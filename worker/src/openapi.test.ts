import { describe, expect, it } from 'vitest';
import { request } from '../test/fixtures.js';
import { app } from './app.js';

describe('GET /v1/openapi.json', () => {
  it('documents exactly the routes the app serves', async () => {
    const res = await request('/v1/openapi.json', { origin: null });
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe('3.1.0');
    const documented = Object.entries(doc.paths)
      .flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`))
      .sort();
    const served = [
      ...new Set(
        app.routes
          .filter((route) => route.method !== 'ALL' && !route.path.endsWith('/*'))
          .map((route) => `${route.method} ${route.path.replace(/\/$/, '').replace(/:(\w+)/g, '{$1}')}`),
      ),
    ].sort();
    expect(documented).toEqual(served);
  });

  it('describes bodies from the shared zod schemas', async () => {
    const doc = (await (await request('/v1/openapi.json', { origin: null })).json()) as {
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties: Record<string, unknown>; required: string[] } }> } }>>;
    };
    const body = doc.paths['/v1/sites/{siteId}/consents']?.post?.requestBody?.content['application/json']?.schema;
    expect(Object.keys(body?.properties ?? {})).toEqual(expect.arrayContaining(['eventId', 'subjectId', 'categories', 'revision', 'method']));
    expect(body?.required).toEqual(expect.arrayContaining(['eventId', 'subjectId', 'categories', 'revision', 'method']));
  });
});
