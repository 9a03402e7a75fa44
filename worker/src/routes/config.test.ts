import { SiteConfigSchema } from '@novo-consent/schema';
import { describe, expect, it } from 'vitest';
import { createSite, ORIGIN, request, siteConfig } from '../../test/fixtures.js';

describe('GET /v1/sites/:siteId/config', () => {
  it('serves the latest revision, cacheable, to an allowed origin', async () => {
    await createSite('cfg-latest', [siteConfig('cfg-latest'), siteConfig('cfg-latest', { revision: 2, version: 2 })]);
    const res = await request('/v1/sites/cfg-latest/config');
    expect(res.status).toBe(200);
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe(ORIGIN);
    expect(res.headers.get('Cache-Control')).toMatch(/max-age=\d+/);
    const config = SiteConfigSchema.parse(await res.json());
    expect(config.revision).toBe(2);
    expect(config.categories.map((c) => c.id)).toEqual(['necessary', 'analytics', 'marketing']);
  });

  it('answers 304 when the ETag still matches', async () => {
    await createSite('cfg-etag');
    const first = await request('/v1/sites/cfg-etag/config');
    const etag = first.headers.get('ETag');
    expect(etag).toBeTruthy();
    const second = await request('/v1/sites/cfg-etag/config', { headers: { 'If-None-Match': etag ?? '' } });
    expect(second.status).toBe(304);
  });

  it('answers 404 JSON for an unknown or malformed site id, readable cross-origin', async () => {
    for (const id of ['no-such-site', 'BAD%20ID']) {
      const res = await request(`/v1/sites/${id}/config`);
      expect(res.status).toBe(404);
      expect(res.headers.get('Access-Control-Allow-Origin')).toBe('*');
      expect(await res.json()).toMatchObject({ error: { code: 'site_not_found' } });
    }
  });

  it('refuses an origin the site did not allow', async () => {
    await createSite('cfg-origin');
    const res = await request('/v1/sites/cfg-origin/config', { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect(res.headers.get('Access-Control-Allow-Origin')).toBeNull();
    expect(await res.json()).toMatchObject({ error: { code: 'origin_not_allowed' } });
  });

  it('answers a preflight from an allowed origin', async () => {
    await createSite('cfg-preflight');
    const res = await request('/v1/sites/cfg-preflight/consents', {
      method: 'OPTIONS',
      headers: { 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe(ORIGIN);
    expect(res.headers.get('Access-Control-Allow-Methods')).toContain('POST');
  });

  it('answers unknown routes with a JSON 404', async () => {
    const res = await request('/v1/nothing-here', { origin: null });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'not_found' } });
  });
});
