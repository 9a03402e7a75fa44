import type { Context, ContextCallback, ContextEvent } from '@lit/context';
import type { ConsentStore } from '@novoaigen/consent-core';
import { consentStoreContext } from './context.js';

/**
 * Makes `store` available to every consent element inside `host` (any element, for example
 * `document.documentElement`), by answering their `context-request` events (the context protocol
 * that `@lit/context`'s consumers speak). Provide before the elements are defined or connected.
 * Returns a function that stops providing.
 *
 * The store is one object for the page's lifetime, so the provider side of the protocol is one
 * listener: `@lit/context`'s `ContextProvider` (value change notifications, re-requests for
 * providers that appear late) would add half a kilobyte to every page view for nothing.
 */
export function provideConsentStore(host: HTMLElement, store: ConsentStore): () => void {
  const answer = (event: ContextEvent<Context<unknown, unknown>>) => {
    if (event.context !== consentStoreContext) return;
    event.stopPropagation();
    (event.callback as ContextCallback<ConsentStore>)(store);
  };
  host.addEventListener('context-request', answer);
  return () => host.removeEventListener('context-request', answer);
}
