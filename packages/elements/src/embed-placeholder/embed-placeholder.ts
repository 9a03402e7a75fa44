import { html, LitElement, nothing } from 'lit';
import { ConsentController } from '../consent-controller.js';
import { isSafeLink } from '../safe-link.js';
import { defineElement } from '../define-element.js';
import { fill, messagesFor } from '../messages.js';
import { buttonStyles, themeStyles } from '../styles/theme.styles.js';
import { embedPlaceholderStyles } from './embed-placeholder.styles.js';

/**
 * @tagname novo-embed-placeholder
 * @summary Stands where a consent-gated embed (`<iframe data-consent="…" data-src="…">`) will be,
 * until it may load: names the vendor whose cookies loading it sets, and offers to load this one
 * embed now or to allow the category, which loads every embed of it.
 *
 * The consent engine places it (with the iframe's size) and removes it; pages do not write it.
 *
 * @fires novo-embed-load - "Load content": load this embed for this page view only, without recording consent.
 * @csspart base - The box.
 * @csspart title - "Content from <vendor>".
 * @csspart description - "Loading this content sets cookies of <vendor>."
 * @csspart load-button - "Load content".
 * @csspart allow-button - "Allow <category>".
 * @csspart policy-link - The vendor's privacy policy, when the config lists the service.
 */
export class NovoEmbedPlaceholder extends LitElement {
  static override styles = [themeStyles, buttonStyles, embedPlaceholderStyles];
  static override properties = { category: {}, service: {}, vendor: {}, src: {} };
  #consent = new ConsentController(this);

  /** The category the embed waits for. */
  category = '';
  /** The id of the service in the category's config (`data-service` on the iframe). */
  service = '';
  /** Who sets the cookies, when the config does not list the service (`data-vendor`). */
  vendor = '';
  /** The embed's address; its host names the vendor when nothing else does. */
  src = '';

  #vendorName(serviceVendor: string | undefined): string {
    if (this.vendor || serviceVendor) return this.vendor || serviceVendor || '';
    try {
      return new URL(this.src, location.href).hostname;
    } catch {
      return this.src;
    }
  }

  protected override render() {
    const store = this.#consent.store;
    const config = store?.config;
    if (!store || !config) return nothing;
    const t = messagesFor(config);
    const category = config.categories.find((c) => c.id === this.category);
    const service = category?.services.find((s) => s.id === this.service);
    const vendor = this.#vendorName(service?.vendor);
    return html`<div part="base" class="placeholder" role="group" aria-labelledby="title" aria-describedby="description">
      <p id="title" part="title" class="title">${fill(t.embedTitle, { vendor: service?.name ?? vendor })}</p>
      <p id="description" part="description" class="description">
        ${fill(t.embedDescription, { vendor })}
        ${isSafeLink(service?.privacyPolicyUrl)
          ? html`<a part="policy-link" href=${service.privacyPolicyUrl} target="_blank" rel="noopener noreferrer">${t.servicePolicy}</a>`
          : nothing}
      </p>
      <div class="actions">
        <button part="button load-button" class="button" @click=${() => this.dispatchEvent(new Event('novo-embed-load', { bubbles: true, composed: true }))}>
          ${t.embedLoad}
        </button>
        ${category
          ? html`<button part="button allow-button" class="button" @click=${() => store.set({ [category.id]: true }, 'embed')}>
              ${fill(t.embedAllow, { category: category.title })}
            </button>`
          : nothing}
      </div>
    </div>`;
  }
}

/** Registers `<novo-embed-placeholder>` once. */
export function defineEmbedPlaceholder(registry: CustomElementRegistry = customElements): void {
  defineElement('novo-embed-placeholder', NovoEmbedPlaceholder, registry);
}

declare global {
  interface HTMLElementTagNameMap {
    'novo-embed-placeholder': NovoEmbedPlaceholder;
  }
}
