import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { type AdminSite, admin, consentEvent, createAdminSite, postJson, request, storedLedger } from '../../test/fixtures.js';
import type { ChainedEntry } from './chain.js';
import { shardOfSubject } from './shard-routing.js';

const subject = (n: number) => `subject-shard-${String(n).padStart(10, '0')}`;
const later = (n: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString();

function patchSite(site: AdminSite, json: unknown) {
  return admin(`/v1/admin/sites/${site.siteId}`, site.keys.admin, { method: 'PATCH', json });
}

async function write(site: AdminSite, overrides: Parameters<typeof consentEvent>[0]) {
  const res = await postJson(`/v1/sites/${site.siteId}/consents`, consentEvent(overrides));
  expect(res.status).toBe(201);
  return res;
}

/** Every row of a site's JSONL export. */
async function exported(site: AdminSite): Promise<ChainedEntry[]> {
  const text = await (await admin(`/v1/admin/sites/${site.siteId}/consents?format=jsonl`, site.keys.viewer)).text();
  return text
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as ChainedEntry);
}

describe('the sharded ledger', () => {
  it("puts each subject's decisions in the one shard chosen from its id", async () => {
    const site = await createAdminSite('Shards');
    expect((await patchSite(site, { ledgerShards: 4 })).status).toBe(200);
    for (let n = 0; n < 12; n++) for (let k = 0; k < 2; k++) await write(site, { subjectId: subject(n) });

    const rows = await storedLedger(site.siteId);
    expect(rows).toHaveLength(24);
    for (const row of rows) expect(row.shard).toBe(shardOfSubject(row.subjectId, 4));
    expect(new Set(rows.map((row) => row.shard)).size).toBeGreaterThan(1);
  });

  it('raises the shard count of a live site and still finds every older decision', async () => {
    const site = await createAdminSite('Raise');
    for (let n = 0; n < 10; n++) await write(site, { subjectId: subject(n), occurredAt: later(n), method: 'reject_all' });

    const raised = await patchSite(site, { ledgerShards: 8 });
    expect(raised.status).toBe(200);
    expect(await raised.json()).toMatchObject({ ledgerShards: 8, ledgerShardHistory: [1, 8] });
    const lowered = await patchSite(site, { ledgerShards: 2 });
    expect(lowered.status).toBe(400);
    expect(await lowered.json()).toMatchObject({ error: { code: 'validation_failed', issues: [{ path: 'ledgerShards' }] } });

    for (let n = 0; n < 10; n++) {
      await write(site, {
        subjectId: subject(n),
        occurredAt: later(100 + n),
        method: 'accept_all',
        categories: { necessary: true, analytics: true, marketing: true },
      });
    }
    const rows = await storedLedger(site.siteId);
    // Some subjects moved: their two decisions now sit in two shards.
    const moved = [...Array(10).keys()].filter((n) => new Set(rows.filter((r) => r.subjectId === subject(n)).map((r) => r.shard)).size === 2);
    expect(moved.length).toBeGreaterThan(0);

    for (const n of moved) {
      const state = await request(`/v1/sites/${site.siteId}/consents/${subject(n)}`);
      expect(((await state.json()) as { method: string }).method).toBe('accept_all');
      const proof = await admin(`/v1/admin/sites/${site.siteId}/consents/${subject(n)}/proof`, site.keys.viewer);
      expect(((await proof.json()) as { events: { method: string }[] }).events.map((e) => e.method)).toEqual(['reject_all', 'accept_all']);
    }

    expect((await exported(site)).map((row) => row.subjectId).sort()).toEqual(rows.map((row) => row.subjectId).sort());

    // Pages of 3 across the 8 shards give each row once, in the export's order.
    const paged: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page: { items: { receiptId: string }[]; nextCursor: string | null } = await (
        await admin(`/v1/admin/sites/${site.siteId}/consents?limit=3${cursor ? `&cursor=${cursor}` : ''}`, site.keys.viewer)
      ).json();
      paged.push(...page.items.map((item) => item.receiptId));
      cursor = page.nextCursor;
    }
    expect(paged).toEqual((await exported(site)).map((row) => row.receiptId));

    const erased = await admin(`/v1/admin/sites/${site.siteId}/subjects/${subject(moved[0]!)}`, site.keys.operator, { method: 'DELETE' });
    expect(await erased.json()).toEqual({ erasedConsentEvents: 2 });
    expect((await storedLedger(site.siteId)).filter((row) => row.subjectId === subject(moved[0]!))).toHaveLength(0);
  });

  it('exports the chain fields and answers old numeric cursors from the start', async () => {
    const site = await createAdminSite('Cursors');
    for (let n = 0; n < 3; n++) await write(site, { subjectId: subject(n) });
    const rows = await exported(site);
    expect(rows.map((row) => [row.siteId, row.shard, row.position])).toEqual([
      [site.siteId, 0, 1],
      [site.siteId, 0, 2],
      [site.siteId, 0, 3],
    ]);
    expect(rows[1]?.prevHash).toBe(rows[0]?.rowHash);

    const legacy = await admin(`/v1/admin/sites/${site.siteId}/consents?cursor=12345`, site.keys.viewer);
    expect(legacy.status).toBe(200);
    expect(((await legacy.json()) as { items: unknown[] }).items).toHaveLength(3);
    const forged = await admin(`/v1/admin/sites/${site.siteId}/consents?cursor=bm90LWEtY3Vyc29y`, site.keys.viewer);
    expect(forged.status).toBe(400);
    expect(await forged.json()).toMatchObject({ error: { code: 'validation_failed' } });
  });
});

