import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { openDemoPage, useDemoBrowser } from './env.js';

/** Every page of the demo site that loads the SDK. */
const PAGES = ['/', '/rights.html', '/privacy.html', '/de.html'];
/** A small phone, a common phone, a laptop. */
const VIEWPORTS = [
  { width: 320, height: 568 },
  { width: 375, height: 667 },
  { width: 1280, height: 800 },
];

/** Where keyboard focus is, through shadow roots, and whether any point of it can be seen. */
interface FocusStop {
  /** Tag, id and text, to name the stop in a failure. */
  name: string;
  /** Nothing focused in the page (past the last stop). */
  done: boolean;
  visible: boolean;
}

/**
 * Reads the focused element and samples a grid of points of its box inside the viewport: it is
 * hidden when no point hits it (the banner, the launcher or anything else on top).
 */
const focusStop = (page: Page) =>
  page.evaluate((): FocusStop => {
    let element = document.activeElement;
    while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
    if (!element || element === document.body) return { name: 'body', done: true, visible: false };
    const name = `${element.localName}${element.id ? `#${element.id}` : ''} "${(element.textContent ?? '').trim().slice(0, 40)}"`;
    const root = element.getRootNode() as Document | ShadowRoot;
    const box = element.getBoundingClientRect();
    let visible = false;
    for (let i = 0; i <= 4 && !visible; i++) {
      for (let j = 0; j <= 4 && !visible; j++) {
        const x = Math.min(box.left + ((box.width - 1) * i) / 4, innerWidth - 1);
        const y = Math.min(box.top + ((box.height - 1) * j) / 4, innerHeight - 1);
        if (x < 0 || y < 0 || x < box.left - 1 || y < box.top - 1) continue;
        const hit = root.elementFromPoint(x, y);
        visible = hit !== null && (hit === element || element.contains(hit));
      }
    }
    return { name, done: false, visible };
  });

/** Tabs from the top of the page to past its last stop; returns the stops that were fully hidden. */
async function hiddenStops(page: Page): Promise<string[]> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const hidden: string[] = [];
  for (let presses = 0; presses < 200; presses++) {
    await page.keyboard.press('Tab');
    const stop = await focusStop(page);
    if (stop.done) return hidden;
    if (!stop.visible) hidden.push(stop.name);
  }
  throw new Error('Tab never left the page');
}

/**
 * When the page scrolls sideways: the elements (through shadow roots) that reach past the viewport's
 * right edge, to name them in the failure; else nothing.
 */
const sidewaysOverflow = (page: Page) =>
  page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width) return [];
    const wide: string[] = [];
    const visit = (root: Document | ShadowRoot) => {
      for (const element of root.querySelectorAll('*')) {
        if (element.getBoundingClientRect().right > width + 0.5) wide.push(`${element.localName}${element.className ? `.${String(element.className)}` : ''}`);
        if (element.shadowRoot) visit(element.shadowRoot);
      }
    };
    visit(document);
    return wide.length > 0 ? wide : ['(scrollWidth > clientWidth)'];
  });

describe('keyboard and small screens on the demo site (WCAG 2.2: 2.4.11, 1.4.10)', () => {
  const session = useDemoBrowser();

  for (const path of PAGES) {
    for (const viewport of VIEWPORTS) {
      it(`${path} at ${viewport.width}×${viewport.height}: no focus stop is hidden by the banner, nor, after a choice, by the launcher`, async () => {
        const { page } = session;
        await page.setViewport(viewport);
        await openDemoPage(page, path);
        await page.waitForSelector('novo-consent-banner >>> section', { visible: true });
        expect(await hiddenStops(page), 'with the banner').toEqual([]);

        await page.evaluate(() => window.NovoConsent?.rejectAll());
        await page.waitForSelector('novo-consent-launcher >>> button', { visible: true });
        expect(await hiddenStops(page), 'with the launcher').toEqual([]);
        expect(session.pageErrors).toEqual([]);
      });
    }

    it(`${path} at 320 px wide does not scroll sideways, with the banner, the dialogs and the launcher`, async () => {
      const { page } = session;
      await page.setViewport({ width: 320, height: 568 });
      await openDemoPage(page, path);
      await page.waitForSelector('novo-consent-banner >>> section', { visible: true });
      expect(await sidewaysOverflow(page), 'banner').toEqual([]);

      await page.click('novo-consent-banner >>> a[part="link"]');
      await page.waitForSelector('novo-notice-dialog >>> dialog[open]', { visible: true });
      expect(await sidewaysOverflow(page), 'notice dialog').toEqual([]);
      await page.keyboard.press('Escape');

      await page.evaluate(() => window.NovoConsent?.showPreferences());
      await page.waitForSelector('novo-consent-preferences >>> dialog[open]', { visible: true });
      expect(await sidewaysOverflow(page), 'preferences dialog').toEqual([]);
      await page.click('novo-consent-preferences >>> [part~="reject-button"]');

      await page.waitForSelector('novo-consent-launcher >>> button', { visible: true });
      expect(await sidewaysOverflow(page), 'launcher').toEqual([]);
      if (path === '/rights.html') {
        // The form's own fields stay inside it (text cut off inside a field does not scroll the page).
        const overflowing = await page.$eval('novo-rights-request', (form) => {
          const right = form.getBoundingClientRect().right;
          return [...form.shadowRoot!.querySelectorAll('input, select, textarea, button')].filter((control) => control.getBoundingClientRect().right > right + 0.5).map((control) => control.id);
        });
        expect(overflowing).toEqual([]);
      }
    });
  }
});
