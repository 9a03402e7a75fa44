import { expect, html } from '@open-wc/testing';
import { clearCookies, FakeApi, nextRender, renderWithStore, testConfig } from '../../test/fixtures.js';
import { en } from '@novoaigen/consent-schema';
import type { NovoConsentBanner } from '../consent-banner/consent-banner.js';
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

describe('after a choice made in the banner', () => {
  beforeEach(clearCookies);

  function deepActiveElement(): Element | null {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return active;
  }

  /** The banner path as the SDK puts it on a page: banner, preferences dialog, launcher. */
  async function renderPage() {
    const { element: banner, provider, store } = await renderWithStore<NovoConsentBanner>(html`<novo-consent-banner></novo-consent-banner>`);
    const preferences = document.createElement('novo-consent-preferences');
    const launcher = document.createElement('novo-consent-launcher');
    provider.append(preferences, launcher);
    await Promise.all([preferences.updateComplete, launcher.updateComplete]);
    return { banner, preferences, launcher, store };
  }

  /** Focuses `button` and presses it, as a keyboard user does. */
  async function press(button: HTMLElement | null | undefined) {
    if (!button) throw new Error('no such button');
    button.focus();
    button.click();
  }

  const CHOICES: Record<string, (page: Awaited<ReturnType<typeof renderPage>>) => Promise<void>> = {
    'Accept all in the banner': ({ banner }) => press(banner.shadowRoot?.querySelector('[part~="accept-button"]')),
    'Reject all in the banner': ({ banner }) => press(banner.shadowRoot?.querySelector('[part~="reject-button"]')),
    ...Object.fromEntries(
      ['save-button', 'accept-button', 'reject-button'].map((button) => [
        `${button.replace('-button', '')} in the dialog opened from the banner`,
        async ({ banner, preferences }: Awaited<ReturnType<typeof renderPage>>) => {
          await press(banner.shadowRoot?.querySelector('[part~="customize-button"]'));
          await nextRender(preferences);
          expect(preferences.shadowRoot?.querySelector('dialog')?.open).to.equal(true);
          await press(preferences.shadowRoot?.querySelector(`[part~="${button}"]`));
        },
      ]),
    ),
  };

  for (const [choice, make] of Object.entries(CHOICES)) {
    it(`${choice}: focus moves to the launcher, not <body>, and "saved" is announced politely`, async () => {
      const page = await renderPage();
      await make(page);
      const status = page.launcher.shadowRoot!.querySelector('[role="status"]')!;
      for (let i = 0; i < 50 && status.textContent !== en.choiceSaved; i++) await nextRender(page.launcher);
      expect(page.store.state).not.to.equal(null);
      expect(status.textContent).to.equal(en.choiceSaved);
      expect(document.activeElement).not.to.equal(document.body);
      expect(deepActiveElement()).to.equal(page.launcher.shadowRoot!.querySelector('button'));
    });
  }

  it('leaves focus where the page put it when the choice came from the page', async () => {
    const { launcher, store } = await renderPage();
    const own = document.createElement('button');
    document.body.append(own);
    try {
      own.focus();
      await store.acceptAll();
      for (let i = 0; i < 5; i++) await nextRender(launcher);
      expect(document.activeElement).to.equal(own);
    } finally {
      own.remove();
    }
  });

  it('does not announce the decision a returning visitor already had', async () => {
    const { store } = await renderPage();
    await store.rejectAll();
    // The next page view: a new store finds the decision in the cookie.
    const { element: again } = await renderWithStore<NovoConsentLauncher>(html`<novo-consent-launcher></novo-consent-launcher>`);
    for (let i = 0; i < 5; i++) await nextRender(again);
    expect(again.shadowRoot!.querySelector('button')).not.to.equal(null);
    expect(again.shadowRoot!.querySelector('[role="status"]')!.textContent).to.equal('');
  });

  it('announces a choice made before it was on the page (the script tag adds it after the banner)', async () => {
    const { provider, store } = await renderWithStore<NovoConsentBanner>(html`<novo-consent-banner></novo-consent-banner>`);
    await store.acceptAll();
    const late = document.createElement('novo-consent-launcher');
    provider.append(late);
    const status = () => late.shadowRoot?.querySelector('[role="status"]')?.textContent;
    for (let i = 0; i < 5 && status() !== en.choiceSaved; i++) await nextRender(late);
    expect(status()).to.equal(en.choiceSaved);
    expect(deepActiveElement()).to.equal(late.shadowRoot!.querySelector('button'));
  });
});
