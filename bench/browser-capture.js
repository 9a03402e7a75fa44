// Evaluated in a page where our banner is showing: returns it as static HTML (declarative shadow
// DOM with the styles Lit adopted inlined), the "no script at all" limit of the same banner.
(() => {
  const host = document.querySelector('novo-consent-banner');
  if (!host?.shadowRoot) throw new Error('no rendered <novo-consent-banner> on the page');
  const escape = (value) => value.replaceAll('&', '&amp;').replaceAll('"', '&quot;');
  const attributes = host.getAttributeNames().map((name) => ` ${name}="${escape(host.getAttribute(name) ?? '')}"`).join('');
  const styles = host.shadowRoot.adoptedStyleSheets.flatMap((sheet) => [...sheet.cssRules].map((rule) => rule.cssText)).join('\n');
  return `<novo-consent-banner${attributes}><template shadowrootmode="open"><style>${styles}</style>${host.shadowRoot.innerHTML}</template>${host.innerHTML}</novo-consent-banner>`;
})();
