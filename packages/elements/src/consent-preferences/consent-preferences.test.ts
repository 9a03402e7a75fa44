import type { ConsentStoreOptions } from '@novoaigen/consent-core';
import { expect, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { clearCookies, FakeApi, nextRender, part, renderWithStore, testCategory, testConfig } from '../../test/fixtures.js';
import type { NovoConsentPreferences } from './consent-preferences.js';

/** The element that has focus, looking through shadow roots. */
function deepActiveElement(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

describe('<novo-consent-preferences>', () => {
  beforeEach(clearCookies);

  async function openPreferences(options: Partial<ConsentStoreOptions> = {}) {
    const rendered = await renderWithStore<NovoConsentPreferences>(html`<novo-consent-preferences></novo-consent-preferences>`, new FakeApi(), options);
    const opener = document.createElement('button');
    opener.textContent = 'open';
    rendered.provider.append(opener);
    opener.focus();
    rendered.store.showPreferences();
    await nextRender(rendered.element);
    return { ...rendered, opener, dialog: part<HTMLDialogElement>(rendered.element, 'dialog') };
  }

  const switches = (element: Element) => [...element.shadowRoot!.querySelectorAll<HTMLInputElement>('input[role="switch"]')];

  it('opens as a modal dialog with one labelled switch per category, nothing pre-ticked', async () => {
    const { element, dialog } = await openPreferences();
    expect(dialog.open).to.equal(true);
    expect(dialog.matches(':modal')).to.equal(true);
    const all = switches(element);
    expect(all.map((s) => s.labels?.[0]?.textContent)).to.deep.equal(['Strictly necessary', 'Analytics', 'Marketing']);
    expect(all.map((s) => s.checked)).to.deep.equal([true, false, false]);
    expect(all.map((s) => s.disabled)).to.deep.equal([true, false, false]);
  });

  it('moves focus into the dialog and gives it back on Escape, without deciding', async () => {
    const { element, store, opener, dialog } = await openPreferences();
    expect(element.shadowRoot!.contains(deepActiveElement())).to.equal(true);
    await sendKeys({ press: 'Escape' });
    await nextRender(element);
    expect(dialog.open).to.equal(false);
    expect(store.preferencesOpen).to.equal(false);
    expect(store.state).to.equal(null);
    expect(deepActiveElement()).to.equal(opener);
  });

  it('keeps Tab and Shift+Tab inside the dialog', async () => {
    const { element } = await openPreferences();
    for (let i = 0; i < 8; i++) {
      await sendKeys({ press: 'Tab' });
      expect(element.shadowRoot!.contains(deepActiveElement()), `focus after ${i + 1} tabs`).to.equal(true);
    }
    await sendKeys({ down: 'Shift' });
    for (let i = 0; i < 8; i++) {
      await sendKeys({ press: 'Tab' });
      expect(element.shadowRoot!.contains(deepActiveElement()), `focus after ${i + 1} shift-tabs`).to.equal(true);
    }
    await sendKeys({ up: 'Shift' });
  });

  it('saves exactly the switched choices as a custom decision', async () => {
    const { element, store, dialog } = await openPreferences();
    const analytics = switches(element)[1]!;
    analytics.focus();
    await sendKeys({ press: 'Space' });
    part(element, 'button[part~="save-button"]').click();
    await new Promise((resolve) => store.onChange(resolve));
    await nextRender(element);
    expect(store.state?.method).to.equal('custom');
    expect(store.state?.categories).to.deep.equal({ necessary: true, analytics: true, marketing: false });
    expect(dialog.open).to.equal(false);
  });

  it('shows the current decision when opened again', async () => {
    const { element, store } = await openPreferences();
    await store.set({ marketing: true }, 'api');
    store.showPreferences();
    await nextRender(element);
    expect(switches(element).map((s) => s.checked)).to.deep.equal([true, false, true]);
  });

  it('offers the receipt of the latest recorded choice as a readable file, naming the only issuer to accept', async () => {
    const { element, store } = await openPreferences({ issuer: 'https://api.novo.example' });
    expect(element.shadowRoot!.querySelector('a[part="receipt-link"]')).to.equal(null);
    const claims = { sub: 'subject', cat: { analytics: true } };
    const token = `eyJhbGciOiJFZERTQSJ9.${btoa(JSON.stringify(claims)).replace(/=+$/, '')}.c2ln`;
    await store.acceptAll();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(store.receipt).to.match(/^receipt-of-/);
    store.showPreferences();
    await nextRender(element);
    const link = part<HTMLAnchorElement>(element, 'a[part="receipt-link"]');
    expect(link.download).to.equal('consent-receipt.json');
    expect(link.textContent).to.equal('Download the receipt of your choice');
    const file = JSON.parse(decodeURIComponent(link.href.slice('data:application/json,'.length))) as { receipt: string; issuer: string };
    expect(file.receipt).to.equal(store.receipt);
    expect(file.issuer).to.equal('https://api.novo.example');
    // A token naming another issuer (a forger's server and key) does not move the issuer to expect.
    const { receiptHref } = await import('../receipt-file.js');
    const forged = { ...claims, iss: 'https://forger.example' };
    const forgedToken = `eyJhbGciOiJFZERTQSJ9.${btoa(JSON.stringify(forged)).replace(/=+$/, '')}.c2ln`;
    expect(JSON.parse(decodeURIComponent(receiptHref(forgedToken, 'https://api.novo.example').slice('data:application/json,'.length)))).to.deep.equal({
      receipt: forgedToken,
      claims: forged,
      issuer: 'https://api.novo.example',
    });
    expect(JSON.parse(decodeURIComponent(receiptHref(token, undefined).slice('data:application/json,'.length)))).to.deep.equal({ receipt: token, claims });
  });

  it('is accessible (axe)', async () => {
    const { element } = await openPreferences();
    await expect(element).to.be.accessible();
  });

  it('lists each category\'s services and says when Global Privacy Control switched one off', async () => {
    const config = testConfig({
      visitor: { region: 'US-CA', regime: 'opt-in', gpc: true },
      categories: [
        testCategory({ id: 'necessary', title: 'Strictly necessary', required: true }),
        testCategory({
          id: 'marketing',
          title: 'Marketing',
          gpcOptOut: true,
          services: [
            {
              id: 'youtube',
              name: 'YouTube',
              vendor: 'Google Ireland Limited',
              purpose: 'Plays videos.',
              cookies: ['YSC'],
              retention: '6 months',
              privacyPolicyUrl: 'https://policies.google.com/privacy',
            },
          ],
        }),
      ],
    });
    const { element, store } = await renderWithStore<NovoConsentPreferences>(html`<novo-consent-preferences></novo-consent-preferences>`, new FakeApi(config));
    store.showPreferences();
    await nextRender(element);
    expect(part(element, '[part="gpc-note"]').textContent).to.contain('Global Privacy Control');
    const service = part(element, '[part="service"]');
    expect(service.textContent).to.contain('YouTube').and.contain('Google Ireland Limited').and.contain('YSC').and.contain('6 months');
    expect(service.querySelector('a')?.href).to.equal('https://policies.google.com/privacy');
    await expect(element).to.be.accessible();
  });

  it('starts from the previous choices when the visitor is asked again after a change', async () => {
    const api = new FakeApi();
    const first = await renderWithStore<NovoConsentPreferences>(html`<novo-consent-preferences></novo-consent-preferences>`, api);
    await first.store.set({ analytics: true, marketing: false }, 'custom');
    api.config = testConfig({ revision: 2 });
    const again = await renderWithStore<NovoConsentPreferences>(html`<novo-consent-preferences></novo-consent-preferences>`, api);
    expect(again.store.needsDecision).to.equal(true);
    again.store.showPreferences();
    await nextRender(again.element);
    expect(switches(again.element).map((s) => s.checked)).to.deep.equal([true, true, false]);
  });
});
