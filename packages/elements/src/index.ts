export { NovoConsentBanner } from './consent-banner/consent-banner.js';
export { NovoConsentLauncher } from './consent-launcher/consent-launcher.js';
export { NovoConsentPreferences } from './consent-preferences/consent-preferences.js';
export { NovoConsentToggle } from './consent-toggle/consent-toggle.js';
export { ConsentController } from './consent-controller.js';
export { consentStoreContext } from './context.js';
export { defineConsentElements } from './define.js';
export { provideConsentStore } from './provide-consent-store.js';
export { DEFAULT_TEXTS, textsFor } from './texts.js';
