// dist/novo-script-gate.js: loaded by the script-tag SDK when the page has consent-gated scripts,
// so pages without any carry none of the gate. lazy-parts.ts gives this script the nonce of the
// SDK's own tag, the one gated scripts must carry under a nonce-based CSP.
import { connectScripts } from '../scripts.js';

if (window.NovoConsent) connectScripts(window.NovoConsent, { nonce: (document.currentScript as HTMLScriptElement | null)?.nonce });
