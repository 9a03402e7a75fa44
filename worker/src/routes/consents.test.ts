import { ConsentReceiptSchema } from '@novoaigen/consent-schema';
import { describe, expect, it } from 'vitest';
import { consentEvent, createSite, ledgerCount, postJson, request, siteConfig, storedLedger } from '../../test/fixtures.js';
import { chainContent, genesisHash, rowHash } from '../ledger/chain.js';
import { type PublicJwk, verifyReceipt } from '../security/receipt-signer.js';

describe('POST /v1/sites/:siteId/consents', () => {
  it('records an event with server-side facts and returns a receipt', async () => {
    await createSite('led-record');
    const event = consentEvent({ categories: { necessary: true, analytics: true, marketing: false }, method: 'custom' });
    const res = await postJson('/v1/sites/led-record/consents', event, {
      headers: { 'User-Agent': 'TestBrowser/1.0', 'CF-Connecting-IP': '203.0.113.9', 'X-Forwarded-For': '203.0.113.9' },
    });
    expect(res.status).toBe(201);
    const receipt = ConsentReceiptSchema.parse(await res.json());

    const row = (await storedLedger('led-record')).find((r) => r.receiptId === receipt.receiptId);
    expect(row).toMatchObject({
      siteId: 'led-record',
      eventId: event.eventId,
      subjectId: event.subjectId,
      revision: 1,
      method: 'custom',
      gpc: false,
      userAgent: 'TestBrowser/1.0',
      recordedAt: receipt.recordedAt,
    });
    expect(row?.categories).toEqual(event.categories);
    expect(JSON.stringify(row)).not.toContain('203.0.113.9');
  });

  it("stores the visitor's region and regime, and the browser's GPC signal even when the body omits it", async () => {
    await createSite('led-region');
    const event = consentEvent({ method: 'notice', region: 'US-CA', regime: 'opt-out', gpc: false, categories: { necessary: true, analytics: true, marketing: false } });
    const res = await postJson('/v1/sites/led-region/consents', event, { headers: { 'Sec-GPC': '1' } });
    expect(res.status).toBe(201);
    const receipt = ConsentReceiptSchema.parse(await res.json());
    const row = (await storedLedger('led-region')).find((r) => r.receiptId === receipt.receiptId);
    expect(row).toMatchObject({ method: 'notice', gpc: true, region: 'US-CA', regime: 'opt-out' });

    // A retry without the header is the same decision: the same receipt, GPC still recorded.
    const replay = await postJson('/v1/sites/led-region/consents', event);
    expect(await replay.json()).toEqual(receipt);
    const jwks = (await (await request('/.well-known/jwks.json', { origin: null })).json()) as { keys: PublicJwk[] };
    expect(await verifyReceipt(receipt.receipt, jwks)).toMatchObject({ m: 'notice', gpc: true, reg: 'US-CA', rgm: 'opt-out' });

    const embed = await postJson('/v1/sites/led-region/consents', consentEvent({ method: 'embed', region: null, categories: { necessary: true, analytics: false, marketing: true } }));
    expect(embed.status).toBe(201);
    const stored = (await storedLedger('led-region')).find((r) => r.method === 'embed');
    expect(stored).toMatchObject({ gpc: false, region: null, regime: null });
  });

  it('stores a retried eventId once and answers with the same receipt', async () => {
    await createSite('led-idem');
    const event = consentEvent();
    const first = await postJson('/v1/sites/led-idem/consents', event);
    const second = await postJson('/v1/sites/led-idem/consents', event);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers.get('Idempotent-Replayed')).toBe('true');
    expect(await second.json()).toEqual(await first.json());
    expect(await ledgerCount('led-idem')).toBe(1);
  });

  it('stores concurrent retries of one eventId once', async () => {
    await createSite('led-race');
    const event = consentEvent();
    const answers = await Promise.all(Array.from({ length: 5 }, () => postJson('/v1/sites/led-race/consents', event)));
    const receipts = await Promise.all(answers.map((res) => res.json()));
    expect(answers.map((res) => res.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(receipts.map((r) => JSON.stringify(r))).size).toBe(1);
    expect(await ledgerCount('led-race')).toBe(1);
  });

  it('refuses a reused eventId with different content', async () => {
    await createSite('led-conflict');
    const event = consentEvent();
    await postJson('/v1/sites/led-conflict/consents', event);
    const res = await postJson('/v1/sites/led-conflict/consents', { ...event, method: 'accept_all', categories: { necessary: true, analytics: true, marketing: true } });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: { code: 'event_id_conflict' } });
    expect(await ledgerCount('led-conflict')).toBe(1);
  });

  it.each([
    ['an unknown category', { categories: { necessary: true, analytics: false, marketing: false, ads: true } }, 422, 'unknown_category'],
    ['a missing category', { categories: { necessary: true, analytics: false } }, 422, 'missing_category'],
    ['a refused required category', { categories: { necessary: false, analytics: false, marketing: false } }, 422, 'required_category_denied'],
    ['an unpublished revision', { revision: 7 }, 422, 'unknown_revision'],
    ['a wrong type', { revision: 'one' }, 400, 'validation_failed'],
    ['an unknown method', { method: 'implied' }, 400, 'validation_failed'],
    ['a non-boolean choice', { categories: { necessary: true, analytics: 'yes', marketing: false } }, 400, 'validation_failed'],
    ['an extra field', { ip: '203.0.113.9' }, 400, 'validation_failed'],
    ['a short subject id', { subjectId: 'x' }, 400, 'validation_failed'],
    ['a malformed region', { region: 'California' }, 400, 'validation_failed'],
    ['an unknown regime', { regime: 'opt-maybe' }, 400, 'validation_failed'],
  ])('refuses %s with a JSON 4xx and writes nothing', async (_name, overrides, status, code) => {
    const siteId = `led-bad-${Math.random().toString(36).slice(2, 10)}`;
    await createSite(siteId);
    const res = await postJson(`/v1/sites/${siteId}/consents`, { ...consentEvent(), ...overrides });
    expect(res.status).toBe(status);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe(code);
    expect(body.error.message).toBeTruthy();
    expect(await ledgerCount(siteId)).toBe(0);
  });

  it('lists the failing fields of a validation error', async () => {
    await createSite('led-issues');
    const res = await postJson('/v1/sites/led-issues/consents', { ...consentEvent(), revision: 0, method: 'nope' });
    const body = (await res.json()) as { error: { issues: { path: string }[] } };
    expect(body.error.issues.map((issue) => issue.path).sort()).toEqual(['method', 'revision']);
  });

  it('refuses malformed JSON, other media types and oversized bodies', async () => {
    await createSite('led-body');
    const malformed = await postJson('/v1/sites/led-body/consents', '{"eventId": ');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: { code: 'invalid_json' } });

    const text = await request('/v1/sites/led-body/consents', { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: JSON.stringify(consentEvent()) });
    expect(text.status).toBe(415);
    expect(await text.json()).toMatchObject({ error: { code: 'unsupported_media_type' } });

    const huge = await postJson('/v1/sites/led-body/consents', { ...consentEvent(), locale: 'x'.repeat(17 * 1024) });
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ error: { code: 'payload_too_large' } });
    expect(await ledgerCount('led-body')).toBe(0);
  });

  it('refuses an unknown site and a foreign origin without writing', async () => {
    await createSite('led-origin');
    const unknown = await postJson('/v1/sites/led-nowhere/consents', consentEvent());
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 'site_not_found' } });

    const foreign = await postJson('/v1/sites/led-origin/consents', consentEvent(), { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(await ledgerCount('led-origin')).toBe(0);
  });

  it('validates against the revision the visitor saw, not the latest one', async () => {
    const withAds = siteConfig('led-revs', { revision: 2, version: 2 });
    withAds.categories = [...withAds.categories, { id: 'ads', title: 'Ads', description: 'Ads.' }];
    await createSite('led-revs', [siteConfig('led-revs'), withAds]);
    const old = await postJson('/v1/sites/led-revs/consents', consentEvent({ revision: 1 }));
    expect(old.status).toBe(201);
    const current = await postJson('/v1/sites/led-revs/consents', consentEvent({ revision: 2, categories: { necessary: true, analytics: false, marketing: false, ads: true } }));
    expect(current.status).toBe(201);
  });

  it('chains every row to the one before it, so a changed row shows', async () => {
    await createSite('led-append');
    for (let i = 0; i < 3; i++) expect((await postJson('/v1/sites/led-append/consents', consentEvent())).status).toBe(201);
    const rows = await storedLedger('led-append');
    expect(rows.map((row) => row.position)).toEqual([1, 2, 3]);
    let prev = await genesisHash('led-append', 0);
    for (const row of rows) {
      expect(row.prevHash).toBe(prev);
      expect(await rowHash(prev, chainContent(row))).toBe(row.rowHash);
      prev = row.rowHash;
    }
    expect(await rowHash(rows[0]!.prevHash, chainContent({ ...rows[0]!, method: 'accept_all' }))).not.toBe(rows[0]!.rowHash);
  });
});

