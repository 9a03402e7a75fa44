// A page on an origin the site does not allow (an app's dev server, a new domain): the worker
// refuses it, and the SDK tells the developer why and what to run, instead of a silent page.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_ORIGIN, DEMO_ORIGIN, eventually, useDemoBrowser } from './env.js';

const session = useDemoBrowser();

/** An app's dev server: another port of localhost, which the demo site does not allow. */
const devServer = http.createServer((_request, response) => {
  response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
  response.end(`<!doctype html><html lang="en"><head><title>App</title>
    <script src="${DEMO_ORIGIN}/novo-consent.js" data-site="demo" data-api="${API_ORIGIN}" defer></script>
    </head><body><main><h1>An app on its dev server</h1></main></body></html>`);
});
let origin = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => devServer.listen(0, 'localhost', resolve));
  origin = `http://localhost:${(devServer.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => devServer.close(() => resolve())));

describe('the SDK on an origin the site does not allow', () => {
  it('shows no banner and says in the console which origin to allow for which site, and how', async () => {
    const { page } = session;
    const lines: string[] = [];
    // The SDK logs the Error itself (the console shows its stack); its message is what a developer reads.
    page.on('console', (message) => {
      const parts = message.args().map((arg) => arg.evaluate((value) => (value instanceof Error ? value.message : String(value))));
      void Promise.all(parts).then((texts) => lines.push(texts.join(' ')));
    });
    await page.goto(`${origin}/`, { waitUntil: 'load' });
    await page.waitForFunction(() => window.NovoConsent !== undefined);
    await page.evaluate(() => window.NovoConsent?.ready);

    const refusal = await eventually(() => lines.find((line) => line.startsWith('[novo-consent]')));
    expect(refusal).toContain(`Origin ${origin} is not allowed for site demo: add it with \`npm run site -- update demo --origin ${origin} --origin …\``);
    expect(await page.$('novo-consent-banner >>> section')).toBeNull();
    expect(session.pageErrors).toEqual([]);
  });
});
