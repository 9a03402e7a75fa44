import { describe, expect, it } from 'vitest';
import { eventually, ledgerRows, openDemoPage, useDemoBrowser } from './env.js';

const session = useDemoBrowser();

declare global {
  interface Window {
    storageLoss?: string[];
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
});
