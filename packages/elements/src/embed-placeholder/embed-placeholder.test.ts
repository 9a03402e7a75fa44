import { expect, html } from '@open-wc/testing';
import { FakeApi, clearCookies, part, renderWithStore, testCategory, testConfig } from '../../test/fixtures.js';
import { defineEmbedPlaceholder, type NovoEmbedPlaceholder } from './embed-placeholder.js';

defineEmbedPlaceholder();

const config = testConfig({
  categories: [
    testCategory({ id: 'necessary', title: 'Strictly necessary', required: true }),
    testCategory({
      id: 'marketing',
      title: 'Marketing',
      services: [{ id: 'youtube', name: 'YouTube', vendor: 'Google Ireland Limited', purpose: 'Plays videos.', cookies: [], privacyPolicyUrl: 'https://policies.google.com/privacy' }],
    }),
  ],
});

describe('<novo-embed-placeholder>', () => {
  beforeEach(clearCookies);

  it('names the service and the vendor whose cookies loading sets, and "Allow" grants the category', async () => {
    const { element, store } = await renderWithStore<NovoEmbedPlaceholder>(
      html`<novo-embed-placeholder category="marketing" service="youtube" src="https://www.youtube-nocookie.com/embed/x"></novo-embed-placeholder>`,
      new FakeApi(config),
    );
    expect(part(element, '[part="title"]').textContent).to.equal('Content from YouTube');
    expect(part(element, '[part="description"]').textContent).to.contain('Loading this content sets cookies of Google Ireland Limited.');
    const allow = part<HTMLButtonElement>(element, 'button[part~="allow-button"]');
    expect(allow.textContent?.trim()).to.equal('Allow Marketing');
    await expect(element).to.be.accessible();
    allow.click();
    await store.ready;
    await new Promise((resolve) => setTimeout(resolve));
    expect(store.has('marketing')).to.equal(true);
    expect(store.state?.method).to.equal('embed');
  });

  it('asks, without recording anything, for this one embed to load', async () => {
    const { element, store, provider } = await renderWithStore<NovoEmbedPlaceholder>(
      html`<novo-embed-placeholder category="marketing" src="https://maps.example.com/embed"></novo-embed-placeholder>`,
      new FakeApi(config),
    );
    expect(part(element, '[part="description"]').textContent).to.contain('maps.example.com');
    let asked = 0;
    provider.addEventListener('novo-embed-load', () => asked++);
    part<HTMLButtonElement>(element, 'button[part~="load-button"]').click();
    expect(asked).to.equal(1);
    expect(store.state).to.equal(null);
  });
});
