import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createSite } from '../../test/fixtures.js';
import { listLegacyEvents } from '../db/legacy-ledger.js';
import { ReceiptSigner } from '../security/receipt-signer.js';
import { type ChainedEntry } from './chain.js';
import { importD1Step } from './import-d1.js';
import { shardOfSubject } from './shard-routing.js';
import { verifyLedger } from './verify-chain.js';

const stub = (siteId: string, shard: number) => env.LEDGER.get(env.LEDGER.idFromName(`${siteId}:${shard}`));

/** A decision as today's worker wrote it: the columns of migrations 0001–0011. */
async function insertD1Event(siteId: string, subjectId: string, id: string, extra: { notice?: number; region?: string; wording?: string } = {}) {
  await env.DB.prepare(
    `INSERT INTO consent_events (receipt_id, site_id, event_id, subject_id, categories, revision, config_version, notice_version, method, gpc,
       locale, region, regime, occurred_at, recorded_at, user_agent, country, payload_hash, wording_hash)
     VALUES (?, ?, ?, ?, ?, 1, 1, ?, 'custom', 1, 'de', ?, ?, '2025-01-01T10:00:00.000Z', ?, 'Mozilla/5.0', 'DE', ?, ?)`,
  )
    .bind(
      `r-${id}`,
      siteId,
      `e-${id}`,
      subjectId,
      JSON.stringify({ necessary: true, analytics: id.endsWith('1') }),
      extra.notice ?? null,
      extra.region ?? null,
      extra.region ? 'opt-in' : null,
      `2025-01-0${id.length % 9}T10:00:0${id.slice(-1)}.000Z`,
      `payload-${id}`,
      extra.wording ?? null,
    )
    .run();
}

async function shardRows(siteId: string, shards: number): Promise<ChainedEntry[]> {
  const rows: ChainedEntry[] = [];
  for (let shard = 0; shard < shards; shard += 1) rows.push(...(await stub(siteId, shard).range(0, 1000)));
  return rows;
}

describe('import of the D1 ledger into the shards', () => {
  it('moves every row in seq order to its subject’s shard, resumably and once, and the chain verifies', async () => {
    const [two, one] = ['site-import-two-1', 'site-import-one-1'];
    await createSite(two);
    await createSite(one);
    const subjects = Array.from({ length: 5 }, (_, i) => `subject-import-00000000${i}`);
    await insertD1Event(two, subjects[0]!, 'a1', { notice: 1, region: 'DE', wording: 'w'.repeat(64) });
    await insertD1Event(one, subjects[0]!, 'b1');
    await insertD1Event(two, subjects[1]!, 'a2');
    await insertD1Event(two, subjects[2]!, 'a3');
    await insertD1Event(two, subjects[0]!, 'a4');
    await insertD1Event(one, subjects[3]!, 'b2');
    await insertD1Event(two, subjects[4]!, 'a5');
    await env.DB.prepare("UPDATE sites SET ledger_shards = 2, ledger_shard_history = '[2]' WHERE id = ?").bind(two).run();

    const first = await importD1Step(env, 3);
    expect(first).toMatchObject({ read: 3, imported: 3, skipped: 0, remaining: 4 });
    const second = await importD1Step(env, 3);
    expect(second).toMatchObject({ read: 3, imported: 3, remaining: 1 });
    expect(await importD1Step(env, 3)).toMatchObject({ read: 1, imported: 1, remaining: 0 });
    expect(await importD1Step(env, 3)).toMatchObject({ read: 0, imported: 0, remaining: 0 });

    // An import cut short before its cursor moved runs the same rows again: none is added twice.
    await env.DB.prepare('UPDATE ledger_import_cursor SET last_seq = 0').run();
    expect(await importD1Step(env, 10)).toMatchObject({ read: 7, imported: 0, skipped: 7, remaining: 0 });

    const rows = await shardRows(two, 2);
    expect(rows).toHaveLength(5);
    for (const row of rows) expect(row.shard).toBe(shardOfSubject(row.subjectId, 2));
    expect(new Set(rows.map((row) => row.shard)).size).toBe(2);
    const heads = await Promise.all([0, 1].map((shard) => stub(two, shard).head()));
    expect(heads.reduce((sum, head) => sum + head.count, 0)).toBe(5);
    // Within a shard, the D1 order (a1 before a4 for the same subject).
    const ofFirst = rows.filter((row) => row.subjectId === subjects[0]).map((row) => [row.eventId, row.position]);
    expect(ofFirst.map(([eventId]) => eventId)).toEqual(['e-a1', 'e-a4']);
    expect(rows.find((row) => row.eventId === 'e-a1')).toMatchObject({
      receiptId: 'r-a1',
      categories: { necessary: true, analytics: true },
      noticeVersion: 1,
      method: 'custom',
      gpc: true,
      locale: 'de',
      region: 'DE',
      regime: 'opt-in',
      occurredAt: '2025-01-01T10:00:00.000Z',
      userAgent: 'Mozilla/5.0',
      country: 'DE',
      payloadHash: 'payload-a1',
      wordingHash: 'w'.repeat(64),
    });
    const verified = await verifyLedger([...rows, ...(await shardRows(one, 1))], { checkpoints: [], purges: [], jwks: new ReceiptSigner(env).jwks(), issuer: 'https://api.novo.test' });
    expect(verified).toMatchObject({ ok: true, rows: 7 });
  });

  it('chains imported rows after decisions the shard took since the switch, and skips an event it already has', async () => {
    const siteId = 'site-import-after-1';
    await createSite(siteId);
    await insertD1Event(siteId, 'subject-import-after-0001', 'c1');
    await insertD1Event(siteId, 'subject-import-after-0002', 'c2');
    const old = (await listLegacyEvents(env.DB, 0, 1000)).find((event) => event.eventId === 'e-c1');
    // A replay of c1 that reached the sharded ledger before the import did, and a new decision.
    const { seq: _seq, ...replayed } = old!;
    await stub(siteId, 0).append({ ...replayed, shard: 0 });
    await stub(siteId, 0).append({ ...replayed, shard: 0, eventId: 'e-new', receiptId: 'r-new', payloadHash: 'payload-new' });

    expect(await importD1Step(env, 100)).toMatchObject({ read: 2, imported: 1, skipped: 1 });
    const rows = await stub(siteId, 0).range(0, 10);
    expect(rows.map((row) => [row.position, row.eventId])).toEqual([
      [1, 'e-c1'],
      [2, 'e-new'],
      [3, 'e-c2'],
    ]);
    expect(await verifyLedger(rows, { checkpoints: [], purges: [], jwks: new ReceiptSigner(env).jwks(), issuer: 'https://api.novo.test' })).toMatchObject({ ok: true });
  });
});
