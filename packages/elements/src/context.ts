import { createContext } from '@lit/context';
import type { ConsentStore } from '@novoaigen/consent-core';

/** The consent store shared by every element below its provider. */
export const consentStoreContext = createContext<ConsentStore>(Symbol.for('novo-consent-store'));
