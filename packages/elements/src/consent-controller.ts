import { ContextConsumer } from '@lit/context';
import type { ConsentStore } from '@novo-consent/core';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { consentStoreContext } from './context.js';

/** Gives an element the nearest consent store and re-renders it whenever the store changes. */
export class ConsentController implements ReactiveController {
  /** The store, once a provider has answered. */
  store: ConsentStore | undefined;
  #unsubscribe: (() => void) | undefined;
  #host: ReactiveControllerHost & HTMLElement;

  constructor(host: ReactiveControllerHost & HTMLElement) {
    this.#host = host;
    host.addController(this);
    new ContextConsumer(host, { context: consentStoreContext, subscribe: true, callback: (store) => this.#attach(store) });
  }

  #attach(store: ConsentStore): void {
    this.#unsubscribe?.();
    this.store = store;
    this.#unsubscribe = store.subscribe(() => this.#host.requestUpdate());
    this.#host.requestUpdate();
  }

  hostDisconnected(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }
}
