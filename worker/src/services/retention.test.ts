import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createAdminSite } from '../../test/fixtures.js';
import worker from '../index.js';

async function insertEvent(siteId: string, subjectId: string, recordedAt: string, id: string) {
  await env.DB.prepare(
    `INSERT INTO consent_events (receipt_id, site_id, event_id, subject_id, categories, revision, config_version, method, gpc, recorded_at, payload_hash)
     VALUES (?, ?, ?, ?, '{"necessary":true,"analytics":false,"marketing":false}', 1, 1, 'reject_all', 0, ?, 'h')`,
  )
    .bind(`r-${siteId}-${id}`, siteId, `e-${siteId}-${id}`, subjectId, recordedAt)
    .run();
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

    const controller = createScheduledController({ scheduledTime: new Date('2025-07-01T03:17:00.000Z'), cron: '17 3 * * *' });
    const ctx = createExecutionContext();
    await worker.scheduled(controller, env, ctx);
    await waitOnExecutionContext(ctx);

    const { results } = await env.DB.prepare('SELECT event_id FROM consent_events WHERE site_id = ? ORDER BY event_id').bind(site.siteId).all<{ event_id: string }>();
    expect(results.map((r) => r.event_id.split('-').pop())).toEqual(['a2', 'c1', 'd1', 'd2']);
    const actions = await env.DB.prepare('SELECT action, details FROM audit_log WHERE site_id = ? ORDER BY seq').bind(site.siteId).all<{ action: string; details: string }>();
    const names = actions.results.map((r) => r.action);
    expect(names).not.toContain('old.action');
    expect(names).toContain('kept.action');
    const purge = actions.results.find((r) => r.action === 'retention.purge');
    expect(JSON.parse(purge?.details ?? '{}')).toMatchObject({ consentEvents: 2, auditEntries: 1 });
    const grants = await env.DB.prepare('SELECT COUNT(*) AS n FROM ledger_delete_grants').first<{ n: number }>();
    expect(grants?.n).toBe(0);
  });
});
