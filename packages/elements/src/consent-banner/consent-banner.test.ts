import { expect, html } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import { clearCookies, FakeApi, nextRender, part, renderWithStore, settled, testConfig } from '../../test/fixtures.js';
import { CATALOGUES, en } from '@novoaigen/consent-schema';
import type { NovoConsentBanner } from './consent-banner.js';

describe('<novo-consent-banner>', () => {
  beforeEach(clearCookies);

  const renderBanner = (api?: FakeApi) => renderWithStore<NovoConsentBanner>(html`<novo-consent-banner></novo-consent-banner>`, api);

  it('asks a visitor without a decision, in a labelled region with a notice link', async () => {
    const { element } = await renderBanner();
    const region = part(element, 'section');
    expect(region.getAttribute('aria-labelledby')).to.equal('title');
    expect(part(element, 'h2').textContent).to.equal('We value your privacy');
    expect(part<HTMLAnchorElement>(element, 'a[part="link"]').href).to.equal('https://example.com/privacy');
    const labels = [...element.shadowRoot!.querySelectorAll('button')].map((b) => b.textContent?.trim());
    expect(labels).to.deep.equal(['Accept all', 'Reject all', 'Customize']);
  });

  it('gives accept, reject and customize equal visual weight', async () => {
    const { element } = await renderBanner();
    const buttons = [...element.shadowRoot!.querySelectorAll('button')];
    const look = (b: Element) => {
      const s = getComputedStyle(b);
      return [s.backgroundColor, s.color, s.fontSize, s.fontWeight, s.borderTopWidth, s.borderTopColor, s.paddingTop, s.paddingLeft].join();
    };
    expect(new Set(buttons.map(look)).size).to.equal(1);
    const heights = buttons.map((b) => Math.round(b.getBoundingClientRect().height));
    expect(new Set(heights).size).to.equal(1);
  });

  it('is accessible (axe)', async () => {
    const { element } = await renderBanner();
    // Contrast is the settled banner's, not a frame of its fade-in.
    await settled(element);
    await expect(element).to.be.accessible();
  });

  it('records reject-all and disappears', async () => {
    const { element, store, api } = await renderBanner();
    part(element, 'button[part~="reject-button"]').click();
    await new Promise((resolve) => store.onChange(resolve));
    await nextRender(element);
    expect(store.state?.method).to.equal('reject_all');
    expect(store.state?.categories).to.deep.equal({ necessary: true, analytics: false, marketing: false });
    expect(element.shadowRoot!.querySelector('section')).to.equal(null);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(api.delivered.map((e) => e.method)).to.deep.equal(['reject_all']);
  });

  it('asks for the preferences dialog on "Customize"', async () => {
    const { element, store } = await renderBanner();
    part(element, 'button[part~="customize-button"]').click();
    expect(store.preferencesOpen).to.equal(true);
  });

  it('takes no space in the page, so it shifts no layout', async () => {
    const { element, provider } = await renderBanner();
    const before = document.createElement('p');
    before.textContent = 'content';
    provider.append(before);
    const top = before.getBoundingClientRect().top;
    const box = element.getBoundingClientRect();
    expect([box.width, box.height]).to.deep.equal([0, 0]);
    expect(getComputedStyle(part(element, 'section')).position).to.equal('fixed');
    element.remove();
    expect(before.getBoundingClientRect().top).to.equal(top);
  });

  it('follows the dark colour scheme and can be themed with custom properties', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    try {
      const { element } = await renderBanner();
      expect(getComputedStyle(part(element, 'section')).backgroundColor).to.equal('rgb(17, 24, 39)');
      element.style.setProperty('--novo-surface', 'rgb(1, 2, 3)');
      expect(getComputedStyle(part(element, 'section')).backgroundColor).to.equal('rgb(1, 2, 3)');
    } finally {
      await emulateMedia({ colorScheme: 'light' });
    }
  });

  it('does not animate when the visitor prefers reduced motion', async () => {
    const animated = await renderBanner();
    expect(getComputedStyle(part(animated.element, 'section')).animationName).to.equal('novo-slide-in');
    await emulateMedia({ reducedMotion: 'reduce' });
    try {
      const { element } = await renderBanner();
      expect(getComputedStyle(part(element, 'section')).animationName).to.equal('none');
    } finally {
      await emulateMedia({ reducedMotion: 'no-preference' });
    }
  });

  it('tells a returning visitor that the privacy notice changed', async () => {
    const { store } = await renderBanner();
    await store.acceptAll();
    const notice = { version: 2, lastUpdated: '2099-01-01', materialChangeAt: '2099-01-15T10:00:00.000Z' };
    const { element } = await renderBanner(new FakeApi(testConfig({ revision: 2, notice })));
    const line = part<HTMLAnchorElement>(element, 'a[part="notice-changed"]');
    expect(line.href).to.equal('https://example.com/privacy');
    expect(line.textContent).to.match(/^Our privacy notice changed on .*2099, so we are asking again\.$/);
    await expect(element).to.be.accessible();
  });

  it('lets the page open the notice in place: the link fires a cancelable novo-notice', async () => {
    const { element } = await renderBanner();
    const handler = (event: Event) => event.preventDefault();
    document.addEventListener('novo-notice', handler);
    try {
      const click = new MouseEvent('click', { bubbles: true, cancelable: true, composed: true });
      part(element, 'a[part="link"]').dispatchEvent(click);
      expect(click.defaultPrevented).to.equal(true);
    } finally {
      document.removeEventListener('novo-notice', handler);
    }
  });

  it('uses the site texts from the config', async () => {
    const { element } = await renderBanner(new FakeApi(testConfig({ texts: { ...en, bannerTitle: 'Cookies?', acceptAll: 'Yes' } })));
    expect(part(element, 'h2').textContent).to.equal('Cookies?');
    expect(part(element, 'button[part~="accept-button"]').textContent?.trim()).to.equal('Yes');
  });

  it('renders site texts as text, never as markup', async () => {
    const { element } = await renderBanner(new FakeApi(testConfig({ texts: { ...en, bannerTitle: '<img src=x onerror="window.pwned=1">' } })));
    expect(part(element, 'h2').textContent).to.equal('<img src=x onerror="window.pwned=1">');
    expect(element.shadowRoot!.querySelector('img')).to.equal(null);
  });

  it('shows the opt-out notice with "Do Not Sell or Share" where the visitor\'s region allows opt-out', async () => {
    const api = new FakeApi(testConfig({ visitor: { region: 'US-CA', regime: 'opt-out', gpc: false } }));
    const { element, store } = await renderBanner(api);
    expect(part(element, 'h2').textContent).to.equal(en.optOutTitle);
    expect(element.shadowRoot!.querySelector('[part~="accept-button"]')).to.equal(null);
    const doNotSell = part<HTMLButtonElement>(element, 'button[part~="do-not-sell-button"]');
    expect(doNotSell.textContent?.trim()).to.equal('Do Not Sell or Share My Personal Information');
    await expect(element).to.be.accessible();
    doNotSell.click();
    expect(store.preferencesOpen).to.equal(true);
    part<HTMLButtonElement>(element, 'button[part~="acknowledge-button"]').click();
    await nextRender(element);
    expect(store.state?.method).to.equal('notice');
    expect(element.shadowRoot!.querySelector('section')).to.equal(null);
  });

  it('says in words that the browser\'s Global Privacy Control signal was honoured', async () => {
    const { element, store } = await renderBanner(new FakeApi(testConfig({ visitor: { region: 'DE', regime: 'opt-in', gpc: true } })));
    expect(store.has('marketing')).to.equal(false);
    expect(part(element, '[part="gpc"]').textContent).to.equal(en.gpcHonoured);
  });

  it('speaks the visitor\'s language from the config, German here', async () => {
    const { element } = await renderBanner(new FakeApi(testConfig({ locale: 'de', texts: CATALOGUES.de })));
    expect(element.lang).to.equal('de');
    expect(part(element, 'h2').textContent).to.equal(CATALOGUES.de.bannerTitle);
    expect(part(element, 'button[part~="reject-button"]').textContent?.trim()).to.equal(CATALOGUES.de.rejectAll);
  });

  it('lays Arabic out right to left', async () => {
    const { element } = await renderBanner(new FakeApi(testConfig({ locale: 'ar', dir: 'rtl', texts: CATALOGUES.ar })));
    expect(element.dir).to.equal('rtl');
    const section = part(element, 'section');
    expect(getComputedStyle(section).direction).to.equal('rtl');
    const [first, , last] = [...element.shadowRoot!.querySelectorAll('button')].map((b) => b.getBoundingClientRect().left);
    expect(first!).to.be.greaterThan(last!);
    await expect(element).to.be.accessible();
  });
});
