import * as z from 'zod/mini';
import { type ConsentModeCommand, DEFAULT_CONSENT_MODE_MAPPING, GOOGLE_CONSENT_KEYS } from './consent-mode-mapping.js';
import { MESSAGE_KEYS, type Messages } from './messages/catalogue.js';
import { CategoryIdSchema, HttpUrlSchema, LocaleSchema, SiteIdSchema, textSchema } from './primitives.js';

/**
 * A cookie a category sets, by exact name or by prefix with a trailing `*` (`_ga*`).
 * Used to delete them when the visitor withdraws the category.
 */
export const CookiePatternSchema = z.string().check(z.regex(/^[!#$%&'+.^_`|~0-9A-Za-z-]{1,128}\*?$/, 'must be a cookie name, optionally ending in `*`'));

/** A third-party service a category covers, as the preferences dialog and embed placeholders name it. */
export const ServiceSchema = z.object({
  /** Referenced by `<iframe data-service="…">`. */
  id: CategoryIdSchema,
  name: textSchema(80),
  vendor: textSchema(120),
  purpose: textSchema(500),
  cookies: z._default(z.array(CookiePatternSchema).check(z.maxLength(50)), []),
  /** How long the service keeps what it collects, in words ("2 years"). */
  retention: z.optional(textSchema(120)),
  privacyPolicyUrl: z.optional(HttpUrlSchema),
});

/** A category's title and description in another language. */
const CategoryTranslationSchema = z.partial(z.object({ title: textSchema(80), description: textSchema(1000) }));

/** One purpose a visitor can grant or deny. */
export const CategorySchema = z.object({
  id: CategoryIdSchema,
  title: textSchema(80),
  description: textSchema(1000),
  /** Strictly necessary: always on, shown locked. */
  required: z._default(z.boolean(), false),
  cookies: z._default(z.array(CookiePatternSchema).check(z.maxLength(50)), []),
  /**
   * Denied without asking when the browser sends Global Privacy Control (the "sale or sharing" of
   * personal information under US state laws); the visitor may still grant it explicitly.
   */
  gpcOptOut: z._default(z.boolean(), false),
  services: z._default(z.array(ServiceSchema).check(z.maxLength(30)), []),
  /** Title and description per language tag, for visitors served in another language than the config's. */
  i18n: z.optional(z.record(LocaleSchema, CategoryTranslationSchema)),
});

/** Any subset of the SDK's messages, to use instead of the shipped catalogue's words. */
export const MessageOverridesSchema = z.partial(
  z.strictObject(Object.fromEntries(MESSAGE_KEYS.map((key) => [key, textSchema(1000)])) as Record<keyof Messages, ReturnType<typeof textSchema>>),
);

/**
 * Where a visitor is: a country (`DE`, ISO 3166-1), a subdivision (`US-CA`, ISO 3166-2), or one of
 * the groups `EU`, `EEA`.
 */
export const RegionCodeSchema = z.string().check(z.regex(/^[A-Z]{2,3}(-[A-Z0-9]{1,3})?$/, 'must be a region code such as `DE`, `US-CA`, `EU` or `EEA`'));

/**
 * How the SDK treats a visitor: `opt-in` asks before anything optional runs (GDPR, ePrivacy);
 * `opt-out` runs optional categories until the visitor opts out and shows a notice with a
 * "Do Not Sell or Share" link (US state laws); `none` shows nothing unasked.
 */
export const ConsentRegimeSchema = z.enum(['opt-in', 'opt-out', 'none']);

/** Which regime applies where. The first rule naming the visitor's region (or its country, or its group) wins. */
export const RegionRulesSchema = z.object({
  rules: z._default(
    z.array(z.object({ regions: z.array(RegionCodeSchema).check(z.minLength(1), z.maxLength(100)), regime: ConsentRegimeSchema })).check(z.maxLength(20)),
    [],
  ),
  /** The regime where no rule matches (and where the region is unknown). */
  defaultRegime: z._default(ConsentRegimeSchema, 'opt-in'),
  /** Assumed when the request carries no location (local development, some proxies). */
  fallbackRegion: z.optional(RegionCodeSchema),
});

/** A Google Consent Mode v2 key. */
export const GoogleConsentKeySchema = z.enum(GOOGLE_CONSENT_KEYS);


/** Google Consent Mode v2: what the SDK tells Google tags (gtag.js, GA4, Ads) before and after a choice. */
export const ConsentModeSchema = z.object({
  enabled: z._default(z.boolean(), true),
  /** How long Google tags wait for the visitor's choice before sending, in milliseconds. */
  waitForUpdate: z._default(z.int().check(z.gte(0), z.lte(10_000)), 500),
  mapping: z._default(z.record(CategoryIdSchema, z.array(GoogleConsentKeySchema)), DEFAULT_CONSENT_MODE_MAPPING),
  /** Defaults that differ per region (Google applies them by its own geolocation): the keys granted there before any choice. */
  regionDefaults: z._default(
    z.array(z.object({ regions: z.array(RegionCodeSchema).check(z.minLength(1)), granted: z.array(GoogleConsentKeySchema) })).check(z.maxLength(20)),
    [],
  ),
  /** Redact ad click identifiers while `ad_storage` is denied. */
  adsDataRedaction: z._default(z.boolean(), false),
  /** Pass click information through URLs while cookies are denied. */
  urlPassthrough: z._default(z.boolean(), false),
});

const ConsentModeCommandSchema = z.record(z.string(), z.union([z.enum(['granted', 'denied']), z.int(), z.array(z.string())]));

/**
 * Consent Mode as a visitor's browser receives it: the worker works out the commands from the
 * site's settings, so the browser only passes them on.
 */
export const ServedConsentModeSchema = z.object({
  /** Parameters of `gtag('consent', 'default', …)`: the general one first, then one per `regionDefaults` entry. */
  defaults: z.array(ConsentModeCommandSchema).check(z.minLength(1)),
  /** `gtag('set', name, value)`: `ads_data_redaction`, `url_passthrough` when on. */
  set: z.record(z.string(), z.boolean()),
  mapping: z.record(CategoryIdSchema, z.array(GoogleConsentKeySchema)),
});

/** Default consent lifetime: 12 months. */
export const DEFAULT_EXPIRY_DAYS = 365;
/** Default lifetime of a refusal: 6 months, as the CNIL recommends before asking again. */
export const DEFAULT_REFUSAL_EXPIRY_DAYS = 182;

const lifetimeDays = (fallback: number) => z._default(z.int().check(z.gte(1), z.lte(395)), fallback);

/** The parts of a site's config its operator writes (`PUT /v1/admin/sites/:siteId/config`). */
const configContent = {
  /** How long a choice that grants something stays valid, in days (at most 13 months, as regulators advise). */
  expiryDays: lifetimeDays(DEFAULT_EXPIRY_DAYS),
  /** How long a choice that refuses something stays valid before the visitor is asked again, in days. */
  refusalExpiryDays: lifetimeDays(DEFAULT_REFUSAL_EXPIRY_DAYS),
  /** The language the config's own texts are written in, and the one used when no visitor language is offered. */
  locale: z._default(LocaleSchema, 'en'),
  /** The languages the SDK may speak on this site; every shipped language when left out. */
  languages: z.optional(z.array(LocaleSchema).check(z.minLength(1), z.maxLength(50))),
  /** Always speak this language, whatever the page or browser prefer. */
  forceLanguage: z.optional(LocaleSchema),
  noticeUrl: z.optional(HttpUrlSchema),
  categories: z.array(CategorySchema).check(
    z.minLength(1),
    z.maxLength(20),
    z.refine((categories) => new Set(categories.map((c) => c.id)).size === categories.length, 'category ids must be unique'),
  ),
  /** The site's own words per language tag, instead of the shipped catalogue's (any subset of messages). */
  messages: z._default(z.record(LocaleSchema, MessageOverridesSchema), {}),
  regions: z.optional(RegionRulesSchema),
  consentMode: z.optional(ConsentModeSchema),
};

/** A site's config as published and stored (`GET /v1/admin/sites/:siteId/config`). */
export const SiteConfigRecordSchema = z.object({
  siteId: SiteIdSchema,
  /** Bumped when a change needs new consent; stored choices of an older revision are no longer valid. */
  revision: z.int().check(z.gte(1)),
  /** Bumped by every publish; identifies the exact texts a visitor saw. */
  version: z.int().check(z.gte(1)),
  ...configContent,
});

/**
 * A config as an operator publishes it. The worker assigns `version`, and bumps `revision` when the
 * categories change or when `requiresNewConsent` is true.
 */
export const SiteConfigDraftSchema = z.strictObject({
  ...configContent,
  requiresNewConsent: z.optional(z.boolean()),
});

/** A category as one visitor sees it: in their language. */
export const PublicCategorySchema = z.object({
  id: CategoryIdSchema,
  title: z.string(),
  description: z.string(),
  required: z.boolean(),
  cookies: z.array(z.string()),
  gpcOptOut: z.boolean(),
  services: z.array(ServiceSchema),
});

/** What the worker decided about the visitor who asked for the config. */
export const VisitorContextSchema = z.object({
  /** Where the visitor is (`US-CA`, `DE`), or null when unknown. */
  region: z.nullable(RegionCodeSchema),
  regime: ConsentRegimeSchema,
  /** Whether the request carried `Sec-GPC: 1`. */
  gpc: z.boolean(),
});

/**
 * The configuration of one site for one visitor, as `GET /v1/sites/:siteId/config` serves it:
 * in the visitor's language, with the regime of their region.
 */
export const SiteConfigSchema = z.object({
  siteId: SiteIdSchema,
  revision: z.int().check(z.gte(1)),
  version: z.int().check(z.gte(1)),
  expiryDays: z.int(),
  refusalExpiryDays: z.int(),
  /** The language chosen for this visitor. */
  locale: LocaleSchema,
  dir: z.enum(['ltr', 'rtl']),
  noticeUrl: z.optional(HttpUrlSchema),
  categories: z.array(PublicCategorySchema),
  /** Every message of the SDK in `locale`, the site's own words included. */
  texts: z.record(z.string(), z.string()),
  /** Present when the site enables Google Consent Mode. */
  consentMode: z.optional(ServedConsentModeSchema),
  visitor: z.optional(VisitorContextSchema),
  /** The site's current privacy notice in `locale`, in brief. */
  notice: z.optional(
    z.object({
      version: z.int(),
      lastUpdated: z.string(),
      /** When the last material change was published; visitors asked again are told so. */
      materialChangeAt: z.nullable(z.string()),
    }),
  ),
});

export type Category = z.output<typeof CategorySchema>;
export type Service = z.output<typeof ServiceSchema>;
export type PublicCategory = z.output<typeof PublicCategorySchema>;
export type ConsentRegime = z.output<typeof ConsentRegimeSchema>;
export type RegionRules = z.output<typeof RegionRulesSchema>;
export type ConsentModeSettings = z.output<typeof ConsentModeSchema>;
export type ServedConsentMode = z.output<typeof ServedConsentModeSchema>;
export type VisitorContext = z.output<typeof VisitorContextSchema>;
export type MessageOverrides = z.output<typeof MessageOverridesSchema>;
/** A site's config as stored, defaults applied. */
export type SiteConfigRecord = z.output<typeof SiteConfigRecordSchema>;
export type SiteConfigRecordInput = z.input<typeof SiteConfigRecordSchema>;
/** The config one visitor's browser receives. */
export type SiteConfig = Omit<z.output<typeof SiteConfigSchema>, 'texts' | 'consentMode'> & { texts: Messages; consentMode?: ServedConsentMode & { defaults: ConsentModeCommand[] } };
export type SiteConfigDraft = z.output<typeof SiteConfigDraftSchema>;
export type SiteConfigDraftInput = z.input<typeof SiteConfigDraftSchema>;
