// Hostile content in Chromium: site texts, category and service names, and notice content carrying
// markup, script, CSS and bidi tricks render as inert text, and the layout holds. (The worker's
// schemas already refuse javascript: links and HTML structure; this checks the browser side of the
// promise on its own.)
import { ConsentStore, memoryStorage } from '@novoaigen/consent-core';
import { defineConsentToggle, defineEmbedPlaceholder, definePrivacyNotice, provideConsentStore } from '@novoaigen/consent-elements';
import { CATALOGUES, type PublishedNotice } from '@novoaigen/consent-schema';
import { expect, fixture, html } from '@open-wc/testing';
import { FakeApi, testCategory, testConfig } from '../../../packages/core/test/fakes.js';
import { defineConsentElements } from '../../../packages/elements/src/define.js';

declare global {
  interface Window {
    tripwire?: string[];
  }
}

/** Payloads that would run, restyle or reorder something if any renderer treated text as markup. */
const PAYLOADS = [
  '<img src=x onerror="window.tripwire.push(\'img\')">',
  '<script>window.tripwire.push("script")</script>',
  '"><svg onload="window.tripwire.push(\'svg\')">',
  '</style><style>*{display:none!important}</style>',
  'javascript:window.tripwire.push("href")',
  '{{constructor.constructor("window.tripwire.push(\'template\')")()}}',
  '\u202Eevil RTL override\u202C and \u2067isolate',
  'W'.repeat(3000),
  'a long text that wraps over many lines '.repeat(60),
];
const hostile = (index: number) => `${PAYLOADS[index % PAYLOADS.length]} ${PAYLOADS[(index + 1) % PAYLOADS.length]}`;

/** Every message the SDK shows, replaced by payloads; the banner's own words get the longest. */
const hostileTexts = {
  ...(Object.fromEntries(Object.keys(CATALOGUES.en).map((key, index) => [key, hostile(index)])) as typeof CATALOGUES.en),
  bannerTitle: `${PAYLOADS[7]} ${PAYLOADS[0]}`,
  bannerDescription: `${PAYLOADS[8]} ${PAYLOADS[6]} ${PAYLOADS[3]}`,
};

const config = testConfig({
  texts: hostileTexts,
  categories: [
    testCategory({ id: 'necessary', title: hostile(0), description: hostile(1), required: true }),
    testCategory({
      id: 'marketing',
      title: hostile(2),
      description: hostile(3),
      gpcOptOut: true,
      services: [{ id: 'video', name: hostile(4), vendor: hostile(5), purpose: hostile(6), cookies: ['a'], retention: hostile(7), privacyPolicyUrl: 'https://example.com/privacy' }],
    }),
  ],
  visitor: { region: 'DE', regime: 'opt-in', gpc: true },
  notice: { version: 2, lastUpdated: '2026-11-01', materialChangeAt: new Date().toISOString() },
});

const notice: PublishedNotice = {
  siteId: 'demo',
  locale: 'en',
  version: 1,
  publishedAt: '2026-11-01T00:00:00.000Z',
  materialChange: false,
  document: {
    title: hostile(0),
    lastUpdated: '2026-11-01',
    sections: [
      {
        id: 'a',
        heading: hostile(1),
        level: 2,
        blocks: [
          { type: 'paragraph', content: [{ text: hostile(2) }, { text: hostile(3), href: 'https://example.com/x' }] },
          { type: 'list', ordered: false, items: [[{ text: hostile(4) }]] },
          { type: 'table', header: [hostile(5)], rows: [[hostile(6)]] },
        ],
      },
    ],
  },
};

/** Every element inside the open shadow roots under `root`. */
function deepElements(root: ParentNode): Element[] {
  return [...root.querySelectorAll('*')].flatMap((element) => [element, ...(element.shadowRoot ? deepElements(element.shadowRoot) : [])]);
}

describe('hostile content in Chromium', () => {
  before(() => {
    defineConsentElements();
    defineConsentToggle();
    defineEmbedPlaceholder();
    definePrivacyNotice();
  });

  it('renders every text as inert text: nothing runs, no element or style is injected, the layout holds', async () => {
    window.tripwire = [];
    const originalFetch = window.fetch;
    // The notice viewer reads the notice from the worker; it gets the hostile one.
    window.fetch = async (input) => {
      const url = String(input);
      const body = url.includes('/versions') ? { versions: [{ version: 1, lastUpdated: '2026-11-01', materialChange: false, publishedAt: notice.publishedAt }], locales: ['en'] } : notice;
      return new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/json' } });
    };
    try {
      const store = new ConsentStore({ api: new FakeApi(config), storage: memoryStorage(), document, onError: () => {} });
      const page = await fixture<HTMLDivElement>(html`<div></div>`);
      provideConsentStore(page, store);
      await store.ready;
      page.innerHTML = `
        <novo-consent-banner></novo-consent-banner>
        <novo-consent-preferences></novo-consent-preferences>
        <novo-consent-toggle category="marketing"></novo-consent-toggle>
        <novo-embed-placeholder category="marketing" service="video" src="https://example.com/embed"></novo-embed-placeholder>
        <novo-privacy-notice site="demo" api="https://api.test"></novo-privacy-notice>`;
      store.showPreferences();
      await new Promise((resolve) => setTimeout(resolve, 300));

      // Everything rendered, and the payloads are there as text.
      const banner = page.querySelector('novo-consent-banner')!.shadowRoot!;
      expect(banner.querySelector('h2')?.textContent).to.equal(hostileTexts.bannerTitle);
      expect(page.querySelector('novo-privacy-notice')!.shadowRoot!.querySelector('h2')?.textContent).to.equal(notice.document.title);

      // Nothing ran, no payload became an element, and every link goes where links may go.
      expect(window.tripwire).to.deep.equal([]);
      expect(deepElements(page).filter((element) => ['IMG', 'SVG', 'SCRIPT', 'STYLE', 'svg'].includes(element.nodeName))).to.deep.equal([]);
      for (const link of deepElements(page).filter((element): element is HTMLAnchorElement => element instanceof HTMLAnchorElement)) {
        // A data: link is only the receipt, offered as a JSON download.
        expect(['https:', 'http:', 'mailto:', ...(link.download ? ['data:'] : [])]).to.include(new URL(link.href).protocol);
      }

      // The layout holds: nothing spills out of the banner, which stays within the viewport with its
      // buttons visible and in order (a long text scrolls inside it).
      const section = banner.querySelector('section')!.getBoundingClientRect();
      for (const element of banner.querySelectorAll('h2, p')) {
        const box = element.getBoundingClientRect();
        expect(box.left >= section.left && box.right <= section.right, element.textContent?.slice(0, 20)).to.equal(true);
        expect(element.scrollWidth, element.textContent?.slice(0, 20)).to.be.at.most(element.clientWidth);
      }
      expect(section.top).to.be.at.least(0);
      expect(section.bottom).to.be.at.most(innerHeight);
      expect(section.right).to.be.at.most(innerWidth);
      const buttons = [...banner.querySelectorAll('button')].map((button) => button.getBoundingClientRect());
      expect(buttons.map((rect) => rect.width > 0 && rect.height > 0)).to.deep.equal([true, true, true]);
      expect(buttons[0]!.left).to.be.at.most(buttons[1]!.left);
    } finally {
      window.fetch = originalFetch;
    }
  });
});
