import { html, LitElement, nothing } from 'lit';
import { reserveBottomRoom } from '../bottom-room.js';
import { ConsentController } from '../consent-controller.js';
import { themeStyles } from '../styles/theme.styles.js';
import { launcherStyles } from './consent-launcher.styles.js';

/**
 * @tagname novo-consent-launcher
 * @summary A floating "Privacy settings" button that reopens the preferences at any time.
 *
 * Hidden while the banner is on screen, so there is always exactly one way in. Where the visitor
 * may opt out (US state laws) it reads "Do Not Sell or Share My Personal Information", the link
 * those laws require on every page. While it shows, the page gets room below its content and a
 * bottom scroll padding, so the button never covers the page's last content or a focused element.
 * After a decision it says politely that the choice was saved, and takes the focus when the button
 * that made the choice went away with the banner or its dialog (otherwise focus would fall to `<body>`).
 *
 * @csspart base - The button.
 * @cssprop --novo-surface - Background.
 * @cssprop --novo-text - Text colour.
 * @cssprop --novo-border - Border colour.
 * @cssprop --novo-z-index - Stacking order.
 */
export class NovoConsentLauncher extends LitElement {
  static override styles = [themeStyles, launcherStyles];
  static override properties = { said: { state: true } };
  #consent = new ConsentController(this);
  /** When the decision in force was made; undefined until the config is known, so the stored decision is not announced. */
  #decidedAt: string | undefined;
  /** The live region's text. */
  private said = '';

  constructor() {
    super();
    reserveBottomRoom(this, 'button');
  }

  protected override willUpdate(): void {
    const store = this.#consent.store;
    const config = store?.config;
    if (!config) return;
    // A Global Privacy Control record made on load is in place before the first render: not announced.
    const decidedAt = store.state?.updatedAt;
    // Defined after a choice made on this page (the script tag loads the launcher after the
    // banner), it still acknowledges that choice; a decision stored before is not announced.
    const previous = this.#decidedAt ?? (store.decidedOnThisPage ? '' : decidedAt);
    if (decidedAt && decidedAt !== previous) {
      // Emptied first so the same words are announced again after a second choice.
      this.said = '';
      // After the other elements rendered the decision. Focus left on <body> (the banner's button
      // that had it is gone) or in the closed dialog (the button it would give focus back to is
      // gone) comes here; focus anywhere else on the page stays.
      setTimeout(() => {
        if (/^(body|novo-consent-(banner|preferences))$/.test(this.ownerDocument.activeElement?.localName ?? 'body')) this.renderRoot.querySelector('button')?.focus();
        this.said = config.texts.choiceSaved;
      });
    }
    this.#decidedAt = decidedAt ?? '';
  }

  protected override render() {
    const store = this.#consent.store;
    if (!store?.config) return nothing;
    return html`<p role="status" class="said">${this.said}</p>
      ${store.bannerVisible
        ? nothing
        : html`<button part="base" class="launcher" aria-haspopup="dialog" @click=${() => store.showPreferences()}>
            ${store.regime === 'opt-out' ? store.config.texts.doNotSell : store.config.texts.settings}
          </button>`}`;
  }
}
