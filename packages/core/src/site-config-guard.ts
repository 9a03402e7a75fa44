import type { SiteConfig } from '@novoaigen/consent-schema';

/**
 * A structural check of a config served by our worker. The worker validated the config with the
 * shared `SiteConfigSchema` when it was published and serves it with every default filled in, so
 * the browser only guards against something that is not a config at all (a proxy's error page, a
 * wrong URL) instead of shipping the schema library on every page view.
 */
export function isSiteConfig(value: unknown): value is SiteConfig {
  const config = value as SiteConfig | null;
  return Number.isInteger(config?.revision) && typeof config?.texts === 'object' && Array.isArray(config.categories);
}
