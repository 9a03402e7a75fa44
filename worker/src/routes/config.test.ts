import { env } from 'cloudflare:test';
import { CATALOGUES, type SiteConfig, SiteConfigSchema } from '@novoaigen/consent-schema';
import { describe, expect, it } from 'vitest';
import { admin, createAdminSite, createSite, ORIGIN, request, siteConfig } from '../../test/fixtures.js';
import { configCacheKey } from './config.js';

const REGIONS = {
  rules: [
    { regions: ['EU', 'EEA', 'GB', 'CH'], regime: 'opt-in' as const },
    { regions: ['US-CA', 'US-CO'], regime: 'opt-out' as const },
  ],
  defaultRegime: 'none' as const,
  fallbackRegion: 'DE',
};

async function visitorConfig(path: string, init: Parameters<typeof request>[1] = {}): Promise<SiteConfig> {
  const res = await request(path, init);
  expect(res.status).toBe(200);
  return SiteConfigSchema.parse(await res.json()) as SiteConfig;
}

describe('GET /v1/sites/:siteId/config', () => {
  it('serves the latest revision, cacheable, to an allowed origin', async () => {
    await createSite('cfg-latest', [siteConfig('cfg-latest'), siteConfig('cfg-latest', { revision: 2, version: 2 })]);
    const res = await request('/v1/sites/cfg-latest/config');
    expect(res.status).toBe(200);
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe(ORIGIN);
    expect(res.headers.get('Cache-Control')).toBe('private, max-age=86400');
    expect(res.headers.get('Vary')).toMatch(/Origin/);
    expect(res.headers.get('Vary')).toMatch(/Sec-GPC/);
    const config = SiteConfigSchema.parse(await res.json());
    expect(config.revision).toBe(2);
    expect(config.categories.map((c) => c.id)).toEqual(['necessary', 'analytics', 'marketing']);
    expect(config).toMatchObject({ locale: 'en', dir: 'ltr', texts: CATALOGUES.en, visitor: { region: null, regime: 'opt-in', gpc: false } });
  });

  it('keeps each variant (language, region, GPC) at the edge for a minute, so a burst of views builds it once', async () => {
    await createSite('cfg-edge');
    const edge = { bindings: { CONFIG_EDGE_TTL_SECONDS: '60' } };
    const first = await request('/v1/sites/cfg-edge/config?lang=de', edge);
    expect(first.headers.get('X-Edge-Cache')).toBe('miss');
    const again = await request('/v1/sites/cfg-edge/config?lang=de', edge);
    expect(again.headers.get('X-Edge-Cache')).toBe('hit');
    expect(again.headers.get('Content-Language')).toBe('de');
    expect(again.headers.get('Access-Control-Allow-Origin')).toBe(ORIGIN);
    expect(again.headers.get('ETag')).toBe(first.headers.get('ETag'));
    expect(await again.json()).toEqual(await first.json());
    // Another variant is built for itself: the answers differ by language and by GPC.
    expect((await request('/v1/sites/cfg-edge/config?lang=fr', edge)).headers.get('X-Edge-Cache')).toBe('miss');
    expect((await request('/v1/sites/cfg-edge/config?lang=de', { ...edge, headers: { 'Sec-GPC': '1' } })).headers.get('X-Edge-Cache')).toBe('miss');
    // Off when the TTL is 0.
    expect((await request('/v1/sites/cfg-edge/config?lang=de', { bindings: { CONFIG_EDGE_TTL_SECONDS: '0' } })).headers.get('X-Edge-Cache')).toBe('miss');
  });

  it('keys a variant by the language served, so any lang that comes to it shares one entry', () => {
    const key = (lang: string | undefined, offer: Parameters<typeof configCacheKey>[1] = { locale: 'en', languages: ['en', 'de'] }) =>
      configCacheKey('cfg-key', offer, lang, 'DE', false).url;
    expect(key('xx-Unknown')).toBe(key(undefined));
    expect(key('qq,zz-ZZ,not a tag')).toBe(key('en'));
    expect(key('de-AT')).toBe(key('DE'));
    expect(key('fr,de')).toBe(key('de'));
    expect(key('de')).not.toBe(key('en'));
    expect(key('de', { locale: 'en', forceLanguage: 'fr' })).toBe(key('ja', { locale: 'en', forceLanguage: 'fr' }));
    expect(configCacheKey('cfg-key', { locale: 'en' }, 'en', 'DE', true).url).not.toBe(key('en'));
  });

  it('answers made-up languages from one edge entry, without reading the database again', async () => {
    await createSite('cfg-edge-lang', [siteConfig('cfg-edge-lang', { languages: ['en', 'de'] })]);
    let configReads = 0;
    const counting = new Proxy(env.DB, {
      get(db, key) {
        if (key !== 'prepare') return Reflect.get(db, key, db);
        return (sql: string) => {
          if (sql.includes('site_config_versions') || sql.includes('notice')) configReads += 1;
          return db.prepare(sql);
        };
      },
    });
    const edge = { bindings: { CONFIG_EDGE_TTL_SECONDS: '60', DB: counting } };
    const first = await request('/v1/sites/cfg-edge-lang/config?lang=xx-random1', edge);
    expect(first.headers.get('X-Edge-Cache')).toBe('miss');
    const readsForOneBuild = configReads;
    expect(readsForOneBuild).toBeGreaterThan(0);
    for (const lang of ['qq-random2', 'zz', 'en-GB', 'en']) {
      const res = await request(`/v1/sites/cfg-edge-lang/config?lang=${lang}`, edge);
      expect(res.headers.get('X-Edge-Cache'), lang).toBe('hit');
      expect(res.headers.get('Content-Language')).toBe('en');
    }
    expect(configReads).toBe(readsForOneBuild);
    expect((await request('/v1/sites/cfg-edge-lang/config?lang=de-CH', edge)).headers.get('Content-Language')).toBe('de');
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

  it('refuses an origin the site did not allow, readably for it (the SDK reports why) but with nothing of the site', async () => {
    await createSite('cfg-origin');
    const res = await request('/v1/sites/cfg-origin/config', { origin: 'http://localhost:5173' });
    expect(res.status).toBe(403);
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('http://localhost:5173');
    expect(res.headers.get('Access-Control-Allow-Credentials')).toBeNull();
    expect(res.headers.get('Vary')).toMatch(/Origin/);
    expect(await res.json()).toEqual({
      error: {
        code: 'origin_not_allowed',
        message:
          'Origin http://localhost:5173 is not allowed for site cfg-origin: add it with `npm run site -- update cfg-origin --origin http://localhost:5173 --origin …` ' +
          '(name every origin to keep: the list is replaced) or PATCH /v1/admin/sites/cfg-origin with "origins".',
      },
    });
  });

  it('fails the preflight of a refused origin, so its browser never sends the write', async () => {
    await createSite('cfg-origin-write');
    const res = await request('/v1/sites/cfg-origin-write/consents', {
      method: 'OPTIONS',
      origin: 'https://evil.example',
      headers: { 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('Access-Control-Allow-Methods')).toBeNull();
    expect(res.headers.get('Access-Control-Allow-Headers')).toBeNull();
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

describe('GET /v1/sites/:siteId/config for one visitor', () => {
  it("speaks the visitor's language: German texts for de and de-AT, the site's language for an unknown one", async () => {
    await createSite('cfg-lang', [siteConfig('cfg-lang', { messages: { de: { bannerTitle: 'Ihre Wahl' } } })]);
    const german = await request('/v1/sites/cfg-lang/config?lang=de');
    expect(german.headers.get('Content-Language')).toBe('de');
    expect(await german.json()).toMatchObject({ locale: 'de', dir: 'ltr', texts: { ...CATALOGUES.de, bannerTitle: 'Ihre Wahl' } });
    expect(await visitorConfig(`/v1/sites/cfg-lang/config?lang=${encodeURIComponent('de-AT,en-US')}`)).toMatchObject({ locale: 'de' });
    expect(await visitorConfig('/v1/sites/cfg-lang/config?lang=tlh,not_a_tag')).toMatchObject({ locale: 'en', texts: CATALOGUES.en });
  });

  it('lets a forced language win, writes Arabic right to left, and translates categories', async () => {
    await createSite('cfg-force', [siteConfig('cfg-force', { forceLanguage: 'fr' })]);
    expect(await visitorConfig('/v1/sites/cfg-force/config?lang=de')).toMatchObject({ locale: 'fr', texts: { acceptAll: CATALOGUES.fr.acceptAll } });

    const categories = siteConfig('cfg-ar').categories.map((category) => ({ ...category, i18n: { ar: { title: `${category.title} (ar)` } } }));
    await createSite('cfg-ar', [siteConfig('cfg-ar', { categories })]);
    const arabic = await visitorConfig('/v1/sites/cfg-ar/config?lang=ar-EG');
    expect(arabic).toMatchObject({ locale: 'ar', dir: 'rtl', texts: CATALOGUES.ar });
    expect(arabic.categories.map((c) => c.title)).toEqual(['Necessary (ar)', 'Analytics (ar)', 'Marketing (ar)']);
    expect(arabic.categories[0]).not.toHaveProperty('i18n');
  });

  it("reads the region from Cloudflare's location in production", async () => {
    await createSite('cfg-cf', [siteConfig('cfg-cf', { regions: REGIONS })]);
    const production = { bindings: { ENVIRONMENT: 'production' } };
    const at = async (cf: object | undefined) => (await visitorConfig('/v1/sites/cfg-cf/config', { ...production, cf } as RequestInit)).visitor;
    expect(await at({ country: 'US', regionCode: 'CA' })).toEqual({ region: 'US-CA', regime: 'opt-out', gpc: false });
    expect(await at({ country: 'US', regionCode: 'NY' })).toEqual({ region: 'US-NY', regime: 'none', gpc: false });
    expect(await at({ country: 'AT' })).toEqual({ region: 'AT', regime: 'opt-in', gpc: false });
    expect(await at({ country: 'IS' })).toEqual({ region: 'IS', regime: 'opt-in', gpc: false });
    expect(await at(undefined)).toEqual({ region: 'DE', regime: 'opt-in', gpc: false });
    // Production ignores a region asked for in the query.
    expect((await visitorConfig('/v1/sites/cfg-cf/config?region=US-CA', { ...production, cf: { country: 'FR' } } as RequestInit)).visitor?.region).toBe('FR');
  });

  it('takes the region from the query in development, where the location is a placeholder, else the fallback', async () => {
    await createSite('cfg-dev', [siteConfig('cfg-dev', { regions: REGIONS })]);
    const placeholder = { cf: { country: 'US', regionCode: 'TX' } } as RequestInit;
    expect((await visitorConfig('/v1/sites/cfg-dev/config?region=US-CA', placeholder)).visitor).toEqual({ region: 'US-CA', regime: 'opt-out', gpc: false });
    expect((await visitorConfig('/v1/sites/cfg-dev/config', placeholder)).visitor).toEqual({ region: 'DE', regime: 'opt-in', gpc: false });
  });

  it('tells the SDK the browser sent Global Privacy Control', async () => {
    await createSite('cfg-gpc');
    expect((await visitorConfig('/v1/sites/cfg-gpc/config', { headers: { 'Sec-GPC': '1' } })).visitor?.gpc).toBe(true);
    expect((await visitorConfig('/v1/sites/cfg-gpc/config', { headers: { 'Sec-GPC': '0' } })).visitor?.gpc).toBe(false);
  });

  it('refuses a malformed query with the failing fields, and ignores parameters it does not know (cache busters, campaign tags)', async () => {
    await createSite('cfg-query');
    const res = await request('/v1/sites/cfg-query/config?region=us-ca&utm=1');
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; issues: { path: string }[] } };
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.issues.map((issue) => issue.path)).toEqual(['region']);
    expect((await request('/v1/sites/cfg-query/config?lang=de&v=123')).status).toBe(200);
  });

  it("serves the notice in the visitor's language, else in the site's", async () => {
    const site = await createAdminSite('Config notice');
    const publish = (locale: string, lastUpdated: string) =>
      admin(`/v1/admin/sites/${site.siteId}/notices/${locale}`, site.keys.admin, {
        method: 'PUT',
        json: { document: { title: 'Notice', lastUpdated, sections: [{ id: 'a', heading: 'A', blocks: [] }] } },
      });
    await publish('en', '2026-01-01');
    await publish('de', '2026-02-01');
    await publish('de', '2026-03-01');
    expect((await visitorConfig(`/v1/sites/${site.siteId}/config?lang=de`)).notice).toMatchObject({ version: 2, lastUpdated: '2026-03-01' });
    expect((await visitorConfig(`/v1/sites/${site.siteId}/config?lang=fr`)).notice).toMatchObject({ version: 1, lastUpdated: '2026-01-01' });
  });

  it('reads versions published with the former `texts` as messages of their language', async () => {
    await createSite('cfg-legacy', []);
    await env.DB.prepare('INSERT INTO site_config_versions (site_id, version, revision, config) VALUES (?, 1, 1, ?)')
      .bind('cfg-legacy', JSON.stringify({ ...siteConfig('cfg-legacy'), locale: 'de', texts: { bannerTitle: 'Ihre Privatsphäre' } }))
      .run();
    expect(await visitorConfig('/v1/sites/cfg-legacy/config?lang=de')).toMatchObject({ texts: { bannerTitle: 'Ihre Privatsphäre', save: CATALOGUES.de.save } });
    expect((await visitorConfig('/v1/sites/cfg-legacy/config?lang=en')).texts.bannerTitle).toBe(CATALOGUES.en.bannerTitle);
  });
});

describe('GET /.well-known/gpc.json', () => {
  it('says that Global Privacy Control is honoured, cacheable, to any origin', async () => {
    const res = await request('/.well-known/gpc.json', { origin: null });
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toMatch(/^application\/json/);
    expect(res.headers.get('Cache-Control')).toMatch(/public, max-age=\d+/);
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('*');
    expect(await res.json()).toEqual({ gpc: true, lastUpdate: '2026-11-25' });
  });
});
