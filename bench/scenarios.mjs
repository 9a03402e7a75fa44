// The pages the browser benchmark opens: one client site (bench/pages/content.html + site.css),
// the same for every consent library, each library added the way its documentation says.
import { readFileSync } from 'node:fs';
import path from 'node:path';

const pagesDir = path.join(import.meta.dirname, 'pages');
const fixture = (file) => readFileSync(path.join(pagesDir, file), 'utf8').trim();

/**
 * @typedef {object} Scenario
 * @property {string} id           page name and key in results.json
 * @property {string} label        row title in the printed table
 * @property {'limit' | 'ours' | 'peer'} kind
 * @property {string[]} target     the banner element: a CSS selector, then one selector per shadow
 *                                 root to pierce (ours: the host, then its shadow `section`)
 * @property {string} [package]    the npm package measured (peers)
 */

/** URL prefixes the page server maps to files (see page-server.mjs). */
export const ASSET_ROOTS = {
  '/novo/': 'dist',
  '/peers/vanilla-cookieconsent/': 'node_modules/vanilla-cookieconsent/dist',
  '/peers/klaro/': 'node_modules/klaro/dist',
  '/peers/tarteaucitron/': 'node_modules/tarteaucitronjs',
};

/** Every scenario, in table order. The static limit comes first: the others are ratios of it. */
export const SCENARIOS = [
  { id: 'static', label: 'static HTML banner (limit)', kind: 'limit', target: ['novo-consent-banner', 'section'] },
  { id: 'novo-inline', label: 'novo-consent, config inlined', kind: 'ours', target: ['novo-consent-banner', 'section'] },
  { id: 'novo-fetch', label: 'novo-consent, config fetched', kind: 'ours', target: ['novo-consent-banner', 'section'] },
  { id: 'vanilla-cookieconsent', label: 'vanilla-cookieconsent', kind: 'peer', target: ['#cc-main .cm'], package: 'vanilla-cookieconsent' },
  { id: 'klaro', label: 'klaro', kind: 'peer', target: ['.klaro .cookie-notice'], package: 'klaro' },
  { id: 'tarteaucitron', label: 'tarteaucitron', kind: 'peer', target: ['#tarteaucitronAlertBig'], package: 'tarteaucitronjs' },
];

/** `<script>` with inline code that cannot close the element early. */
const inlineScript = (code, attributes = '') => `<script${attributes}>${code.replaceAll('</', '<\\/')}</script>`;

/** JSON for a `<script type="application/json">`: `<` escaped, so the text cannot end the element. */
const inlineJson = (value) => JSON.stringify(value).replaceAll('<', '\\u003c');

/** The client site with `head` added to its head, `bodyStart` first in its body and `bodyEnd` last. */
export function page({ head = '', bodyStart = '', bodyEnd = '' } = {}) {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<title>Northwind Coffee: small-batch roastery</title>',
    // No favicon request: it would be counted against no library.
    '<link rel="icon" href="data:,">',
    '<link rel="stylesheet" href="/site.css">',
    head,
    '</head>',
    '<body>',
    bodyStart,
    fixture('content.html'),
    bodyEnd,
    '</body>',
    '</html>',
    '',
  ]
    .filter((line) => line !== '')
    .join('\n');
}

/**
 * Every page by scenario id, plus `content` (the site without any consent library), the baseline
 * for the HTML bytes each setup adds, and `blank`.
 * @param {object} options
 * @param {string} options.workerOrigin  where novo-consent fetches its config (the local worker)
 * @param {unknown} options.config       the worker's `GET /v1/sites/demo/config?lang=en` answer, for the inlined setup
 * @param {string} [options.staticBanner] our banner as static HTML (see browser.mjs captureBanner)
 * @returns {Map<string, string>}
 */
export function buildPages({ workerOrigin, config, staticBanner = '' }) {
  const sdkTag = `<script src="/novo/novo-consent.js" data-site="demo" data-api="${workerOrigin}" defer></script>`;
  return new Map([
    // Opened before each measured view, to start the page's renderer process (see browser.mjs).
    ['blank', '<!doctype html><title>blank</title>'],
    ['content', page()],
    // No script at all: the browser only parses and paints the banner's markup and styles.
    ['static', page({ bodyStart: staticBanner })],
    // README "Add it to a site": the config answer inlined before the script tag saves its request.
    ['novo-inline', page({ head: `<script type="application/json" id="novo-consent-config">${inlineJson(config)}</script>\n${sdkTag}` })],
    // The default: the SDK asks the worker for the config.
    ['novo-fetch', page({ head: sdkTag })],
    // Its documentation: stylesheet in the head, the UMD script and the run() call before </body>.
    [
      'vanilla-cookieconsent',
      page({
        head: '<link rel="stylesheet" href="/peers/vanilla-cookieconsent/cookieconsent.css">',
        bodyEnd: `<script src="/peers/vanilla-cookieconsent/cookieconsent.umd.js"></script>\n${inlineScript(fixture('vanilla-cookieconsent.config.js'))}`,
      }),
    ],
    // Its documentation: the config object, then klaro.js (styles and translations inside) deferred.
    ['klaro', page({ head: `${inlineScript(fixture('klaro.config.js'))}\n<script defer data-config="klaroConfig" src="/peers/klaro/klaro.js"></script>` })],
    // Its documentation: the minified loader in the head, then init(); it loads its language file,
    // its service list and its stylesheet itself (the minified ones, because its own file is).
    ['tarteaucitron', page({ head: `<script src="/peers/tarteaucitron/tarteaucitron.min.js"></script>\n${inlineScript(fixture('tarteaucitron.config.js'))}` })],
  ]);
}
