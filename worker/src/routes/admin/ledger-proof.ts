import { LedgerImportStepSchema } from '@novoaigen/consent-schema';
import { Hono } from 'hono';
import { countLegacyEventsAfter, countLegacyEventsBySite, findImportCursor } from '../../db/legacy-ledger.js';
import { listCheckpoints } from '../../db/ledger-checkpoints.js';
import { findSite } from '../../db/sites.js';
import type { AppEnv } from '../../env.js';
import { sitePurges } from '../../ledger/checkpoints.js';
import { importD1Step } from '../../ledger/import-d1.js';
import { allShards, shard } from '../../ledger/ledger.js';
import { requireRoot, requireSiteRole } from '../../middleware/admin-auth.js';
import { jsonBody } from '../../middleware/json-body.js';

/** Rows per import step unless the request says otherwise. */
const DEFAULT_IMPORT_STEP = 500;
const MAX_IMPORT_BODY_BYTES = 1024;

/**
 * `/v1/admin/sites/:siteId/ledger/checkpoints`: what a third party needs, besides an export and the
 * JWKS, to verify the site's ledger (`npm run ledger:verify`): every signed checkpoint with its
 * claims, and every purge record of the site's shards.
 */
export const adminLedgerProofRoutes = new Hono<AppEnv>().get('/checkpoints', requireSiteRole('viewer'), async (c) => {
  const site = c.get('site');
  const [checkpoints, purges] = await Promise.all([listCheckpoints(c.env.DB, site.id), sitePurges(c.env, site)]);
  return c.json({ checkpoints, purges });
});

/**
 * `/v1/admin/ledger/migrate` (root): moving the D1 ledger of every site into the shards, one
 * resumable step per POST (`npm run ledger:migrate` repeats them), and where it stands (GET): rows
 * left, and per site the D1 rows beside the rows its shards hold (decisions recorded since the
 * switch included, so a shard total is at least the D1 count once the import is done).
 */
export const adminLedgerImportRoutes = new Hono<AppEnv>()
  .post('/migrate', requireRoot, ...jsonBody(LedgerImportStepSchema, MAX_IMPORT_BODY_BYTES), async (c) => {
    return c.json(await importD1Step(c.env, c.req.valid('json').limit ?? DEFAULT_IMPORT_STEP));
  })
  .get('/migrate', requireRoot, async (c) => {
    const [lastSeq, bySite] = await Promise.all([findImportCursor(c.env.DB), countLegacyEventsBySite(c.env.DB)]);
    const sites = await Promise.all(
      [...bySite].map(async ([siteId, d1Rows]) => {
        const site = await findSite(c.env.DB, siteId);
        const heads = site ? await Promise.all(allShards(site).map((index) => shard(c.env, siteId, index).head())) : [];
        return { siteId, d1Rows, shardRows: heads.map((head, index) => ({ shard: index, count: head.count, position: head.position })) };
      }),
    );
    return c.json({ lastSeq, remaining: await countLegacyEventsAfter(c.env.DB, lastSeq), sites });
  });
