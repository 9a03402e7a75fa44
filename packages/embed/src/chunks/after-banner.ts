// dist/novo-after-banner.js: the preferences dialog, the launcher and the loader of the other
// parts, which the script-tag SDK loads right after the first banner (when idle, or at the first
// interaction), so only the banner is parsed before it paints. The elements the SDK already put on
// the page upgrade now; a "Customize" pressed before this part arrived opens the dialog as soon as
// it is defined. Lit comes from the main bundle; the other parts load beside this file, with the
// nonce lazy-parts.ts gave it.
import { defineAfterBanner } from '@novoaigen/consent-elements';
import { loadPartsInUse, partLoader } from '../lazy-parts.js';

defineAfterBanner();
const script = document.currentScript as HTMLScriptElement | null;
if (script) loadPartsInUse(document, partLoader(document, script.src, script.nonce));
