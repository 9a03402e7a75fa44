// dist/novo-google-consent-mode.js: loaded by the script-tag SDK on sites that use Google Consent
// Mode. The general default was pushed by novo-consent.js as it ran, before any Google tag.
import { connectGoogleConsentMode } from '../google-consent-mode.js';

if (window.NovoConsent) connectGoogleConsentMode(window.NovoConsent, window, true);
