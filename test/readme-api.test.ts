import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { API_ORIGIN } from './e2e/env.js';

describe('README HTTP API section', () => {
  it('names every operation of the served OpenAPI document', async () => {
    const readme = readFileSync(path.resolve(import.meta.dirname, '../README.md'), 'utf8');
    const doc = (await (await fetch(`${API_ORIGIN}/v1/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    const operations = Object.entries(doc.paths).flatMap(([route, ops]) => Object.keys(ops).map((method) => `${method.toUpperCase()} ${route.replace(/\{(\w+)\}/g, ':$1')}`));
    expect(operations.length).toBeGreaterThan(10);
    const missing = operations.filter((operation) => !readme.includes(`\`${operation}`));
    expect(missing).toEqual([]);
  });
});