describe('GET /v1/sites/:siteId/consents/:subjectId', () => {
  it("returns the subject's latest decision, scoped to the site", async () => {
    await createSite('state-a');
    await createSite('state-b');
    const subjectId = 'subject-restore-000000001';
    await postJson('/v1/sites/state-a/consents', consentEvent({ subjectId, occurredAt: '2026-01-01T10:00:00.000Z' }));
    await postJson(
      '/v1/sites/state-a/consents',
      consentEvent({ subjectId, method: 'toggle', categories: { necessary: true, analytics: true, marketing: false }, occurredAt: '2026-01-02T10:00:00.000Z' }),
    );
    // Queued offline, delivered last, chosen first: it must not override the newer choice.
    await postJson('/v1/sites/state-a/consents', consentEvent({ subjectId, method: 'accept_all', categories: { necessary: true, analytics: true, marketing: true }, occurredAt: '2025-12-31T10:00:00.000Z' }));

    const res = await request(`/v1/sites/state-a/consents/${subjectId}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      subjectId,
      categories: { necessary: true, analytics: true, marketing: false },
      revision: 1,
      method: 'toggle',
      gpc: false,
      updatedAt: '2026-01-02T10:00:00.000Z',
    });

    const other = await request(`/v1/sites/state-b/consents/${subjectId}`);
    expect(other.status).toBe(404);
    expect(await other.json()).toMatchObject({ error: { code: 'subject_not_found' } });
  });
});

describe('consent receipts', () => {
  it('signs a receipt that verifies offline with the published keys, the same on every replay', async () => {
    await createSite('receipts');
    const event = consentEvent({ categories: { necessary: true, analytics: true, marketing: false }, method: 'custom' });
    const first = (await (await postJson('/v1/sites/receipts/consents', event)).json()) as { receiptId: string; recordedAt: string; receipt: string };
    const again = (await (await postJson('/v1/sites/receipts/consents', event)).json()) as { receipt: string };
    expect(again.receipt).toBe(first.receipt);

    const jwksResponse = await request('/.well-known/jwks.json', { origin: null });
    expect(jwksResponse.headers.get('Cache-Control')).toContain('max-age');
    const jwks = (await jwksResponse.json()) as { keys: PublicJwk[] };
    expect(jwks.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', kid: 'test-1' });
    expect(JSON.stringify(jwks)).not.toContain('"d"');

    const claims = await verifyReceipt(first.receipt, jwks);
    expect(claims).toMatchObject({
      iss: 'https://api.test',
      sub: event.subjectId,
      site: 'receipts',
      rid: first.receiptId,
      eid: event.eventId,
      cat: event.categories,
      rev: 1,
      cv: 1,
      m: 'custom',
      gpc: false,
      iat: Math.floor(Date.parse(first.recordedAt) / 1000),
    });

    const [header, payload, signature] = first.receipt.split('.');
    const forged = JSON.parse(atob(payload!.replace(/-/g, '+').replace(/_/g, '/'))) as Record<string, unknown>;
    forged.cat = { necessary: true, analytics: true, marketing: true };
    const forgedPayload = btoa(JSON.stringify(forged)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    expect(await verifyReceipt(`${header}.${forgedPayload}.${signature}`, jwks)).toBeNull();
  });
});
