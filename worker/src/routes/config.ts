import { Hono } from 'hono';
import { etag } from 'hono/etag';
import { findNoticeSummary } from '../db/notices.js';
import { findLatestConfig } from '../db/sites.js';
import type { AppEnv } from '../env.js';
import { AppError } from '../errors.js';
import { ConfigQuerySchema, languageCandidates, regionFromLocation, type RequestLocation, sendsGpc, visitorConfig } from '../services/visitor-config.js';
import { valid } from '../validation.js';

/**
 * The answer depends on the visitor (language, region, GPC), so only their browser may keep it:
 * for five minutes, then it revalidates with the ETag (a 304 costs no body). A revision bump
 * therefore reaches every visitor within minutes. Language and region are in the URL (or come
 * with the connection); GPC is a header, hence `Vary: Sec-GPC`.
 */
const CACHE_CONTROL = 'private, max-age=300';

/** The notice in brief in the first of `locales` it exists in, as `GET …/notice` falls back to the site's own language. */
async function noticeSummary(db: D1Database, siteId: string, locales: string[]) {
  for (const locale of new Set(locales)) {
    const summary = await findNoticeSummary(db, siteId, locale);
    if (summary) return summary;
  }
  return null;
}

/**
 * `GET /v1/sites/:siteId/config?lang=`: the site's latest config as this visitor gets it (their
 * language, their region's regime, their GPC signal), with the current privacy notice in brief.
 */
export const configRoutes = new Hono<AppEnv>().get('/', valid('query', ConfigQuerySchema), etag(), async (c) => {
  const site = c.get('site');
  const query = c.req.valid('query');
  const latest = await findLatestConfig(c.env.DB, site.id);
  if (!latest) throw new AppError(404, 'site_not_found', `Site "${site.id}" has not published a config yet.`);
  // Locally `request.cf` is Miniflare's placeholder (Austin, Texas), not where anyone is: development
  // takes the region from the query (the demo and the end-to-end tests show every regime from one
  // machine), else the site's fallback region.
  const region =
    c.env.ENVIRONMENT === 'development' ? (query.region ?? null) : regionFromLocation(c.req.raw.cf as RequestLocation | undefined);
  const config = visitorConfig(latest.config, { languages: languageCandidates(query.lang), region, gpc: sendsGpc(c.req.header('Sec-GPC')) });
  const notice = await noticeSummary(c.env.DB, site.id, [config.locale, latest.config.locale]);
  c.header('Cache-Control', CACHE_CONTROL);
  c.header('Vary', 'Sec-GPC', { append: true });
  c.header('Content-Language', config.locale);
  return c.json(notice ? { ...config, notice } : config);
});
