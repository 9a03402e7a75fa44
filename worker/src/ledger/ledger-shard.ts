import { type CategoryChoices, type ConsentMethod } from '@novoaigen/consent-schema';
import { DurableObject } from 'cloudflare:workers';
import { ledgerEntryFromRow, type LedgerEntryRow } from '../db/ledger-entry-row.js';
import type { Bindings } from '../env.js';
import { type ChainContent, type ChainedEntry, genesisHash, rowHash } from './chain.js';

/** A decision to append: the row without its chain fields, and the shard it is meant for. */
export type AppendInput = Omit<ChainedEntry, 'position' | 'prevHash' | 'rowHash'>;

/**
 * The receipt facts of the row that stands for an event id: what the event body does not fix
 * (`gpc` may also come from the request's `Sec-GPC` header), so a replay signs the same receipt.
 */
export interface StoredReceipt {
  receiptId: string;
  recordedAt: string;
  payloadHash: string;
  configVersion: number;
  gpc: boolean;
}

/** `conflict`: the event id is already taken by a different body. */
export type AppendResult = { replayed: boolean; stored: StoredReceipt } | { conflict: true };

/** A subject's latest decision in one shard, with what a caller needs to pick across shards. */
export interface LatestRow {
  subjectId: string;
  categories: CategoryChoices;
  revision: number;
  method: ConsentMethod;
  gpc: boolean;
  occurredAt: string | null;
  recordedAt: string;
  position: number;
}

/** One page of rows ordered by (recordedAt, position), after the given row. */
export interface PageQuery {
  after: { recordedAt: string; position: number } | null;
  from: string | null;
  to: string | null;
  subjectId: string | null;
  limit: number;
}

/** Where a shard's chain ends. `siteId`, `shard` and `rowHash` are null until its first row. */
export interface ShardHead {
  siteId: string | null;
  shard: number | null;
  position: number;
  rowHash: string | null;
  count: number;
}

/** How long decisions under each config version last, in days (`refusalExpiryDays` when any category was refused). */
export type ExpiryRules = Record<number, { expiryDays: number; refusalExpiryDays: number | null }>;

/** What a purge, an erasure or an archive removed: positions as inclusive ranges. */
export interface PurgeRecord {
  id: number;
  reason: string;
  positions: [number, number][];
  count: number;
  at: string;
}

interface EntryRow extends LedgerEntryRow, Record<string, SqlStorageValue> {
  position: number;
  prev_hash: string;
  row_hash: string;
}

interface MetaRow extends Record<string, SqlStorageValue> {
  site_id: string;
  shard: number;
  head_position: number;
  head_hash: string;
  row_count: number;
}

