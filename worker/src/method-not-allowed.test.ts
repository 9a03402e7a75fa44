import { describe, expect, it } from 'vitest';
import { consentEvent, createSite, postJson, request } from '../test/fixtures.js';
import { methodsAt } from './errors.js';

describe('wrong methods', () => {
  it('answers 405 with Allow on known paths, 404 elsewhere', async () => {
    await createSite('methods');
    const put = await request('/v1/sites/methods/consents', { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(consentEvent()) });
    expect(put.status).toBe(405);
    expect(put.headers.get('Allow')).toBe('POST');
    expect(await put.json()).toMatchObject({ error: { code: 'method_not_allowed' } });
    const del = await request('/v1/sites/methods/config', { method: 'DELETE' });
    expect(del.status).toBe(405);
    expect(del.headers.get('Allow')).toBe('GET');
    expect((await request('/.well-known/jwks.json', { method: 'POST', origin: null })).status).toBe(405);
    expect((await request('/v1/sites/methods/nothing', { method: 'PUT' })).status).toBe(404);
    expect((await postJson('/v1/sites/methods/consents', consentEvent())).status).toBe(201);
  });

  it('matches path parameters and literal dots exactly', () => {
    const routes = [
      { method: 'GET', path: '/.well-known/jwks.json' },
      { method: 'GET', path: '/v1/sites/:siteId/consents/:subjectId' },
      { method: 'ALL', path: '/v1/sites/:siteId/*' },
    ];
    expect(methodsAt(routes, '/.well-known/jwks.json')).toEqual(['GET']);
    expect(methodsAt(routes, '/.well-known/jwksXjson')).toEqual([]);
    expect(methodsAt(routes, '/v1/sites/a/consents/b')).toEqual(['GET']);
    expect(methodsAt(routes, '/v1/sites/a/consents/b/c')).toEqual([]);
  });
});
