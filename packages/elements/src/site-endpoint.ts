import type { SiteEndpoint } from '@novoaigen/consent-core';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ConsentController } from './consent-controller.js';

/**
 * Where an element that calls the site's own routes (the rights form, the notice) sends them: its
 * `site` and `api` where set, each on its own, else the page's consent store's (what `start()` or
 * the script tag was given). An element with neither says so in the console once, as it connects:
 * a page that forgot its set-up fails in the developer's console, not in front of a visitor.
 *
 * Add it after the host's `ConsentController`, which must have asked for the store first.
 */
export class SiteEndpointController implements ReactiveController {
  #host: ReactiveControllerHost & HTMLElement & SiteEndpoint;
  #consent: ConsentController;
  #reported = false;

  constructor(host: ReactiveControllerHost & HTMLElement & SiteEndpoint, consent: ConsentController) {
    this.#host = host;
    this.#consent = consent;
    host.addController(this);
  }

  /** The site and the worker's origin, or null while neither the element nor the store knows them. */
  get value(): SiteEndpoint | null {
    const fallback = this.#consent.store?.endpoint;
    const site = this.#host.site || fallback?.site;
    const api = this.#host.api || fallback?.api;
    return site && api ? { site, api } : null;
  }

  hostConnected(): void {
    if (this.value || this.#reported) return;
    this.#reported = true;
    console.warn(
      `[novo-consent] <${this.#host.localName}> does not know which site it belongs to: call start() from @novoaigen/consent-embed before it connects, or set its site and api attributes.`,
    );
  }
}
