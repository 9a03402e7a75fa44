import 'axe-core/axe.min.js';
import type axeCore from 'axe-core';
import { CATALOGUES, type PublishedNotice, type SiteConfig } from '@novoaigen/consent-schema';
import { expect, html } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { clearCookies, FakeApi, nextRender, renderWithStore, settled, testCategory, testConfig } from '../test/fixtures.js';
import type { NovoConsentToggle } from './consent-toggle/consent-toggle.js';
import { defineEmbedPlaceholder } from './embed-placeholder/embed-placeholder.js';
import { definePrivacyNotice } from './privacy-notice/privacy-notice.js';
import { defineRightsRequest } from './rights-request/rights-request.js';

declare global {
  interface Window {
    axe: typeof axeCore;
  }
}

defineEmbedPlaceholder();
definePrivacyNotice();
defineRightsRequest();

/** The WCAG 2.2 A and AA rules of axe-core: what docs/accessibility.md cites. */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

type MediaFeature = { name: string; value: string };
/** Sets CSS media features in Chromium (web-test-runner.config.js); each call replaces the last. */
const emulate = (features: MediaFeature[]) => executeServerCommand('emulate-media-features', features);

interface Mode {
  name: string;
  features: MediaFeature[];
  config: Partial<SiteConfig>;
  /** The host page's own colours: in dark mode, a site that follows it (see docs/accessibility.md, 1.4.3). */
  page?: string;
}

const MODES: Mode[] = [
  { name: 'light', features: [{ name: 'prefers-color-scheme', value: 'light' }], config: {} },
  { name: 'dark', features: [{ name: 'prefers-color-scheme', value: 'dark' }], config: {}, page: 'color-scheme: dark; background: #0b1020; color: #e2e8f0' },
  { name: 'RTL (Arabic)', features: [], config: { locale: 'ar', dir: 'rtl', texts: CATALOGUES.ar } },
  { name: 'forced colours', features: [{ name: 'forced-colors', value: 'active' }], config: {} },
];

const notice: PublishedNotice = {
  siteId: 'demo',
  locale: 'en',
  version: 1,
  publishedAt: '2026-07-30T10:00:00.000Z',
  materialChange: false,
  document: {
    title: 'Privacy Policy',
    lastUpdated: '2026-07-30',
    sections: [
      { id: 'about', heading: 'About us', level: 2, blocks: [{ type: 'paragraph', content: [{ text: 'We build AI systems.' }] }] },
      { id: 'retention', heading: 'Data retention', level: 2, blocks: [{ type: 'paragraph', content: [{ text: 'Account data is kept for 3 years.' }] }] },
    ],
  },
};

/** Stands in for the worker's notice routes at the network boundary. */
function serveNotice(): () => void {
  const original = window.fetch;
  window.fetch = async (input) => {
    if (new URL(String(input)).pathname.endsWith('/notice/versions')) {
      return Response.json({ locale: 'en', locales: ['en'], versions: [{ version: 1, publishedAt: notice.publishedAt, materialChange: false, lastUpdated: notice.document.lastUpdated }] });
    }
    return Response.json(notice);
  };
  return () => (window.fetch = original);
}

const settle = async (element: Element) => {
  for (let i = 0; i < 3; i++) await nextRender(element);
};

