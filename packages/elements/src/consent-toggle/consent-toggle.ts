import { html, LitElement } from 'lit';
import { ConsentController } from '../consent-controller.js';
import { defineElement } from '../define-element.js';
import { switchStyles, themeStyles } from '../styles/theme.styles.js';
import { toggleStyles } from './consent-toggle.styles.js';

/**
 * @tagname novo-consent-toggle
 * @summary A labelled switch that grants or withdraws one category from anywhere on the site.
 *
 * Reflects the current decision live, also when it changes elsewhere (banner, dialog, API).
 * Flipping it records a decision with method `toggle`. Strictly necessary categories show locked on.
 *
 * @slot - The label; defaults to the category's title from the site config.
 * @csspart base - The label wrapping switch and text.
 * @csspart switch - The switch.
 * @csspart label - The text.
 * @cssprop --novo-accent - Colour of the switch when on.
 */
export class NovoConsentToggle extends LitElement {
  static override styles = [themeStyles, switchStyles, toggleStyles];
  // Declared without decorators: the decorator runtime would add about half a kilobyte to every page.
  static override properties = { category: { reflect: true } };
  #consent = new ConsentController(this);

  /** The category id this switch controls, such as `analytics`. */
  category = '';

  #change(event: Event): void {
    void this.#consent.store?.set({ [this.category]: (event.target as HTMLInputElement).checked }, 'toggle');
  }

  protected override render() {
    const store = this.#consent.store;
    const category = store?.config?.categories.find((c) => c.id === this.category);
    return html`
      <label part="base">
        <input
          part="switch"
          class="switch"
          type="checkbox"
          role="switch"
          .checked=${store?.has(this.category) ?? false}
          ?disabled=${!category || category.required}
          @change=${this.#change}
        />
        <span part="label"><slot>${category?.title ?? this.category}</slot></span>
      </label>
    `;
  }
}

/** Registers `<novo-consent-toggle>` once. */
export function defineConsentToggle(registry: CustomElementRegistry = customElements): void {
  defineElement('novo-consent-toggle', NovoConsentToggle, registry);
}

declare global {
  interface HTMLElementTagNameMap {
    'novo-consent-toggle': NovoConsentToggle;
  }
}
