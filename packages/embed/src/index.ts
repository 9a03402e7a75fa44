export { createPublicApi, type NovoConsentApi } from './public-api.js';
export { start, type StartOptions } from './start.js';
export { connectGoogleConsentMode } from './google-consent-mode.js';
export { connectEmbeds } from './embeds.js';
export { connectScripts } from './scripts.js';
