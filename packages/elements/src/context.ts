import { createContext } from '@lit/context';
import type { ConsentStore } from '@novo-consent/core';

/** The consent store shared by every element below its provider. */
export const consentStoreContext = createContext<ConsentStore>(Symbol.for('novo-consent-store'));
