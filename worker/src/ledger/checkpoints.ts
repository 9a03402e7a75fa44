import { insertCheckpoint, latestCheckpoints } from '../db/ledger-checkpoints.js';
import { findSite, listSiteIds, type Site } from '../db/sites.js';
import type { Bindings } from '../env.js';
import { ReceiptSigner } from '../security/receipt-signer.js';
import { allShards, type Sited, shard as shardOf } from './ledger.js';
import type { LedgerPurge } from './verify-chain.js';

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
export async function checkpointSite(env: Bindings, site: Sited): Promise<number> {
  const issuer = checkpointIssuer(env);
  const signer = new ReceiptSigner(env);
  const siteId = site.id;
  const latest = await latestCheckpoints(env.DB, siteId);
  const made = await Promise.all(
    allShards(site).map(async (shard) => {
      const head = await shardOf(env, siteId, shard).head();
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

/** The checkpoints of every site (a Cron Trigger, at least hourly). Returns how many were made. */
export function checkpointAllSites(env: Bindings): Promise<number> {
  return sumOverSites(env, (site) => checkpointSite(env, site));
}

/** Runs a ledger job on each site in turn (one site's shards at a time), adding up what it returns. */
export async function sumOverSites(env: Bindings, job: (site: Site) => Promise<number>): Promise<number> {
  let total = 0;
  for (const siteId of await listSiteIds(env.DB)) {
    const site = await findSite(env.DB, siteId);
    if (site) total += await job(site);
  }
  return total;
}

/** Every removal from the site's shards (retention, erasure, archiving), as a verifier needs them. */
export async function sitePurges(env: Bindings, site: Sited): Promise<LedgerPurge[]> {
  const perShard = await Promise.all(
    allShards(site).map(async (index) => (await shardOf(env, site.id, index).purges()).map(({ reason, positions, count, at }) => ({ siteId: site.id, shard: index, reason, positions, count, at }))),
  );
  return perShard.flat();
}
