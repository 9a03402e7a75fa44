import { env } from 'cloudflare:test';
import { type SiteConfig, SiteConfigSchema } from '@novoaigen/consent-schema';
import { describe, expect, it } from 'vitest';
import { request } from './fixtures.js';

const DEMO_ORIGIN = 'http://localhost:8080';

async function demoConfig(query = ''): Promise<SiteConfig> {
  const res = await request(`/v1/sites/demo/config${query}`, { origin: DEMO_ORIGIN });
  expect(res.status).toBe(200);
  return SiteConfigSchema.parse(await res.json()) as SiteConfig;
}

describe('the demo seed (worker/seed/demo.sql)', () => {
  it('is idempotent and publishes a config every visitor view of which is valid', async () => {
    const seed = () => env.DB.batch(env.TEST_DEMO_SEED.map((statement) => env.DB.prepare(statement)));
    await seed();
    await seed();
    const versions = await env.DB.prepare(`SELECT COUNT(*) AS n FROM site_config_versions WHERE site_id = 'demo'`).first<{ n: number }>();
    expect(versions?.n).toBe(1);

    // Local development has no location: the fallback region, Germany, asks first.
    const english = await demoConfig();
    expect(english).toMatchObject({ locale: 'en', revision: 1, visitor: { region: 'DE', regime: 'opt-in', gpc: false }, texts: { bannerTitle: 'Your privacy choices' } });
    expect(english.consentMode).toMatchObject({ defaults: [{ security_storage: 'granted', analytics_storage: 'denied', wait_for_update: 500 }], set: { ads_data_redaction: true } });
    const marketing = english.categories.find((category) => category.id === 'marketing');
    expect(marketing).toMatchObject({ gpcOptOut: true, services: [{ id: 'youtube', vendor: 'Google Ireland Limited', cookies: ['YSC', 'VISITOR_INFO1_LIVE'] }] });
    expect(english.categories.find((category) => category.id === 'analytics')?.services).toMatchObject([{ name: 'Demo Analytics', cookies: ['_demo_analytics'], retention: '13 months' }]);

    const german = await demoConfig('?lang=de-DE');
    expect(german.categories.map((category) => category.title)).toEqual(['Unbedingt erforderlich', 'Statistik', 'Marketing']);
    expect(german.texts.bannerTitle).not.toBe('Your privacy choices');
    expect(await demoConfig('?lang=ar')).toMatchObject({ dir: 'rtl', categories: [{ title: 'ضرورية للغاية' }, { title: 'التحليلات' }, { title: 'التسويق' }] });

    expect((await demoConfig('?region=US-CA')).visitor).toMatchObject({ region: 'US-CA', regime: 'opt-out' });
    expect((await demoConfig('?region=FR')).visitor).toMatchObject({ regime: 'opt-in' });
    expect((await demoConfig('?region=JP')).visitor).toMatchObject({ regime: 'opt-in' });
  });
});
