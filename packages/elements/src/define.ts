import type { NovoConsentBanner } from './consent-banner/consent-banner.js';
import { defineConsentBanner } from './define-banner.js';
import type { NovoConsentLauncher } from './consent-launcher/consent-launcher.js';
import type { NovoConsentPreferences } from './consent-preferences/consent-preferences.js';
import { defineAfterBanner } from './define-after-banner.js';

/**
 * Registers the banner path's elements (banner, preferences, launcher) once. The toggle, the
 * rights form, the notice viewer and the embed placeholder register on their own
 * (`defineConsentToggle()`, `defineRightsRequest()`, …), so the script tag loads their code only
 * on pages that use them.
 */
export function defineConsentElements(registry: CustomElementRegistry = customElements): void {
  defineConsentBanner(registry);
  defineAfterBanner(registry);
}

declare global {
  interface HTMLElementTagNameMap {
    'novo-consent-banner': NovoConsentBanner;
    'novo-consent-preferences': NovoConsentPreferences;
    'novo-consent-launcher': NovoConsentLauncher;
  }
}
