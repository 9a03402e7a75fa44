import {
  CATALOGUES,
  type ConsentModeCommand,
  type ConsentModeSettings,
  type ConsentRegime,
  GOOGLE_CONSENT_KEYS,
  type GoogleConsentKey,
  LocaleSchema,
  type Messages,
  negotiateLocale,
  type PublicCategory,
  RegionCodeSchema,
  type RegionRules,
  type ServedConsentMode,
  type SiteConfig,
  type SiteConfigRecord,
  SUPPORTED_LOCALES,
  textDirection,
} from '@novoaigen/consent-schema';
import { canonicalJson, sha256Hex } from '../security/hashing.js';
import * as z from 'zod/mini';

/** A browser lists a handful of languages; beyond ten, the rest would never be chosen anyway. */
const MAX_LANGUAGE_CANDIDATES = 10;

/** Query of `GET /v1/sites/:siteId/config`. */
export const ConfigQuerySchema = z.object({
  lang: z.optional(
    z
      .string()
      .check(
        z.maxLength(2000),
        z.describe("The visitor's language tags, most preferred first, comma-separated (the page's `lang`, then `navigator.languages`). Malformed tags are ignored; at most 10 count."),
      ),
  ),
  region: z.optional(
    RegionCodeSchema.check(z.describe('Development only (`ENVIRONMENT=development`): the region to assume for the visitor, such as `US-CA` or `DE`. Ignored elsewhere.')),
  ),
});

/** What the worker knows about the visitor asking for the config. */
export interface VisitorSignals {
  /** Language tags, most preferred first. */
  languages: readonly string[];
  /** Where the request came from, or null when unknown. */
  region: string | null;
  /** Whether the browser sent Global Privacy Control. */
  gpc: boolean;
}

/** The well-formed tags of a `lang` query, in order, at most ten. */
export function languageCandidates(lang: string | undefined): string[] {
  return (lang ?? '')
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => LocaleSchema.safeParse(tag).success)
    .slice(0, MAX_LANGUAGE_CANDIDATES);
}

/** Whether a request carries the Global Privacy Control signal (`Sec-GPC: 1`). */
export function sendsGpc(header: string | undefined): boolean {
  return header?.trim() === '1';
}

/** The location Cloudflare adds to a request (`request.cf`), as far as regions go. */
export interface RequestLocation {
  country?: string;
  regionCode?: string;
}

/**
 * The visitor's region from Cloudflare's location: `US-CA` (country and ISO 3166-2 subdivision),
 * the country alone when there is no subdivision, or null when the country is unknown (`XX`) or not
 * a country (`T1`, Tor).
 */
export function regionFromLocation(location: RequestLocation | undefined): string | null {
  const country = location?.country?.toUpperCase();
  if (!country || country === 'XX') return null;
  const subdivision = location?.regionCode ? `${country}-${location.regionCode.toUpperCase()}` : null;
  return [subdivision, country].find((code): code is string => code !== null && RegionCodeSchema.safeParse(code).success) ?? null;
}

const EU_MEMBER_STATES = ['AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU', 'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK'];

/** The groups a region rule may name instead of listing countries: the EU's 27, and the EEA (EU, Iceland, Liechtenstein, Norway). */
export const REGION_GROUPS: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['EU', new Set(EU_MEMBER_STATES)],
  ['EEA', new Set([...EU_MEMBER_STATES, 'IS', 'LI', 'NO'])],
]);

/**
 * The regime for a region: the first rule that names the region itself, its country (`US` for
 * `US-CA`), or a group holding its country; else the default. Without rules every visitor is asked
 * first, the safe choice.
 */
export function regimeFor(rules: RegionRules | undefined, region: string | null): ConsentRegime {
  if (!rules) return 'opt-in';
  if (region !== null) {
    const country = region.split('-')[0]!;
    const rule = rules.rules.find(({ regions }) => regions.some((code) => code === region || code === country || REGION_GROUPS.get(code)?.has(country)));
    if (rule) return rule.regime;
  }
  return rules.defaultRegime;
}

/** The entry for a language tag: the exact tag (in any case), else its base language (`de` for `de-AT`). */
function forLocale<T>(byLocale: Readonly<Record<string, T>> | undefined, locale: string): T | undefined {
  const entries = Object.entries(byLocale ?? {});
  const wanted = locale.toLowerCase();
  const base = wanted.split('-')[0];
  return (entries.find(([tag]) => tag.toLowerCase() === wanted) ?? entries.find(([tag]) => tag.toLowerCase() === base))?.[1];
}

/**
 * The language to serve: the site's forced language; else the first of the visitor's languages
 * the site offers (every shipped language unless it lists its own); else the config's language.
 */
