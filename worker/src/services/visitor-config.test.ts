import { CATALOGUES, type SiteConfigRecordInput, SiteConfigRecordSchema } from '@novoaigen/consent-schema';
import { describe, expect, it } from 'vitest';
import { siteConfig } from '../../test/fixtures.js';
import { REGION_GROUPS, languageCandidates, regimeFor, regionFromLocation, servedConsentMode, visitorConfig, type VisitorSignals } from './visitor-config.js';

const record = (overrides: Partial<SiteConfigRecordInput> = {}) => SiteConfigRecordSchema.parse(siteConfig('unit', overrides));
const visitor = (overrides: Partial<VisitorSignals> = {}): VisitorSignals => ({ languages: [], region: null, gpc: false, ...overrides });

const US_STATES_OPT_OUT = { regions: ['US-CA', 'US-CO'], regime: 'opt-out' as const };
const RULES = { rules: [{ regions: ['EU', 'GB'], regime: 'opt-in' as const }, US_STATES_OPT_OUT, { regions: ['BR'], regime: 'none' as const }], defaultRegime: 'opt-out' as const };

describe('languageCandidates', () => {
  it('keeps well-formed tags in order, ignores the rest, and takes at most ten', () => {
    expect(languageCandidates('de-AT, en;q=0.9,,fr , 12,pt-BR')).toEqual(['de-AT', 'fr', 'pt-BR']);
    expect(languageCandidates(undefined)).toEqual([]);
    expect(languageCandidates(Array.from({ length: 12 }, (_, i) => `x${String.fromCharCode(97 + i)}`).join(','))).toHaveLength(10);
  });
});

describe('visitorConfig: language', () => {
  it('speaks the first language the visitor prefers that the site offers', () => {
    const config = visitorConfig(record(), visitor({ languages: ['xx', 'de', 'fr'] }));
    expect(config).toMatchObject({ locale: 'de', dir: 'ltr' });
    expect(config.texts).toEqual(CATALOGUES.de);
  });

  it('matches a regional tag to its language (de-AT → de)', () => {
    expect(visitorConfig(record(), visitor({ languages: ['de-AT'] })).locale).toBe('de');
  });

  it("falls back to the config's language when nothing matches, and offers only the site's languages", () => {
    expect(visitorConfig(record({ locale: 'fr' }), visitor({ languages: ['tlh'] }))).toMatchObject({ locale: 'fr', texts: { acceptAll: CATALOGUES.fr.acceptAll } });
    expect(visitorConfig(record({ languages: ['en', 'fr'] }), visitor({ languages: ['de', 'fr'] })).locale).toBe('fr');
  });

  it('lets a forced language win over every preference', () => {
    expect(visitorConfig(record({ forceLanguage: 'it' }), visitor({ languages: ['de', 'en'] })).locale).toBe('it');
  });

  it("merges the site's words for the chosen language (exact tag, else its base language) over the catalogue", () => {
    const site = record({ messages: { en: { bannerTitle: 'Cookies?' }, de: { bannerTitle: 'Kekse?', acceptAll: 'Alle erlauben' } } });
    const german = visitorConfig(site, visitor({ languages: ['de-CH'] }));
    expect(german.texts).toEqual({ ...CATALOGUES.de, bannerTitle: 'Kekse?', acceptAll: 'Alle erlauben' });
    // The English override stays English: a French visitor gets the French catalogue.
    expect(visitorConfig(site, visitor({ languages: ['fr'] })).texts.bannerTitle).toBe(CATALOGUES.fr.bannerTitle);
  });

  it('uses the English catalogue for an offered language without one, under its own overrides', () => {
    const config = visitorConfig(record({ languages: ['en', 'ko'], messages: { ko: { acceptAll: '모두 허용' } } }), visitor({ languages: ['ko'] }));
    expect(config.texts).toEqual({ ...CATALOGUES.en, acceptAll: '모두 허용' });
  });

  it('writes Arabic and Hebrew right to left', () => {
    expect(visitorConfig(record(), visitor({ languages: ['ar-EG'] }))).toMatchObject({ locale: 'ar', dir: 'rtl', texts: CATALOGUES.ar });
    expect(visitorConfig(record(), visitor({ languages: ['he'] })).dir).toBe('rtl');
  });

  it("translates categories from their i18n, field by field, else keeps the authored words", () => {
    const site = record({
      categories: [
        { id: 'necessary', title: 'Necessary', description: 'Runs the site.', required: true, i18n: { de: { title: 'Notwendig', description: 'Betreibt die Website.' } } },
        { id: 'analytics', title: 'Analytics', description: 'Measures visits.', i18n: { de: { title: 'Statistik' } } },
      ],
    });
    expect(visitorConfig(site, visitor({ languages: ['de-DE'] })).categories.map(({ title, description }) => [title, description])).toEqual([
      ['Notwendig', 'Betreibt die Website.'],
      ['Statistik', 'Measures visits.'],
    ]);
    expect(visitorConfig(site, visitor({ languages: ['fr'] })).categories[0]).toMatchObject({ title: 'Necessary' });
  });

  it("serves none of what only the worker needs", () => {
    const site = record({
      languages: ['en', 'de'],
      messages: { de: { save: 'Speichern' } },
      regions: RULES,
      categories: [{ id: 'necessary', title: 'N', description: 'D', required: true, i18n: { de: { title: 'N' } } }],
    });
    const config = visitorConfig(site, visitor()) as unknown as Record<string, unknown>;
    for (const field of ['languages', 'forceLanguage', 'messages', 'regions']) expect(config).not.toHaveProperty(field);
    expect((config.categories as Record<string, unknown>[])[0]).not.toHaveProperty('i18n');
  });
});

