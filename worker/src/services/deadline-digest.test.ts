import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { admin, createAdminSite, latestCode, outbox, postJson } from '../../test/fixtures.js';
import worker from '../index.js';

describe('daily deadline digest', () => {
  it('emails the privacy contact the overdue requests and those due within 7 days', async () => {
    const site = await createAdminSite('Digest');
    await admin(`/v1/admin/sites/${site.siteId}`, site.keys.admin, { method: 'PATCH', json: { forwarding: { privacyEmail: 'dpo@digest.example' } } });
    const ids: string[] = [];
    for (const [name, dueAt] of [
      ['overdue', '2026-03-01T00:00:00.000Z'],
      ['soon', '2026-03-12T00:00:00.000Z'],
      ['later', '2026-04-30T00:00:00.000Z'],
    ] as const) {
      const email = `${name}-${site.siteId}@example.org`;
      const { requestId } = (await (await postJson(`/v1/sites/${site.siteId}/rights-requests`, { type: 'access', fullName: name, email, confirm: true })).json()) as { requestId: string };
      await postJson(`/v1/sites/${site.siteId}/rights-requests/${requestId}/verify`, { code: await latestCode(email) });
      await env.DB.prepare('UPDATE rights_requests SET due_at = ? WHERE id = ?').bind(dueAt, requestId).run();
      ids.push(requestId);
    }
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: new Date('2026-03-08T03:17:00.000Z'), cron: '17 3 * * *' }), env, ctx);
    await waitOnExecutionContext(ctx);

    const digest = (await outbox('dpo@digest.example')).find((m) => m.subject.startsWith('Privacy requests due soon'));
    expect(digest?.text).toContain(`${ids[0]} (access, verified) due 2026-03-01 OVERDUE`);
    expect(digest?.text).toContain(`${ids[1]} (access, verified) due 2026-03-12`);
    expect(digest?.text).not.toContain(ids[2]);
  });
});
