import { SiteConfigDraftSchema } from '@novoaigen/consent-schema';
import { Hono } from 'hono';
import { findLatestConfig, insertConfigVersionStatement } from '../../db/sites.js';
import type { AppEnv } from '../../env.js';
import { AppError } from '../../errors.js';
import { requireSiteRole } from '../../middleware/admin-auth.js';
import { jsonBody } from '../../middleware/json-body.js';
import { nextSiteConfig } from '../../services/site-config-publishing.js';
import { forgetSite } from '../../services/site-cache.js';
import { audited } from './audit-context.js';

/** Room for the site's own words in many languages (`messages`, category `i18n`). */
const MAX_CONFIG_BODY_BYTES = 256 * 1024;

/**
 * `GET /v1/admin/sites/:siteId/config` (viewer): the latest config as published, every language
 * and region rule included (the public route serves one visitor's view of it);
 * `PUT …/config` (admin): publish a new immutable config version.
 */
export const adminConfigRoutes = new Hono<AppEnv>()
  .get('/', requireSiteRole('viewer'), async (c) => {
    const latest = await findLatestConfig(c.env.DB, c.get('site').id);
    if (!latest) throw new AppError(404, 'not_found', 'This site has not published a config yet.');
    return c.json({ version: latest.version, revision: latest.revision, publishedAt: latest.publishedAt, config: latest.config });
  })
  .put('/', requireSiteRole('admin'), ...jsonBody(SiteConfigDraftSchema, MAX_CONFIG_BODY_BYTES), async (c) => {
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
    forgetSite(site.id);
    return c.json({ version: config.version, revision: config.revision, config }, 201);
  });