/** Each element in the state a visitor meets it in; `element` is what axe checks. */
const ELEMENTS: Record<string, (config: SiteConfig) => Promise<Element>> = {
  banner: async (config) => (await renderWithStore(html`<novo-consent-banner></novo-consent-banner>`, new FakeApi(config))).element,
  'preferences (open)': async (config) => {
    const { element, store } = await renderWithStore(html`<novo-consent-preferences></novo-consent-preferences>`, new FakeApi(config));
    store.showPreferences();
    await settle(element);
    return element;
  },
  toggle: async (config) => (await renderWithStore(html`<novo-consent-toggle category="analytics"></novo-consent-toggle>`, new FakeApi(config))).element,
  launcher: async (config) => {
    const { element, store } = await renderWithStore(html`<novo-consent-launcher></novo-consent-launcher>`, new FakeApi(config));
    await store.rejectAll();
    await settle(element);
    return element;
  },
  'rights form': async (config) => (await renderWithStore(html`<novo-rights-request site="demo" api="https://api.test"></novo-rights-request>`, new FakeApi(config))).element,
  'notice viewer': async (config) => {
    const element = (await renderWithStore(html`<novo-privacy-notice site="demo" api="https://api.test" locale="en"></novo-privacy-notice>`, new FakeApi(config))).element;
    for (let i = 0; i < 5 && !element.shadowRoot?.querySelector('nav'); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    return element;
  },
  'embed placeholder': async (config) => {
    const withService = {
      ...config,
      categories: [
        ...config.categories.filter((category) => category.id !== 'marketing'),
        testCategory({ id: 'marketing', title: 'Marketing', services: [{ id: 'youtube', name: 'YouTube', vendor: 'Google Ireland Limited', purpose: 'Plays videos.', cookies: [], privacyPolicyUrl: 'https://policies.google.com/privacy' }] }),
      ],
    };
    const element = (await renderWithStore(html`<novo-embed-placeholder category="marketing" service="youtube" src="https://www.youtube-nocookie.com/embed/x"></novo-embed-placeholder>`, new FakeApi(withService))).element;
    await settle(element);
    return element;
  },
};

describe('accessibility: axe-core, WCAG 2.2 A and AA rules', () => {
  let restore = () => {};
  beforeEach(async () => {
    await clearCookies();
    restore = serveNotice();
  });
  afterEach(async () => {
    restore();
    document.body.removeAttribute('style');
    await emulate([]);
  });

  for (const mode of MODES) {
    for (const [name, render] of Object.entries(ELEMENTS)) {
      it(`${name}, ${mode.name}: no violations`, async () => {
        await emulate(mode.features);
        document.body.setAttribute('style', mode.page ?? '');
        const element = await render(testConfig(mode.config));
        expect(element.shadowRoot?.childElementCount, 'rendered').to.be.greaterThan(0);
        // The banner's slide-in fades it in: contrast is the settled banner's, not a frame of the fade.
        await settled(element);
        const results = await window.axe.run(element, { runOnly: { type: 'tag', values: WCAG_TAGS } });
        const violations = results.violations.map((v) => `${v.id}: ${v.nodes.map((node) => node.target.join(' ')).join(', ')}`);
        expect(violations).to.deep.equal([]);
        // Guards against a run that checked nothing (an element that did not render, a wrong tag).
        expect(results.passes.length).to.be.greaterThan(3);
      });
    }
  }
});

describe('forced colours (Windows High Contrast)', () => {
  beforeEach(async () => {
    await clearCookies();
    await emulate([{ name: 'forced-colors', value: 'active' }]);
  });
  afterEach(() => emulate([]));

  /** What makes a switch visible: its track, border and thumb, in the colours used on screen. */
  const look = (input: HTMLInputElement) => {
    const track = getComputedStyle(input);
    const thumb = getComputedStyle(input, '::before');
    return {
      track: track.backgroundColor,
      border: `${track.borderTopStyle} ${track.borderTopWidth} ${track.borderTopColor}`,
      borderColor: track.borderTopColor,
      thumb: thumb.backgroundColor,
      thumbAt: thumb.insetInlineStart,
    };
  };

  async function switches(): Promise<{ canvas: string; on: HTMLInputElement; off: HTMLInputElement }[]> {
    const { element, store, provider } = await renderWithStore<NovoConsentToggle>(html`<novo-consent-toggle category="analytics"></novo-consent-toggle>`);
    const marketing = document.createElement('novo-consent-toggle');
    marketing.setAttribute('category', 'marketing');
    provider.append(marketing);
    const preferences = document.createElement('novo-consent-preferences');
    provider.append(preferences);
    await store.set({ analytics: true, marketing: false }, 'custom');
    store.showPreferences();
    for (const el of [element, marketing, preferences]) await settle(el);
    const input = (host: Element, selector = 'input') => host.shadowRoot!.querySelector<HTMLInputElement>(selector)!;
    const dialog = preferences.shadowRoot!.querySelector('dialog')!;
    return [
      { canvas: getComputedStyle(document.body).backgroundColor, on: input(element), off: input(marketing) },
      { canvas: getComputedStyle(dialog).backgroundColor, on: input(preferences, '#switch-analytics'), off: input(preferences, '#switch-marketing') },
    ];
  }

  it('draws each switch with a visible border and a visible thumb, its on and off states apart, on the page and in the dialog', async () => {
    for (const { canvas, on, off } of await switches()) {
      expect([on.checked, off.checked]).to.deep.equal([true, false]);
      const [onLook, offLook] = [look(on), look(off)];
      for (const state of [onLook, offLook]) {
        expect(state.border, 'border').to.match(/^solid [1-9]/);
        expect(state.borderColor, 'border against the page').not.to.equal(canvas);
        expect(state.thumb, 'thumb against its track').not.to.equal(state.track);
      }
      expect(onLook.track, 'track on vs off').not.to.equal(offLook.track);
      expect(onLook.thumbAt, 'thumb position on vs off').not.to.equal(offLook.thumbAt);
    }
  });

  it('keeps a visible border on every button and a focus ring', async () => {
    const { element } = await renderWithStore(html`<novo-consent-banner></novo-consent-banner>`);
    const canvas = getComputedStyle(document.body).backgroundColor;
    for (const button of element.shadowRoot!.querySelectorAll('button')) {
      const style = getComputedStyle(button);
      expect(`${style.borderTopStyle} ${style.borderTopWidth}`).to.match(/^solid [1-9]/);
      expect(style.borderTopColor).not.to.equal(canvas);
    }
    const accept = element.shadowRoot!.querySelector<HTMLButtonElement>('button')!;
    // No pointer was used, so programmatic focus shows the ring as keyboard focus does.
    accept.focus();
    expect(accept.matches(':focus-visible')).to.equal(true);
    const ring = getComputedStyle(accept);
    expect(`${ring.outlineStyle} ${ring.outlineWidth}`).to.match(/^solid [1-9]/);
    expect(ring.outlineColor).not.to.equal(canvas);
  });
});
