import { LocaleSchema, PublishNoticeSchema, type PublishedNotice } from '@novoaigen/consent-schema';
import { Hono } from 'hono';
import { findNotice, insertNoticeStatement } from '../../db/notices.js';
import { findLatestConfig, insertConfigVersionStatement } from '../../db/sites.js';
import type { AppEnv } from '../../env.js';
import { AppError } from '../../errors.js';
import { requireSiteRole } from '../../middleware/admin-auth.js';
import { jsonBody } from '../../middleware/json-body.js';
import { nextSiteConfig } from '../../services/site-config-publishing.js';
import { forgetSite } from '../../services/site-cache.js';
import { audited } from './audit-context.js';

/**
 * `PUT /v1/admin/sites/:siteId/notices/:locale` (admin): publish a new immutable notice version.
 * A material change also publishes a config version with a new consent revision, so every visitor
 * is asked again.
 */
export const adminNoticeRoutes = new Hono<AppEnv>().put('/:locale', requireSiteRole('admin'), ...jsonBody(PublishNoticeSchema, 512 * 1024), async (c) => {
  const site = c.get('site');
  const locale = c.req.param('locale');
  if (!LocaleSchema.safeParse(locale).success) {
    throw new AppError(400, 'validation_failed', 'The locale is not valid.', [{ path: 'locale', message: 'must be a language tag such as `en` or `pt-BR`' }]);
  }
  const body = c.req.valid('json');
  const latest = await findNotice(c.env.DB, site.id, locale, null);
  const notice: PublishedNotice = {
    siteId: site.id,
    locale,
    version: (latest?.version ?? 0) + 1,
    publishedAt: new Date().toISOString(),
    materialChange: body.materialChange,
    document: body.document,
  };
  const statements = [insertNoticeStatement(c.env.DB, notice), audited(c, 'notice.publish', `${locale}:${notice.version}`, { materialChange: notice.materialChange })];
  let revision: number | null = null;
  if (notice.materialChange) {
    const config = await findLatestConfig(c.env.DB, site.id);
    if (config) {
      const { siteId: _site, revision: _revision, version: _version, ...content } = config.config;
      const next = nextSiteConfig(site.id, config, { ...content, requiresNewConsent: true });
      revision = next.revision;
      statements.push(insertConfigVersionStatement(c.env.DB, next));
    }
  }
  try {
    await c.env.DB.batch(statements);
  } catch (error) {
    if (String(error).includes('UNIQUE')) throw new AppError(409, 'conflict', 'Another version was published at the same moment; publish again.');
    throw error;
  }
  forgetSite(site.id);
  return c.json({ locale, version: notice.version, publishedAt: notice.publishedAt, materialChange: notice.materialChange, consentRevision: revision }, 201);
});
