import { app } from './app.js';
import type { Bindings, ForwardMessage } from './env.js';
import { archiveAllSites } from './ledger/archive.js';
import { checkpointAllSites } from './ledger/checkpoints.js';
import { sendDeadlineDigests } from './services/deadline-digest.js';
import { consumeForwarding, requeueStalledForwarding } from './services/request-forwarding.js';
import { resealUnboundValues } from './services/reseal.js';
import { purgeExpiredData } from './services/retention.js';

export { LedgerShard } from './ledger/ledger-shard.js';

/** The daily Cron Trigger, as written in wrangler.toml. */
const DAILY_CRON = '17 3 * * *';
/** Daily too, well after the retention purge: rows past their retention are deleted, not archived. */
const ARCHIVE_CRON = '47 4 * * *';

export default {
  fetch: app.fetch,
  /**
   * Cron Triggers (wrangler.toml): every quarter hour, the sweep that queues again verified rights
   * requests the forwarding queue no longer holds, a batch of the re-sealing of values stored
   * without their encryption context, and the signed checkpoints of the ledger's shards; once a day
   * also retention purges and the digest of rights requests due soon, and later the archiving of
   * decisions past each site's proof window to R2.
   */
  scheduled(controller, env, ctx) {
    const now = new Date(controller.scheduledTime);
    const jobs: Promise<unknown>[] = [requeueStalledForwarding(env, now), resealUnboundValues(env), checkpointAllSites(env)];
    if (controller.cron === DAILY_CRON) jobs.push(purgeExpiredData(env, now), sendDeadlineDigests(env, now));
    if (controller.cron === ARCHIVE_CRON) jobs.push(archiveAllSites(env, now));
    ctx.waitUntil(Promise.all(jobs));
  },
  /** Forwarding of verified rights requests, and its dead-letter queue. */
  queue(batch, env, _ctx) {
    return consumeForwarding(batch, env);
  },
} satisfies ExportedHandler<Bindings, ForwardMessage>;
