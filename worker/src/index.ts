import { app } from './app.js';
import type { Bindings, ForwardMessage } from './env.js';
import { consumeForwarding } from './services/request-forwarding.js';
import { purgeExpiredData } from './services/retention.js';

export default {
  fetch: app.fetch,
  /** The daily Cron Trigger: retention purges. */
  scheduled(controller, env, ctx) {
    ctx.waitUntil(purgeExpiredData(env.DB, new Date(controller.scheduledTime)));
  },
  /** Forwarding of verified rights requests, and its dead-letter queue. */
  queue(batch, env, _ctx) {
    return consumeForwarding(batch, env);
  },
} satisfies ExportedHandler<Bindings, ForwardMessage>;
