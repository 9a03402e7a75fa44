import { expect, html } from '@open-wc/testing';
import { clearCookies, nextRender, part, renderWithStore } from '../../test/fixtures.js';
import type { NovoConsentToggle } from './consent-toggle.js';

describe('<novo-consent-toggle>', () => {
  beforeEach(clearCookies);

  const renderToggle = (category: string) =>
    renderWithStore<NovoConsentToggle>(html`<novo-consent-toggle category=${category}></novo-consent-toggle>`);

  it('is a switch labelled with the category title, off before any decision', async () => {
    const { element } = await renderToggle('analytics');
    const input = part<HTMLInputElement>(element, 'input');
    expect(input.getAttribute('role')).to.equal('switch');
    expect(input.checked).to.equal(false);
    expect(input.labels?.[0]?.textContent?.trim()).to.equal('Analytics');
    await expect(element).to.be.accessible();
  });

  it('records a toggle decision when flipped', async () => {
    const { element, store } = await renderToggle('analytics');
    part<HTMLInputElement>(element, 'input').click();
    await new Promise((resolve) => store.onChange(resolve));
    expect(store.state?.method).to.equal('toggle');
    expect(store.has('analytics')).to.equal(true);
    expect(store.has('marketing')).to.equal(false);
  });

  it('follows decisions made elsewhere', async () => {
    const { element, store } = await renderToggle('analytics');
    await store.acceptAll();
    await nextRender(element);
    expect(part<HTMLInputElement>(element, 'input').checked).to.equal(true);
    await store.set({ analytics: false });
    await nextRender(element);
    expect(part<HTMLInputElement>(element, 'input').checked).to.equal(false);
  });

  it('shows a required category locked on, and an unknown one disabled', async () => {
    const required = await renderToggle('necessary');
    const locked = part<HTMLInputElement>(required.element, 'input');
    expect([locked.checked, locked.disabled]).to.deep.equal([true, true]);
    const unknown = await renderToggle('nope');
    expect(part<HTMLInputElement>(unknown.element, 'input').disabled).to.equal(true);
  });
});
