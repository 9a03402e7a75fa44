import {
  type CategoryChoices,
  CategoryChoicesSchema,
  type ConsentMethod,
  type ConsentReceipt,
  type ConsentRegime,
  type ConsentState,
  type LedgerEntry,
} from '@novoaigen/consent-schema';

/** A ledger row about to be written. */
export interface NewConsentEvent {
  receiptId: string;
  siteId: string;
  eventId: string;
  subjectId: string;
  categories: CategoryChoices;
  revision: number;
  configVersion: number;
  noticeVersion: number | null;
  method: ConsentMethod;
  gpc: boolean;
  locale: string | null;
  region: string | null;
  regime: ConsentRegime | null;
  occurredAt: string | null;
  recordedAt: string;
  userAgent: string | null;
  country: string | null;
  payloadHash: string;
  wordingHash: string | null;
}

/**
 * What the ledger already holds for an event id: the facts of its receipt that the event body
 * does not fix (`gpc` may also come from the request's `Sec-GPC` header).
 */
export interface StoredReceipt extends Omit<ConsentReceipt, 'receipt'> {
  payloadHash: string;
  configVersion: number;
  gpc: boolean;
}

interface ReceiptRow {
  receipt_id: string;
  recorded_at: string;
  payload_hash: string;
  config_version: number;
  gpc: number;
}

interface StateRow {
  subject_id: string;
  categories: string;
  revision: number;
  method: ConsentMethod;
  gpc: number;
  occurred_at: string | null;
  recorded_at: string;
}

/**
 * Appends one event unless the site already has an event with that id.
 * Returns true when this call wrote the row.
 */
export async function insertConsentEvent(db: D1Database, event: NewConsentEvent): Promise<boolean> {
  const result = await db
    .prepare(
      `INSERT INTO consent_events
         (receipt_id, site_id, event_id, subject_id, categories, revision, config_version, notice_version, method, gpc,
          locale, region, regime, occurred_at, recorded_at, user_agent, country, payload_hash, wording_hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (site_id, event_id) DO NOTHING`,
    )
    .bind(
      event.receiptId,
      event.siteId,
      event.eventId,
      event.subjectId,
      JSON.stringify(event.categories),
      event.revision,
      event.configVersion,
      event.noticeVersion,
      event.method,
      event.gpc ? 1 : 0,
      event.locale,
      event.region,
      event.regime,
      event.occurredAt,
      event.recordedAt,
      event.userAgent,
      event.country,
      event.payloadHash,
      event.wordingHash,
    )
    .run();
  return result.meta.changes === 1;
}

export async function findReceipt(db: D1Database, siteId: string, eventId: string): Promise<StoredReceipt | null> {
  const row = await db
    .prepare('SELECT receipt_id, recorded_at, payload_hash, config_version, gpc FROM consent_events WHERE site_id = ? AND event_id = ?')
    .bind(siteId, eventId)
    .first<ReceiptRow>();
  return row
    ? { receiptId: row.receipt_id, recordedAt: row.recorded_at, payloadHash: row.payload_hash, configVersion: row.config_version, gpc: row.gpc === 1 }
    : null;
}

/**
 * The subject's most recent decision. Events queued offline can arrive out of order, so "most recent"
 * is by when the visitor chose (the browser's clock, one clock per subject), then by arrival.
 */
export async function findLatestState(db: D1Database, siteId: string, subjectId: string): Promise<ConsentState | null> {
  const row = await db
    .prepare(
      `SELECT subject_id, categories, revision, method, gpc, occurred_at, recorded_at
         FROM consent_events
        WHERE site_id = ? AND subject_id = ?
        ORDER BY COALESCE(occurred_at, recorded_at) DESC, seq DESC
        LIMIT 1`,
    )
    .bind(siteId, subjectId)
    .first<StateRow>();
  if (!row) return null;
  return {
    subjectId: row.subject_id,
    categories: CategoryChoicesSchema.parse(JSON.parse(row.categories)),
    revision: row.revision,
    method: row.method,
    gpc: row.gpc === 1,
    updatedAt: row.occurred_at ?? row.recorded_at,
  };
}

interface LedgerRow {
  seq: number;
  receipt_id: string;
  event_id: string;
  subject_id: string;
  categories: string;
  revision: number;
  config_version: number;
  notice_version: number | null;
  method: ConsentMethod;
  gpc: number;
  locale: string | null;
  region: string | null;
  regime: ConsentRegime | null;
  occurred_at: string | null;
  recorded_at: string;
  user_agent: string | null;
  country: string | null;
  payload_hash: string;
  wording_hash: string | null;
}

