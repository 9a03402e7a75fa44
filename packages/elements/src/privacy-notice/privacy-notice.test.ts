import type { PublishedNotice } from '@novoaigen/consent-schema';
import { ConsentStore, memoryStorage } from '@novoaigen/consent-core';
import { expect, fixture, html } from '@open-wc/testing';
import { FakeApi, renderWithStore } from '../../test/fixtures.js';
import { provideConsentStore } from '../provide-consent-store.js';
import { definePrivacyNotice, type NovoPrivacyNotice } from './privacy-notice.js';

definePrivacyNotice();

const v1: PublishedNotice = {
  siteId: 'demo',
  locale: 'en',
  version: 1,
  publishedAt: '2025-07-30T10:00:00.000Z',
  materialChange: false,
  document: {
    title: 'Privacy Policy',
    lastUpdated: '2025-07-30',
    sections: [
      { id: 'about', heading: 'About us', level: 2, blocks: [{ type: 'paragraph', content: [{ text: 'We build AI systems.' }] }] },
      { id: 'data-retention', heading: 'Data Retention', level: 2, blocks: [{ type: 'paragraph', content: [{ text: 'Account data is retained for 3 years.' }] }] },
      { id: 'old-section', heading: 'Cookies', level: 2, blocks: [{ type: 'paragraph', content: [{ text: 'We use cookies.' }] }] },
    ],
  },
};

const v2: PublishedNotice = {
  ...v1,
  version: 2,
  document: {
    ...v1.document,
    lastUpdated: '2026-02-01',
    sections: [
      v1.document.sections[0]!,
      { id: 'data-retention', heading: 'Data Retention', level: 2, blocks: [{ type: 'paragraph', content: [{ text: 'Account data is retained for 2 years.' }] }] },
      {
        id: 'contact',
        heading: 'Contact',
        level: 2,
        blocks: [
          { type: 'paragraph', content: [{ text: 'Write to ' }, { text: 'contact@novoaigen.com', href: 'mailto:contact@novoaigen.com' }] },
          { type: 'list', ordered: false, items: [[{ text: '<img src=x onerror="window.pwned=1">' }]] },
          { type: 'table', header: ['Data', 'Kept'], rows: [['Account', '3 years']] },
        ],
      },
    ],
  },
};

/** Stands in for the worker's notice routes at the network boundary. */
function serve(notices: PublishedNotice[], locale = 'en') {
  const original = window.fetch;
  window.fetch = async (input) => {
    const url = new URL(String(input));
    if (url.pathname.endsWith('/notice/versions')) {
      return Response.json({
        locale,
        locales: [...new Set(['en', locale])],
        versions: [...notices].reverse().map((n) => ({ version: n.version, publishedAt: n.publishedAt, materialChange: n.materialChange, lastUpdated: n.document.lastUpdated })),
      });
    }
    const version = Number(url.searchParams.get('version') ?? notices.length);
    const notice = notices.find((n) => n.version === version);
    return notice ? Response.json({ ...notice, locale }) : new Response('{}', { status: 404 });
  };
  return () => (window.fetch = original);
}

const shadow = (el: Element) => el.shadowRoot!;
const settle = async (el: NovoPrivacyNotice) => {
  for (let i = 0; i < 5; i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    await el.updateComplete;
  }
};

