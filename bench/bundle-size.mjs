// `npm run bench`: bytes a client site downloads for the script-tag SDK (raw, gzip, brotli).
// Figures go to stdout and bench/results.json; budgets are enforced by test/bundle-budget.test.ts.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'dist');

const rows = readdirSync(dist)
  .filter((file) => file.endsWith('.js'))
  .map((file) => {
    const bytes = readFileSync(path.join(dist, file));
    return {
      file: `dist/${file}`,
      raw: bytes.length,
      gzip: gzipSync(bytes, { level: 9 }).length,
      brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    };
  });

const budget = 14 * 1024;
console.log('Script-tag bundle (novo-consent.js is the banner path: engine + banner + preferences + launcher + Lit; the rest load when a page uses them)\n');
console.log('file'.padEnd(28), 'raw'.padStart(8), 'gzip'.padStart(8), 'brotli'.padStart(8));
for (const row of rows) console.log(row.file.padEnd(28), String(row.raw).padStart(8), String(row.gzip).padStart(8), String(row.brotli).padStart(8));
const main = rows.find((row) => row.file === 'dist/novo-consent.js');
if (main) console.log(`\nbanner path: ${main.gzip} B gzip of a ${budget} B budget (${((main.gzip / budget) * 100).toFixed(1)}%), ${main.brotli} B brotli`);

writeFileSync(path.join(root, 'bench/results.json'), `${JSON.stringify({ measuredAt: new Date().toISOString(), bundle: rows }, null, 2)}\n`);