/** A ledger row with its position, for cursors. */
export interface LedgerPageEntry extends LedgerEntry {
  seq: number;
}

const toEntry = (row: LedgerRow): LedgerPageEntry => ({
  seq: row.seq,
  receiptId: row.receipt_id,
  eventId: row.event_id,
  subjectId: row.subject_id,
  categories: CategoryChoicesSchema.parse(JSON.parse(row.categories)),
  revision: row.revision,
  configVersion: row.config_version,
  noticeVersion: row.notice_version,
  method: row.method,
  gpc: row.gpc === 1,
  locale: row.locale,
  occurredAt: row.occurred_at,
  recordedAt: row.recorded_at,
  userAgent: row.user_agent,
  country: row.country,
  region: row.region,
  regime: row.regime,
  payloadHash: row.payload_hash,
  wordingHash: row.wording_hash,
});

/** Filters of a ledger listing; null means "any". */
export interface LedgerFilter {
  from: string | null;
  to: string | null;
  subjectId: string | null;
}

/** Up to `limit` ledger rows of the site after `afterSeq`, in the order they were recorded. */
export async function listLedger(db: D1Database, siteId: string, filter: LedgerFilter, afterSeq: number, limit: number): Promise<LedgerPageEntry[]> {
  const { results } = await db
    .prepare(
      `SELECT seq, receipt_id, event_id, subject_id, categories, revision, config_version, notice_version, method, gpc, locale,
              occurred_at, recorded_at, user_agent, country, region, regime, payload_hash, wording_hash
         FROM consent_events
        WHERE site_id = ?1 AND seq > ?2
          AND (?3 IS NULL OR recorded_at >= ?3)
          AND (?4 IS NULL OR recorded_at < ?4)
          AND (?5 IS NULL OR subject_id = ?5)
        ORDER BY seq
        LIMIT ?6`,
    )
    .bind(siteId, afterSeq, filter.from, filter.to, filter.subjectId, limit)
    .all<LedgerRow>();
  return results.map(toEntry);
}

/**
 * The statements that erase every ledger row of one subject: open a delete grant, delete, close the
 * grant. Run them in one batch (a transaction) so the grant never outlives the erasure.
 */
export function eraseSubjectStatements(db: D1Database, siteId: string, subjectId: string): D1PreparedStatement[] {
  return [
    db.prepare('INSERT INTO ledger_delete_grants (site_id, subject_id) VALUES (?, ?)').bind(siteId, subjectId),
    db.prepare('DELETE FROM consent_events WHERE site_id = ? AND subject_id = ?').bind(siteId, subjectId),
    db.prepare('DELETE FROM ledger_delete_grants WHERE site_id = ? AND subject_id = ?').bind(siteId, subjectId),
  ];
}

/**
 * The statements that delete up to `limit` rows whose retention ended before `cutoff`: a decision
 * ends when the subject's next decision replaces it or when it expires: its config's `expiryDays`
 * after it was recorded, or `refusalExpiryDays` when it refused any category (the SDK stores every
 * required category as granted, so any `false` is a refusal). Same grant pattern as an erasure; the
 * delete is the batch's second result.
 */
export function purgeLedgerStatements(db: D1Database, siteId: string, cutoff: string, limit: number): D1PreparedStatement[] {
  return [
    db.prepare('INSERT INTO ledger_delete_grants (site_id, recorded_before) VALUES (?, ?)').bind(siteId, cutoff),
    db
      .prepare(
        `DELETE FROM consent_events WHERE seq IN (
           SELECT e.seq FROM consent_events e
             JOIN site_config_versions v ON v.site_id = e.site_id AND v.version = e.config_version
            WHERE e.site_id = ?1 AND e.recorded_at < ?2
              AND (EXISTS (SELECT 1 FROM consent_events n
                            WHERE n.site_id = e.site_id AND n.subject_id = e.subject_id AND n.seq > e.seq AND n.recorded_at < ?2)
                   OR strftime('%Y-%m-%dT%H:%M:%fZ', e.recorded_at, '+' || (
                        CASE WHEN EXISTS (SELECT 1 FROM json_each(e.categories) WHERE json_each.value = 0)
                             THEN min(coalesce(json_extract(v.config, '$.refusalExpiryDays'), json_extract(v.config, '$.expiryDays')), json_extract(v.config, '$.expiryDays'))
                             ELSE json_extract(v.config, '$.expiryDays') END) || ' days') < ?2)
            ORDER BY e.seq
            LIMIT ?3)`,
      )
      .bind(siteId, cutoff, limit),
    db.prepare('DELETE FROM ledger_delete_grants WHERE site_id = ? AND recorded_before = ?').bind(siteId, cutoff),
  ];
}
