import { SiteConfigDraftSchema } from '@novo-consent/schema';
import { Hono } from 'hono';
import { findLatestConfig, insertConfigVersionStatement } from '../../db/sites.js';
import type { AppEnv } from '../../env.js';
import { AppError } from '../../errors.js';
import { requireSiteRole } from '../../middleware/admin-auth.js';
import { jsonBody } from '../../middleware/json-body.js';
import { nextSiteConfig } from '../../services/site-config-publishing.js';
import { audited } from './audit-context.js';

/** `PUT /v1/admin/sites/:siteId/config` (admin): publish a new immutable config version. */
export const adminConfigRoutes = new Hono<AppEnv>().put('/', requireSiteRole('admin'), ...jsonBody(SiteConfigDraftSchema, 64 * 1024), async (c) => {
  const site = c.get('site');
  const latest = await findLatestConfig(c.env.DB, site.id);
  const config = nextSiteConfig(site.id, latest, c.req.valid('json'));
  try {
    await c.env.DB.batch([
      insertConfigVersionStatement(c.env.DB, config),
      audited(c, 'config.publish', `version:${config.version}`, { version: config.version, revision: config.revision }),
    ]);
  } catch (error) {
    if (String(error).includes('UNIQUE')) throw new AppError(409, 'conflict', 'Another config was published at the same moment; publish again.');
    throw error;
  }
  return c.json({ version: config.version, revision: config.revision, config }, 201);
});