describe('one round trip per decision', () => {
  /** D1 with a count of the calls made through it. */
  function countingDb() {
    const calls: string[] = [];
    const db = new Proxy(env.DB, {
      get(target, property, receiver) {
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          calls.push(String(property));
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    return { db, calls };
  }

  it('writes without reading D1 once the site is cached, and a publish reaches the next write at once', async () => {
    const site = await createAdminSite('Cached');
    await write(site, {});
    const { db, calls } = countingDb();
    const warm = await postJson(`/v1/sites/${site.siteId}/consents`, consentEvent({ configVersion: 1 }), { bindings: { DB: db } });
    expect(warm.status).toBe(201);
    expect(calls).toEqual([]);

    // The same content again: a new version of the same revision, which a stale cache would not know is the newest.
    const current = (await (await admin(`/v1/admin/sites/${site.siteId}/config`, site.keys.viewer)).json()) as { config: Record<string, unknown> };
    const { siteId: _site, version: _version, revision: _revision, ...content } = current.config;
    const published = await admin(`/v1/admin/sites/${site.siteId}/config`, site.keys.admin, { method: 'PUT', json: { ...content, requiresNewConsent: false } });
    expect(await published.json()).toMatchObject({ version: 2, revision: 1 });
    const fresh = await postJson(`/v1/sites/${site.siteId}/consents`, consentEvent({ revision: 1 }));
    expect(fresh.status).toBe(201);
    const { receiptId } = (await fresh.json()) as { receiptId: string };
    expect((await storedLedger(site.siteId)).find((row) => row.receiptId === receiptId)?.configVersion).toBe(2);

    // A site setting too: an origin taken off refuses that origin's next write.
    await admin(`/v1/admin/sites/${site.siteId}`, site.keys.admin, { method: 'PATCH', json: { origins: ['https://other.example'] } });
    expect((await postJson(`/v1/sites/${site.siteId}/consents`, consentEvent())).status).toBe(403);
  });

  it('accepts a version published by another isolate (not yet in this cache) and still refuses an unknown one', async () => {
    const site = await createAdminSite('Elsewhere');
    await write(site, {});
    // Published past this isolate's cache, as another isolate's publish would be.
    const current = await env.DB.prepare('SELECT config FROM site_config_versions WHERE site_id = ? AND version = 1').bind(site.siteId).first<{ config: string }>();
    await env.DB.prepare('INSERT INTO site_config_versions (site_id, version, revision, config) VALUES (?, 2, 1, ?)')
      .bind(site.siteId, JSON.stringify({ ...(JSON.parse(current!.config) as object), version: 2 }))
      .run();
    expect((await postJson(`/v1/sites/${site.siteId}/consents`, consentEvent({ configVersion: 2 }))).status).toBe(201);
    const unknown = await postJson(`/v1/sites/${site.siteId}/consents`, consentEvent({ configVersion: 3 }));
    expect(unknown.status).toBe(422);
    expect(await unknown.json()).toMatchObject({ error: { code: 'unknown_config_version' } });
  });
});

describe('the per-site write cap', () => {
  it("refuses a site's writes past its own writesPerMinute, from any client, and leaves other sites alone", async () => {
    const capped = await createAdminSite('Capped');
    const other = await createAdminSite('Uncapped');
    expect((await patchSite(capped, { writesPerMinute: 3 })).status).toBe(200);
    const from = (n: number) => ({ headers: { 'CF-Connecting-IP': `198.51.100.${n}` } });
    const statuses = [];
    for (let n = 0; n < 5; n++) statuses.push((await postJson(`/v1/sites/${capped.siteId}/consents`, consentEvent(), from(n))).status);
    expect(statuses).toEqual([201, 201, 201, 429, 429]);
    expect((await postJson(`/v1/sites/${other.siteId}/consents`, consentEvent(), from(9))).status).toBe(201);

    const view = (await (await admin(`/v1/admin/sites/${other.siteId}`, other.keys.viewer)).json()) as { writesPerMinute: number };
    // The default does not refuse a site of 10 M page views a day at its peak (migration 0014 shows the sum).
    expect(view.writesPerMinute).toBeGreaterThanOrEqual(70_000);
  });
});
