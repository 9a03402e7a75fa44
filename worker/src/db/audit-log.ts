/** One audited action. `details` must never carry personal data. */
export interface AuditEntry {
  siteId: string;
  actor: string;
  action: string;
  target: string | null;
  details: Record<string, unknown> | null;
  at: string;
}

export interface StoredAuditEntry extends AuditEntry {
  seq: number;
}

interface AuditRow {
  seq: number;
  site_id: string;
  actor: string;
  action: string;
  target: string | null;
  details: string | null;
  at: string;
}

/** The statement that records an action; batch it with the action itself so both happen or neither. */
export function auditStatement(db: D1Database, entry: AuditEntry): D1PreparedStatement {
  return db
    .prepare('INSERT INTO audit_log (site_id, actor, action, target, details, at) VALUES (?, ?, ?, ?, ?, ?)')
    .bind(entry.siteId, entry.actor, entry.action, entry.target, entry.details ? JSON.stringify(entry.details) : null, entry.at);
}

/** A page of the site's audit log, oldest first, after the given sequence number. */
export async function listAudit(db: D1Database, siteId: string, afterSeq: number, limit: number): Promise<StoredAuditEntry[]> {
  const { results } = await db
    .prepare('SELECT * FROM audit_log WHERE site_id = ? AND seq > ? ORDER BY seq LIMIT ?')
    .bind(siteId, afterSeq, limit)
    .all<AuditRow>();
  return results.map((row) => ({
    seq: row.seq,
    siteId: row.site_id,
    actor: row.actor,
    action: row.action,
    target: row.target,
    details: row.details ? (JSON.parse(row.details) as Record<string, unknown>) : null,
    at: row.at,
  }));
}

/** Deletes up to `limit` entries older than `before`; returns how many went. */
export async function purgeAudit(db: D1Database, siteId: string, before: string, limit: number): Promise<number> {
  const result = await db
    .prepare('DELETE FROM audit_log WHERE seq IN (SELECT seq FROM audit_log WHERE site_id = ? AND at < ? ORDER BY seq LIMIT ?)')
    .bind(siteId, before, limit)
    .run();
  return result.meta.changes;
}
