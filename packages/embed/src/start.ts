import { ConsentApi, ConsentStore, indexedDbStorage, NovoConsentChangeEvent, NovoStorageUnavailableEvent, type SiteConfig } from '@novoaigen/consent-core';
import { defineAfterBanner, defineConsentBanner, provideConsentStore } from '@novoaigen/consent-elements';
import { createPublicApi, type NovoConsentApi } from './public-api.js';
import { connectScripts } from './scripts.js';

/** What the script tag's `data-*` attributes configure. */
export interface StartOptions {
  siteId: string;
  apiBase: string;
  /** A config inlined by the page, which saves the config request. */
  config?: SiteConfig;
  /** Add the floating "Privacy settings" button (default true). */
  launcher?: boolean;
  /** The nonce of the page's scripts: gated scripts run only if they carry it too (see `ScriptGate`). */
  nonce?: string;
}

/** The visitor's languages, most preferred first: the page's, then the browser's. */
export function visitorLanguages(doc: Document): string[] {
  return [doc.documentElement.lang, ...navigator.languages].filter(Boolean);
}

/** Adds `tag` to `<body>` unless the page already placed one. */
function ensureElement(doc: Document, tag: string, first = false): void {
  if (doc.querySelector(tag)) return;
  const element = doc.createElement(tag);
  if (first) doc.body.prepend(element);
  else doc.body.append(element);
}

/**
 * What the first banner needs: the store, the page events (`novo-consent-change`,
 * `novo-storage-unavailable`) and the banner. The preferences dialog and the launcher are put on
 * the page too, but their code is the caller's to define (the script tag loads it right after).
 * `api` may be one whose config request is already under way.
 */
export function startBannerPath(
  doc: Document,
  options: StartOptions,
  api = new ConsentApi(options.apiBase, options.siteId, visitorLanguages(doc)),
): { store: ConsentStore; consent: NovoConsentApi } {
  const lost = (storage: 'indexeddb' | 'cookie') => () => doc.dispatchEvent(new NovoStorageUnavailableEvent(storage));
  const store = new ConsentStore({
    api,
    // The worker signs receipts with its origin as `iss`; `data-api` is that origin, perhaps with a trailing slash.
    issuer: options.apiBase.replace(/\/+$/, ''),
    storage: indexedDbStorage(options.siteId, lost('indexeddb')),
    document: doc,
    onCookieUnavailable: lost('cookie'),
    config: options.config,
    gpc: (navigator as Navigator & { globalPrivacyControl?: boolean }).globalPrivacyControl === true,
    syncChannel: `novo-consent:${options.siteId}`,
  });
  store.onChange((state) => doc.dispatchEvent(new NovoConsentChangeEvent(state)));
  addEventListener('online', () => void store.retryDelivery());

  provideConsentStore(doc.documentElement, store);
  defineConsentBanner();
  // First in <body>, so keyboard users reach the banner before the page.
  ensureElement(doc, 'novo-consent-banner', true);
  ensureElement(doc, 'novo-consent-preferences');
  if (options.launcher !== false) ensureElement(doc, 'novo-consent-launcher');
  return { store, consent: createPublicApi(store) };
}

/**
 * Starts the SDK from a bundle: store, banner, preferences and launcher, page events, and the
 * page's consent-gated scripts (with `nonce`, only those carrying it); returns the page API.
 */
export function start(doc: Document, options: StartOptions): NovoConsentApi {
  const { consent } = startBannerPath(doc, options);
  defineAfterBanner();
  connectScripts(consent, { nonce: options.nonce, document: doc });
  return consent;
}
