import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { admin, createAdminSite, request } from '../../../test/fixtures.js';
import type { Bindings } from '../../env.js';

describe('admin site routes', () => {
  it('creates a site with a working default config and an admin key shown once', async () => {
    const res = await admin('/v1/admin/sites', env.ADMIN_ROOT_KEY, { method: 'POST', json: { name: 'Bäckerei Müller', origins: ['https://baeckerei.example'] } });
    expect(res.status).toBe(201);
    const { siteId, adminKey, keyId } = (await res.json()) as { siteId: string; adminKey: string; keyId: string };
    expect(siteId).toMatch(/^backerei-muller-[a-z0-9]{8}$/);
    expect(adminKey).toMatch(/^nck_[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{43}$/);
    const stored = await env.DB.prepare('SELECT secret_hash FROM admin_keys WHERE id = ?').bind(keyId).first<{ secret_hash: string }>();
    expect(stored?.secret_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(await env.DB.prepare('SELECT * FROM admin_keys').all())).not.toContain(adminKey.split('.')[1]);

    const config = await request(`/v1/sites/${siteId}/config`, { origin: 'https://baeckerei.example' });
    expect(config.status).toBe(200);
    expect(await config.json()).toMatchObject({ siteId, revision: 1, version: 1 });
  });

  it('refuses invalid site input with the failing fields', async () => {
    const res = await admin('/v1/admin/sites', env.ADMIN_ROOT_KEY, { method: 'POST', json: { name: '', origins: ['https://shop.example/path', 'ftp://x'] } });
    expect(res.status).toBe(400);
    const paths = ((await res.json()) as { error: { issues: { path: string }[] } }).error.issues.map((i) => i.path).sort();
    expect(paths).toEqual(['name', 'origins.0', 'origins.1']);
  });

  it('stores forwarding secrets and the privacy email encrypted, never in plain text', async () => {
    const site = await createAdminSite('Encrypted');
    const res = await admin(`/v1/admin/sites/${site.siteId}`, site.keys.admin, {
      method: 'PATCH',
      json: { forwarding: { webhookUrl: 'https://hooks.example/privacy', webhookSecret: 'whsec-super-secret-value-123', privacyEmail: 'Privacy.Officer@Example.com' } },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ forwarding: { webhookUrl: 'https://hooks.example/privacy', webhookSecretSet: true, privacyEmail: 'privacy.officer@example.com' } });

    const row = await env.DB.prepare('SELECT * FROM sites WHERE id = ?').bind(site.siteId).first<Record<string, unknown>>();
    const stored = JSON.stringify(row).toLowerCase();
    expect(stored).not.toContain('privacy.officer');
    expect(stored).not.toContain('whsec-super-secret');
    expect(String(row?.privacy_email_enc)).toMatch(/^v2\.k2\./);
    const audit = JSON.stringify(await env.DB.prepare('SELECT * FROM audit_log WHERE site_id = ?').bind(site.siteId).all()).toLowerCase();
    expect(audit).not.toContain('privacy.officer');
    expect(audit).not.toContain('whsec');

    const cleared = await admin(`/v1/admin/sites/${site.siteId}`, site.keys.admin, { method: 'PATCH', json: { forwarding: { webhookSecret: null } } });
    expect(await cleared.json()).toMatchObject({ forwarding: { webhookSecretSet: false, privacyEmail: 'privacy.officer@example.com' } });
  });

  it('updates origins, which then govern CORS, and revoked keys stop working', async () => {
    const site = await createAdminSite('Origins');
    await admin(`/v1/admin/sites/${site.siteId}`, site.keys.admin, { method: 'PATCH', json: { origins: ['https://new.example'] } });
    expect((await request(`/v1/sites/${site.siteId}/config`, { origin: 'https://new.example' })).status).toBe(200);
    expect((await request(`/v1/sites/${site.siteId}/config`)).status).toBe(403);

    const keys = (await (await admin(`/v1/admin/sites/${site.siteId}/keys`, site.keys.admin)).json()) as { items: { id: string; role: string }[] };
    const viewer = keys.items.find((k) => k.role === 'viewer');
    expect(JSON.stringify(keys)).not.toContain('secret');
    expect((await admin(`/v1/admin/sites/${site.siteId}/keys/${viewer?.id}`, site.keys.admin, { method: 'DELETE' })).status).toBe(204);
    expect((await admin(`/v1/admin/sites/${site.siteId}`, site.keys.viewer)).status).toBe(401);
    expect((await admin(`/v1/admin/sites/${site.siteId}/keys/${viewer?.id}`, site.keys.admin, { method: 'DELETE' })).status).toBe(404);
  });

  it('keeps the revision when only messages change, and bumps it when asked', async () => {
    const site = await createAdminSite('Revisions');
    const current = (await (await admin(`/v1/admin/sites/${site.siteId}/config`, site.keys.viewer)).json()) as { config: { categories: unknown[] } };
    const publish = (json: unknown) => admin(`/v1/admin/sites/${site.siteId}/config`, site.keys.admin, { method: 'PUT', json });
    expect(await (await publish({ categories: current.config.categories, messages: { en: { acceptAll: 'Allow all' } } })).json()).toMatchObject({ version: 2, revision: 1 });
    expect(await (await publish({ categories: current.config.categories, requiresNewConsent: true })).json()).toMatchObject({ version: 3, revision: 2 });
    const served = (await (await request(`/v1/sites/${site.siteId}/config`, { origin: null })).json()) as { version: number; revision: number };
    expect(served).toMatchObject({ version: 3, revision: 2 });
    const invalid = await publish({ categories: [] });
    expect(invalid.status).toBe(400);
  });

  it('refuses webhook URLs that are not https to a public DNS name, with the reason', async () => {
    const site = await createAdminSite('Webhook rules');
    const patch = (webhookUrl: string, bindings?: Partial<Bindings>) =>
      admin(`/v1/admin/sites/${site.siteId}`, site.keys.admin, { method: 'PATCH', json: { forwarding: { webhookUrl } } }, bindings);
    for (const [url, reason] of [
      ['http://hooks.acme.example/privacy', 'must use https:'],
      ['https://10.0.0.8/hook', 'must name a host by its DNS name, not an IP address'],
      ['https://167772168/hook', 'must name a host by its DNS name, not an IP address'],
      ['https://[fd00::1]/hook', 'must name a host by its DNS name, not an IP address'],
      ['https://db.internal/hook', 'must name a public host (not localhost, a single-label or a local, internal or private-use name)'],
      ['https://metadata/hook', 'must name a public host (not localhost, a single-label or a local, internal or private-use name)'],
    ]) {
      const res = await patch(url!);
      expect(res.status, url).toBe(400);
      expect(await res.json()).toEqual({ error: { code: 'validation_failed', message: `The webhook URL ${reason}.`, issues: [{ path: 'forwarding.webhookUrl', message: reason }] } });
    }
    expect((await patch('http://localhost:8790/privacy-requests', { ENVIRONMENT: 'production' })).status).toBe(400);
    expect((await patch('https://2130706433/hook', { ENVIRONMENT: 'production' })).status).toBe(400);
    expect(await env.DB.prepare('SELECT webhook_url FROM sites WHERE id = ?').bind(site.siteId).first('webhook_url')).toBeNull();

    // Development keeps the local receiver of `npm start` working.
    expect((await patch('http://localhost:8790/privacy-requests')).status).toBe(200);
    expect((await patch('https://hooks.acme.example/privacy', { ENVIRONMENT: 'production' })).status).toBe(200);
  });
});
