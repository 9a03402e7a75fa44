import { NovoConsentBanner } from './consent-banner/consent-banner.js';
import { defineElement } from './define-element.js';
import { NovoConsentLauncher } from './consent-launcher/consent-launcher.js';
import { NovoConsentPreferences } from './consent-preferences/consent-preferences.js';

const ELEMENTS = {
  'novo-consent-banner': NovoConsentBanner,
  'novo-consent-preferences': NovoConsentPreferences,
  'novo-consent-launcher': NovoConsentLauncher,
} as const;

/**
 * Registers the banner path's elements (banner, preferences, launcher) once. The toggle, the
 * rights form, the notice viewer and the embed placeholder register on their own
 * (`defineConsentToggle()`, `defineRightsRequest()`, …), so the script tag loads their code only
 * on pages that use them.
 */
export function defineConsentElements(registry: CustomElementRegistry = customElements): void {
  for (const [tag, element] of Object.entries(ELEMENTS)) defineElement(tag, element, registry);
}

declare global {
  interface HTMLElementTagNameMap {
    'novo-consent-banner': NovoConsentBanner;
    'novo-consent-preferences': NovoConsentPreferences;
    'novo-consent-launcher': NovoConsentLauncher;
  }
}
