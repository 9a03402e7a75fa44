import type { HTTPResponse } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { API_ORIGIN, eventually, openDemoPage, useDemoBrowser } from './env.js';

const session = useDemoBrowser();

/** Every response the page receives from now on. */
function recordResponses(): HTTPResponse[] {
  const responses: HTTPResponse[] = [];
  session.page.on('response', (response) => responses.push(response));
  return responses;
}

describe('start-up path on the demo site', () => {
  it('a returning visitor with a valid decision makes no network request to the worker', async () => {
    const { page } = session;
    await openDemoPage(page);
    await page.waitForFunction(() => document.querySelector('novo-consent-banner')?.shadowRoot?.querySelector('button[part~="accept-button"]'));
    await page.evaluate(() => (document.querySelector('novo-consent-banner')!.shadowRoot!.querySelector('button[part~="accept-button"]') as HTMLElement).click());
    // The decision has reached the worker: nothing is waiting in the outbox.
    await eventually(() => page.evaluate(() => (window.NovoConsent?.get() ? document.cookie.includes('novo_consent') : false)));
    await new Promise((resolve) => setTimeout(resolve, 500));

    const responses = recordResponses();
    await openDemoPage(page);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await page.evaluate(() => window.NovoConsent?.get()?.method)).toBe('accept_all');
    const toWorker = responses.filter((response) => response.url().startsWith(API_ORIGIN));
    expect(toWorker.map((response) => response.url())).toContain(`${API_ORIGIN}/v1/sites/demo/config?lang=en%2Cen-US%2Cen`);
    expect(toWorker.filter((response) => !response.fromCache()).map((response) => response.url())).toEqual([]);
  });

  it('moves nothing on the page: no layout shift from the banner, the dialog, the launcher or the parts loaded later', async () => {
    const { page } = session;
    await page.setViewport({ width: 1280, height: 2400 });
    await page.evaluateOnNewDocument(() => {
      (window as unknown as { shifts: number[] }).shifts = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) {
          if (!entry.hadRecentInput) (window as unknown as { shifts: number[] }).shifts.push(entry.value);
        }
      }).observe({ type: 'layout-shift', buffered: true });
    });
    await openDemoPage(page);
    // Everything the SDK puts on this page: banner, toggles (a part), the embed placeholder (a part).
    await page.waitForFunction(() => document.querySelector('novo-embed-placeholder')?.shadowRoot?.querySelector('button'));
    await page.waitForFunction(() => document.querySelector('novo-consent-toggle')?.shadowRoot?.querySelector('input'));
    await page.evaluate(() => (document.querySelector('novo-consent-banner')!.shadowRoot!.querySelector('button[part~="customize-button"]') as HTMLElement).click());
    await page.waitForFunction(() => document.querySelector('novo-consent-preferences')?.shadowRoot?.querySelector('dialog[open]'));
    await page.evaluate(() => (document.querySelector('novo-consent-preferences')!.shadowRoot!.querySelector('button[part~="save-button"]') as HTMLElement).click());
    await page.waitForFunction(() => document.querySelector('novo-consent-launcher')?.shadowRoot?.querySelector('button'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await page.evaluate(() => (window as unknown as { shifts: number[] }).shifts)).toEqual([]);
  });
});
