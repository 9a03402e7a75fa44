import type { ChoiceUpdate, ConsentState, ConsentStore, SiteConfig } from '@novoaigen/consent-core';

/** `window.NovoConsent`: the page's handle on the SDK. No method throws into the page. */
export interface NovoConsentApi {
  /** Resolves with the current state (or null) once the config and stored decision are loaded. */
  readonly ready: Promise<ConsentState | null>;
  /**
   * The site's config as the worker served it to this visitor (language, categories, regime of
   * their region), once loaded; null before or when it could not be loaded.
   */
  readonly config: SiteConfig | null;
  /** The visitor's valid decision, or null when they have not decided (or must decide again). */
  get(): ConsentState | null;
  /** Whether a category may be used now. */
  has(category: string): boolean;
  acceptAll(): Promise<ConsentState | null>;
  rejectAll(): Promise<ConsentState | null>;
  /** Grants or withdraws some categories (`{ analytics: false }`); the others keep their value. */
  set(choices: ChoiceUpdate): Promise<ConsentState | null>;
  showBanner(): void;
  showPreferences(): void;
  /** Calls `listener` after every decision; returns a function that stops it. */
  on(event: 'change', listener: (state: ConsentState) => void): () => void;
}

/** Runs `action`, reporting instead of throwing: a bug or bad argument in the SDK must not break the host page. */
function guard<T>(fallback: T, action: () => T): T {
  try {
    return action();
  } catch (error) {
    console.warn('[novo-consent]', error);
    return fallback;
  }
}

/** Wraps a store in the page-facing API: every call is guarded, so misuse is logged, not thrown. */
export function createPublicApi(store: ConsentStore): NovoConsentApi {
  const settle = (promise: () => Promise<ConsentState | null>) =>
    guard(Promise.resolve(null), promise).catch((error: unknown) => {
      console.warn('[novo-consent]', error);
      return null;
    });
  return {
    ready: store.ready.then(() => store.state),
    get config() {
      return store.config;
    },
    get: () => guard(null, () => store.state),
    has: (category) => guard(false, () => store.has(String(category))),
    acceptAll: () => settle(() => store.acceptAll()),
    rejectAll: () => settle(() => store.rejectAll()),
    set: (choices) =>
      settle(() => {
        if (!choices || typeof choices !== 'object') throw new TypeError('use NovoConsent.set({ category: true })');
        return store.set(Object.fromEntries(Object.entries(choices).filter(([, value]) => typeof value === 'boolean')), 'api');
      }),
    showBanner: () => guard(undefined, () => store.showBanner()),
    showPreferences: () => guard(undefined, () => store.showPreferences()),
    on: (event, listener) =>
      guard<() => void>(
        () => undefined,
        () => {
          if (event !== 'change' || typeof listener !== 'function') throw new TypeError("use NovoConsent.on('change', fn)");
          return store.onChange(listener);
        },
      ),
  };
}
