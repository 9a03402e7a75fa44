import { Hono } from 'hono';
import { etag } from 'hono/etag';
import { findNoticeSummary } from '../db/notices.js';
import { findLatestConfig } from '../db/sites.js';
import type { AppEnv } from '../env.js';
import { AppError } from '../errors.js';

/**
 * Browsers and shared caches may reuse the config for five minutes, then revalidate with the ETag
 * (a 304 costs no body). A revision bump therefore reaches every visitor within minutes.
 */
const CACHE_CONTROL = 'public, max-age=300, stale-while-revalidate=86400';

/** `GET /v1/sites/:siteId/config`: the site's public config as published, with its current notice in brief. */
export const configRoutes = new Hono<AppEnv>().get('/', etag(), async (c) => {
  const site = c.get('site');
  const latest = await findLatestConfig(c.env.DB, site.id);
  if (!latest) throw new AppError(404, 'site_not_found', `Site "${site.id}" has not published a config yet.`);
  const notice = await findNoticeSummary(c.env.DB, site.id, latest.config.locale);
  c.header('Cache-Control', CACHE_CONTROL);
  return c.json(notice ? { ...latest.config, notice } : latest.config);
});
