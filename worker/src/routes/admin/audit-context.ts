import type { Context } from 'hono';
import { type AuditEntry, auditStatement } from '../../db/audit-log.js';
import type { AppEnv } from '../../env.js';

/** The audit statement for an action by the calling principal on the route's site. */
export function audited(c: Context<AppEnv>, action: string, target: string | null, details: AuditEntry['details'] = null, siteId = c.get('site').id) {
  return auditStatement(c.env.DB, { siteId, actor: c.get('principal').actor, action, target, details, at: new Date().toISOString() });
}
