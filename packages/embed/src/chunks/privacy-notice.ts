// dist/novo-privacy-notice.js: loaded by the script-tag SDK when the page has <novo-privacy-notice>.
import { definePrivacyNotice } from '@novo-consent/elements';

definePrivacyNotice();
