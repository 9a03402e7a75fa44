import { html, LitElement, nothing } from 'lit';
import { ConsentController } from '../consent-controller.js';
import { themeStyles } from '../styles/theme.styles.js';
import { launcherStyles } from './consent-launcher.styles.js';

/**
 * @tagname novo-consent-launcher
 * @summary A floating "Privacy settings" button that reopens the preferences at any time.
 *
 * Hidden while the banner is on screen, so there is always exactly one way in. Where the visitor
 * may opt out (US state laws) it reads "Do Not Sell or Share My Personal Information", the link
 * those laws require on every page.
 *
 * @csspart base - The button.
 * @cssprop --novo-surface - Background.
 * @cssprop --novo-text - Text colour.
 * @cssprop --novo-border - Border colour.
 * @cssprop --novo-z-index - Stacking order.
 */
export class NovoConsentLauncher extends LitElement {
  static override styles = [themeStyles, launcherStyles];
  #consent = new ConsentController(this);

  protected override render() {
    const store = this.#consent.store;
    if (!store?.config || store.bannerVisible) return nothing;
    return html`<button part="base" class="launcher" aria-haspopup="dialog" @click=${() => store.showPreferences()}>
      ${store.regime === 'opt-out' ? store.config.texts.doNotSell : store.config.texts.settings}
    </button>`;
  }
}
