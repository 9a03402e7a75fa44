// dist/novo-embed-placeholder.js: loaded by the script-tag SDK when a consent-gated iframe is on the page.
// Lit comes from the main bundle (see lazy-parts.ts); the gate follows the page's consent through
// window.NovoConsent, so nothing of it weighs on pages without embeds.
import { defineEmbedPlaceholder } from '@novoaigen/consent-elements';
import { connectEmbeds } from '../embeds.js';

defineEmbedPlaceholder();
if (window.NovoConsent) connectEmbeds(window.NovoConsent);
