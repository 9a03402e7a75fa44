import type { CheckpointClaims } from '../security/receipt-signer.js';

/** A stored checkpoint: the signed token and its claims (without `iss`, which the token names). */
export interface StoredCheckpoint {
  jws: string;
  siteId: string;
  shard: number;
  position: number;
  count: number;
  rowHash: string;
  at: string;
}

interface CheckpointRow {
  site_id: string;
  shard: number;
  position: number;
  count: number;
  row_hash: string;
  at: string;
  jws: string;
}

/** Each shard's newest checkpoint of a site, by shard. */
export async function latestCheckpoints(db: D1Database, siteId: string): Promise<Map<number, { position: number; count: number }>> {
  const { results } = await db
    .prepare(
      `SELECT shard, position, count FROM ledger_checkpoints c
        WHERE site_id = ?1 AND at = (SELECT max(at) FROM ledger_checkpoints WHERE site_id = ?1 AND shard = c.shard)`,
    )
    .bind(siteId)
    .all<Pick<CheckpointRow, 'shard' | 'position' | 'count'>>();
  return new Map(results.map((row) => [row.shard, { position: row.position, count: row.count }]));
}

/** Stores a signed checkpoint; a second one of the same head is ignored. */
export async function insertCheckpoint(db: D1Database, claims: CheckpointClaims, jws: string): Promise<void> {
  await db
    .prepare('INSERT INTO ledger_checkpoints (site_id, shard, position, count, row_hash, at, jws) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING')
    .bind(claims.siteId, claims.shard, claims.position, claims.count, claims.rowHash, claims.at, jws)
    .run();
}

/** Every checkpoint of a site, by shard, oldest first. */
export async function listCheckpoints(db: D1Database, siteId: string): Promise<StoredCheckpoint[]> {
  const { results } = await db
    .prepare('SELECT site_id, shard, position, count, row_hash, at, jws FROM ledger_checkpoints WHERE site_id = ? ORDER BY shard, at, position')
    .bind(siteId)
    .all<CheckpointRow>();
  return results.map((row) => ({ jws: row.jws, siteId: row.site_id, shard: row.shard, position: row.position, count: row.count, rowHash: row.row_hash, at: row.at }));
}
