import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { admin, consentEvent, createAdminSite, latestCode, outbox, postJson, request } from '../../test/fixtures.js';

async function verified(siteId: string, email: string, extra: Record<string, unknown> = {}) {
  const { requestId } = (await (await postJson(`/v1/sites/${siteId}/rights-requests`, { type: 'access', fullName: 'Dorothy Vaughan', email, confirm: true, ...extra })).json()) as { requestId: string };
  await postJson(`/v1/sites/${siteId}/rights-requests/${requestId}/verify`, { code: await latestCode(email) });
  return requestId;
}

const linkIn = (text: string) => /(https:\/\/api\.test\/\S+download\?token=\S+)/.exec(text)?.[1] ?? '';

describe('answering access requests', () => {
  it('uploads a package encrypted, emails a 7-day link, and delivers it with what the service holds after a fresh code', async () => {
    const site = await createAdminSite('Answers');
    const email = 'dorothy@example.org';
    const subjectId = 'subject-answers-000000001';
    await postJson(`/v1/sites/${site.siteId}/consents`, consentEvent({ subjectId, method: 'accept_all', categories: { necessary: true, analytics: true, marketing: true } }));
    const requestId = await verified(site.siteId, email, { subjectId });

    const upload = await admin(`/v1/admin/sites/${site.siteId}/rights-requests/${requestId}/response`, site.keys.operator, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ crm: { name: 'Dorothy Vaughan', orders: 3 } }),
    });
    expect(upload.status).toBe(200);
    const stored = await env.RESPONSES.get(`${site.siteId}/${requestId}`);
    expect(new TextDecoder().decode(await stored!.arrayBuffer())).not.toContain('Dorothy');

    const mail = (await outbox(email)).find((m) => m.subject === 'Your data is ready');
    const link = new URL(linkIn(mail?.text ?? ''));
    const token = link.searchParams.get('token') ?? '';
    const page = await request(`${link.pathname}${link.search}`, { origin: null });
    expect(page.status).toBe(200);
    expect(page.headers.get('Content-Security-Policy')).toMatch(/script-src 'nonce-[^']+'/);
    expect(await page.text()).toContain('Email me a code');

    const base = `/v1/sites/${site.siteId}/rights-requests/${requestId}`;
    expect((await postJson(`${base}/download-code`, { token: 'x'.repeat(43) }, { origin: 'https://api.test' })).status).toBe(404);
    expect((await postJson(`${base}/download-code`, { token }, { origin: 'https://api.test' })).status).toBe(202);
    const code = /\b(\d{6})\b/.exec((await outbox(email)).find((m) => m.subject === 'Your download code')?.text ?? '')?.[1];
    const download = await postJson(`${base}/download`, { token, code }, { origin: 'https://api.test' });
    expect(download.status).toBe(200);
    expect(download.headers.get('Content-Disposition')).toContain('attachment');
    const file = (await download.json()) as {
      response: { contentType: string; content: unknown };
      heldByThisService: { rightsRequests: { requestId: string; history: { action: string }[] }[]; consentRecords: { subjectId: string; method: string }[] };
    };
    expect(file.response).toEqual({ contentType: 'application/json', content: { crm: { name: 'Dorothy Vaughan', orders: 3 } } });
    expect(file.heldByThisService.rightsRequests.map((r) => r.requestId)).toEqual([requestId]);
    expect(file.heldByThisService.rightsRequests[0]?.history.map((h) => h.action)).toEqual(expect.arrayContaining(['submitted', 'verified', 'response.uploaded']));
    expect(file.heldByThisService.consentRecords).toMatchObject([{ subjectId, method: 'accept_all' }]);

    // A code opens one download.
    expect((await postJson(`${base}/download`, { token, code }, { origin: 'https://api.test' })).status).toBe(403);
  });

  it('refuses packages for other request types, other media types, and expired links', async () => {
    const site = await createAdminSite('Answers refused');
    const deletion = await verified(site.siteId, 'del@example.org', { type: 'deletion' });
    const put = (id: string, contentType: string, body: string) =>
      admin(`/v1/admin/sites/${site.siteId}/rights-requests/${id}/response`, site.keys.operator, { method: 'PUT', headers: { 'Content-Type': contentType }, body });
    expect((await put(deletion, 'application/json', '{}')).status).toBe(409);
    const access = await verified(site.siteId, 'acc@example.org');
    expect((await put(access, 'text/plain', 'hello')).status).toBe(415);
    expect((await put(access, 'application/json', '{not json')).status).toBe(400);
    expect((await put(access, 'text/csv', 'field,value\nname,Ada\n')).status).toBe(200);
    expect((await admin(`/v1/admin/sites/${site.siteId}/rights-requests/${access}/response`, site.keys.viewer, { method: 'PUT', headers: { 'Content-Type': 'text/csv' }, body: 'a' })).status).toBe(403);

    const token = new URL(linkIn((await outbox('acc@example.org')).find((m) => m.subject === 'Your data is ready')?.text ?? '')).searchParams.get('token');
    await env.DB.prepare("UPDATE rights_requests SET download_expires_at = '2020-01-01T00:00:00.000Z' WHERE id = ?").bind(access).run();
    expect((await postJson(`/v1/sites/${site.siteId}/rights-requests/${access}/download-code`, { token }, { origin: 'https://api.test' })).status).toBe(404);
  });
});
