import { EmbedGate } from '@novoaigen/consent-core';
import type { NovoConsentApi } from './public-api.js';

/**
 * Gates the page's consent-gated embeds (`<iframe data-consent="…" data-src="…">`) on a running
 * SDK: placeholders now, each embed loaded once its categories are granted. The elements must be
 * defined (`defineEmbedPlaceholder()`); the script tag does both by itself on pages with embeds.
 */
export function connectEmbeds(consent: NovoConsentApi, doc: Document = document): EmbedGate {
  const gate = new EmbedGate(doc, (category) => consent.has(category));
  void consent.ready.then(() => gate.start());
  consent.on('change', () => gate.update());
  return gate;
}
