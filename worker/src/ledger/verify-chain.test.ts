import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { ReceiptSigner } from '../security/receipt-signer.js';
import { type ChainContent, type ChainedEntry, genesisHash, rowHash } from './chain.js';
import { type LedgerPurge, type VerifyInput, verifyLedger } from './verify-chain.js';

const ISSUER = 'https://api.example.test';
const SITE = 'site-verify-0001';
const signer = new ReceiptSigner(env);

function content(shard: number, position: number): ChainContent {
  return {
    siteId: SITE,
    shard,
    position,
    receiptId: `r-${shard}-${position}`,
    eventId: `e-${shard}-${position}`,
    subjectId: `subject-${shard}-${position}`,
    categories: { necessary: true, analytics: position % 2 === 0, marketing: false },
    revision: 1,
    configVersion: 1,
    noticeVersion: null,
    method: 'accept_all',
    gpc: false,
    locale: 'en',
    occurredAt: null,
    recordedAt: new Date(Date.UTC(2026, 0, 1, 0, position)).toISOString(),
    userAgent: 'test',
    country: null,
    region: null,
    regime: null,
    payloadHash: `payload-${position}`,
    wordingHash: null,
  };
}

/** A shard's rows chained as a shard chains them. */
async function chain(shard: number, count: number): Promise<ChainedEntry[]> {
  const rows: ChainedEntry[] = [];
  let prevHash = await genesisHash(SITE, shard);
  for (let position = 1; position <= count; position += 1) {
    const row = content(shard, position);
    const hash = await rowHash(prevHash, row);
    rows.push({ ...row, prevHash, rowHash: hash });
    prevHash = hash;
  }
  return rows;
}

function checkpoint(row: ChainedEntry, count = row.position, at = '2026-01-02T00:00:00.000Z'): Promise<string> {
  return signer.signCheckpoint({ iss: ISSUER, siteId: row.siteId, shard: row.shard, position: row.position, rowHash: row.rowHash, count, at });
}

const input = (checkpoints: string[], purges: LedgerPurge[] = []): VerifyInput => ({ checkpoints, purges, jwks: signer.jwks(), issuer: ISSUER });

