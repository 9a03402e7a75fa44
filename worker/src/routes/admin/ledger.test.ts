import { env, runInDurableObject } from 'cloudflare:test';
import { CATALOGUES } from '@novoaigen/consent-schema';
import { describe, expect, it } from 'vitest';
import { admin, appendLedgerRow, consentEvent, createAdminSite, postJson, storedLedger } from '../../../test/fixtures.js';

const categories = (analytics: boolean) => ({ necessary: true, analytics, marketing: false });

/** The cells of one CSV line, quotes undone. */
const csvCells = (line: string) => [...line.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)].map(([, cell]) => (cell!.startsWith('"') ? cell!.slice(1, -1).replace(/""/g, '"') : cell!));

describe('admin ledger routes', () => {
  it('pages through the ledger with filters and a cursor', async () => {
    const site = await createAdminSite('Paging');
    for (let i = 0; i < 5; i++) await postJson(`/v1/sites/${site.siteId}/consents`, consentEvent({ subjectId: `subject-paging-${i}-000000000` }));
    await postJson(`/v1/sites/${site.siteId}/consents`, consentEvent({ subjectId: 'subject-paging-1-000000000', method: 'accept_all', categories: { necessary: true, analytics: true, marketing: true } }));

    const first = await admin(`/v1/admin/sites/${site.siteId}/consents?limit=4`, site.keys.viewer);
    const page1 = (await first.json()) as { items: { subjectId: string }[]; nextCursor: string | null };
    expect(page1.items).toHaveLength(4);
    expect(page1.nextCursor).toBeTruthy();
    const second = await admin(`/v1/admin/sites/${site.siteId}/consents?limit=4&cursor=${page1.nextCursor}`, site.keys.viewer);
    const page2 = (await second.json()) as { items: unknown[]; nextCursor: string | null };
    expect(page2.items).toHaveLength(2);
    expect(page2.nextCursor).toBeNull();

    const bySubject = await admin(`/v1/admin/sites/${site.siteId}/consents?subjectId=subject-paging-1-000000000`, site.keys.viewer);
    expect(((await bySubject.json()) as { items: { method: string }[] }).items.map((e) => e.method)).toEqual(['reject_all', 'accept_all']);

    const bad = await admin(`/v1/admin/sites/${site.siteId}/consents?limit=0&from=yesterday`, site.keys.viewer);
    expect(bad.status).toBe(400);
    const issues = ((await bad.json()) as { error: { issues: { path: string }[] } }).error.issues.map((i) => i.path).sort();
    expect(issues).toEqual(['from', 'limit']);
  });

  it('proves a subject consent across a config change, with the config published each time', async () => {
    const site = await createAdminSite('Proof');
    const subjectId = 'subject-proof-00000000001';
    const first = await postJson(`/v1/sites/${site.siteId}/consents`, consentEvent({ subjectId, categories: categories(false), configVersion: 1 }));
    const firstReceipt = (await first.json()) as { receiptId: string; receipt: string };

    const published = await admin(`/v1/admin/sites/${site.siteId}/config`, site.keys.admin, {
      method: 'PUT',
      json: {
        categories: [
          { id: 'necessary', title: 'Essential', description: 'Runs the site.', required: true },
          { id: 'analytics', title: 'Statistics', description: 'Anonymous statistics, kept 13 months.' },
          { id: 'marketing', title: 'Marketing', description: 'Offers.' },
        ],
        messages: { en: { bannerTitle: 'Cookies, again' } },
      },
    });
    expect(published.status).toBe(201);
    expect(await published.json()).toMatchObject({ version: 2, revision: 2 });

    await postJson(`/v1/sites/${site.siteId}/consents`, consentEvent({ subjectId, revision: 2, configVersion: 2, method: 'toggle', categories: categories(true) }));

    const res = await admin(`/v1/admin/sites/${site.siteId}/consents/${subjectId}/proof`, site.keys.viewer);
    expect(res.status).toBe(200);
    const proof = (await res.json()) as {
      events: { receiptId: string; revision: number; configVersion: number; method: string; recordedAt: string; payloadHash: string }[];
      configVersions: {
        version: number;
        revision: number;
        config: { categories: { id: string; title: string; description: string }[]; messages: Record<string, Record<string, string>> };
      }[];
    };
    expect(proof.events.map((e) => [e.method, e.revision, e.configVersion])).toEqual([
      ['reject_all', 1, 1],
      ['toggle', 2, 2],
    ]);
    expect(proof.events[0]?.receiptId).toBe(firstReceipt.receiptId);
    expect((proof.events[0] as unknown as { receipt: string }).receipt).toBe(firstReceipt.receipt);
    expect(proof.events.every((e) => /^[0-9a-f]{64}$/.test(e.payloadHash) && e.recordedAt)).toBe(true);
    const [v1, v2] = proof.configVersions;
    expect(v1?.config.categories.find((c) => c.id === 'analytics')?.title).toBe('Analytics');
    expect(v2?.config.categories.find((c) => c.id === 'analytics')).toMatchObject({ title: 'Statistics', description: 'Anonymous statistics, kept 13 months.' });
    expect(v2?.config.messages.en?.bannerTitle).toBe('Cookies, again');
  });

  it('shows the words each decision was made on, catalogue included, and whether they are still word for word what was shown', async () => {
    const site = await createAdminSite('Proof wording');
    await admin(`/v1/admin/sites/${site.siteId}/config`, site.keys.admin, {
      method: 'PUT',
      json: {
        languages: ['en', 'de'],
        categories: [
          { id: 'necessary', title: 'Essential', description: 'Runs the site.', required: true, i18n: { de: { title: 'Notwendig', description: 'Betrieb.' } } },
          { id: 'analytics', title: 'Statistics', description: 'Visits.' },
        ],
        messages: { en: { bannerTitle: 'Our cookies' } },
      },
    });
    const subjectId = 'subject-wording-000000001';
    const decide = (locale: string | undefined) =>
      postJson(`/v1/sites/${site.siteId}/consents`, consentEvent({ subjectId, revision: 2, configVersion: 2, locale, categories: { necessary: true, analytics: false } }));
    await decide('en');
    await decide('de');
    await decide(undefined);

    type Proof = {
      events: { locale: string | null; wordingHash: string | null; wordingAsShown: boolean | null }[];
      wording: { configVersion: number; locale: string; wordingHash: string; texts: Record<string, string>; categories: { id: string; title: string }[] }[];
    };
    const proof = (await (await admin(`/v1/admin/sites/${site.siteId}/consents/${subjectId}/proof`, site.keys.viewer)).json()) as Proof;
    const en = proof.wording.find((w) => w.locale === 'en');
    const de = proof.wording.find((w) => w.locale === 'de');
    expect(proof.wording).toHaveLength(2);
    expect(en?.texts.bannerTitle).toBe('Our cookies');
    expect(en?.texts.rejectAll, "the catalogue's words, not only the site's").toBe(CATALOGUES.en.rejectAll);
    expect(de?.texts.bannerTitle).toBe(CATALOGUES.de.bannerTitle);
    expect(de?.categories.find((c) => c.id === 'necessary')?.title).toBe('Notwendig');
    expect(proof.events.map((e) => [e.locale, e.wordingAsShown])).toEqual([
      ['en', true],
      ['de', true],
      [null, null],
    ]);
    expect(proof.events[0]?.wordingHash).toBe(en?.wordingHash);

    // A decision recorded on words that differ from today's rebuild (a catalogue changed since).
    await appendLedgerRow(site.siteId, {
      subjectId,
      categories: { necessary: true, analytics: true },
      revision: 2,
      configVersion: 2,
      method: 'accept_all',
      locale: 'en',
      occurredAt: new Date().toISOString(),
      recordedAt: new Date().toISOString(),
      payloadHash: 'a'.repeat(64),
      wordingHash: 'b'.repeat(64),
    });
    const later = (await (await admin(`/v1/admin/sites/${site.siteId}/consents/${subjectId}/proof`, site.keys.viewer)).json()) as Proof;
    expect(later.events.at(-1)?.wordingAsShown).toBe(false);
  });

  it('shows where each visitor was and the regime applied, in pages, exports and proofs', async () => {
    const site = await createAdminSite('Regions');
    const subjectId = 'subject-region-0000000001';
    await postJson(`/v1/sites/${site.siteId}/consents`, consentEvent({ subjectId, method: 'notice', region: 'US-CO', regime: 'opt-out', categories: categories(true) }));
    await postJson(`/v1/sites/${site.siteId}/consents`, consentEvent({ subjectId, regime: 'opt-in' }));
    const expected = [
      { method: 'notice', region: 'US-CO', regime: 'opt-out' },
      { method: 'reject_all', region: null, regime: 'opt-in' },
    ];

    const page = (await (await admin(`/v1/admin/sites/${site.siteId}/consents`, site.keys.viewer)).json()) as { items: Record<string, unknown>[] };
    expect(page.items).toMatchObject(expected);

    const csv = (await (await admin(`/v1/admin/sites/${site.siteId}/consents?format=csv`, site.keys.viewer)).text()).trim().split('\r\n');
    const header = csvCells(csv[0]!);
    expect(header).toEqual(expect.arrayContaining(['country', 'region', 'regime']));
    const cells = csv.slice(1).map(csvCells);
    expect(cells.map((row) => [row[header.indexOf('region')], row[header.indexOf('regime')]])).toEqual([
      ['US-CO', 'opt-out'],
      ['', 'opt-in'],
    ]);

    const ndjson = await (await admin(`/v1/admin/sites/${site.siteId}/consents?format=jsonl`, site.keys.viewer)).arrayBuffer();
    const jsonl = new TextDecoder().decode(ndjson).trim().split('\n');
    expect(jsonl.map((line) => JSON.parse(line) as unknown)).toMatchObject(expected);

    const proof = (await (await admin(`/v1/admin/sites/${site.siteId}/consents/${subjectId}/proof`, site.keys.viewer)).json()) as { events: { receipt: string }[] };
    expect(proof.events).toMatchObject(expected);
    const claims = JSON.parse(atob(proof.events[0]!.receipt.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as Record<string, unknown>;
    expect(claims).toMatchObject({ reg: 'US-CO', rgm: 'opt-out' });
  });

  it('streams 100 000 ledger rows as CSV and as JSON lines, batch by batch', async () => {
    const site = await createAdminSite('Export');
    // Written inside the shard in one statement: 100 000 appends one by one would take minutes. The
    // chain fields are placeholders, the export does not check them.
    const shard = env.LEDGER.get(env.LEDGER.idFromName(`${site.siteId}:0`));
    await runInDurableObject(shard, (_instance, state) => {
      state.storage.sql.exec(
        `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
         INSERT INTO entries (position, receipt_id, event_id, subject_id, categories, revision, config_version, method, gpc,
                              locale, occurred_at, recorded_at, user_agent, country, payload_hash, prev_hash, row_hash)
         SELECT i, 'r-' || i, 'e-' || i, 'subject-' || printf('%012d', i % 5000), '{"necessary":true,"analytics":false,"marketing":false}',
                1, 1, 'reject_all', 0, 'en', NULL, '2026-01-01T00:00:00.000Z', '=HYPERLINK("http://evil.example")', 'DE', 'h', 'p', 'r'
           FROM n`,
      );
    });

    for (const format of ['csv', 'jsonl'] as const) {
      const res = await admin(`/v1/admin/sites/${site.siteId}/consents?format=${format}`, site.keys.viewer);
      expect(res.status).toBe(200);
      expect(res.headers.get('Content-Length')).toBeNull();
      const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
      let chunks = 0;
      let lines = 0;
      let largestChunk = 0;
      let sample = '';
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks += 1;
        largestChunk = Math.max(largestChunk, value.length);
        lines += value.split('\n').length - 1;
        if (chunks === 2) sample = value.slice(0, 1000);
      }
      expect(lines).toBe(format === 'csv' ? 100_001 : 100_000);
      // Read in batches: many chunks, none anywhere near the size of the whole export.
      expect(chunks).toBeGreaterThanOrEqual(100);
      expect(largestChunk).toBeLessThan(1_000_000);
      if (format === 'csv') expect(sample).toContain(`"'=HYPERLINK(""http://evil.example"")"`);
      else expect(JSON.parse(sample.split('\n')[0]!)).toMatchObject({ method: 'reject_all', userAgent: '=HYPERLINK("http://evil.example")' });
    }
  }, 120_000);

  it('erases a subject: no row of theirs is left, others stay, the erasure is audited without the id', async () => {
    const site = await createAdminSite('Erasure');
    const subjectId = 'subject-erase-me-00000001';
    const keep = 'subject-keep-me-000000001';
    for (const id of [subjectId, subjectId, keep]) await postJson(`/v1/sites/${site.siteId}/consents`, consentEvent({ subjectId: id }));

    const res = await admin(`/v1/admin/sites/${site.siteId}/subjects/${subjectId}`, site.keys.operator, { method: 'DELETE' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ erasedConsentEvents: 2 });

    const rows = await storedLedger(site.siteId);
    expect(rows.filter((row) => row.subjectId === subjectId)).toHaveLength(0);
    expect(rows.filter((row) => row.subjectId === keep)).toHaveLength(1);
    // The shard records what it removed (for the chain's verifier), without the subject's id.
    const purges = await env.LEDGER.get(env.LEDGER.idFromName(`${site.siteId}:0`)).purges();
    expect(purges).toMatchObject([{ reason: 'erasure', positions: [[1, 2]], count: 2 }]);
    expect(JSON.stringify(purges)).not.toContain(subjectId);

    const audit = await admin(`/v1/admin/sites/${site.siteId}/audit`, site.keys.admin);
    const entries = ((await audit.json()) as { items: { action: string; target: string }[] }).items;
    const erasure = entries.find((e) => e.action === 'subject.erase');
    expect(erasure?.target).toMatch(/^subject:[0-9a-f]{32}$/);
    expect(JSON.stringify(entries)).not.toContain(subjectId);
    expect((await admin(`/v1/admin/sites/${site.siteId}/consents/${subjectId}/proof`, site.keys.viewer)).status).toBe(404);
  });
});
