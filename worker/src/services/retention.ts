import { auditStatement, purgeAudit } from '../db/audit-log.js';
import { deleteRequestStatements, listClosedBefore } from '../db/rights-requests.js';
import { findSite, listSiteIds } from '../db/sites.js';
import type { Bindings } from '../env.js';
import { purgeSite } from '../ledger/ledger.js';

/** Rows deleted per statement, and statements per site per run: a run stays well inside a Worker's limits. */
export const PURGE_BATCH_SIZE = 500;
export const PURGE_MAX_BATCHES = 20;

/** What one run removed from one site. */
export interface PurgeReport {
  siteId: string;
  consentEvents: number;
  rightsRequests: number;
  auditEntries: number;
}

function monthsBefore(now: Date, months: number): string {
  const date = new Date(now);
  date.setUTCMonth(date.getUTCMonth() - months);
  return date.toISOString();
}

/**
 * Deletes, site by site, what is past the site's retention at `now`: consent decisions 12 months
 * (by default) after they ended, closed rights requests 12 months after they were closed (with
 * their answer package), audit entries 7 years after they were written. Works in bounded
 * batches (what is left goes on the next run) and records each purge in the site's audit log.
 */
export async function purgeExpiredData(env: Bindings, now: Date): Promise<PurgeReport[]> {
  const { DB: db, RESPONSES: responses } = env;
  const reports: PurgeReport[] = [];
  for (const siteId of await listSiteIds(db)) {
    const site = await findSite(db, siteId);
    if (!site) continue;
    const consentCutoff = monthsBefore(now, site.retention.consentMonths);
    const auditCutoff = monthsBefore(now, site.retention.auditYears * 12);
    const requestCutoff = monthsBefore(now, site.retention.requestMonths);
    const consentEvents = await purgeSite(env, site, consentCutoff);
    let rightsRequests = 0;
    let auditEntries = 0;
    // Closed rights requests, with their history, forwarding attempts and answer package.
    for (let batch = 0; batch < PURGE_MAX_BATCHES; batch++) {
      const ids = await listClosedBefore(db, siteId, requestCutoff, 50);
      if (ids.length > 0) {
        await db.batch(ids.flatMap((id) => deleteRequestStatements(db, siteId, id)));
        await responses.delete(ids.map((id) => `${siteId}/${id}`));
      }
      rightsRequests += ids.length;
      if (ids.length < 50) break;
    }
    for (let batch = 0; batch < PURGE_MAX_BATCHES; batch++) {
      const deleted = await purgeAudit(db, siteId, auditCutoff, PURGE_BATCH_SIZE);
      auditEntries += deleted;
      if (deleted < PURGE_BATCH_SIZE) break;
    }
    if (consentEvents + rightsRequests + auditEntries > 0) {
      await auditStatement(db, {
        siteId,
        actor: 'system',
        action: 'retention.purge',
        target: null,
        details: { consentEvents, rightsRequests, auditEntries, consentCutoff, requestCutoff, auditCutoff },
        at: now.toISOString(),
      }).run();
    }
    reports.push({ siteId, consentEvents, rightsRequests, auditEntries });
  }
  return reports;
}