describe('visitorConfig: region and regime', () => {
  it('reads the region from Cloudflare: country and subdivision, the country alone, or unknown', () => {
    expect(regionFromLocation({ country: 'US', regionCode: 'CA' })).toBe('US-CA');
    expect(regionFromLocation({ country: 'DE' })).toBe('DE');
    expect(regionFromLocation({ country: 'XX' })).toBeNull();
    expect(regionFromLocation({ country: 'T1' })).toBeNull();
    expect(regionFromLocation(undefined)).toBeNull();
  });

  it.each([
    ['US-CA', 'opt-out'], // the subdivision itself
    ['US-TX', 'opt-out'], // not listed: the default
    ['FR-IDF', 'opt-in'], // a subdivision of an EU country
    ['DE', 'opt-in'], // EU group
    ['GB', 'opt-in'], // listed country
    ['NO', 'opt-out'], // EEA, not EU: the default
    ['BR-SP', 'none'], // the country of a subdivision
  ])('%s → %s', (region, regime) => {
    expect(regimeFor(RULES, region)).toBe(regime);
  });

  it('takes the first rule that matches, and knows the EEA', () => {
    expect(regimeFor({ rules: [{ regions: ['EEA'], regime: 'opt-in' }, { regions: ['NO'], regime: 'none' }], defaultRegime: 'opt-out' }, 'NO')).toBe('opt-in');
  });

  it("asks first when the site has no rules, and applies the site's default where the region is unknown", () => {
    expect(regimeFor(undefined, 'US-CA')).toBe('opt-in');
    expect(regimeFor(RULES, null)).toBe('opt-out');
  });

  it("assumes the site's fallback region when the visitor's is unknown", () => {
    const site = record({ regions: { ...RULES, fallbackRegion: 'US-CO' } });
    expect(visitorConfig(site, visitor()).visitor).toEqual({ region: 'US-CO', regime: 'opt-out', gpc: false });
    expect(visitorConfig(site, visitor({ region: 'IT', gpc: true })).visitor).toEqual({ region: 'IT', regime: 'opt-in', gpc: true });
    expect(visitorConfig(record(), visitor()).visitor).toEqual({ region: null, regime: 'opt-in', gpc: false });
  });
});

describe('visitorConfig: Google Consent Mode', () => {
  const DENIED = {
    ad_storage: 'denied',
    ad_user_data: 'denied',
    ad_personalization: 'denied',
    analytics_storage: 'denied',
    functionality_storage: 'denied',
    personalization_storage: 'denied',
  };

  it('is left out unless the site turned it on', () => {
    expect(visitorConfig(record(), visitor())).not.toHaveProperty('consentMode');
    expect(visitorConfig(record({ consentMode: { enabled: false } }), visitor())).not.toHaveProperty('consentMode');
  });

  it('grants by default only what strictly necessary categories map to, and sets only the options that are on', () => {
    const { consentMode } = visitorConfig(record({ consentMode: { adsDataRedaction: true } }), visitor());
    expect(consentMode?.defaults).toEqual([{ ...DENIED, security_storage: 'granted', wait_for_update: 500 }]);
    expect(consentMode?.set).toEqual({ ads_data_redaction: true });
    expect(consentMode?.mapping.marketing).toEqual(['ad_storage', 'ad_user_data', 'ad_personalization']);
  });

  it('adds a default per region, with groups spelled out as the countries Google knows', () => {
    const settings = SiteConfigRecordSchema.parse(
      siteConfig('unit', {
        consentMode: {
          waitForUpdate: 800,
          mapping: { analytics: ['analytics_storage'] },
          regionDefaults: [{ regions: ['US-CA', 'EEA'], granted: ['analytics_storage'] }],
          urlPassthrough: true,
        },
      }),
    ).consentMode!;
    const served = servedConsentMode(settings, record().categories);
    // The custom mapping names no strictly necessary category: nothing is granted by default.
    expect(served.defaults[0]).toEqual({ ...DENIED, security_storage: 'denied', wait_for_update: 800 });
    expect(served.defaults[1]).toEqual({ ...DENIED, security_storage: 'denied', analytics_storage: 'granted', wait_for_update: 800, region: ['US-CA', ...REGION_GROUPS.get('EEA')!] });
    expect(served.defaults[1]?.region).toHaveLength(31);
    expect(served.set).toEqual({ url_passthrough: true });
  });
});
