// Hostile content in Chromium: site texts, category and service names, and notice content carrying
// markup, script, CSS and bidi tricks render as inert text, and the layout holds. (The worker's
// schemas already refuse javascript: links and HTML structure; this checks the browser side of the
// promise on its own.)
import { ConsentStore, memoryStorage } from '@novoaigen/consent-core';
import { defineConsentToggle, defineEmbedPlaceholder, definePrivacyNotice, provideConsentStore } from '@novoaigen/consent-elements';
import { CATALOGUES, type PublishedNotice, type SiteConfig } from '@novoaigen/consent-schema';
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

/** Links the page may follow: http(s) and mailto, and the receipt, offered as a JSON download (data:). */
function expectOnlySafeLinks(root: ParentNode): HTMLAnchorElement[] {
  const links = deepElements(root).filter((element): element is HTMLAnchorElement => element instanceof HTMLAnchorElement);
  for (const link of links) {
    expect(['https:', 'http:', 'mailto:', ...(link.download ? ['data:'] : [])], link.getAttribute('href') ?? '').to.include(new URL(link.href).protocol);
  }
  return links;
}

/**
 * Every element of the SDK on one page, with `config` from the consent API and `served` from the
 * notice routes, the preferences open; `check` runs once they rendered.
 */
async function renderAll(config: SiteConfig, served: PublishedNotice, check: (page: HTMLDivElement) => void): Promise<void> {
  const originalFetch = window.fetch;
  window.fetch = async (input) => {
    const url = String(input);
    const body = url.includes('/versions') ? { versions: [{ version: 1, lastUpdated: '2026-11-01', materialChange: false, publishedAt: served.publishedAt }], locales: ['en'] } : served;
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
    check(page);
  } finally {
    window.fetch = originalFetch;
  }
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
    // The notice viewer reads the notice from the worker; it gets the hostile one.
    await renderAll(config, notice, (page) => {
      // Everything rendered, and the payloads are there as text.
      const banner = page.querySelector('novo-consent-banner')!.shadowRoot!;
      expect(banner.querySelector('h2')?.textContent).to.equal(hostileTexts.bannerTitle);
      expect(page.querySelector('novo-privacy-notice')!.shadowRoot!.querySelector('h2')?.textContent).to.equal(notice.document.title);

      // Nothing ran, no payload became an element, and every link goes where links may go.
      expect(window.tripwire).to.deep.equal([]);
      expect(deepElements(page).filter((element) => ['IMG', 'SVG', 'SCRIPT', 'STYLE', 'svg'].includes(element.nodeName))).to.deep.equal([]);
      expectOnlySafeLinks(page);

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
    });
  });

  it('shows no link whose URL is not http(s) or mailto, from a config or notice the worker did not check', async () => {
    window.tripwire = [];
    const script = 'javascript:window.tripwire.push("href")';
    const data = 'data:text/html,<script>parent.tripwire.push("data")</script>';
    const unchecked = testConfig({
      noticeUrl: script,
      notice: { version: 2, lastUpdated: '2026-11-01', materialChangeAt: new Date().toISOString() },
      categories: [
        testCategory({ id: 'necessary', required: true }),
        testCategory({ id: 'marketing', services: [{ id: 'video', name: 'Video', vendor: 'Vendor', purpose: 'Plays videos.', cookies: [], privacyPolicyUrl: data }] }),
      ],
    });
    const section = notice.document.sections[0]!;
    const linked: PublishedNotice = {
      ...notice,
      document: { ...notice.document, sections: [{ ...section, blocks: [{ type: 'paragraph', content: [{ text: 'Write to us', href: ` ${script}` }, { text: ' or read this', href: data }] }] }] },
    };
    await renderAll(unchecked, linked, (page) => {
      // What is left are the notice's links to its own sections.
      expect(expectOnlySafeLinks(page).map((link) => link.getAttribute('href'))).to.deep.equal(['#a']);
      const shadow = (tag: string) => page.querySelector(tag)!.shadowRoot!;
      expect(shadow('novo-consent-banner').querySelector('[part="description"]')?.textContent).to.contain(CATALOGUES.en.bannerDescription);
      expect(shadow('novo-consent-preferences').querySelector('[part="service"] dt')?.textContent).to.equal('Video');
      // The words of the notice stay, as text.
      expect(shadow('novo-privacy-notice').querySelector('section p')?.textContent).to.equal('Write to us or read this');
    });
    expect(window.tripwire).to.deep.equal([]);
  });
});
