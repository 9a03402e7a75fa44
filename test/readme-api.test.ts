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

  it('lists every error code the worker can answer with, under its status', () => {
    const readme = readFileSync(path.resolve(import.meta.dirname, '../README.md'), 'utf8');
    const errors = readFileSync(path.resolve(import.meta.dirname, '../worker/src/errors.ts'), 'utf8');
    const union = /export type ErrorCode =([^;]+);/.exec(errors)?.[1] ?? '';
    const codes = [...union.matchAll(/'([a-z_]+)'/g)].map(([, code]) => code);
    expect(codes.length).toBeGreaterThan(20);
    const table = readme.slice(readme.indexOf('### Errors'), readme.indexOf('\n## ', readme.indexOf('### Errors')));
    expect(codes.filter((code) => !table.includes(`\`${code}\``))).toEqual([]);
  });
});
