import { insertCheckpoint, latestCheckpoints } from '../db/ledger-checkpoints.js';
import type { Bindings } from '../env.js';
import { ReceiptSigner } from '../security/receipt-signer.js';

/**
 * The issuer checkpoints name. A Cron Trigger has no request to take the origin from (as receipts
 * do), so the deployment states it; a verifier pins it and fetches the keys from it.
 */
export function checkpointIssuer(env: Pick<Bindings, 'API_ORIGIN'>): string {
  if (!env.API_ORIGIN) throw new Error('API_ORIGIN is not set: ledger checkpoints cannot name their issuer (see README, "Verifying the ledger")');
  return new URL(env.API_ORIGIN).origin;
}

/**
 * Signs the head of each of the site's shards that moved since its last checkpoint (a new row, or
 * a purge that lowered the count) and stores it. An empty shard has nothing to sign. Returns how
 * many checkpoints it made.
 */
export async function checkpointSite(env: Bindings, siteId: string, shards: readonly number[]): Promise<number> {
  const issuer = checkpointIssuer(env);
  const signer = new ReceiptSigner(env);
  const latest = await latestCheckpoints(env.DB, siteId);
  const made = await Promise.all(
    shards.map(async (shard) => {
      const head = await env.LEDGER.get(env.LEDGER.idFromName(`${siteId}:${shard}`)).head();
      const last = latest.get(shard);
      if (head.position === 0 || head.rowHash === null || (last?.position === head.position && last.count === head.count)) return 0;
      // Taken after the head was read: purges recorded before it are those the count reflects.
      const claims = { iss: issuer, siteId, shard, position: head.position, rowHash: head.rowHash, count: head.count, at: new Date().toISOString() };
      await insertCheckpoint(env.DB, claims, await signer.signCheckpoint(claims));
      return 1;
    }),
  );
  return made.reduce<number>((sum, count) => sum + count, 0);
}
