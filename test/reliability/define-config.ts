import path from 'node:path';
import { defineConfig } from 'vitest/config';
import workerConfig from '../../worker/vitest.config.js';

/** How big a run is: `bounded` inside `npm test`, `stress` for `npm run test:stress`. */
export type ReliabilityScale = 'bounded' | 'stress';

const root = path.resolve(import.meta.dirname, '../..');

/**
 * The reliability suite runs exactly where the worker tests run (workerd, the repo's wrangler.toml,
 * the real migrations on a fresh local D1, the same test secrets): it reuses the worker config's
 * plugins and resolution and only swaps the test selection. Specs are `*.spec.ts`, so the
 * end-to-end config (`test/**\/*.test.ts`, run in Node) never picks them up.
 */
export function reliabilityConfig(scale: ReliabilityScale) {
  return defineConfig(async (env) => {
    const worker = await workerConfig(env);
    return {
      plugins: worker.plugins,
      resolve: worker.resolve,
      ssr: worker.ssr,
      test: {
        root: import.meta.dirname,
        // This folder's own specs only: its sub-folders hold suites with runtimes of their own.
        include: ['*.spec.ts'],
        setupFiles: [path.join(root, 'worker/test/apply-migrations.ts')],
        provide: { reliabilityScale: scale, fuzzSeed: process.env.FUZZ_SEED ?? '' },
        testTimeout: scale === 'stress' ? 600_000 : 120_000,
        hookTimeout: 120_000,
      },
    };
  });
}
