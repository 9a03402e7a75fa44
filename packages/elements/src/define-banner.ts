import { NovoConsentBanner } from './consent-banner/consent-banner.js';
import { defineElement } from './define-element.js';

/**
 * Registers the first layer alone: all the script tag runs before the first banner paints. In a
 * module of its own, so a bundle that needs only the banner does not carry the other elements.
 */
export function defineConsentBanner(registry: CustomElementRegistry = customElements): void {
  defineElement('novo-consent-banner', NovoConsentBanner, registry);
}
