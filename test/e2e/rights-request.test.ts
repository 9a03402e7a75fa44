import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ORIGIN, eventually, launchBrowser, verificationCode, WEBHOOK_ORIGIN } from './env.js';

let browser: Browser;
let page: Page;

/** Waits until the form's shadow root contains `selector`. */
function inForm(selector: string) {
  return page.waitForFunction((s) => Boolean(document.querySelector('novo-rights-request')?.shadowRoot?.querySelector(s)), { timeout: 15_000 }, selector);
}

describe('the demo rights-request page', () => {
  beforeAll(async () => {
    browser = await launchBrowser();
    page = await (await browser.createBrowserContext()).newPage();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('submits a request, confirms it with the emailed code, and forwards it signed to the receiver', async () => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.goto(`${DEMO_ORIGIN}/rights.html`, { waitUntil: 'load' });
    await page.waitForSelector('novo-rights-request >>> form');
    // A visitor answers the banner first; it floats over the bottom of the page.
    await page.click('novo-consent-banner >>> button[part~="reject-button"]');

    // The form checks fields itself first, with the worker's schema.
    await page.click('novo-rights-request >>> button[type="submit"]');
    await page.waitForSelector('novo-rights-request >>> #email[aria-invalid="true"]');
    expect(await page.$eval('novo-rights-request >>> #confirm-error', (el) => el.textContent)).toBe('Please confirm this.');

    const email = `e2e-${Date.now()}@example.org`;
    await page.select('novo-rights-request >>> #type', 'deletion');
    await page.type('novo-rights-request >>> #fullName', 'Rosalind Franklin');
    await page.type('novo-rights-request >>> #email', email);
    await page.type('novo-rights-request >>> #details', 'Please delete my newsletter account.');
    await page.click('novo-rights-request >>> #confirm');
    await page.click('novo-rights-request >>> button[type="submit"]');
    await inForm('#code');

    await page.type('novo-rights-request >>> #code', await verificationCode(email));
    await page.click('novo-rights-request >>> button[type="submit"]');
    await inForm('[part="confirmation"]');
    const text = await page.$eval('novo-rights-request', (el) => el.shadowRoot?.querySelector('[part="confirmation"]')?.textContent ?? '');
    const requestId = /reference is ([0-9a-f-]{36})/.exec(text)?.[1];
    expect(requestId).toBeTruthy();
    expect(text).toMatch(/We will answer by /);

    const delivered = await eventually(async () => {
      const deliveries = (await (await fetch(`${WEBHOOK_ORIGIN}/deliveries`)).json()) as { id: string; type: string }[];
      return deliveries.find((delivery) => delivery.id === requestId) ?? null;
    }, 30_000);
    expect(delivered.type).toBe('deletion');
    expect(errors).toEqual([]);
  });

  it('loads the form only where it is used, also when a single-page app adds it later', async () => {
    const loaded: string[] = [];
    page.on('request', (request) => loaded.push(new URL(request.url()).pathname));
    await page.goto(`${DEMO_ORIGIN}/`, { waitUntil: 'networkidle0' });
    expect(loaded).toContain('/novo-consent.js');
    expect(loaded).not.toContain('/novo-rights-request.js');

    await page.evaluate(() => document.querySelector('main')?.append(document.createElement('novo-rights-request')));
    await page.waitForFunction(() => customElements.get('novo-rights-request') !== undefined);
    expect(loaded).toContain('/novo-rights-request.js');
    // No attributes: the form takes the script tag's site and API from the consent store, and says nothing is missing.
    await page.waitForFunction(() => document.querySelector('novo-rights-request')?.shadowRoot?.querySelector('button[type="submit"]:not([disabled])'));
  });
});
