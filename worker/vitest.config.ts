import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { unstable_splitSqlQuery } from 'wrangler';
import { defineConfig } from 'vitest/config';

const root = path.resolve(import.meta.dirname, '..');

/** Fixed secrets for tests only; `npm start` writes random ones to worker/.dev.vars. */
const TEST_SECRETS = {
  ENVIRONMENT: 'development',
  ADMIN_ROOT_KEY: 'test-root-key-0123456789abcdef0123456789abcdef',
  DATA_KEYS: JSON.stringify({ k1: 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=', k2: 'ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=' }),
  DATA_KEY_ID: 'k2',
  LOOKUP_KEY: 'QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaW1xdXl8=',
  // Tests publish and read back at once; the edge cache has a test of its own that turns it on.
  CONFIG_EDGE_TTL_SECONDS: '0',
  API_ORIGIN: 'https://api.novo.test',
  RECEIPT_SIGNING_KEY: JSON.stringify({ ...generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' }), kid: 'test-1' }),
};

// wrangler.toml serves dist/ as static assets; the worker tests do not need the bundle, only the folder.
mkdirSync(path.join(root, 'dist'), { recursive: true });

export default defineConfig(async () => ({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: path.join(root, 'wrangler.toml') },
      miniflare: {
        // Test-only bindings: the setup file applies the real migrations to each test's fresh D1;
        // a test runs the demo seed as `npm start` does.
        bindings: {
          TEST_MIGRATIONS: await readD1Migrations(path.join(root, 'worker/migrations')),
          TEST_DEMO_SEED: unstable_splitSqlQuery(readFileSync(path.join(root, 'worker/seed/demo.sql'), 'utf8')),
          ...TEST_SECRETS,
        },
        // A second, empty database on which a test applies the migrations step by step.
        d1Databases: { MIGRATION_TEST_DB: 'migration-test' },
      },
    }),
  ],
  // Workspace packages resolve to their TypeScript sources (see each package's `exports`).
  resolve: { conditions: ['novo-source'] },
  ssr: { resolve: { conditions: ['novo-source', 'workerd', 'worker', 'module', 'browser'] } },
  test: {
    root: import.meta.dirname,
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    setupFiles: ['./test/apply-migrations.ts'],
  },
}));
