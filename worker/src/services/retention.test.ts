import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { appendLedgerRow, createAdminSite, storedLedger } from '../../test/fixtures.js';
import worker from '../index.js';

const REFUSAL = { necessary: true, analytics: false, marketing: false };

async function insertEvent(siteId: string, subjectId: string, recordedAt: string, id: string, categories: Record<string, boolean> = REFUSAL) {
  await appendLedgerRow(siteId, { receiptId: `r-${siteId}-${id}`, eventId: `e-${siteId}-${id}`, subjectId, categories, recordedAt });
}

async function eventIds(siteId: string): Promise<string[]> {
  return (await storedLedger(siteId)).map((row) => row.eventId.split('-').pop()!).sort();
}

async function runRetention(at: string) {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ scheduledTime: new Date(at), cron: '17 3 * * *' }), env, ctx);
  await waitOnExecutionContext(ctx);
}

describe('retention purge (Cron Trigger)', () => {
  it('removes exactly what is past the retention at the simulated date, and records the purge', async () => {
    const site = await createAdminSite('Retention');
    // Default retention 12 months; config expiry 365 days. The run is on 2025-07-01, so the cutoff is 2024-07-01.
    await insertEvent(site.siteId, 'subject-a-000000000000001', '2024-01-01T00:00:00.000Z', 'a1'); // replaced on 2024-06-01: due
    await insertEvent(site.siteId, 'subject-a-000000000000001', '2024-06-01T00:00:00.000Z', 'a2'); // current, expires 2025-06-01: kept
    await insertEvent(site.siteId, 'subject-b-000000000000001', '2023-01-01T00:00:00.000Z', 'b1'); // expired 2024-01-01: due
    await insertEvent(site.siteId, 'subject-c-000000000000001', '2025-06-01T00:00:00.000Z', 'c1'); // recent: kept
    await insertEvent(site.siteId, 'subject-d-000000000000001', '2024-03-01T00:00:00.000Z', 'd1'); // replaced 2024-08-01, after the cutoff: kept
    await insertEvent(site.siteId, 'subject-d-000000000000001', '2024-08-01T00:00:00.000Z', 'd2');
    await env.DB.prepare("INSERT INTO audit_log (site_id, actor, action, at) VALUES (?, 'root', 'old.action', '2018-06-30T00:00:00.000Z')").bind(site.siteId).run();
    await env.DB.prepare("INSERT INTO audit_log (site_id, actor, action, at) VALUES (?, 'root', 'kept.action', '2018-07-02T00:00:00.000Z')").bind(site.siteId).run();

    await runRetention('2025-07-01T03:17:00.000Z');

    expect(await eventIds(site.siteId)).toEqual(['a2', 'c1', 'd1', 'd2']);
    const actions = await env.DB.prepare('SELECT action, details FROM audit_log WHERE site_id = ? ORDER BY seq').bind(site.siteId).all<{ action: string; details: string }>();
    const names = actions.results.map((r) => r.action);
    expect(names).not.toContain('old.action');
    expect(names).toContain('kept.action');
    const purge = actions.results.find((r) => r.action === 'retention.purge');
    expect(JSON.parse(purge?.details ?? '{}')).toMatchObject({ consentEvents: 2, rightsRequests: 0, auditEntries: 1 });
    const purges = await env.LEDGER.get(env.LEDGER.idFromName(`${site.siteId}:0`)).purges();
    expect(purges).toMatchObject([{ reason: 'retention', positions: [[1, 1], [3, 3]], count: 2 }]);
  });

  it('ends a refusal after refusalExpiryDays (182 by default) and a full grant after expiryDays', async () => {
    const site = await createAdminSite('Retention refusals');
    // Both recorded 2023-11-01. The refusal expired 2024-05-01, before the cutoff of 2024-07-01;
    // the grant expires 2024-10-31, after it.
    await insertEvent(site.siteId, 'subject-r-000000000000001', '2023-11-01T00:00:00.000Z', 'refused');
    await insertEvent(site.siteId, 'subject-g-000000000000001', '2023-11-01T00:00:00.000Z', 'granted', { necessary: true, analytics: true, marketing: true });
    await runRetention('2025-07-01T03:17:00.000Z');
    expect(await eventIds(site.siteId)).toEqual(['granted']);
  });

  it('removes closed rights requests 12 months after they closed, with their history and package', async () => {
    const site = await createAdminSite('Retention requests');
    const insert = async (id: string, closedAt: string | null) => {
      await env.DB.prepare(
        `INSERT INTO rights_requests (id, site_id, type, status, email_hash, email_enc, full_name_enc, region, status_token_hash, received_at, due_at, due_rule, original_due_at, closed_at, updated_at)
         VALUES (?, ?, 'access', ?, 'h', 'e', 'n', 'other', 't', '2024-01-01T00:00:00.000Z', '2024-01-31T00:00:00.000Z', 'site:30-days', '2024-01-31T00:00:00.000Z', ?, '2024-01-01T00:00:00.000Z')`,
      )
        .bind(id, site.siteId, closedAt ? 'completed' : 'in_progress', closedAt)
        .run();
      await env.DB.prepare("INSERT INTO rights_request_history (request_id, site_id, actor, action, at) VALUES (?, ?, 'system', 'x', '2024-01-01T00:00:00.000Z')").bind(id, site.siteId).run();
      await env.RESPONSES.put(`${site.siteId}/${id}`, 'sealed');
    };
    await insert(`${site.siteId}-old`, '2024-06-01T00:00:00.000Z');
    await insert(`${site.siteId}-recent`, '2025-03-01T00:00:00.000Z');
    await insert(`${site.siteId}-open`, null);

    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: new Date('2025-07-01T03:17:00.000Z'), cron: '17 3 * * *' }), env, ctx);
    await waitOnExecutionContext(ctx);

    const { results } = await env.DB.prepare('SELECT id FROM rights_requests WHERE site_id = ? ORDER BY id').bind(site.siteId).all<{ id: string }>();
    expect(results.map((r) => r.id)).toEqual([`${site.siteId}-open`, `${site.siteId}-recent`]);
    const history = await env.DB.prepare('SELECT COUNT(*) AS n FROM rights_request_history WHERE request_id = ?').bind(`${site.siteId}-old`).first<{ n: number }>();
    expect(history?.n).toBe(0);
    expect(await env.RESPONSES.get(`${site.siteId}/${site.siteId}-old`)).toBeNull();
    expect(await env.RESPONSES.get(`${site.siteId}/${site.siteId}-recent`)).not.toBeNull();
  });
});
