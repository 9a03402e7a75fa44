import { env } from 'cloudflare:test';
import type { NoticeDocumentInput } from '@novoaigen/consent-schema';
import { describe, expect, it } from 'vitest';
import { admin, consentEvent, createAdminSite, postJson, request } from '../../test/fixtures.js';

const document = (overrides: Partial<NoticeDocumentInput> = {}): NoticeDocumentInput => ({
  title: 'Privacy Policy',
  lastUpdated: '2025-07-30',
  sections: [
    { id: 'data-retention', heading: 'Data Retention', blocks: [{ type: 'paragraph', content: [{ text: 'Account data is retained for 3 years after account closure.' }] }] },
    {
      id: 'contact',
      heading: 'Contact',
      blocks: [{ type: 'paragraph', content: [{ text: 'Write to ' }, { text: 'contact@novoaigen.com', href: 'mailto:contact@novoaigen.com' }, { text: '.' }] }],
    },
  ],
  ...overrides,
});

describe('privacy notices', () => {
  it('publishes immutable versions, serves the latest or a given one, and lists them', async () => {
    const site = await createAdminSite('Notices');
    const publish = (json: unknown, locale = 'en') => admin(`/v1/admin/sites/${site.siteId}/notices/${locale}`, site.keys.admin, { method: 'PUT', json });
    expect((await publish({ document: document() })).status).toBe(201);
    expect(await (await publish({ document: document({ lastUpdated: '2026-01-15', title: 'Privacy Policy (2026)' }) })).json()).toMatchObject({ version: 2, consentRevision: null });

    const latest = await request(`/v1/sites/${site.siteId}/notice?locale=en`);
    expect(latest.headers.get('Cache-Control')).toBe('public, max-age=300');
    expect(await latest.json()).toMatchObject({ version: 2, locale: 'en', document: { title: 'Privacy Policy (2026)' } });
    const first = await request(`/v1/sites/${site.siteId}/notice?version=1`);
    expect(first.headers.get('Cache-Control')).toContain('immutable');
    expect(await first.json()).toMatchObject({ version: 1, document: { lastUpdated: '2025-07-30' } });

    // No German notice: the site's default locale answers.
    expect(await (await request(`/v1/sites/${site.siteId}/notice?locale=de`)).json()).toMatchObject({ locale: 'en', version: 2 });
    const versions = (await (await request(`/v1/sites/${site.siteId}/notice/versions`)).json()) as { versions: { version: number; lastUpdated: string }[] };
    await publish({ document: document({ title: 'Datenschutzerklärung' }) }, 'de');
    expect(((await (await request(`/v1/sites/${site.siteId}/notice/versions`)).json()) as { locales: string[] }).locales).toEqual(['de', 'en']);
    expect(versions.versions.map((v) => [v.version, v.lastUpdated])).toEqual([
      [2, '2026-01-15'],
      [1, '2025-07-30'],
    ]);
    await expect(env.DB.prepare("UPDATE notice_versions SET document = '{}' WHERE site_id = ?").bind(site.siteId).run()).rejects.toThrow(/immutable/);
  });

  it('bumps the consent revision on a material change, and the config tells the SDK', async () => {
    const site = await createAdminSite('Notices material');
    await admin(`/v1/admin/sites/${site.siteId}/notices/en`, site.keys.admin, { method: 'PUT', json: { document: document() } });
    const res = await admin(`/v1/admin/sites/${site.siteId}/notices/en`, site.keys.admin, { method: 'PUT', json: { document: document({ lastUpdated: '2026-02-01' }), materialChange: true } });
    const published = (await res.json()) as { version: number; publishedAt: string };
    expect(published).toMatchObject({ version: 2, materialChange: true, consentRevision: 2 });
    expect(await (await request(`/v1/sites/${site.siteId}/config`)).json()).toMatchObject({
      revision: 2,
      version: 2,
      notice: { version: 2, lastUpdated: '2026-02-01', materialChangeAt: published.publishedAt },
    });
  });

  it('binds consent decisions to the notice version shown, in the ledger and the receipt', async () => {
    const site = await createAdminSite('Notices consent');
    await admin(`/v1/admin/sites/${site.siteId}/notices/en`, site.keys.admin, { method: 'PUT', json: { document: document() } });
    const event = consentEvent({ noticeVersion: 1 });
    const recorded = (await (await postJson(`/v1/sites/${site.siteId}/consents`, event)).json()) as { receipt: string };
    const claims = JSON.parse(atob(recorded.receipt.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { nv: number };
    expect(claims.nv).toBe(1);
    const ledger = (await (await admin(`/v1/admin/sites/${site.siteId}/consents`, site.keys.viewer)).json()) as { items: { noticeVersion: number | null }[] };
    expect(ledger.items.map((item) => item.noticeVersion)).toEqual([1]);
    const unknown = await postJson(`/v1/sites/${site.siteId}/consents`, consentEvent({ noticeVersion: 9 }));
    expect(unknown.status).toBe(422);
    expect(await unknown.json()).toMatchObject({ error: { code: 'unknown_notice_version' } });
  });

  it('refuses script URLs and keeps markup as text', async () => {
    const site = await createAdminSite('Notices hostile');
    const publish = (json: unknown) => admin(`/v1/admin/sites/${site.siteId}/notices/en`, site.keys.admin, { method: 'PUT', json });
    for (const href of ['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:x', '//evil.example']) {
      const res = await publish({ document: document({ sections: [{ id: 'x', heading: 'X', blocks: [{ type: 'paragraph', content: [{ text: 'click', href }] }] }] }) });
      expect(res.status, href).toBe(400);
      expect(((await res.json()) as { error: { issues: { path: string }[] } }).error.issues[0]?.path).toBe('document.sections.0.blocks.0.content.0.href');
    }
    const hostile = '<script>window.pwned = 1</script><img src=x onerror="alert(1)">';
    expect((await publish({ document: document({ title: hostile }) })).status).toBe(201);
    const served = (await (await request(`/v1/sites/${site.siteId}/notice`)).json()) as { document: { title: string } };
    expect(served.document.title).toBe(hostile);
  });

  it('validates the document with per-field issues', async () => {
    const site = await createAdminSite('Notices invalid');
    const res = await admin(`/v1/admin/sites/${site.siteId}/notices/en`, site.keys.admin, {
      method: 'PUT',
      json: { document: document({ lastUpdated: 'July 2025', sections: [] }) },
    });
    expect(res.status).toBe(400);
    const paths = ((await res.json()) as { error: { issues: { path: string }[] } }).error.issues.map((i) => i.path).sort();
    expect(paths).toEqual(['document.lastUpdated', 'document.sections']);
    expect((await admin(`/v1/admin/sites/${site.siteId}/notices/not a locale`, site.keys.admin, { method: 'PUT', json: { document: document() } })).status).toBe(400);
    expect((await request(`/v1/sites/${site.siteId}/notice`)).status).toBe(404);
  });
});
