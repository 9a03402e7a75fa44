// Serves the benchmark pages (generated, in memory), the site's stylesheet, our dist/ and the peers'
// files from node_modules, uncompressed: bytes are counted by bytes.mjs, time in the browser.
import { createReadStream, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { ASSET_ROOTS } from './scenarios.mjs';

const root = path.resolve(import.meta.dirname, '..');
const TYPES = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.json': 'application/json' };

/** The file an asset URL maps to, or undefined (also for any path that would leave its root). */
function assetFile(pathname) {
  if (pathname === '/site.css') return path.join(root, 'bench/pages/site.css');
  for (const [prefix, dir] of Object.entries(ASSET_ROOTS)) {
    if (!pathname.startsWith(prefix)) continue;
    const base = path.join(root, dir);
    const file = path.join(base, decodeURIComponent(pathname.slice(prefix.length)));
    return file.startsWith(`${base}${path.sep}`) ? file : undefined;
  }
  return undefined;
}

/** The size of a regular file, or undefined when there is none. */
function fileSize(file) {
  try {
    const stat = statSync(file);
    return stat.isFile() ? stat.size : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Starts the page server on `port` (localhost only). `pages` maps a page name to its HTML, served
 * at `/<name>.html`; it is read per request, so pages may be added after the start.
 * @param {number} port
 * @param {Map<string, string>} pages
 * @returns {Promise<http.Server>}
 */
export function startPageServer(port, pages) {
  const server = http.createServer((req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    const html = pages.get(pathname.replace(/^\/|\.html$/g, ''));
    // Nothing may be cached: every run is a first view.
    const headers = { 'Cache-Control': 'no-store' };
    if (html !== undefined) {
      res.writeHead(200, { ...headers, 'Content-Type': 'text/html; charset=utf-8' });
      res.end(html);
      return;
    }
    const file = assetFile(pathname);
    const size = file && fileSize(file);
    if (!file || size === undefined) {
      res.writeHead(404, { ...headers, 'Content-Type': 'text/plain' });
      res.end('Not found');
      return;
    }
    res.writeHead(200, { ...headers, 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'Content-Length': size });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, 'localhost', () => resolve(server));
  });
}
