import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';

/**
 * `emulate-media-features`: sets CSS media features, `forced-colors` included, through Chromium's
 * DevTools protocol. `emulateMedia` of @web/test-runner-commands passes `forcedColors` to
 * Playwright only, and puppeteer's `emulateMediaFeatures` refuses it. Each call replaces the
 * features set before; the session stays open, since closing it would drop the emulation.
 */
const cdpSessions = new WeakMap();
const emulateMediaFeatures = {
  name: 'emulate-media-features',
  async executeCommand({ command, payload, session }) {
    if (command !== 'emulate-media-features') return undefined;
    const page = session.browser.getPage(session.id);
    if (!cdpSessions.has(page)) cdpSessions.set(page, await page.createCDPSession());
    await cdpSessions.get(page).send('Emulation.setEmulatedMedia', { features: payload });
    return true;
  },
};

/**
 * Unit and component tests of the browser packages, in real headless Chromium.
 * Chromium comes from the system (`apt-get install chromium`) or CHROME_PATH; as root it needs --no-sandbox.
 */
export default {
  // The packages' unit and component tests, and the reliability suite's Chromium part.
  files: ['packages/*/src/**/*.test.ts', 'test/reliability/chromium/*.ts'],
  nodeResolve: { exportConditions: ['novo-source', 'production'], browser: true },
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.base.json' }), emulateMediaFeatures],
  // Test files share the browser's cookie jar and the consent cookie is global to the origin: one file at a time.
  concurrency: 1,
  testFramework: { config: { timeout: 10000 } },
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
      },
    }),
  ],
};
