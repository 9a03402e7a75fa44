import type { NovoConsentBanner } from './consent-banner/consent-banner.js';
import { defineConsentBanner } from './define-banner.js';
import { defineElement } from './define-element.js';
import { NovoConsentLauncher } from './consent-launcher/consent-launcher.js';
import { NovoConsentPreferences } from './consent-preferences/consent-preferences.js';

/**
 * Registers what follows the banner (the preferences dialog and the launcher); the script tag
 * loads them as one part right after the banner (`novo-consent-after-banner.js`).
 */
export function defineAfterBanner(registry: CustomElementRegistry = customElements): void {
  defineElement('novo-consent-preferences', NovoConsentPreferences, registry);
  defineElement('novo-consent-launcher', NovoConsentLauncher, registry);
}

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
