import { CATALOGUES } from '@novoaigen/consent-schema';
import type { BrowserContext, HTTPRequest, Page } from 'puppeteer-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { eventually, ledgerRows, openDemoPage, useDemoBrowser } from './env.js';

const DAY = 24 * 60 * 60 * 1000;

const session = useDemoBrowser();
let page: Page;
let context: BrowserContext;

const openDemo = (path = '/') => openDemoPage(page, path);

const consentState = () => page.evaluate(() => window.NovoConsent?.get() ?? null);
/** Text inside an element's shadow root, or null while it is not rendered. */
const shadowText = (host: string, selector: string) =>
  page.evaluate((h, s) => document.querySelector(h)?.shadowRoot?.querySelector(s)?.textContent?.trim() ?? null, host, selector);
const clickInShadow = (host: string, selector: string) =>
  page.waitForFunction((h, s) => document.querySelector(h)?.shadowRoot?.querySelector(s), {}, host, selector).then(() =>
    page.evaluate((h, s) => (document.querySelector(h)!.shadowRoot!.querySelector(s) as HTMLElement).click(), host, selector),
  );
/** Every request the page makes, by URL. */
function recordRequests(): string[] {
  const urls: string[] = [];
  page.on('request', (request) => urls.push(request.url()));
  return urls;
}
/** Rewrites requests matching `test` before they leave the browser. */
async function rewrite(test: (url: string) => boolean, handle: (request: HTTPRequest) => Promise<void>): Promise<void> {
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    if (request.isInterceptResolutionHandled()) return;
    (test(request.url()) ? handle(request) : request.continue()).catch(() => {});
  });
}

