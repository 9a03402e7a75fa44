import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv } from './env.js';
import { handleError, notFoundHandler } from './errors.js';
import { openApiDocument } from './openapi.js';
import { authenticate } from './middleware/admin-auth.js';
import { enforceSiteOrigin, loadSite, siteCors } from './middleware/site.js';
import { adminAuditRoutes } from './routes/admin/audit.js';
import { adminConfigRoutes } from './routes/admin/config.js';
import { adminKeyRoutes } from './routes/admin/keys.js';
import { adminLedgerRoutes } from './routes/admin/ledger.js';
import { adminLedgerImportRoutes, adminLedgerProofRoutes } from './routes/admin/ledger-proof.js';
import { adminNoticeRoutes } from './routes/admin/notices.js';
import { adminRightsRequestRoutes } from './routes/admin/rights-requests.js';
import { adminSiteRoutes } from './routes/admin/sites.js';
import { configRoutes } from './routes/config.js';
import { consentRoutes } from './routes/consents.js';
import { devOutboxRoutes } from './routes/dev-outbox.js';
import { noticeRoutes } from './routes/notice.js';
import { rightsRequestRoutes } from './routes/rights-requests.js';
import { wellKnownRoutes } from './routes/well-known.js';

/** The whole HTTP API; each resource lives in its own route module. */
export const app = new Hono<AppEnv>()
  // Responses are read cross-origin by client sites (CORS decides who), so CORP must allow it.
  .use(secureHeaders({ crossOriginResourcePolicy: 'cross-origin', crossOriginOpenerPolicy: false }))
  .route('/.well-known', wellKnownRoutes)
  .get('/v1/openapi.json', (c) => {
    c.header('Access-Control-Allow-Origin', '*');
    return c.json(openApiDocument());
  })
  .route('/v1/dev/outbox', devOutboxRoutes)
  .use('/v1/sites/:siteId/*', loadSite, enforceSiteOrigin, siteCors)
  .route('/v1/sites/:siteId/config', configRoutes)
  .route('/v1/sites/:siteId/consents', consentRoutes)
  .route('/v1/sites/:siteId/rights-requests', rightsRequestRoutes)
  .route('/v1/sites/:siteId/notice', noticeRoutes)
  .use('/v1/admin/*', async (c, next) => {
    // Set first, so error answers (401/403) are not cached either.
    c.header('Cache-Control', 'no-store');
    await next();
  }, authenticate)
  .route('/v1/admin/sites', adminSiteRoutes)
  .route('/v1/admin/sites/:siteId/keys', adminKeyRoutes)
  .route('/v1/admin/sites/:siteId/config', adminConfigRoutes)
  .route('/v1/admin/sites/:siteId/audit', adminAuditRoutes)
  .route('/v1/admin/sites/:siteId/rights-requests', adminRightsRequestRoutes)
  .route('/v1/admin/sites/:siteId/notices', adminNoticeRoutes)
  .route('/v1/admin/sites/:siteId/ledger', adminLedgerProofRoutes)
  .route('/v1/admin/sites/:siteId', adminLedgerRoutes)
  .route('/v1/admin/ledger', adminLedgerImportRoutes)
  .onError(handleError);

app.notFound(notFoundHandler(app.routes));
