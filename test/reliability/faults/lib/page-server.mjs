// A client site for the browser harness: one page with the script-tag SDK and an opt-out toggle,
// plus the SDK files themselves. The script is self-hosted, as the demo does it, so a page view
// still gets the SDK while the worker is down (the point of the run) and only the API calls fail.
import { createReadStream, existsSync, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';

/**
 * The page: the script tag pointing its API at the worker, and a toggle for analytics.
 * @param {string} siteId
 * @param {string} api  the worker's origin
 */
function pageHtml(siteId, api) {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Reliability client site</title>
<script src="/novo-consent.js" data-site="${siteId}" data-api="${api}" defer></script></head>
<body>
<main><h1>A client site</h1><novo-consent-toggle category="analytics">Usage statistics</novo-consent-toggle></main>
</body>
</html>`;
}

/**
 * Serves the page at `/` and the files of `assetsDir` (a snapshot of dist/) on `port`, localhost only.
 * @param {object} options
 * @param {number} options.port
 * @param {string} options.assetsDir
 * @param {string} options.siteId
 * @param {string} options.api
 * @returns {Promise<http.Server>}
 */
export function startPageServer({ port, assetsDir, siteId, api }) {
  const html = pageHtml(siteId, api);
  const server = http.createServer((req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    if (pathname === '/') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(html);
      return;
    }
    const file = path.join(assetsDir, path.basename(pathname));
    if (!pathname.endsWith('.js') || !existsSync(file)) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Content-Length': statSync(file).size, 'Cache-Control': 'no-store' });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, 'localhost', () => resolve(server));
  });
}
