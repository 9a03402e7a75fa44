// Headless Chromium for the harnesses, as test/e2e/env.ts launches it: the system binary (or
// CHROME_PATH), with the flags this machine needs as root and offline.
import puppeteer from 'puppeteer-core';
import { onCleanup } from '../../../../scripts/lib/processes.mjs';

/**
 * Launches Chromium; it is killed when the harness ends, whatever happens.
 * @returns {Promise<import('puppeteer-core').Browser>}
 */
export async function launchBrowser() {
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    headless: true,
    protocolTimeout: 60_000,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
  onCleanup(() => browser.process()?.kill('SIGKILL'));
  return browser;
}
