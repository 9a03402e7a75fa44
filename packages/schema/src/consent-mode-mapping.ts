// Kept apart from the zod schemas: the browser bundle imports these tables and nothing else of them.

/** The Google Consent Mode v2 keys. */
export const GOOGLE_CONSENT_KEYS = [
  'ad_storage',
  'ad_user_data',
  'ad_personalization',
  'analytics_storage',
  'functionality_storage',
  'personalization_storage',
  'security_storage',
] as const;

/** A Google Consent Mode v2 key. */
export type GoogleConsentKey = (typeof GOOGLE_CONSENT_KEYS)[number];

/** The parameters of one `gtag('consent', 'default' | 'update', …)` command. */
export type ConsentModeCommand = Partial<Record<GoogleConsentKey, 'granted' | 'denied'>> & { wait_for_update?: number; region?: string[] };

/** Which Google consent keys each category grants when the visitor grants it. */
export const DEFAULT_CONSENT_MODE_MAPPING: Record<string, GoogleConsentKey[]> = {
  necessary: ['security_storage'],
  functional: ['functionality_storage', 'personalization_storage'],
  analytics: ['analytics_storage'],
  marketing: ['ad_storage', 'ad_user_data', 'ad_personalization'],
};

/**
 * The default command a page gets before the site config is known: what the worker works out for
 * the default mapping (only strictly necessary storage granted), waiting half a second for the
 * visitor's state.
 */
export const CONSENT_MODE_FALLBACK_DEFAULT: ConsentModeCommand = {
  ad_storage: 'denied',
  ad_user_data: 'denied',
  ad_personalization: 'denied',
  analytics_storage: 'denied',
  functionality_storage: 'denied',
  personalization_storage: 'denied',
  security_storage: 'granted',
  wait_for_update: 500,
};
