import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { admin, appendLedgerRow, createAdminSite, storedLedger } from '../../test/fixtures.js';
import worker from '../index.js';

const REFUSAL = { necessary: true, analytics: false, marketing: false };

async function insertEvent(siteId: string, subjectId: string, recordedAt: string, id: string, categories: Record<string, boolean> = REFUSAL) {
  await appendLedgerRow(siteId, { receiptId: `r-${siteId}-${id}`, eventId: `e-${siteId}-${id}`, subjectId, categories, recordedAt });
}

async function eventIds(siteId: string): Promise<string[]> {
  return (await storedLedger(siteId)).map((row) => row.eventId.split('-').pop()!).sort();
}

/** A rights request with one history entry and an answer package in R2. */
async function insertRequest(siteId: string, id: string, request: { status: string; receivedAt: string; closedAt: string | null }) {
  await env.DB.prepare(
    `INSERT INTO rights_requests (id, site_id, type, status, email_hash, email_enc, full_name_enc, region, status_token_hash, received_at, due_at, due_rule, original_due_at, closed_at, updated_at)
     VALUES (?, ?, 'access', ?, 'h', 'e', 'n', 'other', 't', ?, '2024-01-31T00:00:00.000Z', 'site:30-days', '2024-01-31T00:00:00.000Z', ?, ?)`,
  )
    .bind(id, siteId, request.status, request.receivedAt, request.closedAt, request.receivedAt)
    .run();
  await env.DB.prepare("INSERT INTO rights_request_history (request_id, site_id, actor, action, at) VALUES (?, ?, 'system', 'x', ?)").bind(id, siteId, request.receivedAt).run();
  await env.RESPONSES.put(`${siteId}/${id}`, 'sealed');
}

async function requestIds(siteId: string): Promise<string[]> {
  const { results } = await env.DB.prepare('SELECT id FROM rights_requests WHERE site_id = ? ORDER BY id').bind(siteId).all<{ id: string }>();
  return results.map((r) => r.id.slice(siteId.length + 1));
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
    const insert = (id: string, closedAt: string | null) =>
      insertRequest(site.siteId, id, { status: closedAt ? 'completed' : 'in_progress', receivedAt: '2024-01-01T00:00:00.000Z', closedAt });
    await insert(`${site.siteId}-old`, '2024-06-01T00:00:00.000Z');
    await insert(`${site.siteId}-recent`, '2025-03-01T00:00:00.000Z');
    await insert(`${site.siteId}-open`, null);

    await runRetention('2025-07-01T03:17:00.000Z');

    expect(await requestIds(site.siteId)).toEqual(['open', 'recent']);
    const history = await env.DB.prepare('SELECT COUNT(*) AS n FROM rights_request_history WHERE request_id = ?').bind(`${site.siteId}-old`).first<{ n: number }>();
    expect(history?.n).toBe(0);
    expect(await env.RESPONSES.get(`${site.siteId}/${site.siteId}-old`)).toBeNull();
    expect(await env.RESPONSES.get(`${site.siteId}/${site.siteId}-recent`)).not.toBeNull();
  });

  it("removes requests never verified 72 hours after they came in (the site's setting), and records it", async () => {
    const site = await createAdminSite('Retention unverified');
    const hoursBefore = (hours: number) => new Date(Date.parse('2025-07-01T03:17:00.000Z') - hours * 3600_000).toISOString();
    const pending = (hours: number) => ({ status: 'pending_verification', receivedAt: hoursBefore(hours), closedAt: null });
    await insertRequest(site.siteId, `${site.siteId}-stale`, pending(73));
    await insertRequest(site.siteId, `${site.siteId}-fresh`, pending(71));
    await insertRequest(site.siteId, `${site.siteId}-verified`, { status: 'verified', receivedAt: hoursBefore(100), closedAt: null });

    const short = await createAdminSite('Retention unverified short');
    const patched = await admin(`/v1/admin/sites/${short.siteId}`, short.keys.admin, { method: 'PATCH', json: { retention: { unverifiedHours: 24 } } });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ retention: { unverifiedHours: 24, requestMonths: 12 } });
    await insertRequest(short.siteId, `${short.siteId}-day-old`, pending(25));
    await insertRequest(short.siteId, `${short.siteId}-hours-old`, pending(23));

    await runRetention('2025-07-01T03:17:00.000Z');

    expect(await requestIds(site.siteId)).toEqual(['fresh', 'verified']);
    expect(await requestIds(short.siteId)).toEqual(['hours-old']);
    const history = await env.DB.prepare('SELECT COUNT(*) AS n FROM rights_request_history WHERE request_id IN (?, ?)').bind(`${site.siteId}-stale`, `${short.siteId}-day-old`).first<{ n: number }>();
    expect(history?.n).toBe(0);
    const purge = await env.DB.prepare("SELECT actor, details FROM audit_log WHERE site_id = ? AND action = 'retention.purge'").bind(site.siteId).first<{ actor: string; details: string }>();
    expect(purge?.actor).toBe('system');
    expect(JSON.parse(purge?.details ?? '{}')).toMatchObject({ unverifiedRequests: 1, rightsRequests: 0, unverifiedCutoff: hoursBefore(72) });

    expect((await admin(`/v1/admin/sites/${short.siteId}`, short.keys.admin, { method: 'PATCH', json: { retention: { unverifiedHours: 0 } } })).status).toBe(400);
  });
});
