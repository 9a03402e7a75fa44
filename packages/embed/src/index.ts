import type { NovoConsentApi } from './public-api.js';
import { start } from './start.js';

declare global {
  interface Window {
    NovoConsent?: NovoConsentApi;
  }
}

function boot(script: HTMLScriptElement): void {
  const siteId = script.dataset.site;
  if (!siteId) throw new Error('the script tag needs data-site="YOUR_SITE_ID"');
  window.NovoConsent = start(document, {
    siteId,
    apiBase: script.dataset.api || new URL(script.src, location.href).origin,
    launcher: script.dataset.launcher !== 'false',
  });
}

function safeBoot(script: HTMLScriptElement): void {
  try {
    boot(script);
  } catch (error) {
    console.error('[novo-consent] could not start:', error);
  }
}

// The script tag entry, configured by its own data-* attributes. Loading it twice starts it once.
const script = document.currentScript as HTMLScriptElement | null;
if (!window.NovoConsent && script) {
  if (document.body) safeBoot(script);
  else document.addEventListener('DOMContentLoaded', () => safeBoot(script));
}
