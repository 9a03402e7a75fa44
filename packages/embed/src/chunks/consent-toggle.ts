// dist/novo-consent-toggle.js: loaded by the script-tag SDK when the page has <novo-consent-toggle>.
// Lit comes from the main bundle (see lazy-parts.ts); the store reaches the toggle through the context protocol.
import { defineConsentToggle } from '@novoaigen/consent-elements';

defineConsentToggle();
