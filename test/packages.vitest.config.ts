import { defineConfig } from 'vitest/config';

/**
 * The npm-package tests alone (what `npm publish` would upload; the custom-elements manifest against
 * the elements' source), without the end-to-end suite's global setup (which starts the product on
 * its fixed ports): `npx vitest run --config test/packages.vitest.config.ts`, after
 * `npm run build:packages`. `npm test` runs them with the end-to-end suite (test/vitest.config.ts).
 */
export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ['packages.test.ts', 'custom-elements.test.ts'],
    testTimeout: 60_000,
  },
});
