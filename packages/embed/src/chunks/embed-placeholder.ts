// dist/novo-embed-placeholder.js: loaded by the script-tag SDK when a consent-gated iframe is on the page.
// Lit comes from the main bundle (see lazy-parts.ts); the gate follows the page's consent through
// window.NovoConsent, so nothing of it weighs on pages without embeds.
import { EmbedGate } from '@novoaigen/consent-core';
import { defineEmbedPlaceholder } from '@novoaigen/consent-elements';

defineEmbedPlaceholder();
const consent = window.NovoConsent;
if (consent) {
  const gate = new EmbedGate(document, (category) => consent.has(category));
  void consent.ready.then(() => gate.start());
  consent.on('change', () => gate.update());
}
