// dist/novo-rights-request.js: loaded by the script-tag SDK when the page has <novo-rights-request>.
// Lit comes from the main bundle (see lazy-parts.ts); zod/mini and the form come with this file.
import { defineRightsRequest } from '@novoaigen/consent-elements';

defineRightsRequest();
