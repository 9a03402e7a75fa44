import type { D1Migration } from 'cloudflare:test';
import type { Bindings } from '../src/env.js';

declare global {
  namespace Cloudflare {
    interface Env extends Bindings {
      TEST_MIGRATIONS: D1Migration[];
      /** The statements of worker/seed/demo.sql, split as `wrangler d1 execute --file` splits them. */
      TEST_DEMO_SEED: string[];
      /** An empty database for tests of the migrations themselves. */
      MIGRATION_TEST_DB: D1Database;
    }
  }
}