/** What choosing a visitor's language needs from a config. */
export type LanguageOffer = Pick<SiteConfigRecord, 'forceLanguage' | 'languages' | 'locale'>;

export function visitorLocale(record: LanguageOffer, candidates: readonly string[]): string {
  return record.forceLanguage ?? negotiateLocale(candidates, record.languages ?? SUPPORTED_LOCALES) ?? record.locale;
}

/** Every message in `locale`: the shipped catalogue (English when there is none), with the site's own words for that language over it. */
function messagesIn(record: Pick<SiteConfigRecord, 'messages'>, locale: string): Messages {
  const catalogue: Messages = forLocale<Messages>(CATALOGUES, locale) ?? CATALOGUES.en;
  return { ...catalogue, ...forLocale(record.messages, locale) };
}

function publicCategory(category: SiteConfigRecord['categories'][number], locale: string): PublicCategory {
  const translation = forLocale(category.i18n, locale);
  return {
    id: category.id,
    title: translation?.title ?? category.title,
    description: translation?.description ?? category.description,
    required: category.required,
    cookies: category.cookies,
    gpcOptOut: category.gpcOptOut,
    services: category.services,
  };
}

/** Google reads ISO 3166 codes only: a group becomes its countries. */
function googleRegions(regions: readonly string[]): string[] {
  return [...new Set(regions.flatMap((code) => [...(REGION_GROUPS.get(code) ?? [code])]))];
}

/**
 * The Google Consent Mode commands for the site, worked out here so the browser only passes them
 * on: a general default (only what strictly necessary categories map to is granted, until the
 * visitor's state arrives), one default per region that grants more, and the `set` commands of
 * the options that are on.
 */
export function servedConsentMode(settings: ConsentModeSettings, categories: SiteConfigRecord['categories']): ServedConsentMode & { defaults: ConsentModeCommand[] } {
  const required = new Set(categories.filter((category) => category.required).map((category) => category.id));
  const alwaysGranted = new Set(Object.entries(settings.mapping).flatMap(([category, keys]) => (required.has(category) ? keys : [])));
  const command = (granted: (key: GoogleConsentKey) => boolean): ConsentModeCommand => ({
    ...Object.fromEntries(GOOGLE_CONSENT_KEYS.map((key) => [key, granted(key) ? 'granted' : 'denied'])),
    wait_for_update: settings.waitForUpdate,
  });
  return {
    defaults: [
      command((key) => alwaysGranted.has(key)),
      ...settings.regionDefaults.map(({ regions, granted }) => ({
        ...command((key) => alwaysGranted.has(key) || granted.includes(key)),
        region: googleRegions(regions),
      })),
    ],
    set: {
      ...(settings.adsDataRedaction ? { ads_data_redaction: true } : {}),
      ...(settings.urlPassthrough ? { url_passthrough: true } : {}),
    },
    mapping: settings.mapping,
  };
}

/**
 * The words a visitor reads in `locale`: the messages (the site's over the shipped catalogue) and
 * the categories with their translations. Recorded by hash with every decision (the catalogues
 * ship with the code, not with the config) and rebuilt in proofs of consent.
 */
export function shownWording(record: SiteConfigRecord, locale: string): Pick<SiteConfig, 'locale' | 'texts' | 'categories'> {
  return { locale, texts: messagesIn(record, locale), categories: record.categories.map((category) => publicCategory(category, locale)) };
}

/** The fingerprint (SHA-256 hex) of a wording from shownWording. */
export function wordingHash(wording: ReturnType<typeof shownWording>): Promise<string> {
  return sha256Hex(canonicalJson(wording));
}

/**
 * The config one visitor receives, from the config as published: in their language, with the
 * regime of their region (the site's fallback region when theirs is unknown) and the Consent Mode
 * commands when the site turned them on. What only the worker needs (the offered languages, the
 * other languages' words, the region rules) stays out. The caller adds the privacy notice in brief.
 */
export function visitorConfig(record: SiteConfigRecord, visitor: VisitorSignals): SiteConfig {
  const locale = visitorLocale(record, visitor.languages);
  const region = visitor.region ?? record.regions?.fallbackRegion ?? null;
  return {
    siteId: record.siteId,
    revision: record.revision,
    version: record.version,
    expiryDays: record.expiryDays,
    refusalExpiryDays: record.refusalExpiryDays,
    ...shownWording(record, locale),
    dir: textDirection(locale),
    ...(record.noticeUrl === undefined ? {} : { noticeUrl: record.noticeUrl }),
    ...(record.consentMode?.enabled ? { consentMode: servedConsentMode(record.consentMode, record.categories) } : {}),
    visitor: { region, regime: regimeFor(record.regions, region), gpc: visitor.gpc },
  };
}
