import { LedgerQuerySchema, OpaqueIdSchema } from '@novoaigen/consent-schema';
import { Hono } from 'hono';
import { eraseSubjectStatements, type LedgerFilter, listLedger } from '../../db/consent-events.js';
import { findConfigVersions } from '../../db/sites.js';
import type { AppEnv } from '../../env.js';
import { AppError } from '../../errors.js';
import { requireSiteRole } from '../../middleware/admin-auth.js';
import { DataCipher } from '../../security/data-cipher.js';
import { ledgerExportStream } from '../../services/ledger-export.js';
import { signReceipt } from '../../services/receipts.js';
import { valid } from '../../validation.js';
import { audited } from './audit-context.js';

const DEFAULT_PAGE_SIZE = 100;

function subjectParam(value: string): string {
  if (!OpaqueIdSchema.safeParse(value).success) {
    throw new AppError(400, 'validation_failed', 'The subject id is not valid.', [{ path: 'subjectId', message: 'must be 16–64 letters, digits, `_` or `-`' }]);
  }
  return value;
}

/** `/v1/admin/sites/:siteId/…`: the ledger (page or stream), proofs of consent, and erasure of a subject. */
export const adminLedgerRoutes = new Hono<AppEnv>()
  .get('/consents', requireSiteRole('viewer'), valid('query', LedgerQuerySchema), async (c) => {
    const query = c.req.valid('query');
    const site = c.get('site');
    const filter: LedgerFilter = { from: query.from ?? null, to: query.to ?? null, subjectId: query.subjectId ?? null };
    if (query.format === 'csv' || query.format === 'jsonl') {
      const csv = query.format === 'csv';
      return c.body(ledgerExportStream(c.env.DB, site.id, filter, query.format), 200, {
        'Content-Type': csv ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
        'Content-Disposition': `attachment; filename="consents-${site.id}.${query.format}"`,
      });
    }
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await listLedger(c.env.DB, site.id, filter, Number(query.cursor ?? 0), limit);
    const last = rows[rows.length - 1];
    return c.json({
      items: rows.map(({ seq: _seq, ...entry }) => entry),
      nextCursor: rows.length === limit && last ? String(last.seq) : null,
    });
  })
  .get('/consents/:subjectId/proof', requireSiteRole('viewer'), async (c) => {
    const site = c.get('site');
    const subjectId = subjectParam(c.req.param('subjectId'));
    const events = (await listLedger(c.env.DB, site.id, { from: null, to: null, subjectId }, 0, 10_000)).map(({ seq: _seq, ...entry }) => entry);
    if (events.length === 0) throw new AppError(404, 'subject_not_found', 'No consent has been recorded for this subject on this site.');
    const versions = await findConfigVersions(c.env.DB, site.id, [...new Set(events.map((event) => event.configVersion))]);
    return c.json({
      siteId: site.id,
      subjectId,
      generatedAt: new Date().toISOString(),
      events: await Promise.all(events.map(async (event) => ({ ...event, receipt: await signReceipt(c.env, new URL(c.req.url).origin, site.id, event) }))),
      // What the visitor was shown for each decision: the config exactly as it was published.
      configVersions: versions.map(({ version, revision, publishedAt, json }) => ({ version, revision, publishedAt, config: JSON.parse(json) as unknown })),
    });
  })
  .delete('/subjects/:subjectId', requireSiteRole('operator'), async (c) => {
    const site = c.get('site');
    const subjectId = subjectParam(c.req.param('subjectId'));
    const target = `subject:${(await new DataCipher(c.env).lookupHash(`${site.id}:${subjectId}`)).slice(0, 32)}`;
    const results = await c.env.DB.batch([...eraseSubjectStatements(c.env.DB, site.id, subjectId), audited(c, 'subject.erase', target)]);
    const erased = results[1]?.meta.changes ?? 0;
    return c.json({ erasedConsentEvents: erased });
  });