describe('privacy signals, Consent Mode, embeds, languages and regions on the demo site', () => {
  beforeEach(() => {
    ({ page, context } = session);
  });

  it('honours Global Privacy Control: marketing denied without a click, a gpc event in the ledger, and said on the banner', async () => {
    await page.evaluateOnNewDocument(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }));
    await openDemo();
    const state = await eventually(() => page.evaluate(() => window.NovoConsent?.has('marketing') === false && document.cookie.includes('novo_consent')));
    expect(state).toBe(true);
    const rows = await eventually(async () => {
      const cookie = (await context.cookies()).find((c) => c.name === 'novo_consent');
      const subjectId = new URLSearchParams(decodeURIComponent(cookie?.value ?? '')).get('s');
      const found = subjectId ? await ledgerRows(subjectId) : [];
      return found.length > 0 ? found : null;
    });
    expect(rows[0]).toMatchObject({ method: 'gpc', gpc: 1, regime: 'opt-in' });
    expect(JSON.parse(rows[0]!.categories)).toMatchObject({ marketing: false });
    expect(await shadowText('novo-consent-banner', '[part="gpc"]')).toBe(CATALOGUES.en.gpcHonoured);

    // "Accept all" leaves the signal's category off; only an explicit switch grants it.
    await clickInShadow('novo-consent-banner', 'button[part~="accept-button"]');
    const accepted = await eventually(async () => ((await consentState())?.method === 'accept_all' ? consentState() : null));
    expect(accepted?.categories).toEqual({ necessary: true, analytics: true, marketing: false });
    expect(session.pageErrors).toEqual([]);
  });

  it('gives Google tags the Consent Mode default before the inline Google tag, and an update after "Accept all"', async () => {
    await openDemo();
    const commands = () => page.evaluate(() => (window as unknown as { dataLayer: ArrayLike<unknown>[] }).dataLayer.map((entry) => Array.from(entry)));
    const before = await commands();
    expect(before[0]).toEqual([
      'consent',
      'default',
      expect.objectContaining({ ad_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied', analytics_storage: 'denied', wait_for_update: 500 }),
    ]);
    expect(before.findIndex((command) => command[0] === 'js')).toBeGreaterThan(0);
    expect(before).toContainEqual(['set', 'ads_data_redaction', true]);

    await clickInShadow('novo-consent-banner', 'button[part~="accept-button"]');
    const update = await eventually(async () => {
      const last = (await commands()).filter((c) => c[0] === 'consent' && c[1] === 'update').at(-1)?.[2] as Record<string, string> | undefined;
      return last?.analytics_storage === 'granted' ? last : null;
    });
    expect(update).toMatchObject({ analytics_storage: 'granted', ad_storage: 'granted', ad_user_data: 'granted', ad_personalization: 'granted' });
  });

  it('keeps the video embed unloaded behind a placeholder until "Allow marketing"', async () => {
    const requests = recordRequests();
    await openDemo();
    await page.waitForFunction(() => document.querySelector('novo-embed-placeholder')?.shadowRoot?.querySelector('button[part~="allow-button"]'));
    expect(await shadowText('novo-embed-placeholder', '[part="title"]')).toBe('Content from YouTube');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(requests.some((url) => url.endsWith('/embed-video.html'))).toBe(false);
    expect(await page.$eval('iframe.embed', (frame) => frame.hasAttribute('src'))).toBe(false);

    await clickInShadow('novo-embed-placeholder', 'button[part~="allow-button"]');
    await eventually(() => requests.some((url) => url.endsWith('/embed-video.html')));
    expect(await page.$('novo-embed-placeholder')).toBeNull();
    expect((await consentState())?.method).toBe('embed');
    expect(await page.evaluate(() => window.NovoConsent?.has('marketing'))).toBe(true);
  });

  it('speaks German on a lang="de" page and lays Arabic out right to left', async () => {
    await openDemo('/de.html');
    await page.waitForFunction(() => document.querySelector('novo-consent-banner')?.shadowRoot?.querySelector('h2'));
    expect(await shadowText('novo-consent-banner', 'h2')).toBe(CATALOGUES.de.bannerTitle);
    expect(await shadowText('novo-consent-banner', 'button[part~="reject-button"]')).toBe(CATALOGUES.de.rejectAll);

    // The same page, declared Arabic (an answer rewritten by the test would not be allowed to call the local worker).
    await page.evaluateOnNewDocument(() => {
      new MutationObserver((_, observer) => {
        if (!document.documentElement) return;
        document.documentElement.lang = 'ar';
        observer.disconnect();
      }).observe(document, { childList: true });
    });
    await openDemo('/de.html');
    await page.waitForFunction(() => document.querySelector('novo-consent-banner')?.shadowRoot?.querySelector('h2'));
    expect(await shadowText('novo-consent-banner', 'h2')).toBe(CATALOGUES.ar.bannerTitle);
    const layout = await page.evaluate(() => {
      const banner = document.querySelector('novo-consent-banner')!;
      const [first, , last] = [...banner.shadowRoot!.querySelectorAll('button')].map((b) => b.getBoundingClientRect().left);
      return { dir: banner.dir, direction: getComputedStyle(banner.shadowRoot!.querySelector('section')!).direction, firstRightOfLast: first! > last! };
    });
    expect(layout).toEqual({ dir: 'rtl', direction: 'rtl', firstRightOfLast: true });
  });

  it('shows a US-CA visitor the opt-out notice instead of the opt-in banner, with analytics running until they opt out', async () => {
    // Locally there is no Cloudflare location data; the development worker takes the region from the query.
    await rewrite(
      (url) => url.includes('/config'),
      (request) => request.continue({ url: `${request.url()}${request.url().includes('?') ? '&' : '?'}region=US-CA` }),
    );
    await openDemo();
    await page.waitForFunction(() => document.querySelector('novo-consent-banner')?.shadowRoot?.querySelector('h2'));
    expect(await shadowText('novo-consent-banner', 'h2')).toBe(CATALOGUES.en.optOutTitle);
    expect(await page.evaluate(() => document.querySelector('novo-consent-banner')!.shadowRoot!.querySelector('[part~="accept-button"]'))).toBeNull();
    await eventually(() => page.evaluate(() => (window as unknown as { demoAnalyticsLoaded?: boolean }).demoAnalyticsLoaded === true));

    await clickInShadow('novo-consent-banner', 'button[part~="do-not-sell-button"]');
    await page.waitForFunction(() => document.querySelector('novo-consent-preferences')?.shadowRoot?.querySelector('dialog[open]'));
    await clickInShadow('novo-consent-preferences', 'button[part~="reject-button"]');
    const state = await eventually(consentState);
    const rows = await eventually(async () => {
      const found = await ledgerRows(state.subjectId);
      return found.length > 0 ? found : null;
    });
    expect(rows[0]).toMatchObject({ method: 'reject_all', region: 'US-CA', regime: 'opt-out' });
  });

  it('asks again once the choice expired, with the previous choices preselected', async () => {
    await openDemo();
    await clickInShadow('novo-consent-banner', 'button[part~="customize-button"]');
    await page.waitForFunction(() => document.querySelector('novo-consent-preferences')?.shadowRoot?.querySelector('dialog[open]'));
    await page.evaluate(() => (document.querySelector('novo-consent-preferences')!.shadowRoot!.querySelector('#switch-analytics') as HTMLInputElement).click());
    await clickInShadow('novo-consent-preferences', 'button[part~="save-button"]');
    await eventually(async () => (await consentState())?.method === 'custom');

    // Thirteen months later, by the page's clock.
    await page.evaluateOnNewDocument((offset: number) => {
      const realNow = Date.now;
      Date.now = () => realNow() + offset;
    }, 400 * DAY);
    await openDemo();
    await page.waitForFunction(() => document.querySelector('novo-consent-banner')?.shadowRoot?.querySelector('section'));
    expect(await consentState()).toBeNull();
    await clickInShadow('novo-consent-banner', 'button[part~="customize-button"]');
    await page.waitForFunction(() => document.querySelector('novo-consent-preferences')?.shadowRoot?.querySelector('dialog[open]'));
    const checked = await page.evaluate(() =>
      [...document.querySelector('novo-consent-preferences')!.shadowRoot!.querySelectorAll<HTMLInputElement>('input[role="switch"]')].map((s) => s.checked),
    );
    expect(checked).toEqual([true, true, false]);
  });
});
