import { app } from './app.js';
import type { Bindings } from './env.js';
import { purgeExpiredData } from './services/retention.js';

export default {
  fetch: app.fetch,
  /** The daily Cron Trigger: retention purges. */
  scheduled(controller, env, ctx) {
    ctx.waitUntil(purgeExpiredData(env.DB, new Date(controller.scheduledTime)));
  },
} satisfies ExportedHandler<Bindings>;
