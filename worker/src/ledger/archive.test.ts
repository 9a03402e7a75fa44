import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { admin, appendLedgerRow, createAdminSite, storedLedger } from '../../test/fixtures.js';
import { findSite } from '../db/sites.js';
import worker from '../index.js';
import { ReceiptSigner, verifyArchive } from '../security/receipt-signer.js';
import type { ArchiveHeader } from './archive.js';
import type { ChainedEntry } from './chain.js';
import { checkpointSite, sitePurges } from './checkpoints.js';
import { listCheckpoints } from '../db/ledger-checkpoints.js';
import { verifyLedger } from './verify-chain.js';

const OLD = 'subject-archived-00000001';
const KEPT = 'subject-archived-00000002';
const RECENT = 'subject-hot-000000000001';
const GRANTED = { necessary: true, analytics: true, marketing: true };

/** The retention purge, then the archive run, each on its Cron Trigger of the day as wrangler.toml declares them. */
async function runDaily(day: string): Promise<void> {
  for (const [time, cron] of [['03:17', '17 3 * * *'], ['04:47', '47 4 * * *']] as const) {
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: new Date(`${day}T${time}:00.000Z`), cron }), env, ctx);
    await waitOnExecutionContext(ctx);
  }
}

async function archiveObjects(siteId: string): Promise<{ key: string; header: ArchiveHeader; rows: ChainedEntry[] }[]> {
  const listing = await env.LEDGER_ARCHIVE.list({ prefix: `${siteId}/` });
  return Promise.all(
    listing.objects.map(async ({ key }) => {
      const [head, ...lines] = (await (await env.LEDGER_ARCHIVE.get(key))!.text()).trim().split('\n');
      return { key, header: JSON.parse(head!) as ArchiveHeader, rows: lines.map((line) => JSON.parse(line) as ChainedEntry) };
    }),
  );
}

describe('cold storage of the ledger', () => {
  it('archives what is past the proof window as signed JSONL, keeps the rest verifiable, and proofs still answer', async () => {
    const site = await createAdminSite('Archive');
    // Proof window 12 months (the default consent retention): the daily run on 2026-12-03 archives
    // rows recorded before 2025-12-03; these two still run (consent lasts longer than weeks), so
    // the retention purge before it keeps them.
    await appendLedgerRow(site.siteId, { subjectId: OLD, recordedAt: '2025-11-20T00:00:00.000Z', categories: GRANTED });
    await appendLedgerRow(site.siteId, { subjectId: KEPT, recordedAt: '2025-11-25T00:00:00.000Z', categories: GRANTED });
    await appendLedgerRow(site.siteId, { subjectId: RECENT, recordedAt: '2026-11-01T00:00:00.000Z' });
    await checkpointSite(env, (await findSite(env.DB, site.siteId))!);

    await runDaily('2026-12-03');

    expect((await storedLedger(site.siteId)).map((row) => row.subjectId)).toEqual([RECENT]);
    const [archive, ...others] = await archiveObjects(site.siteId);
    expect(others).toEqual([]);
    expect(archive!.key).toBe(`${site.siteId}/0/000000000001-000000000002.jsonl`);
    expect(archive!.rows.map((row) => [row.position, row.subjectId])).toEqual([
      [1, OLD],
      [2, KEPT],
    ]);
    const jwks = new ReceiptSigner(env).jwks();
    const claims = await verifyArchive(archive!.header.archive, jwks, env.API_ORIGIN!);
    expect(claims).toMatchObject({ siteId: site.siteId, shard: 0, from: 1, to: 2, count: 2, prevHash: archive!.rows[0]!.prevHash, rowHash: archive!.rows[1]!.rowHash });
    // The checkpoint of position 3 lies past the archive: it stays with the hot rows only.
    expect(archive!.header.checkpoints).toEqual([]);
    // The archive's chain verifies on its own, and the hot rows with the purge it left.
    expect(await verifyLedger(archive!.rows, { checkpoints: [], purges: [], jwks, issuer: env.API_ORIGIN! })).toMatchObject({ ok: true, rows: 2 });
    const site1 = (await findSite(env.DB, site.siteId))!;
    const purges = await sitePurges(env, site1);
    expect(purges).toMatchObject([{ reason: 'archived', positions: [[1, 2]], count: 2 }]);
    const checkpoints = (await listCheckpoints(env.DB, site.siteId)).map((checkpoint) => checkpoint.jws);
    expect(await verifyLedger(await storedLedger(site.siteId), { checkpoints, purges, jwks, issuer: env.API_ORIGIN! })).toMatchObject({ ok: true, rows: 1 });

    const proof = await admin(`/v1/admin/sites/${site.siteId}/consents/${OLD}/proof`, site.keys.viewer);
    expect(proof.status).toBe(200);
    const body = (await proof.json()) as { events: { subjectId: string; categories: Record<string, boolean>; receipt: string }[] };
    expect(body.events).toMatchObject([{ subjectId: OLD, categories: GRANTED, receipt: expect.any(String) }]);
  });

  it('erases a subject from the archive too', async () => {
    const site = await createAdminSite('Archive erasure');
    await appendLedgerRow(site.siteId, { subjectId: OLD, recordedAt: '2025-11-20T00:00:00.000Z', categories: GRANTED });
    await appendLedgerRow(site.siteId, { subjectId: KEPT, recordedAt: '2025-11-25T00:00:00.000Z', categories: GRANTED });
    await runDaily('2026-12-03');

    const erased = await admin(`/v1/admin/sites/${site.siteId}/subjects/${OLD}`, site.keys.operator, { method: 'DELETE' });
    expect(await erased.json()).toEqual({ erasedConsentEvents: 1 });
    expect((await admin(`/v1/admin/sites/${site.siteId}/consents/${OLD}/proof`, site.keys.viewer)).status).toBe(404);
    const [archive] = await archiveObjects(site.siteId);
    expect(archive!.rows.map((row) => row.subjectId)).toEqual([KEPT]);
    expect(archive!.header.erased).toEqual([[1, 1]]);
    // The header still verifies: it signs the chain's ends, and the erased row is a recorded gap.
    expect(await verifyArchive(archive!.header.archive, new ReceiptSigner(env).jwks(), env.API_ORIGIN!)).not.toBeNull();
    expect((await admin(`/v1/admin/sites/${site.siteId}/consents/${KEPT}/proof`, site.keys.viewer)).status).toBe(200);
  });
});
