import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ORIGIN, launchBrowser } from './env.js';

let browser: Browser;

describe('the demo privacy notice page', () => {
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('follows a deep link to the retention section, whose retention periods are visible', async () => {
    const page = await (await browser.createBrowserContext()).newPage();
    await page.setViewport({ width: 1000, height: 700 });
    await page.goto(`${DEMO_ORIGIN}/privacy.html#data-retention`, { waitUntil: 'load' });
    await page.waitForFunction(() => document.querySelector('novo-privacy-notice')?.shadowRoot?.querySelector('section#data-retention.current'));
    const section = await page.evaluate(() => {
      const el = document.querySelector('novo-privacy-notice')!.shadowRoot!.querySelector<HTMLElement>('section#data-retention')!;
      const box = el.getBoundingClientRect();
      return { text: el.innerText, top: box.top, inView: box.top >= 0 && box.top < innerHeight };
    });
    expect(section.inView).toBe(true);
    expect(section.text).toContain('retained for 12 months after completion');
    expect(section.text).toContain('retained for 3 years after account closure');
    expect(section.text).toContain('retained for 7 years');
  });

  it("opens the notice over the page from the banner's link, and closes it with Escape", async () => {
    const page = await (await browser.createBrowserContext()).newPage();
    await page.goto(`${DEMO_ORIGIN}/`, { waitUntil: 'load' });
    await page.waitForFunction(() => document.querySelector('novo-consent-banner')?.shadowRoot?.querySelector('a[part="link"]'));
    await page.evaluate(() => document.querySelector('novo-consent-banner')!.shadowRoot!.querySelector<HTMLElement>('a[part="link"]')!.click());
    await page.waitForFunction(() => {
      const notice = document.querySelector('novo-notice-dialog')?.shadowRoot?.querySelector('novo-privacy-notice');
      return notice?.shadowRoot?.querySelector('section#data-retention');
    });
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await page.evaluate(() => document.querySelector('novo-notice-dialog')!.shadowRoot!.querySelector('dialog')!.matches(':modal'))).toBe(true);
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.querySelector('novo-notice-dialog')!.shadowRoot!.querySelector('dialog')!.open);
  });
});
