import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createSite } from '../../test/fixtures.js';
import worker from '../index.js';
import { listCheckpoints } from '../db/ledger-checkpoints.js';
import { ReceiptSigner } from '../security/receipt-signer.js';
import type { ChainedEntry } from './chain.js';
import { checkpointSite } from './checkpoints.js';
import { verifyLedger } from './verify-chain.js';

const stub = (siteId: string, shard: number) => env.LEDGER.get(env.LEDGER.idFromName(`${siteId}:${shard}`));

/** Appends `count` decisions of distinct subjects to one shard. */
async function appendRows(siteId: string, shard: number, count: number): Promise<void> {
  for (let index = 0; index < count; index += 1) {
    const id = `${shard}-${crypto.randomUUID()}`;
    await stub(siteId, shard).append({
      siteId,
      shard,
      receiptId: `r-${id}`,
      eventId: `e-${id}`,
      subjectId: `subject-${id}`.slice(0, 40),
      categories: { necessary: true, analytics: index % 2 === 0 },
      revision: 1,
      configVersion: 1,
      noticeVersion: null,
      method: 'toggle',
      gpc: false,
      locale: null,
      occurredAt: null,
      recordedAt: new Date(Date.UTC(2026, 0, 1, 0, index)).toISOString(),
      userAgent: null,
      country: null,
      region: null,
      regime: null,
      payloadHash: `payload-${id}`,
      wordingHash: null,
    });
  }
}

/** What a verifier is given: every row of the shards, the stored checkpoints and the purges. */
async function verifySite(siteId: string, shards: number[]) {
  const rows: ChainedEntry[] = [];
  const purges = [];
  for (const shard of shards) {
    rows.push(...(await stub(siteId, shard).range(0, 10_000)));
    purges.push(...(await stub(siteId, shard).purges()).map((purge) => ({ ...purge, siteId, shard })));
  }
  const checkpoints = (await listCheckpoints(env.DB, siteId)).map((checkpoint) => checkpoint.jws);
  return verifyLedger(rows, { checkpoints, purges, jwks: new ReceiptSigner(env).jwks(), issuer: 'https://api.novo.test' });
}

/** The quarter-hourly Cron Trigger, as wrangler.toml declares it. */
async function runQuarterHourly(): Promise<void> {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ scheduledTime: new Date(), cron: '*/15 * * * *' }), env, ctx);
  await waitOnExecutionContext(ctx);
}

describe('ledger checkpoints', () => {
  it('signs each moved shard head once, and what the shards hold verifies against them', async () => {
    const siteId = 'site-checkpoints-01';
    await createSite(siteId);
    await env.DB.prepare("UPDATE sites SET ledger_shards = 3, ledger_shard_history = '[3]' WHERE id = ?").bind(siteId).run();
    await appendRows(siteId, 0, 3);
    await appendRows(siteId, 1, 2);
    const count = async () => (await listCheckpoints(env.DB, siteId)).length;

    // Shard 2 is empty: nothing to sign there.
    await runQuarterHourly();
    expect(await count()).toBe(2);
    await runQuarterHourly();
    expect(await count()).toBe(2);
    await appendRows(siteId, 0, 1);
    await runQuarterHourly();
    expect(await count()).toBe(3);

    const stored = await listCheckpoints(env.DB, siteId);
    expect(stored.map(({ shard, position, count }) => ({ shard, position, count }))).toEqual([
      { shard: 0, position: 3, count: 3 },
      { shard: 0, position: 4, count: 4 },
      { shard: 1, position: 2, count: 2 },
    ]);
    expect(stored[1]!.rowHash).toBe((await stub(siteId, 0).head()).rowHash);
    expect(await verifySite(siteId, [0, 1])).toMatchObject({ ok: true, rows: 6, checkpoints: 3 });
  });

  it('signs again after a purge below a checkpoint, and the rest still verifies', async () => {
    const siteId = 'site-checkpoints-02';
    const site = { id: siteId, ledgerShards: 1, ledgerShardHistory: [1] };
    await createSite(siteId);
    await appendRows(siteId, 0, 5);
    expect(await checkpointSite(env, site)).toBe(1);
    expect(await stub(siteId, 0).removeBelow(3, 'archived')).toBe(3);

    expect(await checkpointSite(env, site)).toBe(1);
    expect((await listCheckpoints(env.DB, siteId)).map(({ position, count }) => [position, count])).toEqual([
      [5, 5],
      [5, 2],
    ]);
    expect(await verifySite(siteId, [0])).toMatchObject({ ok: true, rows: 2, shards: [{ purgedGaps: [[1, 3]] }] });
  });
});
