import type { ConsentState, LedgerEntry } from '@novoaigen/consent-schema';
import { findExpiryRules, type Site } from '../db/sites.js';
import type { Bindings } from '../env.js';
import { AppError } from '../errors.js';
import { fromBase64, toBase64Url } from '../security/encoding.js';
import { PURGE_BATCH_SIZE, PURGE_MAX_BATCHES } from '../services/retention.js';
import type { ChainedEntry } from './chain.js';
import type { AppendInput, AppendResult, LatestRow, PageQuery } from './ledger-shard.js';
import { shardOfSubject, shardsOfSubject } from './shard-routing.js';

/** Filters of a ledger listing; null means "any". */
export interface LedgerFilter {
  from: string | null;
  to: string | null;
  subjectId: string | null;
}

/** Rows read from each shard per step of a stream. */
const LEDGER_BATCH_SIZE = 1000;


/** What the ledger needs of a site: its id and shard counts. */
export type Sited = Pick<Site, 'id' | 'ledgerShards' | 'ledgerShardHistory'>;

/** The Durable Object of one shard of a site. */
export function shard(env: Bindings, siteId: string, index: number) {
  return env.LEDGER.get(env.LEDGER.idFromName(`${siteId}:${index}`));
}

/** Every shard that may hold rows of the site: as many as the largest count it ever had. */
export function allShards(site: Sited): number[] {
  return Array.from({ length: Math.max(site.ledgerShards, ...site.ledgerShardHistory) }, (_, i) => i);
}

/** A chained row as the admin API shows it: the chain fields stay in exports only. */
export function ledgerEntry(row: ChainedEntry): LedgerEntry {
  const { siteId: _site, shard: _shard, position: _position, prevHash: _prev, rowHash: _hash, ...entry } = row;
  return entry;
}

/** The order of rows across shards: by recording time, then shard, then place in the shard. */
function compareRows(a: ChainedEntry, b: ChainedEntry): number {
  return a.recordedAt < b.recordedAt ? -1 : a.recordedAt > b.recordedAt ? 1 : a.shard - b.shard || a.position - b.position;
}

/** Appends a decision to the subject's shard under the site's current count. */
export function appendDecision(env: Bindings, site: Sited, input: Omit<AppendInput, 'siteId' | 'shard'>): Promise<AppendResult> {
  const index = shardOfSubject(input.subjectId, site.ledgerShards);
  return shard(env, site.id, index).append({ ...input, siteId: site.id, shard: index });
}

/**
 * The subject's latest decision across every shard it had. As within a shard, "latest" is by when
 * the visitor chose (one browser clock per subject), then by when it was recorded.
 */
export async function latestState(env: Bindings, site: Sited, subjectId: string): Promise<ConsentState | null> {
  const rows = await Promise.all(shardsOfSubject(subjectId, site.ledgerShardHistory).map((index) => shard(env, site.id, index).latest(subjectId)));
  const when = (row: LatestRow) => row.occurredAt ?? row.recordedAt;
  let latest: LatestRow | null = null;
  for (const row of rows) {
    if (row && (!latest || when(row) > when(latest) || (when(row) === when(latest) && row.recordedAt > latest.recordedAt))) latest = row;
  }
  if (!latest) return null;
  return {
    subjectId: latest.subjectId,
    categories: latest.categories,
    revision: latest.revision,
    method: latest.method,
    gpc: latest.gpc,
    updatedAt: when(latest),
  };
}

/** Where a listing stopped: the last row given, in the cross-shard order. */
interface Cursor {
  recordedAt: string;
  shard: number;
  position: number;
}

const encodeCursor = (row: ChainedEntry) => toBase64Url(new TextEncoder().encode(`${row.recordedAt}|${row.shard}|${row.position}`));

/**
 * Reads a cursor of a previous page. A numeric cursor is from the D1 ledger before sharding; its
 * row numbers mean nothing in the shards, so the listing starts again from the beginning: rows
 * given twice, never rows skipped.
 */
function decodeCursor(cursor: string | undefined): Cursor | null {
  if (cursor === undefined || /^\d+$/.test(cursor)) return null;
  const [recordedAt, shardText, positionText] = (() => {
    try {
      return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(fromBase64(cursor)).split('|');
    } catch {
      return [];
    }
  })();
  const shardIndex = Number(shardText);
  const position = Number(positionText);
  if (!recordedAt || !Number.isSafeInteger(shardIndex) || !Number.isSafeInteger(position)) {
    throw new AppError(400, 'validation_failed', 'The cursor is not one a previous page returned.', [{ path: 'cursor', message: 'must be a cursor returned by a previous page' }]);
  }
  return { recordedAt, shard: shardIndex, position };
}

