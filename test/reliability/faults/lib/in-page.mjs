// Functions the visitor harness runs inside the client site's page (puppeteer's page.evaluate
// serialises them), so they see the browser's globals, not Node's.
/* global window, document, indexedDB, dispatchEvent */

/** Whether the script-tag SDK has started on the page. */
export const sdkStarted = () => window.NovoConsent !== undefined;

/** Resolves once the SDK has its config and the stored decision. */
export const sdkReady = () => window.NovoConsent.ready.then(() => true);

/** The three ways of deciding through `window.NovoConsent`; each resolves with the new state, or null. */
export const acceptAll = () => window.NovoConsent.acceptAll();
export const rejectAll = () => window.NovoConsent.rejectAll();
export const setChoices = (update) => window.NovoConsent.set(update);

/** The toggle's switch, once the lazily loaded element has rendered it. */
export const toggleSwitch = () => document.querySelector('novo-consent-toggle')?.shadowRoot?.querySelector('input') ?? null;

/** Clicks the toggle's switch and resolves with the decision it records (or null after 5 s). */
export function clickToggle() {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), 5000);
    document.addEventListener(
      'novo-consent-change',
      (event) => {
        clearTimeout(timer);
        resolve(event.detail);
      },
      { once: true },
    );
    document.querySelector('novo-consent-toggle').shadowRoot.querySelector('input').click();
  });
}

/**
 * Clicks the toggle's switch and, as soon as the page sees the decision (its change event), leaves
 * the page, in the same task. The decision is kept in sessionStorage (it survives the reload of the
 * tab) for takeLeftDecision.
 */
export function clickToggleAndLeave() {
  document.addEventListener(
    'novo-consent-change',
    (event) => {
      window.sessionStorage.setItem('reliability-left-decision', JSON.stringify(event.detail));
      window.location.reload();
    },
    { once: true },
  );
  document.querySelector('novo-consent-toggle').shadowRoot.querySelector('input').click();
}

/** The decision clickToggleAndLeave saw before the page was left, or null. */
export function takeLeftDecision() {
  const saved = window.sessionStorage.getItem('reliability-left-decision');
  window.sessionStorage.removeItem('reliability-left-decision');
  return saved ? JSON.parse(saved) : null;
}

/** What the browser does when it comes back online; the SDK then sends what is waiting, at once. */
export const goOnline = () => dispatchEvent(new Event('online'));

/** Reads the SDK's outbox straight from IndexedDB (idb-keyval: database novo-consent, store kv). */
export function readOutbox(key) {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('novo-consent');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const get = db.transaction('kv').objectStore('kv').get(key);
      get.onsuccess = () => {
        resolve(get.result ?? []);
        db.close();
      };
      get.onerror = () => reject(get.error);
    };
  });
}
