// Bytes a client site downloads: raw, gzip (level 9) and brotli (quality 11), as a CDN would serve
// them. For our dist/ files one by one (the banner path and each lazily loaded part), and for each
// benchmark page the first view as the browser fetched it.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/**
 * @typedef {{ raw: number, gzip: number, brotli: number }} Sizes
 */

/**
 * Raw, gzip and brotli sizes of some bytes.
 * @param {Buffer | string} bytes
 * @returns {Sizes}
 */
export function sizes(bytes) {
  const buffer = Buffer.from(bytes);
  return {
    raw: buffer.length,
    gzip: gzipSync(buffer, { level: 9 }).length,
    brotli: brotliCompressSync(buffer, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

const add = (a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli });
const ZERO = { raw: 0, gzip: 0, brotli: 0 };

/**
 * Every `dist/*.js` of the script-tag SDK: `novo-consent.js` is the banner path, the others are
 * parts loaded only on pages that use them.
 * @param {string} distDir
 * @returns {({ file: string } & Sizes)[]}
 */
export function bundleRows(distDir) {
  return readdirSync(distDir)
    .filter((file) => file.endsWith('.js'))
    .sort()
    .map((file) => ({ file: `dist/${file}`, ...sizes(readFileSync(path.join(distDir, file))) }));
}

/** Which column a downloaded resource counts in. */
const KIND = { script: 'js', stylesheet: 'css', fetch: 'data', xhr: 'data' };

/**
 * A first view's bytes: the resources the browser downloaded (see browser.mjs), grouped into JS,
 * CSS, data (our config answer) and other, plus what the setup added to the page's own HTML (an
 * inlined config, a library's inline config script, the static banner's markup).
 * @param {{ url: string, type: string, body: Buffer }[]} resources
 * @param {string} html  the page
 * @param {string} baselineHtml  the same page without any consent library
 */
export function firstViewBytes(resources, html, baselineHtml) {
  const files = resources.map(({ url, type, body }) => ({ url, kind: KIND[type] ?? 'other', ...sizes(body) }));
  const page = sizes(html);
  const baseline = sizes(baselineHtml);
  const inHtml = { raw: page.raw - baseline.raw, gzip: page.gzip - baseline.gzip, brotli: page.brotli - baseline.brotli };
  const byKind = (kind) => files.filter((file) => file.kind === kind).reduce(add, ZERO);
  const totals = { js: byKind('js'), css: byKind('css'), data: byKind('data'), other: byKind('other'), html: inHtml };
  return { files, ...totals, total: Object.values(totals).reduce(add, ZERO), requests: files.length };
}
