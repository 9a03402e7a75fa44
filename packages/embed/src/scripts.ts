import { ScriptGate } from '@novoaigen/consent-core';
import type { NovoConsentApi } from './public-api.js';

/**
 * Gates the page's `<script type="text/plain" data-consent="…">` on a running SDK: each runs once
 * every category it names is granted, now or after a later decision. Give it the nonce of the
 * page's scripts (`nonce`) where the page has one: then only gated scripts carrying it run (see
 * `ScriptGate`). The script tag does this by itself on pages with gated scripts.
 */
export function connectScripts(consent: NovoConsentApi, options: { nonce?: string; document?: Document } = {}): ScriptGate {
  const gate = new ScriptGate(options.document ?? document, (category) => consent.has(category), options.nonce);
  void consent.ready.then(() => gate.start());
  consent.on('change', () => gate.update());
  return gate;
}
