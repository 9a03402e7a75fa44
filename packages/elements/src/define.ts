import { NovoConsentBanner } from './consent-banner/consent-banner.js';
import { defineElement } from './define-element.js';
import { NovoConsentLauncher } from './consent-launcher/consent-launcher.js';
import { NovoConsentPreferences } from './consent-preferences/consent-preferences.js';
import { NovoConsentToggle } from './consent-toggle/consent-toggle.js';

const ELEMENTS = {
  'novo-consent-banner': NovoConsentBanner,
  'novo-consent-preferences': NovoConsentPreferences,
  'novo-consent-toggle': NovoConsentToggle,
  'novo-consent-launcher': NovoConsentLauncher,
} as const;

/** Registers every consent element once. */
export function defineConsentElements(registry: CustomElementRegistry = customElements): void {
  for (const [tag, element] of Object.entries(ELEMENTS)) defineElement(tag, element, registry);
}

declare global {
  interface HTMLElementTagNameMap {
    'novo-consent-banner': NovoConsentBanner;
    'novo-consent-preferences': NovoConsentPreferences;
    'novo-consent-toggle': NovoConsentToggle;
    'novo-consent-launcher': NovoConsentLauncher;
  }
}
