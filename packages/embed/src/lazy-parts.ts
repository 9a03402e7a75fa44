import { css, html, LitElement, nothing } from 'lit';

/** Global through which lazily loaded parts reuse this bundle's Lit instead of shipping their own. */
export const SHARED_LIT_GLOBAL = '__novoConsentLit';

/** The lazily loaded parts: element → file beside `novo-consent.js`. */
const PARTS = { 'novo-rights-request': 'novo-rights-request.js' } as const;

/**
 * Loads the code of heavier elements (the rights-request form) only when the page contains them,
 * now or later (single-page apps), filling in `site` and `api` from the script tag where the page
 * left them out.
 */
export function loadLazyParts(doc: Document, scriptUrl: string, defaults: { site: string; api: string }): void {
  (window as unknown as Record<string, unknown>)[SHARED_LIT_GLOBAL] ??= { LitElement, css, html, nothing };
  const requested = new Set<string>();
  const scan = () => {
    for (const [tag, file] of Object.entries(PARTS)) {
      const elements = doc.querySelectorAll(tag);
      for (const element of elements) {
        if (!element.hasAttribute('site')) element.setAttribute('site', defaults.site);
        if (!element.hasAttribute('api')) element.setAttribute('api', defaults.api);
      }
      if (elements.length === 0 || requested.has(tag) || customElements.get(tag)) continue;
      requested.add(tag);
      const script = doc.createElement('script');
      script.src = new URL(file, scriptUrl).href;
      script.async = true;
      // Same nonce as the SDK's own tag, so a strict CSP admits the part too.
      script.nonce = doc.querySelector<HTMLScriptElement>('script[data-site]')?.nonce ?? '';
      doc.head.append(script);
    }
  };
  scan();
  new MutationObserver(scan).observe(doc.documentElement, { childList: true, subtree: true });
}
