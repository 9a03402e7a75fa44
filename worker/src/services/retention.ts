import { auditStatement, purgeAudit } from '../db/audit-log.js';
import { deleteRequestStatements, listPurgeableBefore } from '../db/rights-requests.js';
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
  unverifiedRequests: number;
  auditEntries: number;
}

const REQUESTS_PER_BATCH = 50;
const HOUR_MS = 60 * 60 * 1000;

function monthsBefore(now: Date, months: number): string {
  const date = new Date(now);
  date.setUTCMonth(date.getUTCMonth() - months);
  return date.toISOString();
}

/** Deletes the site's requests of one kind past `cutoff`, batch by batch, with their history, forwarding attempts and answer package; returns how many. */
async function purgeRequests(db: D1Database, responses: R2Bucket, siteId: string, kind: 'closed' | 'unverified', cutoff: string): Promise<number> {
  let purged = 0;
  for (let batch = 0; batch < PURGE_MAX_BATCHES; batch++) {
    const ids = await listPurgeableBefore(db, siteId, kind, cutoff, REQUESTS_PER_BATCH);
    if (ids.length > 0) {
      await db.batch(ids.flatMap((id) => deleteRequestStatements(db, siteId, id)));
      await responses.delete(ids.map((id) => `${siteId}/${id}`));
    }
    purged += ids.length;
    if (ids.length < REQUESTS_PER_BATCH) break;
  }
  return purged;
}

/**
 * Deletes, site by site, what is past the site's retention at `now`: consent decisions 12 months
 * (by default) after they ended, closed rights requests 12 months after they were closed (with
 * their answer package), rights requests never verified 72 hours after they came in (anyone can
 * submit a name and an address: they are not kept on nobody's word), audit entries 7 years after
 * they were written. Works in bounded batches (what is left goes on the next run) and records
 * each purge in the site's audit log.
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
    const unverifiedCutoff = new Date(now.getTime() - site.retention.unverifiedHours * HOUR_MS).toISOString();
    const consentEvents = await purgeSite(env, site, consentCutoff);
    let auditEntries = 0;
    const rightsRequests = await purgeRequests(db, responses, siteId, 'closed', requestCutoff);
    const unverifiedRequests = await purgeRequests(db, responses, siteId, 'unverified', unverifiedCutoff);
    for (let batch = 0; batch < PURGE_MAX_BATCHES; batch++) {
      const deleted = await purgeAudit(db, siteId, auditCutoff, PURGE_BATCH_SIZE);
      auditEntries += deleted;
      if (deleted < PURGE_BATCH_SIZE) break;
    }
    if (consentEvents + rightsRequests + unverifiedRequests + auditEntries > 0) {
      await auditStatement(db, {
        siteId,
        actor: 'system',
        action: 'retention.purge',
        target: null,
        details: { consentEvents, rightsRequests, unverifiedRequests, auditEntries, consentCutoff, requestCutoff, unverifiedCutoff, auditCutoff },
        at: now.toISOString(),
      }).run();
    }
    reports.push({ siteId, consentEvents, rightsRequests, unverifiedRequests, auditEntries });
  }
  return reports;
}
