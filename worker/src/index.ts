import { app } from './app.js';
import type { Bindings, ForwardMessage } from './env.js';
import { checkpointAllSites } from './ledger/checkpoints.js';
import { sendDeadlineDigests } from './services/deadline-digest.js';
import { consumeForwarding, requeueStalledForwarding } from './services/request-forwarding.js';
import { purgeExpiredData } from './services/retention.js';

export { LedgerShard } from './ledger/ledger-shard.js';

/** The daily Cron Trigger, as written in wrangler.toml. */
const DAILY_CRON = '17 3 * * *';

export default {
  fetch: app.fetch,
  /**
   * Cron Triggers (wrangler.toml): every quarter hour, the sweep that queues again verified rights
   * requests the forwarding queue no longer holds and the signed checkpoints of the ledger's shards;
   * once a day also retention purges and the digest of rights requests due soon.
   */
  scheduled(controller, env, ctx) {
    const now = new Date(controller.scheduledTime);
    const jobs: Promise<unknown>[] = [requeueStalledForwarding(env, now), checkpointAllSites(env)];
    if (controller.cron === DAILY_CRON) jobs.push(purgeExpiredData(env, now), sendDeadlineDigests(env, now));
    ctx.waitUntil(Promise.all(jobs));
  },
  /** Forwarding of verified rights requests, and its dead-letter queue. */
  queue(batch, env, _ctx) {
    return consumeForwarding(batch, env);
  },
} satisfies ExportedHandler<Bindings, ForwardMessage>;
