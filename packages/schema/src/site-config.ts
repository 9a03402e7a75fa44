import * as z from 'zod/mini';
import { CategoryIdSchema, HttpUrlSchema, LocaleSchema, SiteIdSchema, textSchema } from './primitives.js';

/**
 * A cookie a category sets, by exact name or by prefix with a trailing `*` (`_ga*`).
 * Used to delete them when the visitor withdraws the category.
 */
export const CookiePatternSchema = z.string().check(z.regex(/^[!#$%&'+.^_`|~0-9A-Za-z-]{1,128}\*?$/, 'must be a cookie name, optionally ending in `*`'));

/** One purpose a visitor can grant or deny. */
export const CategorySchema = z.object({
  id: CategoryIdSchema,
  title: textSchema(80),
  description: textSchema(1000),
  /** Strictly necessary: always on, shown locked. */
  required: z._default(z.boolean(), false),
  cookies: z._default(z.array(CookiePatternSchema).check(z.maxLength(50)), []),
});

/** The words of the banner and preferences dialog; every key is optional and falls back to English. */
export const BannerTextsSchema = z.partial(
  z.object({
    bannerTitle: textSchema(120),
    bannerDescription: textSchema(1000),
    acceptAll: textSchema(40),
    rejectAll: textSchema(40),
    customize: textSchema(40),
    save: textSchema(40),
    close: textSchema(40),
    preferencesTitle: textSchema(120),
    preferencesDescription: textSchema(1000),
    alwaysOn: textSchema(40),
    privacyNotice: textSchema(80),
    settings: textSchema(40),
    receipt: textSchema(80),
    noticeChanged: textSchema(200),
  }),
);

/** Default consent lifetime: 12 months. */
export const DEFAULT_EXPIRY_DAYS = 365;

/** The parts of a site's config its operator writes (`PUT /v1/admin/sites/:siteId/config`). */
const configContent = {
  /** How long a choice stays valid, in days (at most 13 months, as regulators advise). */
  expiryDays: z._default(z.int().check(z.gte(1), z.lte(395)), DEFAULT_EXPIRY_DAYS),
  locale: z._default(LocaleSchema, 'en'),
  noticeUrl: z.optional(HttpUrlSchema),
  categories: z.array(CategorySchema).check(
    z.minLength(1),
    z.maxLength(20),
    z.refine((categories) => new Set(categories.map((c) => c.id)).size === categories.length, 'category ids must be unique'),
  ),
  texts: z._default(BannerTextsSchema, {}),
};

/** The public configuration of one site, as `GET /v1/sites/:siteId/config` serves it. */
export const SiteConfigSchema = z.object({
  siteId: SiteIdSchema,
  /** Bumped when a change needs new consent; stored choices of an older revision are no longer valid. */
  revision: z.int().check(z.gte(1)),
  /** Bumped by every publish; identifies the exact texts a visitor saw. */
  version: z.int().check(z.gte(1)),
  ...configContent,
  /** Added when served: the site's current privacy notice in the config's locale. */
  notice: z.optional(
    z.object({
      version: z.int(),
      lastUpdated: z.string(),
      /** When the last material change was published; visitors asked again are told so. */
      materialChangeAt: z.nullable(z.string()),
    }),
  ),
});

/**
 * A config as an operator publishes it. The worker assigns `version`, and bumps `revision` when the
 * categories change or when `requiresNewConsent` is true.
 */
export const SiteConfigDraftSchema = z.strictObject({
  ...configContent,
  requiresNewConsent: z.optional(z.boolean()),
});

export type Category = z.output<typeof CategorySchema>;
export type BannerTexts = z.output<typeof BannerTextsSchema>;
/** A validated site config with defaults applied. */
export type SiteConfig = z.output<typeof SiteConfigSchema>;
/** A site config as authored (defaults may be omitted). */
export type SiteConfigInput = z.input<typeof SiteConfigSchema>;
export type SiteConfigDraft = z.output<typeof SiteConfigDraftSchema>;
export type SiteConfigDraftInput = z.input<typeof SiteConfigDraftSchema>;
