import { ContextEvent } from '@lit/context';
import type { ConsentStore } from '@novoaigen/consent-core';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { consentStoreContext } from './context.js';

/**
 * Gives an element the nearest consent store, re-renders it whenever the store changes, and marks
 * it with the visitor's language and writing direction (`lang`, `dir`) so text, layout and
 * screen readers follow them whatever the page says.
 *
 * The store is asked for with `@lit/context`'s request event each time the element connects; it
 * never changes while the page lives, so no subscription to the provider is kept (the
 * `ContextConsumer` controller would add its bookkeeping to every page view for nothing).
 */
export class ConsentController implements ReactiveController {
  /** The store, once a provider has answered. */
  store: ConsentStore | undefined;
  #unsubscribe: (() => void) | undefined;
  #host: ReactiveControllerHost & HTMLElement;

  constructor(host: ReactiveControllerHost & HTMLElement) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    this.#host.dispatchEvent(new ContextEvent(consentStoreContext, this.#host, (store) => this.#attach(store)));
  }

  #attach(store: ConsentStore): void {
    this.#unsubscribe?.();
    this.store = store;
    this.#unsubscribe = store.subscribe(() => this.#host.requestUpdate());
    this.#host.requestUpdate();
  }

  hostUpdate(): void {
    const config = this.store?.config;
    if (!config) return;
    this.#host.lang = config.locale;
    this.#host.dir = config.dir;
  }

  hostDisconnected(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }
}
