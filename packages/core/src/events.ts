import type { ConsentState } from '@novoaigen/consent-schema';

/** Dispatched on `document` after every consent decision, with the new state as `detail`. */
export class NovoConsentChangeEvent extends CustomEvent<ConsentState> {
  static readonly type = 'novo-consent-change';
  constructor(state: ConsentState) {
    super(NovoConsentChangeEvent.type, { detail: state, bubbles: true, composed: true });
  }
}

/** Where the SDK keeps choices on the device. */
export type DeviceStorage = 'indexeddb' | 'cookie';

/**
 * Dispatched on `document`, once per kind, when the browser refuses IndexedDB or cookies (private
 * modes, blocked storage). The SDK keeps working: choices hold for the page's lifetime and are
 * still delivered to the worker; the page may tell the visitor that they will be asked again.
 */
export class NovoStorageUnavailableEvent extends CustomEvent<{ storage: DeviceStorage }> {
  static readonly type = 'novo-storage-unavailable';
  constructor(storage: DeviceStorage) {
    super(NovoStorageUnavailableEvent.type, { detail: { storage }, bubbles: true, composed: true });
  }
}

declare global {
  interface DocumentEventMap {
    'novo-consent-change': NovoConsentChangeEvent;
    'novo-storage-unavailable': NovoStorageUnavailableEvent;
  }
  interface HTMLElementEventMap {
    'novo-consent-change': NovoConsentChangeEvent;
  }
}
