import { auditStatement } from '../db/audit-log.js';
import { listOpenDueBefore } from '../db/rights-requests.js';
import { findSite, listSiteIds, siteSeal } from '../db/sites.js';
import { privacyContactEmails } from '../email/messages.js';
import { createMailer } from '../email/mailer.js';
import type { Bindings } from '../env.js';
import { DataCipher } from '../security/data-cipher.js';

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

/** What one run flagged for one site. */
export interface DigestReport {
  siteId: string;
  dueSoon: number;
  overdue: number;
}

/**
 * Daily: for each site, the open requests that are overdue or due within 7 days, emailed to the
 * site's privacy contact as one digest (references, types and dates only) and counted in the audit log.
 */
export async function sendDeadlineDigests(env: Bindings, now: Date): Promise<DigestReport[]> {
  const reports: DigestReport[] = [];
  const cipher = new DataCipher(env);
  for (const siteId of await listSiteIds(env.DB)) {
    const due = await listOpenDueBefore(env.DB, siteId, new Date(now.getTime() + WEEK_MS).toISOString());
    if (due.length === 0) continue;
    const overdue = due.filter((request) => Date.parse(request.dueAt) < now.getTime());
    const site = await findSite(env.DB, siteId);
    if (site?.forwarding.privacyEmailSealed) {
      const lines = due.map((request) => `- ${request.id} (${request.type}, ${request.status}) due ${request.dueAt.slice(0, 10)}${overdue.includes(request) ? ' OVERDUE' : ''}`);
      await createMailer(env).send(privacyContactEmails.digest(await cipher.decrypt(site.forwarding.privacyEmailSealed, siteSeal(site.id, 'privacy_email_enc')), site.name, lines));
    }
    const report = { siteId, dueSoon: due.length - overdue.length, overdue: overdue.length };
    await auditStatement(env.DB, { siteId, actor: 'system', action: 'requests.deadline_digest', target: null, details: { ...report, emailed: Boolean(site?.forwarding.privacyEmailSealed) }, at: now.toISOString() }).run();
    reports.push(report);
  }
  return reports;
}
