import { CategoryChoicesSchema, type ConsentMethod, type ConsentRegime, type LedgerEntry } from '@novoaigen/consent-schema';

/**
 * The columns of one decision, as both ledgers store it: the D1 table of migrations 0001–0011
 * (read by the import into the shards) and each shard's own table.
 */
export interface LedgerEntryRow {
  receipt_id: string;
  event_id: string;
  subject_id: string;
  categories: string;
  revision: number;
  config_version: number;
  notice_version: number | null;
  method: string;
  gpc: number;
  locale: string | null;
  region: string | null;
  regime: string | null;
  occurred_at: string | null;
  recorded_at: string;
  user_agent: string | null;
  country: string | null;
  payload_hash: string;
  wording_hash: string | null;
}

/** A stored decision as the admin API returns it. Both tables only ever hold validated methods and regimes. */
export function ledgerEntryFromRow(row: LedgerEntryRow): LedgerEntry {
  return {
    receiptId: row.receipt_id,
    eventId: row.event_id,
    subjectId: row.subject_id,
    categories: CategoryChoicesSchema.parse(JSON.parse(row.categories)),
    revision: row.revision,
    configVersion: row.config_version,
    noticeVersion: row.notice_version,
    method: row.method as ConsentMethod,
    gpc: row.gpc === 1,
    locale: row.locale,
    occurredAt: row.occurred_at,
    recordedAt: row.recorded_at,
    userAgent: row.user_agent,
    country: row.country,
    region: row.region,
    regime: row.regime as ConsentRegime | null,
    payloadHash: row.payload_hash,
    wordingHash: row.wording_hash,
  };
}
