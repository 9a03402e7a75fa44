import type { Browser, BrowserContext, Page } from 'puppeteer-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPublicKey, verify } from 'node:crypto';
import { API_ORIGIN, eventually, launchBrowser, ledgerRows, openDemoPage } from './env.js';

declare global {
  interface Window {
    demoAnalyticsLoaded?: boolean;
  }
}

/** Verifies a compact EdDSA JWS with Node's own crypto, as an auditor would, independently of the worker's code. */
function verifiesWith(token: string, keys: { kid: string; x: string }[]): boolean {
  const [header, payload, signature] = token.split('.');
  const { kid } = JSON.parse(Buffer.from(header ?? '', 'base64url').toString()) as { kid: string };
  const jwk = keys.find((key) => key.kid === kid);
  if (!jwk) return false;
  const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, format: 'jwk' });
  return verify(null, Buffer.from(`${header}.${payload}`), key, Buffer.from(signature ?? '', 'base64url'));
}
let browser: Browser;
let context: BrowserContext;
let page: Page;
let pageErrors: string[];

const openDemo = (path = '/') => openDemoPage(page, path);

const consentState = () => page.evaluate(() => window.NovoConsent?.get() ?? null);
const cookieNames = async () => (await context.cookies()).filter((cookie) => cookie.domain === 'localhost').map((cookie) => cookie.name);
const activityLog = () => page.$$eval('#activity-log li', (items) => items.map((item) => item.textContent ?? ''));
const analyticsRan = () => page.evaluate(() => window.demoAnalyticsLoaded === true);
/** Waits until the ledger holds at least `count` events of the subject. */
const ledgerHas = (subjectId: string, count: number) =>
  eventually(async () => {
    const rows = await ledgerRows(subjectId);
    return rows.length >= count ? rows : null;
  });

describe('the demo site with the script-tag SDK', () => {
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    context = await browser.createBrowserContext();
    page = await context.newPage();
    pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(String(error)));
  });

  it('rejects, keeps analytics off, then opts in with the toggle; both events reach the ledger', async () => {
    await openDemo();
    const banner = await page.waitForSelector('novo-consent-banner >>> section', { visible: true });
    expect(banner).toBeTruthy();

    await page.click('novo-consent-banner >>> button[part~="reject-button"]');
    const rejected = await eventually(consentState);
    expect(rejected.method).toBe('reject_all');
    expect(rejected.categories).toEqual({ necessary: true, analytics: false, marketing: false });
    expect(await page.$('novo-consent-banner >>> section')).toBeNull();
    expect(await analyticsRan()).toBe(false);
    expect(await cookieNames()).not.toContain('_demo_analytics');
    expect(await page.$('script[type="text/plain"][data-consent="analytics"]')).not.toBeNull();
    // The page heard the decision through the document-level `novo-consent-change` event.
    expect((await activityLog()).some((line) => line.includes('Consent recorded (reject_all): necessary.'))).toBe(true);

    await page.click('novo-consent-toggle[category="analytics"] >>> input');
    await eventually(analyticsRan);
    expect(await cookieNames()).toContain('_demo_analytics');
    expect((await activityLog()).some((line) => line.includes('Analytics loaded'))).toBe(true);
    const optedIn = await consentState();
    expect(optedIn?.method).toBe('toggle');
    expect(optedIn?.subjectId).toBe(rejected.subjectId);
    expect(optedIn?.categories).toEqual({ necessary: true, analytics: true, marketing: false });

    const rows = await ledgerHas(rejected.subjectId, 2);
    expect(rows.map((row) => row.method)).toEqual(['reject_all', 'toggle']);
    expect(rows.map((row) => JSON.parse(row.categories))).toEqual([
      { necessary: true, analytics: false, marketing: false },
      { necessary: true, analytics: true, marketing: false },
    ]);
    expect(new Set(rows.map((row) => row.event_id)).size).toBe(2);

    // The preferences offer the signed receipt of the latest choice, which verifies with the worker's keys.
    await page.click('#open-preferences');
    const href = await page.waitForSelector('novo-consent-preferences >>> a[part="receipt-link"]').then((link) => link?.evaluate((a) => a.href));
    const file = JSON.parse(decodeURIComponent(String(href).slice('data:application/json,'.length))) as { receipt: string; claims: Record<string, unknown> };
    expect(file.claims).toMatchObject({ sub: rejected.subjectId, site: 'demo', m: 'toggle', cat: { necessary: true, analytics: true, marketing: false } });
    const jwks = (await (await fetch(`${API_ORIGIN}/.well-known/jwks.json`)).json()) as { keys: { kid: string; x: string }[] };
    expect(verifiesWith(file.receipt, jwks.keys)).toBe(true);
    expect(pageErrors).toEqual([]);
  });

  it('remembers the decision on the next page view: no banner, granted scripts run at once', async () => {
    await openDemo();
    await page.click('novo-consent-banner >>> button[part~="accept-button"]');
    await eventually(analyticsRan);
    await openDemo('/privacy.html');
    await openDemo();
    await eventually(analyticsRan);
    expect(await page.$('novo-consent-banner >>> section')).toBeNull();
    expect((await consentState())?.method).toBe('accept_all');
    await page.click('novo-consent-launcher >>> button');
    await page.waitForFunction(() => document.querySelector('novo-consent-preferences')?.shadowRoot?.querySelector('dialog[open]'));
  });

  it('withdrawing analytics deletes its cookie', async () => {
    await openDemo();
    await page.click('novo-consent-banner >>> button[part~="accept-button"]');
    await eventually(async () => (await cookieNames()).includes('_demo_analytics'));
    await page.click('novo-consent-toggle[category="analytics"] >>> input');
    await eventually(async () => (await consentState())?.categories.analytics === false);
    expect(await cookieNames()).not.toContain('_demo_analytics');
  });

  it('keeps a choice made offline and delivers it once the browser is back online', async () => {
    await openDemo();
    await page.setOfflineMode(true);
    await page.click('novo-consent-banner >>> button[part~="accept-button"]');
    const state = await eventually(consentState);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await ledgerRows(state.subjectId)).toEqual([]);

    await page.setOfflineMode(false);
    const rows = await ledgerHas(state.subjectId, 1);
    expect(rows.map((row) => row.method)).toEqual(['accept_all']);
  });

  it('keeps a choice made while the API is unreachable across a page reload', async () => {
    await openDemo();
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      if (request.isInterceptResolutionHandled()) return;
      const answer = request.method() === 'POST' && request.url().includes('/consents') ? request.abort('connectionrefused') : request.continue();
      answer.catch(() => {});
    });
    await page.click('novo-consent-banner >>> button[part~="reject-button"]');
    const state = await eventually(consentState);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await ledgerRows(state.subjectId)).toEqual([]);

    page.removeAllListeners('request');
    await page.setRequestInterception(false);
    await openDemo();
    const rows = await ledgerHas(state.subjectId, 1);
    expect(rows.map((row) => row.method)).toEqual(['reject_all']);
  });

  it('reopens the preferences from the page and records a custom choice', async () => {
    await openDemo();
    await page.click('#open-preferences');
    await page.waitForSelector('novo-consent-preferences >>> dialog[open]');
    await page.click('novo-consent-preferences >>> #switch-marketing');
    await page.click('novo-consent-preferences >>> button[part~="save-button"]');
    const state = await eventually(consentState);
    expect(state.method).toBe('custom');
    expect(state.categories).toEqual({ necessary: true, analytics: false, marketing: true });
    expect(await cookieNames()).toContain('_demo_marketing_id');
  });
});