describe('<novo-privacy-notice>', () => {
  let restore: () => void = () => {};
  afterEach(() => {
    restore();
    history.replaceState(null, '', location.pathname);
  });

  async function render(notices = [v1, v2], locale = 'en') {
    restore = serve(notices, locale);
    const el = (await renderWithStore<NovoPrivacyNotice>(html`<novo-privacy-notice site="demo" api="https://api.test" locale=${locale}></novo-privacy-notice>`)).element;
    await settle(el);
    return el;
  }

  it('renders title, date, version and a table of contents linking to each section, as text only', async () => {
    const el = await render();
    expect(shadow(el).querySelector('h2')?.textContent).to.equal('Privacy Policy');
    expect(shadow(el).querySelector('.meta')?.textContent).to.contain('version 2');
    const toc = [...shadow(el).querySelectorAll('nav a')].map((a) => a.getAttribute('href'));
    expect(toc).to.deep.equal(['#about', '#data-retention', '#contact']);
    expect(shadow(el).querySelector('a[href^="mailto:"]')?.textContent).to.equal('contact@novoaigen.com');
    expect(shadow(el).querySelector('section#contact li')?.textContent).to.contain('<img');
    expect(shadow(el).querySelector('img')).to.equal(null);
    expect((window as unknown as { pwned?: number }).pwned).to.equal(undefined);
    await expect(el).to.be.accessible();
  });

  it('opens a deep link on load and on click', async () => {
    history.replaceState(null, '', '#data-retention');
    const el = await render();
    const section = shadow(el).querySelector('section#data-retention')!;
    expect(section.classList.contains('current')).to.equal(true);
    expect(shadow(el).activeElement?.id).to.equal('h-data-retention');

    location.hash = '#contact';
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(shadow(el).querySelector('section#contact')!.classList.contains('current')).to.equal(true);
    expect(section.classList.contains('current')).to.equal(false);
  });

  it('waits for the words when the notice arrives before the consent config, then opens the deep link', async () => {
    history.replaceState(null, '', '#data-retention');
    restore = serve([v1, v2]);
    let release: () => void = () => {};
    const configGate = new Promise<void>((resolve) => (release = resolve));
    const api = new FakeApi();
    api.fetchConfig = async () => {
      await configGate;
      return api.config;
    };
    const store = new ConsentStore({ api, storage: memoryStorage(), document, onError: () => {} });
    const provider = await fixture<HTMLDivElement>(html`<div></div>`);
    provideConsentStore(provider, store);
    const el = document.createElement('novo-privacy-notice') as NovoPrivacyNotice;
    el.setAttribute('site', 'demo');
    el.setAttribute('api', 'https://api.test');
    provider.append(el);
    await settle(el);
    expect(shadow(el).querySelector('[role="alert"]'), 'not failed for want of words').to.equal(null);
    expect(shadow(el).textContent?.trim()).to.equal('');

    release();
    await store.ready;
    await settle(el);
    expect(shadow(el).querySelector('h2')?.textContent).to.equal('Privacy Policy');
    expect(shadow(el).querySelector('section#data-retention')!.classList.contains('current')).to.equal(true);
  });

  it('filters sections by search, and says when nothing matches', async () => {
    const el = await render();
    const search = shadow(el).querySelector<HTMLInputElement>('input[type="search"]')!;
    search.value = 'retained';
    search.dispatchEvent(new Event('input'));
    await el.updateComplete;
    expect([...shadow(el).querySelectorAll('section[part="section"]')].map((s) => s.id)).to.deep.equal(['data-retention']);
    search.value = 'zebra';
    search.dispatchEvent(new Event('input'));
    await el.updateComplete;
    expect(shadow(el).querySelector('.empty')?.textContent).to.contain('zebra');
  });

  it('searches the text a reader sees, not the markup behind it', async () => {
    const el = await render();
    const search = shadow(el).querySelector<HTMLInputElement>('input[type="search"]')!;
    const found = async (query: string) => {
      search.value = query;
      search.dispatchEvent(new Event('input'));
      await el.updateComplete;
      return [...shadow(el).querySelectorAll('section[part="section"]')].map((s) => s.id);
    };
    // Block types, field names and link targets are not on the page.
    for (const hidden of ['paragraph', 'content', 'href', 'mailto', 'type']) expect(await found(hidden), hidden).to.deep.equal([]);
    expect(await found('write to contact@')).to.deep.equal(['contact']);
    expect(await found('kept')).to.deep.equal(['contact']);
  });

  it('shows what changed since an earlier version, section by section', async () => {
    const el = await render();
    const select = [...shadow(el).querySelectorAll('select')].at(-1)!;
    select.value = '1';
    select.dispatchEvent(new Event('change'));
    await settle(el);
    const changes = [...shadow(el).querySelectorAll('.changes li')].map((li) => li.textContent?.replace(/\s+/g, ' ').trim());
    expect(changes).to.deep.equal(['Data Retention changed', 'Contact new', 'Cookies removed']);
    await expect(el).to.be.accessible();
  });

  it('shows what changed first when the latest version is a material change', async () => {
    const el = await render([v1, { ...v2, materialChange: true }]);
    const changes = [...shadow(el).querySelectorAll('.changes li')].map((li) => li.textContent?.replace(/\s+/g, ' ').trim());
    expect(changes).to.deep.equal(['Data Retention changed', 'Contact new', 'Cookies removed']);
    expect(shadow(el).querySelector<HTMLSelectElement>('select')?.value).to.equal('1');
  });

  it('lays out right-to-left languages right to left', async () => {
    const el = await render([{ ...v1, locale: 'ar' }], 'ar');
    const article = shadow(el).querySelector('article')!;
    expect(article.getAttribute('dir')).to.equal('rtl');
    expect(article.getAttribute('lang')).to.equal('ar');
    expect(getComputedStyle(shadow(el).querySelector('nav')!).borderRightWidth).to.equal('3px');
    const languages = [...shadow(el).querySelectorAll('select option')].map((option) => option.textContent);
    expect(languages).to.deep.equal(['English', 'العربية']);
  });

  describe('site and api', () => {
    /** Serves the notices and records the URLs asked for. */
    function recording() {
      const urls: string[] = [];
      const served = serve([v1, v2]);
      const fetch = window.fetch;
      window.fetch = (input, init) => {
        urls.push(String(input).split('?')[0]!);
        return fetch(input, init);
      };
      restore = () => {
        window.fetch = fetch;
        served();
      };
      return urls;
    }
    const siteApi = () => Object.assign(new FakeApi(), { siteId: 'demo', apiBase: 'https://api.test' });

    it('come from the consent store when the element has none', async () => {
      const urls = recording();
      const { element } = await renderWithStore<NovoPrivacyNotice>(html`<novo-privacy-notice></novo-privacy-notice>`, siteApi());
      await settle(element);
      expect(shadow(element).querySelector('h2')?.textContent).to.equal('Privacy Policy');
      expect([...new Set(urls)]).to.deep.equal(['https://api.test/v1/sites/demo/notice', 'https://api.test/v1/sites/demo/notice/versions']);
    });

    it('set on the element win over the store\'s', async () => {
      const urls = recording();
      const { element } = await renderWithStore<NovoPrivacyNotice>(html`<novo-privacy-notice site="shop" api="https://eu.api.test"></novo-privacy-notice>`, siteApi());
      await settle(element);
      expect([...new Set(urls)]).to.deep.equal(['https://eu.api.test/v1/sites/shop/notice', 'https://eu.api.test/v1/sites/shop/notice/versions']);
    });

    it('missing everywhere: says so in the console once, and the viewer says the notice could not be loaded', async () => {
      const urls = recording();
      const warnings: unknown[][] = [];
      const warn = console.warn;
      console.warn = (...args: unknown[]) => warnings.push(args);
      try {
        const { element } = await renderWithStore<NovoPrivacyNotice>(html`<novo-privacy-notice></novo-privacy-notice>`);
        await settle(element);
        expect(warnings.map((args) => String(args[0]))).to.deep.equal([
          '[novo-consent] <novo-privacy-notice> does not know which site it belongs to: call start() from @novoaigen/consent-embed before it connects, or set its site and api attributes.',
        ]);
        expect(shadow(element).querySelector('[role="alert"]')?.textContent).to.equal('The privacy notice could not be loaded. Please try again later.');
        expect(urls).to.deep.equal([]);
      } finally {
        console.warn = warn;
      }
    });
  });
});
