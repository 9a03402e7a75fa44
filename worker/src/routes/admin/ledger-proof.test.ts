import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { admin, appendLedgerRow, createAdminSite } from '../../../test/fixtures.js';
import worker from '../../index.js';
import type { StoredCheckpoint } from '../../db/ledger-checkpoints.js';
import type { PublicJwk } from '../../security/receipt-signer.js';
import { type LedgerPurge, verifyLedger } from '../../ledger/verify-chain.js';

async function runQuarterHourly(): Promise<void> {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ scheduledTime: new Date(), cron: '*/15 * * * *' }), env, ctx);
  await waitOnExecutionContext(ctx);
}

/** What `npm run ledger:verify -- --api …` fetches: the checkpoints, the keys, then the export. */
async function fetchProofMaterial(siteId: string, key: string) {
  const list = (await (await admin(`/v1/admin/sites/${siteId}/ledger/checkpoints`, key)).json()) as { checkpoints: StoredCheckpoint[]; purges: LedgerPurge[] };
  const jwks = (await (await admin('/.well-known/jwks.json', null)).json()) as { keys: PublicJwk[] };
  const lines = (await (await admin(`/v1/admin/sites/${siteId}/consents?format=jsonl`, key)).text()).trim().split('\n');
  return { list, jwks, rows: lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('GET /v1/admin/sites/:siteId/ledger/checkpoints', () => {
  it('lists the signed checkpoints and the purges, and with the export and the JWKS the ledger verifies', async () => {
    const site = await createAdminSite('Checkpoint proof');
    const subjects = ['subject-proof-000000000001', 'subject-proof-000000000002', 'subject-proof-000000000003'];
    for (const [index, subjectId] of [...subjects, subjects[0]!].entries()) {
      await appendLedgerRow(site.siteId, { subjectId, recordedAt: new Date(Date.UTC(2026, 0, 1, index)).toISOString() });
    }
    await runQuarterHourly();
    expect((await admin(`/v1/admin/sites/${site.siteId}/subjects/${subjects[1]}`, site.keys.operator, { method: 'DELETE' })).status).toBe(200);
    await runQuarterHourly();

    const res = await admin(`/v1/admin/sites/${site.siteId}/ledger/checkpoints`, site.keys.viewer);
    expect(res.status).toBe(200);
    const { list, jwks, rows } = await fetchProofMaterial(site.siteId, site.keys.viewer);
    expect(list.checkpoints).toEqual([
      { jws: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/), siteId: site.siteId, shard: 0, position: 4, count: 4, rowHash: expect.stringMatching(/^[0-9a-f]{64}$/), at: expect.any(String) },
      { jws: expect.any(String), siteId: site.siteId, shard: 0, position: 4, count: 3, rowHash: list.checkpoints[0]!.rowHash, at: expect.any(String) },
    ]);
    expect(list.purges).toEqual([{ siteId: site.siteId, shard: 0, reason: 'erasure', positions: [[2, 2]], count: 1, at: expect.any(String) }]);

    const input = { checkpoints: list.checkpoints.map((checkpoint) => checkpoint.jws), purges: list.purges, jwks, issuer: env.API_ORIGIN! };
    expect(await verifyLedger(rows, input)).toMatchObject({ ok: true, rows: 3, checkpoints: 2, shards: [{ purgedGaps: [[2, 2]] }] });
    const edited = rows.map((row, index) => (index === 1 ? { ...row, categories: { necessary: true, analytics: true, marketing: true } } : row));
    expect(await verifyLedger(edited, input)).toMatchObject({ ok: false, failure: { row: 2, position: 3, reason: expect.stringContaining('a field was changed') } });
  });

  it('answers 401 without a key and 403 to a key of another site', async () => {
    const [site, other] = [await createAdminSite('Checkpoint owner'), await createAdminSite('Checkpoint other')];
    const unauthorized = await admin(`/v1/admin/sites/${site.siteId}/ledger/checkpoints`, null);
    expect(unauthorized.status).toBe(401);
    expect(await unauthorized.json()).toMatchObject({ error: { code: 'unauthorized' } });
    expect((await admin(`/v1/admin/sites/${site.siteId}/ledger/checkpoints`, other.keys.admin)).status).toBe(403);
  });
});

describe('/v1/admin/ledger/migrate', () => {
  it('is for the root key only, validates the step size, and reports progress', async () => {
    const site = await createAdminSite('Import access');
    expect((await admin('/v1/admin/ledger/migrate', site.keys.admin, { method: 'POST', json: {} })).status).toBe(403);
    const invalid = await admin('/v1/admin/ledger/migrate', env.ADMIN_ROOT_KEY, { method: 'POST', json: { limit: 0 } });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ error: { code: 'validation_failed' } });
    const step = await admin('/v1/admin/ledger/migrate', env.ADMIN_ROOT_KEY, { method: 'POST', json: { limit: 10 } });
    expect(step.status).toBe(200);
    expect(await step.json()).toEqual({ read: 0, imported: 0, skipped: 0, lastSeq: 0, remaining: 0 });
    const status = await admin('/v1/admin/ledger/migrate', env.ADMIN_ROOT_KEY);
    expect(await status.json()).toEqual({ lastSeq: 0, remaining: 0, sites: [] });
  });
});
