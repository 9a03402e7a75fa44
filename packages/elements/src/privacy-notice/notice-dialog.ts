import { css, html, LitElement } from 'lit';
import { ConsentController } from '../consent-controller.js';
import { defineElement } from '../define-element.js';
import { messagesFor } from '../messages.js';
import { themeStyles } from '../styles/theme.styles.js';

/**
 * @tagname novo-notice-dialog
 * @summary The privacy notice in a modal dialog, over the page: what the banner's "Privacy notice"
 * link opens when the script-tag SDK runs, so reading the notice does not lose the visitor's place.
 *
 * Set `open` to show it; a native `<dialog>` takes focus, closes on Escape or its close button,
 * and gives focus back to the link.
 *
 * @csspart dialog - The dialog box.
 * @csspart close-button - The × button.
 */
export class NovoNoticeDialog extends LitElement {
  static override styles = [
    themeStyles,
    css`
      dialog {
        inline-size: min(48rem, calc(100% - 24px));
        padding: 8px 24px 24px;
      }
      form {
        display: flex;
        justify-content: end;
        position: sticky;
        inset-block-start: 0;
      }
      button {
        inline-size: 44px;
        block-size: 44px;
        font: inherit;
        font-size: 1.5em;
        color: inherit;
        background: var(--_surface);
        border: 0;
        border-radius: 50%;
        cursor: pointer;
      }
    `,
  ];
  static override properties = { site: {}, api: {}, locale: {}, open: { type: Boolean, reflect: true }, label: {} };
  #consent = new ConsentController(this);

  /** The site id, passed to the notice inside; by default the one `start()` (or the script tag) was given. */
  site = '';
  /** The worker's origin, passed to the notice inside; by default the one `start()` (or the script tag) was given. */
  api = '';
  /** The language wanted, passed to the notice inside (by default the visitor's). */
  locale = '';
  /** Whether the dialog is shown. */
  open = false;
  /** The dialog's accessible name; by default the config's word for "Privacy notice". */
  label = '';

  protected override updated(): void {
    const dialog = this.renderRoot.querySelector('dialog');
    if (!dialog) return;
    if (this.open && !dialog.open) dialog.showModal();
    else if (!this.open && dialog.open) dialog.close();
  }

  protected override render() {
    const t = messagesFor(this.#consent.store?.config);
    return html`<dialog part="dialog" aria-label=${this.label || t.privacyNotice} @close=${() => (this.open = false)}>
      <form method="dialog"><button part="close-button" aria-label=${t.close}>×</button></form>
      ${this.open ? html`<novo-privacy-notice site=${this.site} api=${this.api} locale=${this.locale}></novo-privacy-notice>` : ''}
    </dialog>`;
  }
}

/** Registers `<novo-notice-dialog>` once. */
export function defineNoticeDialog(registry: CustomElementRegistry = customElements): void {
  defineElement('novo-notice-dialog', NovoNoticeDialog, registry);
}

declare global {
  interface HTMLElementTagNameMap {
    'novo-notice-dialog': NovoNoticeDialog;
  }
}
