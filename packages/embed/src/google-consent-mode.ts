import { GoogleConsentMode } from '@novoaigen/consent-core';
import type { NovoConsentApi } from './public-api.js';

/**
 * Connects Google Consent Mode v2 to a running SDK: the general default now (unless
 * `defaultSent`), the site's region defaults and settings once the config is known, then an
 * update with the visitor's state and after every decision. Call it before the page's Google tag
 * runs (npm: right after `start()`); the script tag does it by itself for `data-consent-mode` or
 * a config that enables Consent Mode.
 */
export function connectGoogleConsentMode(consent: NovoConsentApi, win: Window = window, defaultSent = false): GoogleConsentMode {
  const mode = new GoogleConsentMode(win, defaultSent);
  const update = () => mode.sendUpdate((category) => consent.has(category));
  // Once the config is known, its own general default (with the site's wait) goes first instead.
  if (!consent.config) mode.sendDefaults();
  void consent.ready.then(() => {
    mode.sendDefaults(consent.config?.consentMode);
    update();
  });
  consent.on('change', update);
  return mode;
}
