import { css, html, LitElement, nothing } from 'lit';

/** Global through which lazily loaded parts reuse this bundle's Lit instead of shipping their own. */
export const SHARED_LIT_GLOBAL = '__novoConsentLit';

/** The lazily loaded parts: what on the page needs one → its file beside `novo-consent.js`. */
const PARTS = {
  'novo-consent-toggle': 'novo-consent-toggle.js',
  'novo-rights-request': 'novo-rights-request.js',
  'novo-privacy-notice': 'novo-privacy-notice.js',
  'novo-notice-dialog': 'novo-privacy-notice.js',
  // A consent-gated embed: its gate and placeholder.
  'iframe[data-consent][data-src]': 'novo-embed-placeholder.js',
  // A consent-gated script: its gate, which runs it once its categories are granted.
  'script[type="text/plain"][data-consent]': 'novo-script-gate.js',
} as const;

/**
 * Returns the loader of the parts beside the main bundle (`scriptUrl`): it adds each file once,
 * with the SDK tag's `nonce`, so a strict CSP admits them too. Exposes Lit to the parts first.
 */
export function partLoader(doc: Document, scriptUrl: string, nonce = ''): (file: string) => void {
  (window as unknown as Record<string, unknown>)[SHARED_LIT_GLOBAL] ??= { LitElement, css, html, nothing };
  const requested = new Set<string>();
  return (file: string) => {
    if (requested.has(file)) return;
    requested.add(file);
    const script = doc.createElement('script');
    script.src = new URL(file, scriptUrl).href;
    script.async = true;
    script.nonce = nonce;
    doc.head.append(script);
  };
}

/**
 * The banner's notice link opens the notice over the page instead of leaving it: the dialog it
 * adds brings the notice's part (see `loadPartsInUse`).
 */
export function openNoticeInPlace(doc: Document): void {
  doc.addEventListener('novo-notice', (event) => {
    event.preventDefault();
    (doc.querySelector('novo-notice-dialog') ?? doc.body.appendChild(doc.createElement('novo-notice-dialog'))).setAttribute('open', '');
  });
}

/**
 * Loads the code of the parts not every page needs (toggles, the rights-request form, the notice
 * viewer, the embed gate, the script gate) when the page contains them, now or later (single-page
 * apps). The form and the notice find the site and the worker's origin in the consent store, as
 * in bundler mode. Runs in the part loaded right after the banner, so none of it delays the banner.
 */
export function loadPartsInUse(doc: Document, load: (file: string) => void): void {
  const scan = () => {
    for (const selector of Object.keys(PARTS) as (keyof typeof PARTS)[]) {
      if (doc.querySelector(selector)) load(PARTS[selector]);
    }
  };
  scan();
  new MutationObserver(scan).observe(doc.documentElement, { childList: true, subtree: true });
}
