import { SiteIdSchema } from '@novoaigen/consent-schema';
import { createMiddleware } from 'hono/factory';
import { cors } from 'hono/cors';
import type { AppEnv } from '../env.js';
import { AppError } from '../errors.js';
import { siteCatalogue } from '../services/site-cache.js';

/**
 * Resolves `:siteId` to a site, or answers 404. Every route below it reads `c.get('site')`, so no
 * handler can reach another tenant's data by forgetting a check. Public routes only: the site
 * comes from the isolate's cache (services/site-cache.ts), seconds old at most.
 */
export const loadSite = createMiddleware<AppEnv>(async (c, next) => {
  const siteId = c.req.param('siteId') ?? '';
  const site = SiteIdSchema.safeParse(siteId).success ? (await siteCatalogue(c.env.DB, siteId))?.site : null;
  if (!site) {
    // Readable from any origin, so an SDK with a mistyped data-site can report the real cause.
    c.header('Access-Control-Allow-Origin', '*');
    throw new AppError(404, 'site_not_found', `There is no site with id "${siteId.slice(0, 64)}".`);
  }
  c.set('site', site);
  await next();
});

/**
 * Browsers send `Origin` on every cross-origin call; one that the site did not allow is refused
 * before anything is read or written. Calls without `Origin` (servers, curl) are not browsers and
 * CORS does not apply to them.
 */
export const enforceSiteOrigin = createMiddleware<AppEnv>(async (c, next) => {
  const origin = c.req.header('Origin');
  // The worker's own pages (the download page of a rights-request answer) call it from its own origin.
  if (origin !== undefined && origin !== new URL(c.req.url).origin && !c.get('site').allowedOrigins.includes(origin)) {
    throw new AppError(403, 'origin_not_allowed', `Origin ${origin.slice(0, 200)} may not call this site's API.`);
  }
  await next();
});

/** CORS headers for the site's allowed origins (preflights included). */
export const siteCors = cors({
  origin: (origin, c) => ((c.get('site') as AppEnv['Variables']['site']).allowedOrigins.includes(origin) ? origin : null),
  allowMethods: ['GET', 'POST'],
  allowHeaders: ['Content-Type'],
  exposeHeaders: ['ETag'],
  maxAge: 86400,
});
