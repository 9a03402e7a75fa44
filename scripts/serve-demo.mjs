// Serves the demo client site on http://localhost:8080: demo/ for pages, dist/ for the SDK bundle.
// Pages are served as a careful client site would serve them: under a strict Content Security
// Policy, every <script> and <style> with a fresh nonce (as server frameworks add them), no inline
// code without it, no eval, connections only to the site and the consent API.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import sirv from 'sirv';

const port = Number(process.env.DEMO_PORT ?? 8080);
const apiOrigin = process.env.API_ORIGIN ?? 'http://localhost:8787';
const demoDir = path.resolve(import.meta.dirname, '../demo');
const options = { dev: true, etag: true };
const files = sirv('demo', options);
const sdk = sirv('dist', options);

/** The policy the demo runs under; the README's "Content Security Policy" section explains each line. */
function contentSecurityPolicy(nonce) {
  return [
    "default-src 'self'",
    `script-src 'nonce-${nonce}' 'strict-dynamic'`,
    `style-src 'self' 'nonce-${nonce}'`,
    `connect-src 'self' ${apiOrigin}`,
    "img-src 'self' data:",
    "frame-src 'self'",
    "frame-ancestors 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');
}

/** The demo page a path names (`/` is the home page), or null. */
function pageFile(url) {
  const { pathname } = new URL(url, 'http://demo');
  const name = pathname === '/' ? 'index.html' : pathname.slice(1);
  return /^[a-z-]+\.html$/.test(name) ? path.join(demoDir, name) : null;
}

async function servePage(file, res) {
  const nonce = randomBytes(16).toString('base64');
  const html = (await readFile(file, 'utf8')).replace(/<(script|style)\b/g, `<$1 nonce="${nonce}"`);
  res.writeHead(200, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': contentSecurityPolicy(nonce),
    'Cache-Control': 'no-store',
  });
  res.end(html);
}

http
  .createServer((req, res) => {
    const file = pageFile(req.url ?? '/');
    if (file) {
      servePage(file, res).catch(() => {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('Not found');
      });
      return;
    }
    files(req, res, () =>
      sdk(req, res, () => {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('Not found');
      }),
    );
  })
  .listen(port, 'localhost', () => console.log(`Demo site: http://localhost:${port} (under a strict Content Security Policy)`));
