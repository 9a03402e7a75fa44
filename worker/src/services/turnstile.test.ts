import { afterEach, describe, expect, it, vi } from 'vitest';
import { admin, createAdminSite, postJson } from '../../test/fixtures.js';
import { TURNSTILE_VERIFY_URL } from './turnstile.js';

const realFetch = globalThis.fetch;

/** Cloudflare's siteverify, answering success only for the token "human-token" under the right secret. */
function stubSiteverify() {
  const asked: { secret: string; response: string }[] = [];
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    if (String(input instanceof Request ? input.url : input) !== TURNSTILE_VERIFY_URL) return realFetch(input, init);
    const form = init?.body as FormData;
    const entry = { secret: String(form.get('secret')), response: String(form.get('response')) };
    asked.push(entry);
    return Response.json({ success: entry.secret === 'turnstile-secret-123' && entry.response === 'human-token' });
  });
  return asked;
}

describe('Turnstile on the rights-request form', () => {
  afterEach(() => vi.restoreAllMocks());

  it('is required once a site turns it on, and verified server-side with the site secret', async () => {
    const site = await createAdminSite('Turnstile');
    const body = { type: 'inquiry', fullName: 'Mary Jackson', email: 'mary@example.org', confirm: true };
    expect((await postJson(`/v1/sites/${site.siteId}/rights-requests`, body)).status).toBe(202);

    const on = await admin(`/v1/admin/sites/${site.siteId}`, site.keys.admin, { method: 'PATCH', json: { turnstileSecret: 'turnstile-secret-123' } });
    expect(await on.json()).toMatchObject({ turnstile: true });
    const asked = stubSiteverify();
    const without = await postJson(`/v1/sites/${site.siteId}/rights-requests`, body);
    expect(without.status).toBe(403);
    expect(await without.json()).toMatchObject({ error: { code: 'turnstile_failed' } });
    expect((await postJson(`/v1/sites/${site.siteId}/rights-requests`, { ...body, turnstileToken: 'bot-token' })).status).toBe(403);
    expect((await postJson(`/v1/sites/${site.siteId}/rights-requests`, { ...body, turnstileToken: 'human-token' })).status).toBe(202);
    expect(asked.map((a) => a.response)).toEqual(['bot-token', 'human-token']);
  });
});
