import { expect, html } from '@open-wc/testing';
import { clearCookies, FakeApi, nextRender, renderWithStore, testConfig } from '../../test/fixtures.js';
import type { NovoConsentLauncher } from './consent-launcher.js';

describe('<novo-consent-launcher>', () => {
  beforeEach(clearCookies);

  it('appears once the banner is gone and reopens the preferences', async () => {
    const { element, store } = await renderWithStore<NovoConsentLauncher>(html`<novo-consent-launcher></novo-consent-launcher>`);
    expect(element.shadowRoot!.querySelector('button')).to.equal(null);
    await store.rejectAll();
    await nextRender(element);
    const button = element.shadowRoot!.querySelector('button');
    expect(button?.textContent?.trim()).to.equal('Privacy settings');
    await expect(element).to.be.accessible();
    button?.click();
    expect(store.preferencesOpen).to.equal(true);
  });

  it('reads "Do Not Sell or Share My Personal Information" where the visitor may opt out', async () => {
    const api = new FakeApi(testConfig({ visitor: { region: 'US-CA', regime: 'opt-out', gpc: false } }));
    const { element, store } = await renderWithStore<NovoConsentLauncher>(html`<novo-consent-launcher></novo-consent-launcher>`, api);
    await store.acknowledge();
    await nextRender(element);
    expect(element.shadowRoot!.querySelector('button')?.textContent?.trim()).to.equal('Do Not Sell or Share My Personal Information');
  });
});