describe('ledger verifier', () => {
  it('verifies a clean export of two interleaved shards against their checkpoints', async () => {
    const [zero, one] = [await chain(0, 5), await chain(1, 3)];
    const rows = [zero[0]!, one[0]!, zero[1]!, zero[2]!, one[1]!, one[2]!, zero[3]!, zero[4]!];
    const result = await verifyLedger(rows, input([await checkpoint(zero[2]!), await checkpoint(zero[4]!), await checkpoint(one[2]!)]));
    expect(result).toEqual({
      ok: true,
      rows: 8,
      checkpoints: 3,
      shards: [
        { siteId: SITE, shard: 0, rows: 5, lastPosition: 5, checkpoints: 2, purgedGaps: [] },
        { siteId: SITE, shard: 1, rows: 3, lastPosition: 3, checkpoints: 1, purgedGaps: [] },
      ],
    });
  });

  it('names the row whose field was edited', async () => {
    const rows = await chain(0, 5);
    rows[2] = { ...rows[2]!, categories: { necessary: true, analytics: true, marketing: true } };
    const result = await verifyLedger(rows, input([await checkpoint(rows[4]!)]));
    expect(result).toMatchObject({ ok: false, failure: { shard: 0, position: 3, eventId: 'e-0-3', row: 3, reason: expect.stringContaining('a field was changed') } });
  });

  it('names the row after a deleted one', async () => {
    const rows = await chain(0, 5);
    rows.splice(1, 1);
    const result = await verifyLedger(rows, input([await checkpoint(rows[3]!)]));
    expect(result).toMatchObject({ ok: false, failure: { shard: 0, position: 3, eventId: 'e-0-3', row: 2, reason: expect.stringContaining('position 2 is missing') } });
  });

  it('names a deleted last row through the checkpoint that reaches it', async () => {
    const rows = await chain(0, 5);
    const signed = await checkpoint(rows[4]!);
    const result = await verifyLedger(rows.slice(0, 4), input([signed]));
    expect(result).toMatchObject({ ok: false, failure: { shard: 0, position: 5, reason: expect.stringContaining('position 5 is missing') } });
  });

  it('names two reordered rows, whether or not their positions were swapped too', async () => {
    const rows = await chain(0, 5);
    const reordered = [rows[0]!, rows[2]!, rows[1]!, rows[3]!, rows[4]!];
    expect(await verifyLedger(reordered, input([]))).toMatchObject({ ok: false, failure: { position: 3, eventId: 'e-0-3', row: 2, reason: expect.stringContaining('out of order') } });
    const renumbered = [rows[0]!, { ...rows[2]!, position: 2 }, { ...rows[1]!, position: 3 }, rows[3]!, rows[4]!];
    expect(await verifyLedger(renumbered, input([]))).toMatchObject({ ok: false, failure: { position: 2, eventId: 'e-0-3', row: 2, reason: expect.stringContaining('prevHash') } });
  });

  it('refuses an edited checkpoint, a checkpoint from another issuer and a consent receipt posing as one', async () => {
    const rows = await chain(0, 3);
    const signed = await checkpoint(rows[2]!);
    const [header, payload, signature] = signed.split('.');
    const edited = JSON.parse(atob(payload!.replace(/-/g, '+').replace(/_/g, '/'))) as Record<string, unknown>;
    const forged = `${header}.${btoa(JSON.stringify({ ...edited, count: 2 })).replace(/=+$/, '')}.${signature}`;
    expect(await verifyLedger(rows, input([forged]))).toMatchObject({ ok: false, failure: { shard: 0, position: 3, reason: expect.stringContaining('does not verify') } });
    expect(await verifyLedger(rows, { ...input([signed]), issuer: 'https://elsewhere.example' })).toMatchObject({ ok: false, failure: { reason: expect.stringContaining('does not verify') } });
    // Checkpoint claims signed as a receipt: only the JWS type tells the two apart.
    const receipt = await signer.sign({ iss: ISSUER, siteId: SITE, shard: 0, position: 3, rowHash: rows[2]!.rowHash, count: 3, at: 'x' } as never);
    expect(await verifyLedger(rows, input([receipt]))).toMatchObject({ ok: false, failure: { reason: expect.stringContaining('does not verify') } });
  });

  it('refuses a checkpoint whose hash is not the row at its position', async () => {
    const rows = await chain(0, 3);
    const other = await chain(1, 3);
    const signed = await signer.signCheckpoint({ iss: ISSUER, siteId: SITE, shard: 0, position: 2, rowHash: other[1]!.rowHash, count: 2, at: '2026-01-02T00:00:00.000Z' });
    expect(await verifyLedger(rows, input([signed]))).toMatchObject({ ok: false, failure: { position: 2, eventId: 'e-0-2', reason: expect.stringContaining('differs from the checkpoint') } });
  });

  it('verifies what remains after a purge below a checkpoint, and reports the gap', async () => {
    const rows = await chain(0, 8);
    const before = await checkpoint(rows[5]!, 6, '2026-01-02T00:00:00.000Z');
    const purge: LedgerPurge = { siteId: SITE, shard: 0, reason: 'retention', positions: [[1, 3], [5, 5]], count: 4, at: '2026-01-03T00:00:00.000Z' };
    const after = await checkpoint(rows[7]!, 4, '2026-01-04T00:00:00.000Z');
    const remaining = [rows[3]!, rows[5]!, rows[6]!, rows[7]!];
    const result = await verifyLedger(remaining, input([before, after], [purge]));
    expect(result).toMatchObject({ ok: true, rows: 4, shards: [{ shard: 0, rows: 4, lastPosition: 8, checkpoints: 2, purgedGaps: [[1, 3], [5, 5]] }] });
    // The same gap without its record, or a count the purges do not explain, fails.
    expect(await verifyLedger(remaining, input([before]))).toMatchObject({ ok: false, failure: { position: 4, reason: expect.stringContaining('positions 1–3 are missing') } });
    const wrongCount = await checkpoint(rows[7]!, 6, '2026-01-04T00:00:00.000Z');
    expect(await verifyLedger(remaining, input([before, wrongCount], [purge]))).toMatchObject({ ok: false, failure: { position: 8, reason: expect.stringContaining('counts 6 rows') } });
  });

  it('refuses a row that a purge record says was removed', async () => {
    const rows = await chain(0, 3);
    const purge: LedgerPurge = { siteId: SITE, shard: 0, reason: 'erasure', positions: [[2, 2]], count: 1, at: '2026-01-03T00:00:00.000Z' };
    expect(await verifyLedger(rows, input([], [purge]))).toMatchObject({ ok: false, failure: { position: 2, reason: expect.stringContaining('was removed') } });
  });
});
