// The script-tag entry (dist/novo-consent.js): starts from its own data-* attributes.
import { lazyParts } from './lazy-parts.js';
import type { NovoConsentApi } from './public-api.js';
import { start } from './start.js';

declare global {
  interface Window {
    /** Set by the script-tag SDK once it started. */
    NovoConsent?: NovoConsentApi;
  }
}

function boot(script: HTMLScriptElement): void {
  const siteId = script.dataset.site;
  if (!siteId) throw new Error('the script tag needs data-site="YOUR_SITE_ID"');
  const apiBase = script.dataset.api || new URL(script.src, location.href).origin;
  // The banner path (banner, preferences, toggle, launcher) is in this bundle, so the preferences
  // open at once whatever the network does; heavier parts load beside it when used.
  window.NovoConsent = start(document, { siteId, apiBase, launcher: script.dataset.launcher !== 'false' });
  lazyParts(document, script.src, { site: siteId, api: apiBase });
}

function safeBoot(script: HTMLScriptElement): void {
  try {
    boot(script);
  } catch (error) {
    console.error('[novo-consent] could not start:', error);
  }
}

// Loading the script twice starts it once.
const script = document.currentScript as HTMLScriptElement | null;
if (!window.NovoConsent && script) {
  if (document.body) safeBoot(script);
  else document.addEventListener('DOMContentLoaded', () => safeBoot(script));
}
