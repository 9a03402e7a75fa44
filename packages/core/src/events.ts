import type { ConsentState } from '@novoaigen/consent-schema';

/** Dispatched on `document` after every consent decision, with the new state as `detail`. */
export class NovoConsentChangeEvent extends CustomEvent<ConsentState> {
  static readonly type = 'novo-consent-change';
  constructor(state: ConsentState) {
    super(NovoConsentChangeEvent.type, { detail: state, bubbles: true, composed: true });
  }
}

declare global {
  interface DocumentEventMap {
    'novo-consent-change': NovoConsentChangeEvent;
  }
  interface HTMLElementEventMap {
    'novo-consent-change': NovoConsentChangeEvent;
  }
}
