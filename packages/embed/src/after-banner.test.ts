import { ConsentStore, memoryStorage } from '@novoaigen/consent-core';
import { defineAfterBanner, defineConsentBanner, provideConsentStore } from '@novoaigen/consent-elements';
import { en } from '@novoaigen/consent-schema';
import { expect, fixture, html } from '@open-wc/testing';
import { clearCookies, FakeApi, testConfig } from '../../core/test/fakes.js';

/**
 * The script tag's split: only the banner is defined before it paints; the preferences and the
 * launcher are on the page as plain elements until their part arrives (`defineAfterBanner()`).
 * This file's page starts with none of the three defined.
 */
describe('the part loaded after the banner', () => {
  beforeEach(clearCookies);

  it('opens the preferences pressed before it arrived, with every word, then the launcher takes over after the choice', async () => {
    const config = testConfig();
    const store = new ConsentStore({ api: new FakeApi(config), storage: memoryStorage(), document, onError: () => {} });
    const page = await fixture<HTMLDivElement>(html`<div>
      <novo-consent-banner></novo-consent-banner><novo-consent-preferences></novo-consent-preferences><novo-consent-launcher></novo-consent-launcher>
    </div>`);
    provideConsentStore(page, store);
    defineConsentBanner();
    await store.ready;
    const banner = page.querySelector('novo-consent-banner')!;
    await banner.updateComplete;
    expect(customElements.get('novo-consent-preferences')).to.equal(undefined);

    banner.shadowRoot!.querySelector<HTMLButtonElement>('[part~="customize-button"]')!.click();
    defineAfterBanner();
    const preferences = page.querySelector('novo-consent-preferences')!;
    await preferences.updateComplete;
    await preferences.updateComplete;
    const dialog = preferences.shadowRoot!.querySelector('dialog')!;
    expect(dialog.open).to.equal(true);
    const words = dialog.textContent!.replace(/\s+/g, ' ');
    for (const text of [en.preferencesTitle, en.preferencesDescription, en.alwaysOn, en.rejectAll, en.acceptAll, en.save]) expect(words).to.contain(text);
    for (const category of config.categories) {
      expect(words).to.contain(category.title);
      expect(words).to.contain(category.description);
    }

    const accept = dialog.querySelector<HTMLButtonElement>('[part~="accept-button"]')!;
    accept.focus();
    accept.click();
    const launcher = page.querySelector('novo-consent-launcher')!;
    const status = () => launcher.shadowRoot?.querySelector('[role="status"]')?.textContent;
    for (let i = 0; i < 10 && status() !== en.choiceSaved; i++) {
      await new Promise((resolve) => setTimeout(resolve));
      await launcher.updateComplete;
    }
    expect(status()).to.equal(en.choiceSaved);
    expect(launcher.shadowRoot!.querySelector('button')?.textContent?.trim()).to.equal(en.settings);
    expect(launcher.shadowRoot!.activeElement).to.equal(launcher.shadowRoot!.querySelector('button'));
  });
});
