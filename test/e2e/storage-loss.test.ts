import { describe, expect, it } from 'vitest';
import { eventually, ledgerRows, openDemoPage, useDemoBrowser } from './env.js';

const session = useDemoBrowser();

declare global {
  interface Window {
    storageLoss?: string[];
    /** Promise rejections nobody handled (uncaught errors are in the session's `pageErrors`). */
    unhandled?: string[];
  }
}

describe('the SDK without device storage (private modes, blocked storage)', () => {
  it('still asks, applies and delivers the choice, and tells the page what it could not keep', async () => {
    const { page } = session;
    const cdp = await page.createCDPSession();
    await cdp.send('Emulation.setDocumentCookieDisabled', { disabled: true });
    await page.evaluateOnNewDocument(() => {
      window.storageLoss = [];
      document.addEventListener('novo-storage-unavailable', (event) => window.storageLoss!.push((event as CustomEvent<{ storage: string }>).detail.storage));
      IDBFactory.prototype.open = () => {
        throw new DOMException('The user denied permission to access the database.', 'SecurityError');
      };
    });
    await openDemoPage(page);
    await page.waitForFunction(() => document.querySelector('novo-consent-banner')?.shadowRoot?.querySelector('button[part~="accept-button"]'));
    await page.evaluate(() => (document.querySelector('novo-consent-banner')!.shadowRoot!.querySelector('button[part~="accept-button"]') as HTMLElement).click());

    await eventually(() => page.evaluate(() => (window as unknown as { demoAnalyticsLoaded?: boolean }).demoAnalyticsLoaded === true));
    const state = await page.evaluate(() => window.NovoConsent?.get() ?? null);
    expect(state?.method).toBe('accept_all');
    expect((await page.evaluate(() => window.storageLoss))?.sort()).toEqual(['cookie', 'indexeddb']);
    // The worker has the choice even though the browser could keep it nowhere.
    const rows = await eventually(async () => {
      const found = await ledgerRows(state!.subjectId);
      return found.length > 0 ? found : null;
    });
    expect(rows.map((row) => row.method)).toEqual(['accept_all']);
    expect(session.pageErrors).toEqual([]);
  });

  it('works where document.cookie throws (sandboxed frames): banner, reject, toggle and withdrawal applied and delivered, nothing thrown', async () => {
    const { page } = session;
    await page.evaluateOnNewDocument(() => {
      window.storageLoss = [];
      window.unhandled = [];
      addEventListener('unhandledrejection', (event) => window.unhandled!.push(String(event.reason)));
      document.addEventListener('novo-storage-unavailable', (event) => window.storageLoss!.push((event as CustomEvent<{ storage: string }>).detail.storage));
      const refuse = () => {
        throw new DOMException('The document is sandboxed and lacks the allow-same-origin flag.', 'SecurityError');
      };
      Object.defineProperty(Document.prototype, 'cookie', { configurable: true, get: refuse, set: refuse });
    });
    // With their stacks, to tell whose script threw.
    const thrown: string[] = [];
    page.on('pageerror', (error) => thrown.push((error as Error).stack ?? String(error)));
    await openDemoPage(page);
    const inShadow = (host: string, selector: string) =>
      page.waitForFunction((h, s) => document.querySelector(h)?.shadowRoot?.querySelector(s), {}, host, selector).then(() =>
        page.evaluate((h, s) => (document.querySelector(h)!.shadowRoot!.querySelector(s) as HTMLElement).click(), host, selector),
      );
    const analytics = 'novo-consent-toggle[category="analytics"]';
    await inShadow('novo-consent-banner', 'button[part~="reject-button"]');
    await eventually(() => page.evaluate(() => window.NovoConsent?.get()?.method === 'reject_all'));
    await inShadow(analytics, 'input');
    await eventually(() => page.evaluate(() => window.NovoConsent?.has('analytics') === true));
    await inShadow(analytics, 'input');
    await eventually(() => page.evaluate(() => window.NovoConsent?.has('analytics') === false));

    const subjectId = (await page.evaluate(() => window.NovoConsent?.get()?.subjectId))!;
    const rows = await eventually(async () => {
      const found = await ledgerRows(subjectId);
      return found.length === 3 ? found : null;
    });
    expect(rows.map((row) => [row.method, JSON.parse(row.categories).analytics])).toEqual([
      ['reject_all', false],
      ['toggle', true],
      ['toggle', false],
    ]);
    expect(await page.evaluate(() => window.storageLoss)).toContain('cookie');
    // The demo's own analytics tag sets a cookie as it runs, and so throws here; nothing else may.
    expect(thrown.filter((stack) => !stack.includes('/analytics.js'))).toEqual([]);
    expect(await page.evaluate(() => window.unhandled)).toEqual([]);
  });
});
