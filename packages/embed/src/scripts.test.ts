import { ConsentStore, memoryStorage } from '@novoaigen/consent-core';
import { expect, fixture, html } from '@open-wc/testing';
import { clearCookies, FakeApi } from '../../core/test/fakes.js';
import { createPublicApi } from './public-api.js';
import { connectScripts } from './scripts.js';

declare global {
  interface Window {
    connectLog?: string[];
  }
}

describe('connectScripts', () => {
  const originalWarn = console.warn;
  afterEach(() => {
    console.warn = originalWarn;
  });

  it('runs gated scripts as the page consents, with the nonce only those that carry it', async () => {
    clearCookies();
    window.connectLog = [];
    const warnings: unknown[] = [];
    console.warn = (...args: unknown[]) => warnings.push(args);
    await fixture(html`<div>
      <script type="text/plain" data-consent="analytics" nonce="page-nonce">window.connectLog.push('analytics')</script>
      <script type="text/plain" data-consent="necessary">window.connectLog.push('injected')</script>
    </div>`);
    const consent = createPublicApi(new ConsentStore({ api: new FakeApi(), storage: memoryStorage(), document, onError: () => {} }));
    const gate = connectScripts(consent, { nonce: 'page-nonce' });
    try {
      await consent.ready;
      expect(window.connectLog).to.deep.equal([]);
      await consent.acceptAll();
      expect(window.connectLog).to.deep.equal(['analytics']);
      expect(warnings).to.have.length(1);
    } finally {
      gate.stop();
    }
  });
});
