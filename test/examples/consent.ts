// consent.ts: imported once, by the app's entry, before it renders
import { start } from '@novoaigen/consent-embed';
import { defineConsentToggle } from '@novoaigen/consent-elements';

export const consent = start(document, { siteId: 'SITE_ID', apiBase: 'https://YOUR_API_ORIGIN' });
defineConsentToggle();

// The rights form and its validation: loaded by the page that shows it, not in every page's bundle.
export const loadRightsRequest = () => import('@novoaigen/consent-elements/rights-request').then(({ defineRightsRequest }) => defineRightsRequest());
