import { expect, fixture, html } from '@open-wc/testing';
import { clearCookies, testConfig } from '../../core/test/fakes.js';
import { start } from './start.js';

declare global {
  interface Window {
    startLog?: string[];
  }
}

describe('start() from npm', () => {
  afterEach(() => {
    for (const tag of ['novo-consent-banner', 'novo-consent-preferences', 'novo-consent-launcher']) document.querySelector(tag)?.remove();
  });

  it('defines the whole banner path and runs the gated scripts that carry its nonce once consented', async () => {
    clearCookies();
    window.startLog = [];
    await fixture(html`<div>
      <script type="text/plain" data-consent="analytics" nonce="page-nonce">window.startLog.push('analytics')</script>
    </div>`);
    // An address nothing answers on: delivery is retried in the background, which this test does not need.
    const consent = start(document, { siteId: 'start-test', apiBase: 'http://127.0.0.1:9', config: testConfig(), nonce: 'page-nonce' });
    await consent.ready;
    expect(customElements.get('novo-consent-preferences')).not.to.equal(undefined);
    expect(customElements.get('novo-consent-launcher')).not.to.equal(undefined);
    expect(window.startLog).to.deep.equal([]);
    await consent.acceptAll();
    expect(window.startLog).to.deep.equal(['analytics']);
  });
});
