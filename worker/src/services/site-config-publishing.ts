import { type Category, type SiteConfigDraft, type SiteConfigRecord, SiteConfigRecordSchema } from '@novoaigen/consent-schema';
import type { ConfigVersion } from '../db/sites.js';
import { canonicalJson } from '../security/hashing.js';

/** The config a site starts with: the three usual categories in English, the shipped messages in every language. */
export function defaultSiteConfig(siteId: string): SiteConfigRecord {
  return SiteConfigRecordSchema.parse({
    siteId,
    revision: 1,
    version: 1,
    categories: [
      { id: 'necessary', title: 'Strictly necessary', description: 'Keeps the site working and remembers your privacy choices. Always on.', required: true },
      { id: 'analytics', title: 'Analytics', description: 'Measures visits and how the site is used, so it can be improved.' },
      { id: 'marketing', title: 'Marketing', description: 'Lets partners show you relevant offers and measure campaigns.' },
    ],
  });
}

const consentRelevant = (categories: readonly Category[]) => canonicalJson(categories);

/**
 * The next config version from a draft. Every publish gets a new `version`; the consent `revision`
 * grows when the categories change in any way (what a visitor agreed to is then different: their
 * words in any language, cookies, services, what GPC turns off) or when the operator says the
 * change needs new consent; otherwise (messages, languages, regions, Consent Mode) stored choices
 * stay valid.
 */
export function nextSiteConfig(siteId: string, latest: ConfigVersion | null, draft: SiteConfigDraft): SiteConfigRecord {
  const { requiresNewConsent, ...content } = draft;
  const needsNewConsent = !latest || requiresNewConsent === true || consentRelevant(latest.config.categories) !== consentRelevant(content.categories);
  return {
    ...content,
    siteId,
    version: (latest?.version ?? 0) + 1,
    revision: (latest?.revision ?? 0) + (needsNewConsent ? 1 : 0),
  };
}
