import { defineConfig } from 'vitest/config';

/**
 * The npm-package test alone, without the end-to-end suite's global setup (which starts the
 * product on its fixed ports): `npx vitest run --config test/packages.vitest.config.ts`, after
 * `npm run build:packages`. `npm test` runs it with the end-to-end suite (test/vitest.config.ts).
 */
export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ['packages.test.ts'],
    testTimeout: 60_000,
  },
});
