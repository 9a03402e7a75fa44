import { html, LitElement, nothing } from 'lit';
import { reserveBottomRoom } from '../bottom-room.js';
import { ConsentController } from '../consent-controller.js';
import { isSafeLink } from '../safe-link.js';
import { buttonStyles, themeStyles } from '../styles/theme.styles.js';
import { fill } from '../messages.js';
import { bannerStyles } from './consent-banner.styles.js';

/**
 * @tagname novo-consent-banner
 * @summary The first layer: asks for a decision when the visitor has no valid one.
 *
 * Where the visitor must opt in, shows "Accept all", "Reject all" and "Customize" with equal
 * weight, and a link to the privacy notice. Where the law lets the site run optional categories
 * until the visitor opts out (the worker says which, by region), shows a notice instead, with a
 * "Do Not Sell or Share My Personal Information" button that opens the preferences and "OK".
 * When the browser sent Global Privacy Control, says in words that it was honoured.
 * It floats over the page (no layout shift) and does not take focus, since it is not modal;
 * put it first in `<body>` so it is first in the tab order.
 *
 * @csspart base - The banner box (a labelled region).
 * @csspart title - The heading.
 * @csspart description - The explanatory text.
 * @csspart notice-changed - "Our privacy notice changed on …", a link to the notice shown to visitors asked again after a material change.
 * @csspart link - The privacy notice link.
 * @csspart gpc - "Your browser sent a Global Privacy Control signal…".
 * @csspart do-not-sell-button - "Do Not Sell or Share My Personal Information" (opt-out notice).
 * @csspart acknowledge-button - "OK" (opt-out notice).
 * @fires novo-notice - Cancelable, when the notice link is followed; the script-tag SDK cancels it and shows the notice in a dialog instead of leaving the page.
 * @csspart actions - The row of buttons.
 * @csspart button - Each of the three buttons (they look alike on purpose).
 * @csspart accept-button - "Accept all".
 * @csspart reject-button - "Reject all".
 * @csspart customize-button - "Customize".
 * @cssprop --novo-accent - Button and switch colour.
 * @cssprop --novo-on-accent - Text on the accent colour.
 * @cssprop --novo-surface - Background.
 * @cssprop --novo-text - Text colour.
 * @cssprop --novo-muted - Secondary text colour.
 * @cssprop --novo-border - Border colour.
 * @cssprop --novo-radius - Corner radius.
 * @cssprop --novo-font - Font family.
 * @cssprop --novo-z-index - Stacking order.
 * @cssprop --novo-banner-max-width - Widest the banner grows.
 */
export class NovoConsentBanner extends LitElement {
  static override styles = [themeStyles, buttonStyles, bannerStyles];
  #consent = new ConsentController(this);

  constructor() {
    super();
    // Focused page content scrolls clear of the banner instead of hiding behind it.
    reserveBottomRoom(this, 'section');
  }

  /** Lets the page show the notice in place (the script-tag SDK does); otherwise the link is followed. */
  #openNotice(event: Event): void {
    if (!this.dispatchEvent(new Event('novo-notice', { bubbles: true, composed: true, cancelable: true }))) event.preventDefault();
  }

  protected override render() {
    const store = this.#consent.store;
    const config = store?.config;
    if (!store?.bannerVisible || !config) return nothing;
    const t = config.texts;
    const noticeUrl = config.noticeUrl;
    const changedAt = store.noticeChangedAt;
    const optOut = store.regime === 'opt-out';
    return html`
      <section part="base" class="banner" aria-labelledby="title" aria-describedby="description">
        <h2 id="title" part="title">${optOut ? t.optOutTitle : t.bannerTitle}</h2>
        ${changedAt && isSafeLink(noticeUrl)
          ? html`<p>
              <a part="notice-changed" href=${noticeUrl} @click=${this.#openNotice}
                >${fill(t.noticeChanged, { date: new Date(changedAt).toLocaleDateString(config.locale, { dateStyle: 'long' }) })}</a
              >
            </p>`
          : nothing}
        <p id="description" part="description" class="description">
          ${optOut ? t.optOutDescription : t.bannerDescription}
          ${isSafeLink(noticeUrl)
            ? html`<a part="link" href=${noticeUrl} @click=${this.#openNotice}>${t.privacyNotice}</a>`
            : nothing}
        </p>
        ${store.gpc && config.categories.some((c) => c.gpcOptOut) ? html`<p part="gpc">${t.gpcHonoured}</p>` : nothing}
        <div part="actions" class="actions">
          ${optOut
            ? html`<button part="button do-not-sell-button" class="button" aria-haspopup="dialog" @click=${() => store.showPreferences()}>${t.doNotSell}</button>
                <button part="button acknowledge-button" class="button" @click=${() => store.acknowledge()}>${t.acknowledge}</button>`
            : html`<button part="button accept-button" class="button" @click=${() => store.acceptAll()}>${t.acceptAll}</button>
                <button part="button reject-button" class="button" @click=${() => store.rejectAll()}>${t.rejectAll}</button>
                <button part="button customize-button" class="button" aria-haspopup="dialog" @click=${() => store.showPreferences()}>${t.customize}</button>`}
        </div>
      </section>
    `;
  }
}
