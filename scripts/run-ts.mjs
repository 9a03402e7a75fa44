// Runs a TypeScript command-line tool under Node: esbuild bundles it with the worker modules it
// imports (resolved from source, as the worker build does) into one temporary file, then Node runs
// it. No compile step to keep in sync, and no runtime dependency beyond Node 20.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node scripts/run-ts.mjs <tool.ts> [arguments…]');
  process.exit(2);
}
const folder = mkdtempSync(path.join(tmpdir(), 'novo-tool-'));
const outfile = path.join(folder, 'tool.mjs');
try {
  await build({ entryPoints: [entry], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', conditions: ['novo-source'], logLevel: 'warning' });
  const tool = await import(pathToFileURL(outfile).href);
  process.exitCode = await tool.main(args);
} finally {
  rmSync(folder, { recursive: true, force: true });
}
