// dist/novo-privacy-notice.js: loaded by the script-tag SDK when the page has <novo-privacy-notice>,
// or when the banner's notice link opens <novo-notice-dialog>.
import { defineNoticeDialog, definePrivacyNotice } from '@novoaigen/consent-elements';

definePrivacyNotice();
defineNoticeDialog();
