import { type LedgerEntry, LedgerQuerySchema, OpaqueIdSchema } from '@novoaigen/consent-schema';
import { Hono } from 'hono';
import { type ConfigVersion, findConfigVersions } from '../../db/sites.js';
import type { AppEnv } from '../../env.js';
import { AppError } from '../../errors.js';
import { eraseArchivedSubject, subjectEventsWithArchive } from '../../ledger/archive.js';
import { eraseSubject, type LedgerFilter, ledgerPage } from '../../ledger/ledger.js';
import { requireSiteRole } from '../../middleware/admin-auth.js';
import { DataCipher } from '../../security/data-cipher.js';
import { ledgerExportStream } from '../../services/ledger-export.js';
import { signReceipt } from '../../services/receipts.js';
import { shownWording, wordingHash } from '../../services/visitor-config.js';
import { valid } from '../../validation.js';
import { audited } from './audit-context.js';

const DEFAULT_PAGE_SIZE = 100;

function subjectParam(value: string): string {
  if (!OpaqueIdSchema.safeParse(value).success) {
    throw new AppError(400, 'validation_failed', 'The subject id is not valid.', [{ path: 'subjectId', message: 'must be 16–64 letters, digits, `_` or `-`' }]);
  }
  return value;
}

/**
 * The words shown under each config version in each language of the events, rebuilt from the
 * published config and the catalogues this worker ships, with their hash to compare with the
 * events' recorded `wordingHash`.
 */
async function wordingShown(versions: ConfigVersion[], events: LedgerEntry[]) {
  const shown = new Map<string, { version: ConfigVersion; locale: string }>();
  for (const event of events) {
    const version = versions.find((v) => v.version === event.configVersion);
    if (version && event.locale !== null) shown.set(`${version.version}|${event.locale}`, { version, locale: event.locale });
  }
  return Promise.all(
    [...shown.values()].map(async ({ version, locale }) => {
      const wording = shownWording(version.config, locale);
      return { configVersion: version.version, ...wording, wordingHash: await wordingHash(wording) };
    }),
  );
}

/** `/v1/admin/sites/:siteId/…`: the ledger (page or stream), proofs of consent, and erasure of a subject. */
export const adminLedgerRoutes = new Hono<AppEnv>()
  .get('/consents', requireSiteRole('viewer'), valid('query', LedgerQuerySchema), async (c) => {
    const query = c.req.valid('query');
    const site = c.get('site');
    const filter: LedgerFilter = { from: query.from ?? null, to: query.to ?? null, subjectId: query.subjectId ?? null };
    if (query.format === 'csv' || query.format === 'jsonl') {
      const csv = query.format === 'csv';
      return c.body(ledgerExportStream(c.env, site, filter, query.format), 200, {
        'Content-Type': csv ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
        'Content-Disposition': `attachment; filename="consents-${site.id}.${query.format}"`,
      });
    }
    return c.json(await ledgerPage(c.env, site, filter, query.cursor, query.limit ?? DEFAULT_PAGE_SIZE));
  })
  .get('/consents/:subjectId/proof', requireSiteRole('viewer'), async (c) => {
    const site = c.get('site');
    const subjectId = subjectParam(c.req.param('subjectId'));
    const events = await subjectEventsWithArchive(c.env, site, subjectId);
    if (events.length === 0) throw new AppError(404, 'subject_not_found', 'No consent has been recorded for this subject on this site.');
    const versions = await findConfigVersions(c.env.DB, site.id, [...new Set(events.map((event) => event.configVersion))]);
    const wording = await wordingShown(versions, events);
    return c.json({
      siteId: site.id,
      subjectId,
      generatedAt: new Date().toISOString(),
      events: await Promise.all(
        events.map(async (event) => ({
          ...event,
          // Whether `wording` below is word for word what this visitor read (null: not recorded).
          wordingAsShown: event.wordingHash === null ? null : wording.some((w) => w.configVersion === event.configVersion && w.wordingHash === event.wordingHash),
          receipt: await signReceipt(c.env, new URL(c.req.url).origin, site.id, event),
        })),
      ),
      // The config exactly as it was published, and the words a visitor read under it per language.
      configVersions: versions.map(({ version, revision, publishedAt, json }) => ({ version, revision, publishedAt, config: JSON.parse(json) as unknown })),
      wording,
    });
  })
  .delete('/subjects/:subjectId', requireSiteRole('operator'), async (c) => {
    const site = c.get('site');
    const subjectId = subjectParam(c.req.param('subjectId'));
    const target = `subject:${(await new DataCipher(c.env).lookupHash(`${site.id}:${subjectId}`)).slice(0, 32)}`;
    // The shards record what they removed; the audit entry follows once the rows are gone.
    const erased = (await eraseSubject(c.env, site, subjectId)) + (await eraseArchivedSubject(c.env, site, subjectId));
    await audited(c, 'subject.erase', target).run();
    return c.json({ erasedConsentEvents: erased });
  });
