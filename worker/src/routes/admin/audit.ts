import { Hono } from 'hono';
import { AuditQuerySchema } from '@novoaigen/consent-schema';
import { listAudit } from '../../db/audit-log.js';
import type { AppEnv } from '../../env.js';
import { requireSiteRole } from '../../middleware/admin-auth.js';
import { valid } from '../../validation.js';

/** `GET /v1/admin/sites/:siteId/audit` (admin): every admin action and purge, oldest first. */
export const adminAuditRoutes = new Hono<AppEnv>().get('/', requireSiteRole('admin'), valid('query', AuditQuerySchema), async (c) => {
  const query = c.req.valid('query');
  const limit = query.limit ?? 100;
  const entries = await listAudit(c.env.DB, c.get('site').id, Number(query.cursor ?? 0), limit);
  const last = entries[entries.length - 1];
  return c.json({ items: entries, nextCursor: entries.length === limit && last ? String(last.seq) : null });
});
