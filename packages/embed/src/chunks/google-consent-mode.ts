// dist/novo-google-consent-mode.js: loaded by the script-tag SDK on sites that use Google Consent
// Mode. With `data-consent-mode` or an inlined config, novo-consent.js pushed the general default
// as it ran, before any Google tag; when only the fetched config enables Consent Mode, nothing has
// yet, and the site's own default goes first here, before the update.
import { hasConsentDefault } from '@novoaigen/consent-core';
import { connectGoogleConsentMode } from '../google-consent-mode.js';

if (window.NovoConsent) connectGoogleConsentMode(window.NovoConsent, window, hasConsentDefault(window));
