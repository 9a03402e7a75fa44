import { Hono } from 'hono';
import type { AppEnv } from './env.js';
import { handleError, handleNotFound } from './errors.js';
import { enforceSiteOrigin, loadSite, siteCors } from './middleware/site.js';
import { configRoutes } from './routes/config.js';
import { consentRoutes } from './routes/consents.js';

/** The whole HTTP API; each resource lives in its own route module. */
export const app = new Hono<AppEnv>()
  .use('/v1/sites/:siteId/*', loadSite, enforceSiteOrigin, siteCors)
  .route('/v1/sites/:siteId/config', configRoutes)
  .route('/v1/sites/:siteId/consents', consentRoutes)
  .notFound(handleNotFound)
  .onError(handleError);
