import { describe, expect, it } from 'vitest';
import { admin, type AdminSite, createAdminSite, request } from '../../../test/fixtures.js';

const CATEGORIES = [
  { id: 'necessary', title: 'Necessary', description: 'Runs the site.', required: true },
  { id: 'analytics', title: 'Analytics', description: 'Measures visits.' },
  { id: 'marketing', title: 'Marketing', description: 'Offers.' },
];

const YOUTUBE = { id: 'youtube', name: 'YouTube', vendor: 'Google Ireland Limited', purpose: 'Plays embedded videos.', cookies: ['YSC'] };

const publish = (site: AdminSite, json: unknown) => admin(`/v1/admin/sites/${site.siteId}/config`, site.keys.admin, { method: 'PUT', json });

async function published(site: AdminSite, json: unknown): Promise<{ version: number; revision: number }> {
  const res = await publish(site, json);
  expect(res.status).toBe(201);
  return (await res.json()) as { version: number; revision: number };
}

describe('PUT and GET /v1/admin/sites/:siteId/config', () => {
  it('publishes every field and reads it back as published, while visitors get their own view', async () => {
    const site = await createAdminSite('Config record');
    const draft = {
      locale: 'en',
      languages: ['en', 'de'],
      refusalExpiryDays: 90,
      categories: [CATEGORIES[0], { ...CATEGORIES[2], gpcOptOut: true, services: [YOUTUBE], i18n: { de: { title: 'Werbung' } } }],
      messages: { de: { bannerTitle: 'Ihre Wahl' } },
      regions: { rules: [{ regions: ['US-CA'], regime: 'opt-out' }], fallbackRegion: 'US-CA' },
      consentMode: { adsDataRedaction: true },
    };
    expect(await published(site, draft)).toEqual(expect.objectContaining({ version: 2, revision: 2 }));

    const res = await admin(`/v1/admin/sites/${site.siteId}/config`, site.keys.viewer);
    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    const stored = (await res.json()) as { version: number; revision: number; publishedAt: string; config: Record<string, unknown> };
    expect(stored).toMatchObject({ version: 2, revision: 2, config: { ...draft, siteId: site.siteId, expiryDays: 365, regions: { defaultRegime: 'opt-in' } } });
    expect(stored.config).toMatchObject({ consentMode: { enabled: true, waitForUpdate: 500, urlPassthrough: false } });

    const visitor = (await (await request(`/v1/sites/${site.siteId}/config?lang=de`, { origin: null })).json()) as Record<string, unknown>;
    expect(visitor).toMatchObject({
      locale: 'de',
      refusalExpiryDays: 90,
      visitor: { region: 'US-CA', regime: 'opt-out' },
      texts: { bannerTitle: 'Ihre Wahl' },
      consentMode: { defaults: [{ security_storage: 'granted', ad_storage: 'denied' }], set: { ads_data_redaction: true } },
    });
    expect(visitor.categories).toMatchObject([{ id: 'necessary' }, { id: 'marketing', title: 'Werbung', gpcOptOut: true, services: [YOUTUBE] }]);
  });

  it('bumps the revision when categories change in any way, services and GPC opt-out included, and not for words or rules', async () => {
    const site = await createAdminSite('Config revisions');
    expect(await published(site, { categories: CATEGORIES })).toMatchObject({ version: 2, revision: 2 });
    const withService = CATEGORIES.map((category) => (category.id === 'marketing' ? { ...category, services: [YOUTUBE] } : category));
    expect(await published(site, { categories: withService })).toMatchObject({ version: 3, revision: 3 });
    const gpc = withService.map((category) => (category.id === 'marketing' ? { ...category, gpcOptOut: true } : category));
    expect(await published(site, { categories: gpc })).toMatchObject({ version: 4, revision: 4 });
    expect(
      await published(site, {
        categories: gpc,
        messages: { en: { acceptAll: 'Allow all' } },
        languages: ['en'],
        regions: { rules: [{ regions: ['EU'], regime: 'opt-in' }] },
        consentMode: {},
      }),
    ).toMatchObject({ version: 5, revision: 4 });
  });

  it.each([
    ['an unknown message key', { messages: { en: { bannerHeadline: 'Hi' } } }, 'messages.en'],
    ['an empty message', { messages: { de: { acceptAll: ' ' } } }, 'messages.de.acceptAll'],
    ['a malformed language tag', { messages: { 'not a tag': { acceptAll: 'OK' } } }, 'messages.not a tag'],
    ['a malformed region code', { regions: { rules: [{ regions: ['California'], regime: 'opt-out' }] } }, 'regions.rules.0.regions.0'],
    ['an unknown regime', { regions: { rules: [{ regions: ['US-CA'], regime: 'maybe' }] } }, 'regions.rules.0.regime'],
    ['a bad fallback region', { regions: { fallbackRegion: 'de' } }, 'regions.fallbackRegion'],
    ['an unknown Consent Mode key', { consentMode: { mapping: { analytics: ['analytics_cookies'] } } }, 'consentMode.mapping.analytics.0'],
    ['a service without a vendor', { categories: [{ ...CATEGORIES[0], services: [{ id: 'x', name: 'X', purpose: 'P' }] }] }, 'categories.0.services.0.vendor'],
  ])('refuses %s with the failing field', async (_name, change, path) => {
    const site = await createAdminSite('Config invalid');
    const res = await publish(site, { categories: CATEGORIES, ...change });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; issues: { path: string }[] } };
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.issues.map((issue) => issue.path)).toContain(path);
    expect((await (await admin(`/v1/admin/sites/${site.siteId}/config`, site.keys.viewer)).json()) as { version: number }).toMatchObject({ version: 1 });
  });
});
