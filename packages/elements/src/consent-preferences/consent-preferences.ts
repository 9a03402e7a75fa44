import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { ConsentController } from '../consent-controller.js';
import { isSafeLink } from '../safe-link.js';
import { buttonStyles, switchStyles, themeStyles } from '../styles/theme.styles.js';
import { receiptHref } from '../receipt-file.js';
import { preferencesStyles } from './consent-preferences.styles.js';

/**
 * @tagname novo-consent-preferences
 * @summary The second layer: a modal dialog with one switch per category.
 *
 * Opens when the store asks for it (the banner's "Customize", the launcher,
 * `NovoConsent.showPreferences()`). A native `<dialog>` opened with `showModal()` moves focus
 * inside, traps it, closes on Escape without deciding, and gives focus back to what had it.
 * Nothing is pre-ticked for a first decision except strictly necessary categories, which are
 * locked on; a visitor asked again (expired, or the categories changed) starts from their last
 * choices. Each category lists its services (provider, purpose, cookies, retention, privacy
 * policy). A category Global Privacy Control turned off says so; switching it on is an explicit grant.
 *
 * @csspart dialog - The dialog box.
 * @csspart title - The heading.
 * @csspart close-button - The × button.
 * @csspart category - One category's row.
 * @csspart category-title - A category's name (the switch's label).
 * @csspart category-description - A category's description.
 * @csspart gpc-note - Why a category is off: the browser's Global Privacy Control signal.
 * @csspart services - A category's list of services (a disclosure).
 * @csspart service - One service.
 * @csspart switch - Each switch.
 * @csspart receipt-link - "Download the receipt of your choice", once the worker has signed one.
 * @csspart actions - The row of buttons.
 * @csspart button - Each button.
 * @csspart save-button - "Save choices".
 * @csspart accept-button - "Accept all".
 * @csspart reject-button - "Reject all".
 * @cssprop --novo-backdrop - Colour behind the dialog.
 * @cssprop --novo-accent - Button and switch colour.
 * @cssprop --novo-surface - Background.
 * @cssprop --novo-text - Text colour.
 * @cssprop --novo-radius - Corner radius.
 */
export class NovoConsentPreferences extends LitElement {
  static override styles = [themeStyles, buttonStyles, switchStyles, preferencesStyles];
  static override properties = { draft: { state: true } };
  #consent = new ConsentController(this);
  /** The choices being edited; applied only by "Save choices". */
  private draft: Record<string, boolean> = {};
  #shown = false;

  protected override willUpdate(): void {
    const open = this.#consent.store?.preferencesOpen ?? false;
    if (open && !this.#shown) this.draft = this.#consent.store?.choices() ?? {};
    this.#shown = open;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const dialog = this.renderRoot.querySelector('dialog');
    if (!dialog) return;
    if (this.#shown && !dialog.open) dialog.showModal();
    else if (!this.#shown && dialog.open) dialog.close();
  }

  #save(event: SubmitEvent): void {
    event.preventDefault();
    void this.#consent.store?.set(this.draft, 'custom');
  }

  /**
   * A modal `<dialog>` makes the page inert but still lets Tab leave for the browser's own UI;
   * wrapping around keeps keyboard users in the dialog until they close it.
   */
  #trapFocus(event: KeyboardEvent): void {
    if (event.key !== 'Tab') return;
    const focusable = [...this.renderRoot.querySelectorAll<HTMLElement>('button, input:not(:disabled), a[href]')];
    const edge = event.shiftKey ? focusable[0] : focusable[focusable.length - 1];
    if (edge && this.shadowRoot?.activeElement === edge) {
      event.preventDefault();
      (event.shiftKey ? focusable[focusable.length - 1] : focusable[0])?.focus();
    }
  }

  #toggle(id: string, event: Event): void {
    this.draft = { ...this.draft, [id]: (event.target as HTMLInputElement).checked };
  }

  protected override render() {
    const store = this.#consent.store;
    const config = store?.config;
    if (!store || !config) return nothing;
    const t = config.texts;
    return html`
      <dialog part="dialog" aria-labelledby="title" aria-describedby="intro" @close=${() => store.closePreferences()} @keydown=${this.#trapFocus}>
        <form @submit=${this.#save}>
          <header>
            <h2 id="title" part="title">${t.preferencesTitle}</h2>
            <button type="button" part="close-button" class="close" aria-label=${t.close} @click=${() => store.closePreferences()}>
              <span aria-hidden="true">×</span>
            </button>
          </header>
          <p id="intro" class="intro">${t.preferencesDescription}</p>
          <ul>
            ${config.categories.map(
              (category) => html`
                <li part="category">
                  <div class="category-head">
                    <label part="category-title" for="switch-${category.id}">${category.title}</label>
                    ${category.required ? html`<span class="always-on">${t.alwaysOn}</span>` : nothing}
                    <input
                      id="switch-${category.id}"
                      part="switch"
                      class="switch"
                      type="checkbox"
                      role="switch"
                      aria-describedby="description-${category.id}"
                      .checked=${category.required || this.draft[category.id] === true}
                      ?disabled=${category.required}
                      @change=${(event: Event) => this.#toggle(category.id, event)}
                    />
                  </div>
                  <p id="description-${category.id}" part="category-description" class="category-description">${category.description}</p>
                  ${category.gpcOptOut && store.gpc && !this.draft[category.id] ? html`<p part="gpc-note" class="category-description">${t.gpcCategory}</p>` : nothing}
                  ${category.services.length > 0
                    ? html`<details part="services">
                        <summary>${t.services} (${category.services.length})</summary>
                        ${category.services.map(
                          (service) => html`<dl part="service">
                            <dt>${service.name}</dt>
                            ${[
                              [t.serviceVendor, service.vendor],
                              [t.servicePurpose, service.purpose],
                              [t.serviceCookies, service.cookies.join(', ')],
                              [t.serviceRetention, service.retention],
                            ].map(([label, value]) => (value ? html`<dd>${label}: ${value}</dd>` : nothing))}
                            ${isSafeLink(service.privacyPolicyUrl) ? html`<dd><a href=${service.privacyPolicyUrl} target="_blank" rel="noopener noreferrer">${t.servicePolicy}</a></dd>` : nothing}
                          </dl>`,
                        )}
                      </details>`
                    : nothing}
                </li>
              `,
            )}
          </ul>
          ${store.receipt
            ? html`<a part="receipt-link" download="consent-receipt.json" href=${receiptHref(store.receipt, store.issuer)}>${t.receipt}</a>`
            : nothing}
          <div part="actions" class="actions">
            <button type="button" part="button reject-button" class="button" @click=${() => store.rejectAll()}>${t.rejectAll}</button>
            <button type="button" part="button accept-button" class="button" @click=${() => store.acceptAll()}>${t.acceptAll}</button>
            <button type="submit" part="button save-button" class="button">${t.save}</button>
          </div>
        </form>
      </dialog>
    `;
  }
}