/** Where shard `index` resumes after the cursor's row, in the cross-shard order. */
function resumeAfter(cursor: Cursor | null, index: number): PageQuery['after'] {
  if (!cursor) return null;
  // Shards before the cursor's gave every row of that instant already; shards after it none yet.
  const position = index < cursor.shard ? Number.MAX_SAFE_INTEGER : index > cursor.shard ? 0 : cursor.position;
  return { recordedAt: cursor.recordedAt, position };
}

/** One page of the site's ledger across its shards, and the cursor of the next page (null: no more). */
export async function ledgerPage(env: Bindings, site: Sited, filter: LedgerFilter, cursor: string | undefined, limit: number) {
  const after = decodeCursor(cursor);
  const shards = filter.subjectId === null ? allShards(site) : shardsOfSubject(filter.subjectId, site.ledgerShardHistory);
  const rows = (await Promise.all(shards.map((index) => shard(env, site.id, index).page({ ...filter, after: resumeAfter(after, index), limit: limit + 1 }))))
    .flat()
    .sort(compareRows);
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items: items.map(ledgerEntry), nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}

/** A shard's rows read but not yet merged, and where its next read starts. */
interface ShardReader {
  index: number;
  rows: ChainedEntry[];
  /** Index in `rows` of the next row to merge. */
  next: number;
  last: ChainedEntry | null;
  done: boolean;
}

/**
 * The whole filtered ledger in the cross-shard order, in batches of up to `batchSize` rows. Each
 * shard is read one batch at a time when the merge needs it, so memory stays at one batch per shard.
 */
export async function* ledgerRows(env: Bindings, site: Sited, filter: LedgerFilter, batchSize = LEDGER_BATCH_SIZE): AsyncGenerator<ChainedEntry[]> {
  const shards = filter.subjectId === null ? allShards(site) : shardsOfSubject(filter.subjectId, site.ledgerShardHistory);
  const readers = shards.map((index): ShardReader => ({ index, rows: [], next: 0, last: null, done: false }));
  let out: ChainedEntry[] = [];
  for (;;) {
    await Promise.all(
      readers
        .filter((reader) => reader.next === reader.rows.length && !reader.done)
        .map(async (reader) => {
          const after = reader.last && { recordedAt: reader.last.recordedAt, position: reader.last.position };
          reader.rows = await shard(env, site.id, reader.index).page({ ...filter, after, limit: batchSize });
          reader.next = 0;
          reader.done = reader.rows.length < batchSize;
        }),
    );
    let next: { reader: ShardReader; row: ChainedEntry } | null = null;
    for (const reader of readers) {
      const row = reader.rows[reader.next];
      if (row && (!next || compareRows(row, next.row) < 0)) next = { reader, row };
    }
    if (!next) break;
    next.reader.next += 1;
    next.reader.last = next.row;
    out.push(next.row);
    if (out.length === batchSize) {
      yield out;
      out = [];
    }
  }
  if (out.length > 0) yield out;
}

/** Every decision of one subject, in the cross-shard order (proofs, access requests). */
export async function subjectEvents(env: Bindings, site: Sited, subjectId: string): Promise<LedgerEntry[]> {
  const events: LedgerEntry[] = [];
  for await (const batch of ledgerRows(env, site, { from: null, to: null, subjectId })) events.push(...batch.map(ledgerEntry));
  return events;
}

/** Erases every decision of a subject from every shard it had; the shards record the removal. */
export async function eraseSubject(env: Bindings, site: Sited, subjectId: string): Promise<number> {
  const counts = await Promise.all(shardsOfSubject(subjectId, site.ledgerShardHistory).map((index) => shard(env, site.id, index).erase(subjectId, 'erasure')));
  return counts.reduce((sum, count) => sum + count, 0);
}

/** Removes from every shard the decisions whose retention ended before `cutoff`, in bounded batches. */
export async function purgeSite(env: Bindings, site: Sited, cutoff: string): Promise<number> {
  const rules = await findExpiryRules(env.DB, site.id);
  const counts = await Promise.all(
    allShards(site).map(async (index) => {
      let removed = 0;
      for (let batch = 0; batch < PURGE_MAX_BATCHES; batch++) {
        const deleted = await shard(env, site.id, index).purge(cutoff, rules, PURGE_BATCH_SIZE);
        removed += deleted;
        if (deleted < PURGE_BATCH_SIZE) break;
      }
      return removed;
    }),
  );
  return counts.reduce((sum, count) => sum + count, 0);
}
