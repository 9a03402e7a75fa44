import { NovoConsentLauncher } from './consent-launcher/consent-launcher.js';
import { NovoConsentPreferences } from './consent-preferences/consent-preferences.js';
import { defineElement } from './define-element.js';

/**
 * Registers what follows the banner (the preferences dialog and the launcher); the script tag
 * loads them as one part right after the banner (`novo-after-banner.js`). In a module of its own,
 * so that part does not carry the banner again.
 */
export function defineAfterBanner(registry: CustomElementRegistry = customElements): void {
  defineElement('novo-consent-preferences', NovoConsentPreferences, registry);
  defineElement('novo-consent-launcher', NovoConsentLauncher, registry);
}
