import type { LedgerEntry } from '@novoaigen/consent-schema';
import { ledgerEntryFromRow, type LedgerEntryRow } from './ledger-entry-row.js';

/** A decision of the D1 ledger (`consent_events`, as migrations 0001–0011 left it), with its place there. */
export interface LegacyEvent extends LedgerEntry {
  seq: number;
  siteId: string;
}

interface LegacyRow extends LedgerEntryRow {
  seq: number;
  site_id: string;
}

/** Up to `limit` decisions of every site after `afterSeq`, in the order D1 recorded them. */
export async function listLegacyEvents(db: D1Database, afterSeq: number, limit: number): Promise<LegacyEvent[]> {
  const { results } = await db
    .prepare(
      `SELECT seq, site_id, receipt_id, event_id, subject_id, categories, revision, config_version, notice_version, method, gpc,
              locale, region, regime, occurred_at, recorded_at, user_agent, country, payload_hash, wording_hash
         FROM consent_events WHERE seq > ? ORDER BY seq LIMIT ?`,
    )
    .bind(afterSeq, limit)
    .all<LegacyRow>();
  return results.map((row) => ({ ...ledgerEntryFromRow(row), seq: row.seq, siteId: row.site_id }));
}

/** Decisions of the D1 ledger after `afterSeq`: what an import has yet to move. */
export async function countLegacyEventsAfter(db: D1Database, afterSeq: number): Promise<number> {
  const row = await db.prepare('SELECT count(*) AS n FROM consent_events WHERE seq > ?').bind(afterSeq).first<{ n: number }>();
  return row?.n ?? 0;
}

/** Decisions of the D1 ledger per site, to compare with the shards' counts. */
export async function countLegacyEventsBySite(db: D1Database): Promise<Map<string, number>> {
  const { results } = await db.prepare('SELECT site_id, count(*) AS n FROM consent_events GROUP BY site_id').all<{ site_id: string; n: number }>();
  return new Map(results.map((row) => [row.site_id, row.n]));
}

/** The last `seq` the import moved (0 before it starts). */
export async function findImportCursor(db: D1Database): Promise<number> {
  const row = await db.prepare('SELECT last_seq FROM ledger_import_cursor WHERE id = 1').first<{ last_seq: number }>();
  return row?.last_seq ?? 0;
}

export async function saveImportCursor(db: D1Database, lastSeq: number): Promise<void> {
  await db
    .prepare(
      `INSERT INTO ledger_import_cursor (id, last_seq, updated_at) VALUES (1, ?1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
       ON CONFLICT (id) DO UPDATE SET last_seq = max(last_seq, excluded.last_seq), updated_at = excluded.updated_at`,
    )
    .bind(lastSeq)
    .run();
}
