import { outboxSeal } from '../email/mailer.js';
import type { SealContext } from '../security/data-cipher.js';
import { historyNoteSeal, requestSeal } from './rights-requests.js';
import { siteSeal } from './sites.js';

type Row = Record<string, string | number | null>;

/** One encrypted column, how its rows are keyed, and where each of its values belongs. */
interface SealedColumn {
  table: string;
  column: string;
  key: 'id' | 'seq';
  context: (row: Row) => SealContext;
}

const request = (row: Row) => ({ id: String(row.id), siteId: String(row.site_id) });

/** Every column that holds DataCipher text. A new encrypted column belongs here, so the re-sealing job moves it too. */
const SEALED_COLUMNS: SealedColumn[] = [
  ...(['email_enc', 'full_name_enc', 'details_enc', 'account_id_enc'] as const).map((column) => ({
    table: 'rights_requests',
    column,
    key: 'id' as const,
    context: (row: Row) => requestSeal(request(row), column),
  })),
  { table: 'rights_request_history', column: 'note_enc', key: 'seq', context: (row) => historyNoteSeal({ id: String(row.request_id), siteId: String(row.site_id) }) },
  ...(['webhook_secret_enc', 'privacy_email_enc', 'turnstile_secret_enc'] as const).map((column) => ({
    table: 'sites',
    column,
    key: 'id' as const,
    context: (row: Row) => siteSeal(String(row.id), column),
  })),
  ...(['to_enc', 'body_enc'] as const).map((column) => ({ table: 'dev_outbox', column, key: 'seq' as const, context: (row: Row) => outboxSeal(String(row.to_hash), column) })),
];

/** A value sealed in the first format (no associated data), with where it belongs. */
export interface UnboundValue {
  sealed: string;
  context: SealContext;
  /** Writes the value sealed again, unless the row changed since it was read. */
  replace(db: D1Database, resealed: string): D1PreparedStatement;
}

/**
 * Up to `limit` values of the first format, column by column. Table and column names are constants
 * of this module, never input: the statements stay fully parameterised.
 */
export async function listUnboundValues(db: D1Database, limit: number): Promise<UnboundValue[]> {
  const found: UnboundValue[] = [];
  for (const spec of SEALED_COLUMNS) {
    if (found.length >= limit) break;
    const { results } = await db
      .prepare(`SELECT * FROM ${spec.table} WHERE ${spec.column} IS NOT NULL AND substr(${spec.column}, 1, 3) <> 'v2.' ORDER BY ${spec.key} LIMIT ?`)
      .bind(limit - found.length)
      .all<Row>();
    for (const row of results) {
      const sealed = String(row[spec.column]);
      found.push({
        sealed,
        context: spec.context(row),
        // Compared with the value read: a write made meanwhile (a new secret, a purge) wins.
        replace: (target, resealed) => target.prepare(`UPDATE ${spec.table} SET ${spec.column} = ? WHERE ${spec.key} = ? AND ${spec.column} = ?`).bind(resealed, row[spec.key], sealed),
      });
    }
  }
  return found;
}
