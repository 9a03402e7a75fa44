import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

/** The banner path (engine, banner, preferences, launcher and Lit: dist/novo-consent.js) must stay within this, gzipped. */
const BANNER_PATH_BUDGET_BYTES = 14 * 1024;

describe('script-tag bundle', () => {
  it(`stays within ${BANNER_PATH_BUDGET_BYTES} bytes gzip`, () => {
    const bundle = readFileSync(path.resolve(import.meta.dirname, '../dist/novo-consent.js'));
    expect(gzipSync(bundle, { level: 9 }).length).toBeLessThanOrEqual(BANNER_PATH_BUDGET_BYTES);
  });
});
