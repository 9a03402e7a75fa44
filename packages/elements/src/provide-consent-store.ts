import { ContextProvider } from '@lit/context';
import type { ConsentStore } from '@novo-consent/core';
import { consentStoreContext } from './context.js';

/**
 * Makes `store` available to every consent element inside `host` (any element, for example
 * `document.documentElement`). Provide before the elements are defined or connected.
 */
export function provideConsentStore(host: HTMLElement, store: ConsentStore): ContextProvider<typeof consentStoreContext> {
  return new ContextProvider(host, { context: consentStoreContext, initialValue: store });
}
