import { type CategoryChoices, CategoryChoicesSchema, type ConsentMethod, type ConsentReceipt, type ConsentState } from '@novo-consent/schema';

/** A ledger row about to be written. */
export interface NewConsentEvent {
  receiptId: string;
  siteId: string;
  eventId: string;
  subjectId: string;
  categories: CategoryChoices;
  revision: number;
  method: ConsentMethod;
  gpc: boolean;
  locale: string | null;
  occurredAt: string | null;
  recordedAt: string;
  userAgent: string | null;
  country: string | null;
  payloadHash: string;
}

/** What the ledger already holds for an event id. */
export interface StoredReceipt extends ConsentReceipt {
  payloadHash: string;
}

interface ReceiptRow {
  receipt_id: string;
  recorded_at: string;
  payload_hash: string;
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
         (receipt_id, site_id, event_id, subject_id, categories, revision, method, gpc, locale,
          occurred_at, recorded_at, user_agent, country, payload_hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (site_id, event_id) DO NOTHING`,
    )
    .bind(
      event.receiptId,
      event.siteId,
      event.eventId,
      event.subjectId,
      JSON.stringify(event.categories),
      event.revision,
      event.method,
      event.gpc ? 1 : 0,
      event.locale,
      event.occurredAt,
      event.recordedAt,
      event.userAgent,
      event.country,
      event.payloadHash,
    )
    .run();
  return result.meta.changes === 1;
}

export async function findReceipt(db: D1Database, siteId: string, eventId: string): Promise<StoredReceipt | null> {
  const row = await db
    .prepare('SELECT receipt_id, recorded_at, payload_hash FROM consent_events WHERE site_id = ? AND event_id = ?')
    .bind(siteId, eventId)
    .first<ReceiptRow>();
  return row ? { receiptId: row.receipt_id, recordedAt: row.recorded_at, payloadHash: row.payload_hash } : null;
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
