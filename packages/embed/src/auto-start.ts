// The script-tag entry (dist/novo-consent.js): starts from its own data-* attributes.
import { ConsentApi, gtag, isSiteConfig, type SiteConfig } from '@novoaigen/consent-core';
import { CONSENT_MODE_FALLBACK_DEFAULT } from '@novoaigen/consent-schema';
import { openNoticeInPlace, partLoader } from './lazy-parts.js';
import type { NovoConsentApi } from './public-api.js';
import { startBannerPath, visitorLanguages, type StartOptions } from './start.js';

declare global {
  interface Window {
    /** Set by the script-tag SDK once it started. */
    NovoConsent?: NovoConsentApi;
  }
}

/**
 * The config the page inlined before the script tag (`<script type="application/json"
 * id="novo-consent-config">`, the worker's answer as it is), which saves the config request.
 */
function inlinedConfig(): SiteConfig | undefined {
  try {
    const config: unknown = JSON.parse(document.getElementById('novo-consent-config')?.textContent ?? 'null');
    if (isSiteConfig(config)) return config;
  } catch {
    // Not JSON: the config is fetched as usual.
  }
  return undefined;
}

function boot(script: HTMLScriptElement, consentMode: boolean, options: StartOptions, api: ConsentApi): void {
  // Gated scripts are the script-gate part's, loaded only where the page has some (lazy-parts.ts).
  const { store, consent } = startBannerPath(document, options, api);
  window.NovoConsent = consent;
  // The nonce property, as a strict CSP hides the attribute.
  const load = partLoader(document, script.src, script.nonce);
  openNoticeInPlace(document);
  // Only the banner is parsed before it paints; the preferences, the launcher and the loader of
  // the parts the page uses follow once the browser is idle after it, or sooner: at the first
  // interaction (the pointerdown or focus of "Customize" comes before its click) or when something
  // opens the preferences.
  const afterBanner = () => load('novo-after-banner.js');
  void consent.ready.then(() => (typeof requestIdleCallback === 'function' ? requestIdleCallback(afterBanner) : setTimeout(afterBanner)));
  for (const type of ['pointerdown', 'focusin', 'keydown']) document.addEventListener(type, afterBanner, { capture: true, once: true });
  store.subscribe(() => store.preferencesOpen && afterBanner());
  const consentModeFile = 'novo-google-consent-mode.js';
  if (consentMode) load(consentModeFile);
  else void consent.ready.then(() => consent.config?.consentMode && load(consentModeFile));
}

/** Reads the tag, starts the config request, then boots once `<body>` exists. */
function start(script: HTMLScriptElement): void {
  const siteId = script.dataset.site;
  if (!siteId) throw new Error('the script tag needs data-site="YOUR_SITE_ID"');
  const apiBase = script.dataset.api || new URL(script.src, location.href).origin;
  const config = inlinedConfig();
  const api = new ConsentApi(apiBase, siteId, visitorLanguages(document));
  // The config request goes first, before the rest of the start and before <body> exists.
  if (!config) api.prefetchConfig();
  // The Consent Mode default cannot wait for <body>: the page's Google tag may be the next script.
  // The rest of Consent Mode loads beside, as a part.
  const consentMode = script.hasAttribute('data-consent-mode') || config?.consentMode !== undefined;
  if (consentMode) gtag.call(window, 'consent', 'default', config?.consentMode?.defaults[0] ?? CONSENT_MODE_FALLBACK_DEFAULT);
  const options = { siteId, apiBase, config, launcher: script.dataset.launcher !== 'false' };
  const go = () => guarded(() => boot(script, consentMode, options, api));
  if (document.body) go();
  else document.addEventListener('DOMContentLoaded', go);
}

/** Runs `run`, logging instead of throwing into the host page. */
function guarded(run: () => void): void {
  try {
    run();
  } catch (error) {
    console.error('[novo-consent] could not start:', error);
  }
}

// Loading the script twice starts it once.
const script = document.currentScript as HTMLScriptElement | null;
if (!window.NovoConsent && script) guarded(() => start(script));
