import { app } from './app.js';
import type { Bindings, ForwardMessage } from './env.js';
import { sendDeadlineDigests } from './services/deadline-digest.js';
import { consumeForwarding } from './services/request-forwarding.js';
import { purgeExpiredData } from './services/retention.js';

export default {
  fetch: app.fetch,
  /** The daily Cron Trigger: retention purges and the digest of rights requests due soon. */
  scheduled(controller, env, ctx) {
    const now = new Date(controller.scheduledTime);
    ctx.waitUntil(Promise.all([purgeExpiredData(env.DB, env.RESPONSES, now), sendDeadlineDigests(env, now)]));
  },
  /** Forwarding of verified rights requests, and its dead-letter queue. */
  queue(batch, env, _ctx) {
    return consumeForwarding(batch, env);
  },
} satisfies ExportedHandler<Bindings, ForwardMessage>;