interface PurgeRow extends Record<string, SqlStorageValue> {
  id: number;
  reason: string;
  positions: string;
  count: number;
  at: string;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS entries (
    position INTEGER PRIMARY KEY,
    event_id TEXT NOT NULL UNIQUE,
    receipt_id TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    categories TEXT NOT NULL,
    revision INTEGER NOT NULL,
    config_version INTEGER NOT NULL,
    notice_version INTEGER,
    method TEXT NOT NULL,
    gpc INTEGER NOT NULL,
    locale TEXT,
    region TEXT,
    regime TEXT,
    occurred_at TEXT,
    recorded_at TEXT NOT NULL,
    user_agent TEXT,
    country TEXT,
    payload_hash TEXT NOT NULL,
    wording_hash TEXT,
    prev_hash TEXT NOT NULL,
    row_hash TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS entries_by_subject ON entries (subject_id);
  CREATE INDEX IF NOT EXISTS entries_by_time ON entries (recorded_at);
  CREATE TABLE IF NOT EXISTS purges (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    reason TEXT NOT NULL,
    positions TEXT NOT NULL,
    count INTEGER NOT NULL,
    at TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS meta (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    site_id TEXT NOT NULL,
    shard INTEGER NOT NULL,
    head_position INTEGER NOT NULL,
    head_hash TEXT NOT NULL,
    row_count INTEGER NOT NULL
  );
`;

const ENTRY_COLUMNS = `position, receipt_id, event_id, subject_id, categories, revision, config_version, notice_version, method, gpc,
  locale, region, regime, occurred_at, recorded_at, user_agent, country, payload_hash, wording_hash, prev_hash, row_hash`;

/** Rows whose positions are turned into ranges per step of a removal: bounds the memory of one call. */
const REMOVAL_BATCH = 1000;

/** Sorted positions as inclusive ranges: `[1,2,3,7]` → `[[1,3],[7,7]]`. */
function positionRanges(positions: readonly number[]): [number, number][] {
  const ranges: [number, number][] = [];
  for (const position of positions) {
    const last = ranges[ranges.length - 1];
    if (last && position === last[1] + 1) last[1] = position;
    else ranges.push([position, position]);
  }
  return ranges;
}

/**
 * One ledger shard of one site (`env.LEDGER.idFromName(`${siteId}:${shard}`)`): its decisions in
 * SQLite, chained by hash (see chain.ts), with a record of every removal so what remains still
 * verifies. Everything a write needs (idempotency, append, receipt facts) happens in one call.
 */
export class LedgerShard extends DurableObject<Bindings> {
  readonly #sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Bindings) {
    super(ctx, env);
    this.#sql = ctx.storage.sql;
    void ctx.blockConcurrencyWhile(async () => {
      this.#sql.exec(SCHEMA);
    });
  }

  /**
   * Appends a decision unless its event id is already in the shard (then answers the stored row's
   * receipt facts, or a conflict when the body differs).
   *
   * The row hash needs WebCrypto, which is asynchronous, and SQLite transactions here must be
   * synchronous; so the head is read, the hash computed, and the insert made in a transaction
   * that first checks the head is still the one hashed against. The object is single-threaded and
   * an input gate holds other calls only while storage is busy: the digest await is the one point
   * where another append may run in between. workerd resolves the digest without yielding to other
   * events in practice, but the check makes the chain's correctness independent of that: a moved
   * head costs a recomputation, never a fork.
   */
  async append(input: AppendInput): Promise<AppendResult> {
    for (;;) {
      const existing = this.#receiptOf(input.eventId);
      if (existing) return existing.payloadHash === input.payloadHash ? { replayed: true, stored: existing } : { conflict: true };
      const head = this.#meta();
      const position = (head?.head_position ?? 0) + 1;
      const prevHash = head?.head_hash ?? (await genesisHash(input.siteId, input.shard));
      const row = chainContentOf(input, position);
      const hash = await rowHash(prevHash, row);
      const result = this.ctx.storage.transactionSync((): AppendResult | null => {
        const again = this.#receiptOf(input.eventId);
        if (again) return again.payloadHash === input.payloadHash ? { replayed: true, stored: again } : { conflict: true };
        if ((this.#meta()?.head_position ?? 0) !== position - 1) return null;
        this.#insert({ ...row, prevHash, rowHash: hash });
        this.#advanceHead(input.siteId, input.shard, position, hash, 1);
        return {
          replayed: false,
          stored: { receiptId: input.receiptId, recordedAt: input.recordedAt, payloadHash: input.payloadHash, configVersion: input.configVersion, gpc: input.gpc },
        };
      });
      if (result) return result;
    }
  }

  /**
   * Imports decisions recorded before the ledger was sharded (the D1 ledger), in the order given,
   * each chained after the shard's head as it is added. An event id the shard already holds is
   * skipped, so an interrupted import can simply run again. One call for a whole batch: hashes are
   * computed first, then the rows inserted in one transaction if the head has not moved meanwhile
   * (else computed again, as in `append`).
   */
  async importRows(rows: AppendInput[]): Promise<{ imported: number; skipped: number }> {
    const first = rows[0];
    if (!first) return { imported: 0, skipped: 0 };
    for (;;) {
      const head = this.#meta();
      let position = head?.head_position ?? 0;
      let prevHash = head?.head_hash ?? (await genesisHash(first.siteId, first.shard));
      const fresh: ChainedEntry[] = [];
      const taken = new Set<string>();
      for (const input of rows) {
        if (taken.has(input.eventId) || this.#receiptOf(input.eventId)) continue;
        taken.add(input.eventId);
        position += 1;
        const row = chainContentOf(input, position);
        const hash = await rowHash(prevHash, row);
        fresh.push({ ...row, prevHash, rowHash: hash });
        prevHash = hash;
      }
      const done = this.ctx.storage.transactionSync(() => {
        if ((this.#meta()?.head_position ?? 0) !== (head?.head_position ?? 0)) return false;
        for (const entry of fresh) this.#insert(entry);
        if (fresh.length > 0) this.#advanceHead(first.siteId, first.shard, position, prevHash, fresh.length);
        return true;
      });
      if (done) return { imported: fresh.length, skipped: rows.length - fresh.length };
    }
  }

  /**
   * The subject's most recent decision here. Events queued offline can arrive out of order, so
   * "most recent" is by when the visitor chose (the browser's clock, one clock per subject), then by arrival.
   */
  async latest(subjectId: string): Promise<LatestRow | null> {
    const row = this.#sql
      .exec<EntryRow>(`SELECT ${ENTRY_COLUMNS} FROM entries WHERE subject_id = ? ORDER BY COALESCE(occurred_at, recorded_at) DESC, position DESC LIMIT 1`, subjectId)
      .toArray()[0];
    if (!row) return null;
    const entry = toEntry(row, '', 0);
    return {
      subjectId: entry.subjectId,
      categories: entry.categories,
      revision: entry.revision,
      method: entry.method,
      gpc: entry.gpc,
      occurredAt: entry.occurredAt,
      recordedAt: entry.recordedAt,
      position: entry.position,
    };
  }

  /** Rows matching the filters after `query.after`, ordered by (recordedAt, position). */
  async page(query: PageQuery): Promise<ChainedEntry[]> {
    const { siteId, shard } = this.#identity();
    return this.#sql
      .exec<EntryRow>(
        `SELECT ${ENTRY_COLUMNS} FROM entries
          WHERE (?1 IS NULL OR (recorded_at, position) > (?1, ?2))
            AND (?3 IS NULL OR recorded_at >= ?3)
            AND (?4 IS NULL OR recorded_at < ?4)
            AND (?5 IS NULL OR subject_id = ?5)
          ORDER BY recorded_at, position
          LIMIT ?6`,
        query.after?.recordedAt ?? null,
        query.after?.position ?? 0,
        query.from,
        query.to,
        query.subjectId,
        query.limit,
      )
      .toArray()
      .map((row) => toEntry(row, siteId, shard));
  }

  /** Up to `limit` rows after a position, in chain order (exports, verification, archives). */
  async range(afterPosition: number, limit: number): Promise<ChainedEntry[]> {
    const { siteId, shard } = this.#identity();
    return this.#sql
      .exec<EntryRow>(`SELECT ${ENTRY_COLUMNS} FROM entries WHERE position > ? ORDER BY position LIMIT ?`, afterPosition, limit)
      .toArray()
      .map((row) => toEntry(row, siteId, shard));
  }

  async head(): Promise<ShardHead> {
    const meta = this.#meta();
    return meta
      ? { siteId: meta.site_id, shard: meta.shard, position: meta.head_position, rowHash: meta.head_hash, count: meta.row_count }
      : { siteId: null, shard: null, position: 0, rowHash: null, count: 0 };
  }

  /** Removes every decision of a subject (an erasure request). */
  async erase(subjectId: string, reason: string): Promise<number> {
    return this.#remove('SELECT position FROM entries WHERE subject_id = ?1 ORDER BY position LIMIT ?2', [subjectId], reason, Number.MAX_SAFE_INTEGER);
  }

  /**
   * Removes up to `limit` decisions whose retention ended before `cutoff`: a decision ends when the
   * subject's next decision (in this shard) replaces it, or when it expires: its config's
   * `expiryDays` after it was recorded, or `refusalExpiryDays` when it refused any category (the
   * SDK stores every required category as granted, so any `false` is a refusal). A decision whose
   * config version is missing from `rules` only ends by replacement.
   */
  async purge(cutoff: string, rules: ExpiryRules, limit: number): Promise<number> {
    return this.#remove(
      `WITH rules AS (
         SELECT CAST(key AS INTEGER) AS version, json_extract(value, '$.expiryDays') AS expiry, json_extract(value, '$.refusalExpiryDays') AS refusal
           FROM json_each(?3))
       SELECT e.position FROM entries e LEFT JOIN rules r ON r.version = e.config_version
        WHERE e.recorded_at < ?1
          AND (EXISTS (SELECT 1 FROM entries n WHERE n.subject_id = e.subject_id AND n.position > e.position AND n.recorded_at < ?1)
               OR (r.version IS NOT NULL AND strftime('%Y-%m-%dT%H:%M:%fZ', e.recorded_at, '+' || (
                    CASE WHEN EXISTS (SELECT 1 FROM json_each(e.categories) WHERE json_each.value = 0)
                         THEN min(coalesce(r.refusal, r.expiry), r.expiry) ELSE r.expiry END) || ' days') < ?1))
        ORDER BY e.position
        LIMIT ?2`,
      [cutoff, JSON.stringify(rules)],
      'retention',
      limit,
    );
  }

  /** Removes every row up to and including `position` (rows archived elsewhere first). */
  async removeBelow(position: number, reason: string): Promise<number> {
    return this.#remove('SELECT position FROM entries WHERE position <= ?1 ORDER BY position LIMIT ?2', [position], reason, Number.MAX_SAFE_INTEGER);
  }

  /** Every removal, oldest first. */
  async purges(): Promise<PurgeRecord[]> {
    return this.#sql
      .exec<PurgeRow>('SELECT id, reason, positions, count, at FROM purges ORDER BY id')
      .toArray()
      .map((row) => ({ id: row.id, reason: row.reason, positions: JSON.parse(row.positions) as [number, number][], count: row.count, at: row.at }));
  }

  /**
   * Deletes the rows `select` names (its `?2` is the batch size, other parameters from `params`),
   * at most `limit` of them, and records one purge row for them, all in one transaction.
   */
  #remove(select: string, params: SqlStorageValue[], reason: string, limit: number): number {
    return this.ctx.storage.transactionSync(() => {
      const positions: number[] = [];
      for (;;) {
        const batchSize = Math.min(REMOVAL_BATCH, limit - positions.length);
        if (batchSize <= 0) break;
        const batch = this.#sql
          .exec<{ position: number }>(select, ...bindAt(params, batchSize))
          .toArray()
          .map((row) => row.position);
        if (batch.length === 0) break;
        this.#sql.exec('DELETE FROM entries WHERE position IN (SELECT value FROM json_each(?))', JSON.stringify(batch));
        positions.push(...batch);
        if (batch.length < batchSize) break;
      }
      if (positions.length === 0) return 0;
      positions.sort((a, b) => a - b);
      this.#sql.exec(
        'INSERT INTO purges (reason, positions, count, at) VALUES (?, ?, ?, ?)',
        reason,
        JSON.stringify(positionRanges(positions)),
        positions.length,
        new Date().toISOString(),
      );
      this.#sql.exec('UPDATE meta SET row_count = row_count - ?', positions.length);
      return positions.length;
    });
  }

  /** Moves the head to a newly inserted row; `added` rows more in the shard. */
  #advanceHead(siteId: string, shard: number, position: number, hash: string, added: number): void {
    this.#sql.exec(
      `INSERT INTO meta (id, site_id, shard, head_position, head_hash, row_count) VALUES (1, ?1, ?2, ?3, ?4, ?5)
       ON CONFLICT (id) DO UPDATE SET head_position = excluded.head_position, head_hash = excluded.head_hash, row_count = row_count + ?5`,
      siteId,
      shard,
      position,
      hash,
      added,
    );
  }

  #meta(): MetaRow | undefined {
    return this.#sql.exec<MetaRow>('SELECT site_id, shard, head_position, head_hash, row_count FROM meta WHERE id = 1').toArray()[0];
  }

  /** Rows exist only after the first append, which wrote the meta row. */
  #identity(): { siteId: string; shard: number } {
    const meta = this.#meta();
    return { siteId: meta?.site_id ?? '', shard: meta?.shard ?? 0 };
  }

  #receiptOf(eventId: string): StoredReceipt | null {
    const row = this.#sql
      .exec<{ receipt_id: string; recorded_at: string; payload_hash: string; config_version: number; gpc: number }>(
        'SELECT receipt_id, recorded_at, payload_hash, config_version, gpc FROM entries WHERE event_id = ?',
        eventId,
      )
      .toArray()[0];
    return row
      ? { receiptId: row.receipt_id, recordedAt: row.recorded_at, payloadHash: row.payload_hash, configVersion: row.config_version, gpc: row.gpc === 1 }
      : null;
  }

  #insert(entry: ChainedEntry): void {
    this.#sql.exec(
      `INSERT INTO entries (${ENTRY_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      entry.position,
      entry.receiptId,
      entry.eventId,
      entry.subjectId,
      JSON.stringify(entry.categories),
      entry.revision,
      entry.configVersion,
      entry.noticeVersion,
      entry.method,
      entry.gpc ? 1 : 0,
      entry.locale,
      entry.region,
      entry.regime,
      entry.occurredAt,
      entry.recordedAt,
      entry.userAgent,
      entry.country,
      entry.payloadHash,
      entry.wordingHash,
      entry.prevHash,
      entry.rowHash,
    );
  }
}

/** The fields a row's hash covers, taken one by one: whatever else the caller's object carries stays out of the hash. */
function chainContentOf(input: AppendInput, position: number): ChainContent {
  return {
    siteId: input.siteId,
    shard: input.shard,
    position,
    receiptId: input.receiptId,
    eventId: input.eventId,
    subjectId: input.subjectId,
    categories: input.categories,
    revision: input.revision,
    configVersion: input.configVersion,
    noticeVersion: input.noticeVersion,
    method: input.method,
    gpc: input.gpc,
    locale: input.locale,
    occurredAt: input.occurredAt,
    recordedAt: input.recordedAt,
    userAgent: input.userAgent,
    country: input.country,
    region: input.region,
    regime: input.regime,
    payloadHash: input.payloadHash,
    wordingHash: input.wordingHash,
  };
}

/** The statement's parameters with the batch size placed as `?2`. */
function bindAt(params: SqlStorageValue[], batchSize: number): SqlStorageValue[] {
  const [first, ...rest] = params;
  return first === undefined ? [null, batchSize] : [first, batchSize, ...rest];
}

function toEntry(row: EntryRow, siteId: string, shard: number): ChainedEntry {
  return { siteId, shard, position: row.position, ...ledgerEntryFromRow(row), prevHash: row.prev_hash, rowHash: row.row_hash };
}
