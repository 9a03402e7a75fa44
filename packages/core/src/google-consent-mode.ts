import { CONSENT_MODE_FALLBACK_DEFAULT, DEFAULT_CONSENT_MODE_MAPPING, type ConsentModeCommand, type GoogleConsentKey, type ServedConsentMode } from '@novoaigen/consent-schema';

type DataLayerWindow = Window & { dataLayer?: unknown[] };

/**
 * Pushes one command into `this` window's `dataLayer` as gtag.js reads it: an `arguments` object
 * (as Google's own `gtag()` pushes it), not an array. Call as `gtag.call(window, 'consent', …)`.
 */
export function gtag(this: Window, ..._command: unknown[]): void {
  // eslint-disable-next-line prefer-rest-params
  ((this as DataLayerWindow).dataLayer ??= []).push(arguments);
}

/**
 * Whether `win`'s dataLayer already holds a general (not region-specific) consent default: the
 * script tag's, pushed as it ran, or the page's own.
 */
export function hasConsentDefault(win: Window): boolean {
  return ((win as DataLayerWindow).dataLayer ?? []).some((entry) => {
    // gtag() pushes `arguments` objects; Tag Manager pushes plain objects (`{ event }`) beside them.
    const command = entry as Partial<Record<number, unknown>> | null;
    return command?.[0] === 'consent' && command[1] === 'default' && !(command[2] as { region?: unknown } | undefined)?.region;
  });
}

/**
 * Google Consent Mode v2: tells Google tags (gtag.js, GA4, Google Ads, GTM) what they may do,
 * through the page's `dataLayer`, which those tags read whenever they load, so the page may define
 * `gtag`/`dataLayer` before or after the SDK. The worker works out the site's commands (see
 * `ServedConsentModeSchema`); this passes them on, then reports every decision.
 */
export class GoogleConsentMode {
  #window: Window;
  #defaultSent: boolean;
  #mode: ServedConsentMode | null = null;

  /** @param defaultSent Whether the page already got the general default (the script tag sends it as it runs). */
  constructor(win: Window, defaultSent = false) {
    this.#window = win;
    this.#defaultSent = defaultSent;
  }

  #gtag(...command: unknown[]): void {
    gtag.call(this.#window, ...command);
  }

  /**
   * Sends the default command once, and the site's region defaults and settings once they are
   * known. Called as the script runs, before the page's Google tag, with whatever is known then:
   * without the site's commands, everything but strictly necessary storage is denied.
   */
  sendDefaults(mode?: ServedConsentMode): void {
    const [general, ...regional] = mode?.defaults ?? [CONSENT_MODE_FALLBACK_DEFAULT];
    if (!this.#defaultSent) {
      this.#defaultSent = true;
      this.#gtag('consent', 'default', general);
    }
    if (!mode || this.#mode) return;
    this.#mode = mode;
    for (const command of regional) this.#gtag('consent', 'default', command);
    for (const [name, value] of Object.entries(mode.set)) this.#gtag('set', name, value);
  }

  /** Sends an update: a key is granted when any category mapped to it may be used now. */
  sendUpdate(has: (category: string) => boolean): void {
    const mapping = Object.entries(this.#mode?.mapping ?? DEFAULT_CONSENT_MODE_MAPPING);
    const update: ConsentModeCommand = {};
    // Every key the general default names, which is every Consent Mode key.
    for (const key in CONSENT_MODE_FALLBACK_DEFAULT) {
      if (key !== 'wait_for_update') update[key as GoogleConsentKey] = mapping.some(([category, keys]) => keys.includes(key as GoogleConsentKey) && has(category)) ? 'granted' : 'denied';
    }
    this.#gtag('consent', 'update', update);
  }
}
