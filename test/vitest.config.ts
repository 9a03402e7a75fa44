import { defineConfig } from 'vitest/config';

/** End-to-end tests: Node drives headless Chromium against `npm start`'s worker and demo site. */
export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ['**/*.test.ts'],
    globalSetup: ['./e2e/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
