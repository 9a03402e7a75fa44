import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { type ChainedEntry, chainContent, genesisHash, rowHash } from './chain.js';
import type { AppendInput } from './ledger-shard.js';

function shardStub(name: string) {
  return env.LEDGER.get(env.LEDGER.idFromName(name));
}

let counter = 0;
function input(siteId: string, overrides: Partial<AppendInput> = {}): AppendInput {
  counter += 1;
  return {
    siteId,
    shard: 0,
    receiptId: crypto.randomUUID(),
    eventId: `evt-${counter}-${crypto.randomUUID()}`,
    subjectId: 'subject-0000000000000001',
    categories: { necessary: true, analytics: false },
    revision: 1,
    configVersion: 1,
    noticeVersion: null,
    method: 'reject_all',
    gpc: false,
    locale: 'en',
    occurredAt: null,
    recordedAt: new Date().toISOString(),
    userAgent: null,
    country: null,
    region: null,
    regime: null,
    payloadHash: `hash-${counter}`,
    wordingHash: null,
    ...overrides,
  };
}

/** Recomputes the chain from genesis; returns the position of the first row that does not verify, or null. */
async function firstBreak(siteId: string, shard: number, rows: ChainedEntry[]): Promise<number | null> {
  let prev = await genesisHash(siteId, shard);
  for (const row of rows) {
    if (row.prevHash !== prev || (await rowHash(prev, chainContent(row))) !== row.rowHash) return row.position;
    prev = row.rowHash;
  }
  return null;
}

describe('LedgerShard', () => {
  it('keeps the hash chain intact under concurrent appends', async () => {
    const stub = shardStub('shard-chain:0');
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => stub.append(input('shard-chain', { subjectId: `subject-${String(i).padStart(16, '0')}` }))));
    expect(results.every((result) => 'stored' in result && !result.replayed)).toBe(true);
    const rows = await stub.range(0, 100);
    expect(rows.map((row) => row.position)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(await firstBreak('shard-chain', 0, rows)).toBeNull();
    const head = await stub.head();
    expect(head).toEqual({ siteId: 'shard-chain', shard: 0, position: 40, rowHash: rows[39]?.rowHash, count: 40 });
    // The check above can fail: a changed field breaks the row.
    expect(await firstBreak('shard-chain', 0, rows.map((row) => (row.position === 7 ? { ...row, gpc: true } : row)))).toBe(7);
  });

  it('answers 20 concurrent replays of one event with one row and one receipt', async () => {
    const stub = shardStub('shard-replay:0');
    const event = input('shard-replay');
    const results = await Promise.all(Array.from({ length: 20 }, () => stub.append({ ...event, receiptId: crypto.randomUUID(), recordedAt: new Date().toISOString() })));
    const stored = results.map((result) => ('stored' in result ? result.stored : null));
    expect(new Set(stored.map((s) => JSON.stringify(s))).size).toBe(1);
    expect(results.filter((result) => 'replayed' in result && !result.replayed)).toHaveLength(1);
    expect((await stub.head()).count).toBe(1);
    expect(await stub.append({ ...event, payloadHash: 'another body' })).toEqual({ conflict: true });
  });

  it('records what an erasure, a purge and a removal below a position took out', async () => {
    const stub = shardStub('shard-purge:0');
    const old = '2020-01-01T00:00:00.000Z';
    const a = 'subject-aaaaaaaaaaaaaaaa';
    const b = 'subject-bbbbbbbbbbbbbbbb';
    await stub.append(input('shard-purge', { subjectId: a, recordedAt: old })); // 1: superseded by 2
    await stub.append(input('shard-purge', { subjectId: a, recordedAt: old })); // 2: expires (30 days, version 1)
    await stub.append(input('shard-purge', { subjectId: b, recordedAt: old, configVersion: 2 })); // 3: version 2 lasts 10000 days
    await stub.append(input('shard-purge', { subjectId: b })); // 4: recent
    await stub.append(input('shard-purge', { subjectId: 'subject-cccccccccccccccc' })); // 5
    await stub.append(input('shard-purge', { subjectId: 'subject-cccccccccccccccc' })); // 6

    const rules = { 1: { expiryDays: 30, refusalExpiryDays: null }, 2: { expiryDays: 10_000, refusalExpiryDays: null } };
    expect(await stub.purge('2021-01-01T00:00:00.000Z', rules, 100)).toBe(2);
    expect(await stub.erase('subject-cccccccccccccccc', 'erasure')).toBe(2);
    expect(await stub.removeBelow(3, 'archived')).toBe(1);
    const purges = await stub.purges();
    expect(purges.map(({ reason, positions, count }) => ({ reason, positions, count }))).toEqual([
      { reason: 'retention', positions: [[1, 2]], count: 2 },
      { reason: 'erasure', positions: [[5, 6]], count: 2 },
      { reason: 'archived', positions: [[3, 3]], count: 1 },
    ]);
    expect((await stub.range(0, 10)).map((row) => row.position)).toEqual([4]);
    // The head stays where the chain ended: the next row continues it, the positions are never reused.
    expect(await stub.head()).toMatchObject({ position: 6, count: 1 });
    await stub.append(input('shard-purge'));
    expect((await stub.range(4, 10)).map((row) => row.position)).toEqual([7]);
  });

  it('reads pages in (recordedAt, position) order and a subject latest decision by when it was made', async () => {
    const stub = shardStub('shard-read:0');
    const subjectId = 'subject-dddddddddddddddd';
    await stub.append(input('shard-read', { subjectId, recordedAt: '2025-01-02T00:00:00.000Z', occurredAt: '2025-01-02T00:00:00.000Z', method: 'accept_all' }));
    // Queued offline: arrives later, was made earlier.
    await stub.append(input('shard-read', { subjectId, recordedAt: '2025-01-03T00:00:00.000Z', occurredAt: '2025-01-01T00:00:00.000Z', method: 'reject_all' }));
    await stub.append(input('shard-read', { recordedAt: '2025-01-01T00:00:00.000Z' }));
    expect((await stub.latest(subjectId))?.method).toBe('accept_all');
    expect(await stub.latest('subject-nobody00000000')).toBeNull();
    const first = await stub.page({ after: null, from: null, to: null, subjectId: null, limit: 2 });
    expect(first.map((row) => row.position)).toEqual([3, 1]);
    const last = first[1]!;
    const rest = await stub.page({ after: { recordedAt: last.recordedAt, position: last.position }, from: null, to: null, subjectId: null, limit: 2 });
    expect(rest.map((row) => row.position)).toEqual([2]);
    expect((await stub.page({ after: null, from: null, to: null, subjectId, limit: 10 })).map((row) => row.position)).toEqual([1, 2]);
  });
});
