// The README's React, Vue and plain-HTML examples (test/examples, the same source as the README's
// blocks: test/readme-examples.test.ts), built as an integrator builds them and run against the
// worker in Chromium: the banner shows, choices reach the ledger, the rights form submits end to end.
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { newest } from '../../scripts/lib/newest.mjs';
import { buildExamples, type BuiltExamples } from '../examples/build.js';
import { API_ORIGIN, DEMO_ORIGIN, eventually, ledgerRows, useDemoBrowser, verificationCode } from './env.js';

const root = path.resolve(import.meta.dirname, '../..');
const session = useDemoBrowser();
let built: BuiltExamples;

/** The packages as `npm pack` would ship them: rebuilt unless newer than their sources (`npm test` builds them just before). */
function ensurePackagesBuilt(): void {
  const shipped = ['packages/embed/dist/index.js', 'packages/elements/dist/index.js', 'packages/embed/script/novo-consent.js'].map((file) => path.join(root, file));
  const sources = Math.max(...['schema', 'core', 'elements', 'embed'].flatMap((name) => ['src', 'package.json'].map((part) => newest(path.join(root, 'packages', name, part)))));
  if (shipped.some((file) => !existsSync(file) || statSync(file).mtimeMs < sources)) execFileSync('npm', ['run', '--silent', 'build:packages'], { cwd: root, stdio: 'ignore' });
}

/** The visitor's subject id, from the consent cookie (`s=`); npm mode has no window.NovoConsent to ask. */
async function subjectId(page: Page): Promise<string | null> {
  const cookie = (await page.browserContext().cookies()).find((entry) => entry.name === 'novo_consent');
  return cookie ? new URLSearchParams(decodeURIComponent(cookie.value)).get('s') : null;
}

const methodsInLedger = (subject: string, count: number) =>
  eventually(async () => {
    const rows = await ledgerRows(subject);
    return rows.length >= count ? rows.map((row) => row.method) : null;
  });

const inShadow = (page: Page, host: string, selector: string) =>
  page.waitForFunction((h, s) => document.querySelector(h)?.shadowRoot?.querySelector(s) ?? null, { timeout: 15_000 }, host, selector);

beforeAll(async () => {
  ensurePackagesBuilt();
  built = await buildExamples(path.join(root, 'dist'), path.join(root, 'packages/embed/script'), 'demo', API_ORIGIN);
}, 180_000);

describe('the README examples', () => {
  it('build without warnings of ours, and keep the rights form out of the first bundle', () => {
    for (const name of ['react', 'vue']) {
      // zod's own comments mention `@__PURE__` in prose, which Rollup reports; the README says why that is harmless.
      expect(built.warnings[name]?.filter((warning) => !/node_modules\/zod\//.test(warning))).toEqual([]);
      expect(built.files[name]).toHaveLength(2);
    }
  });

  for (const example of [
    { name: 'React', path: '/examples/react/', framework: true },
    { name: 'Vue', path: '/examples/vue/', framework: true },
    { name: 'plain HTML', path: '/examples/html/', framework: false },
  ]) {
    it(`${example.name}: the banner shows, choices reach the ledger, the rights form submits end to end`, async () => {
      const { page } = session;
      const consoleLines: string[] = [];
      page.on('console', (message) => consoleLines.push(message.text()));
      await page.goto(`${DEMO_ORIGIN}${example.path}`, { waitUntil: 'load' });

      await page.waitForSelector('novo-consent-banner >>> section', { visible: true, timeout: 15_000 });
      await page.click('novo-consent-banner >>> button[part~="reject-button"]');
      const subject = await eventually(() => subjectId(page));
      expect(await methodsInLedger(subject, 1)).toEqual(['reject_all']);

      await page.click('novo-consent-toggle[category="analytics"] >>> input');
      expect(await methodsInLedger(subject, 2)).toEqual(['reject_all', 'toggle']);
      // The README's useConsent hook (React) and ref (Vue) follow the decision.
      if (example.framework) await page.waitForFunction(() => document.body.textContent?.includes('Thank you for helping us improve.'));

      await inShadow(page, 'novo-rights-request', 'form');
      if (example.framework) expect(await page.$eval('novo-rights-request >>> h2', (h2) => h2.textContent)).toBe('Your privacy rights');
      const email = `readme-${example.path.split('/')[2]}-${Date.now()}@example.org`;
      await page.type('novo-rights-request >>> #fullName', 'Grace Hopper');
      await page.type('novo-rights-request >>> #email', email);
      await page.click('novo-rights-request >>> #confirm');
      // The keyboard, not a click: the floating launcher covers the end of these short pages.
      await page.focus('novo-rights-request >>> button[type="submit"]');
      await page.keyboard.press('Enter');
      await inShadow(page, 'novo-rights-request', '#code');
      await page.type('novo-rights-request >>> #code', await verificationCode(email));
      await page.keyboard.press('Enter');
      await inShadow(page, 'novo-rights-request', '[part="confirmation"]');
      const requestId = /reference is ([0-9a-f-]{36})/.exec(await page.$eval('novo-rights-request >>> [part="confirmation"]', (node) => node.textContent ?? ''))?.[1];
      expect(requestId).toBeTruthy();
      // The README's listener of the element's event ran.
      if (example.framework) await eventually(() => consoleLines.includes(requestId!));

      expect(consoleLines.filter((line) => line.includes('[novo-consent]'))).toEqual([]);
      expect(session.pageErrors).toEqual([]);
    });
  }
});
