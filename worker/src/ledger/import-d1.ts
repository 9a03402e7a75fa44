import { countLegacyEventsAfter, findImportCursor, type LegacyEvent, listLegacyEvents, saveImportCursor } from '../db/legacy-ledger.js';
import { findSite } from '../db/sites.js';
import type { Bindings } from '../env.js';
import type { AppendInput } from './ledger-shard.js';
import { shard as shardOf } from './ledger.js';
import { shardOfSubject } from './shard-routing.js';

/** What one step of the import did, and what is left. */
export interface ImportStep {
  /** Rows read from D1 in this step. */
  read: number;
  /** Rows chained into a shard; the others were there already (an earlier, interrupted step). */
  imported: number;
  skipped: number;
  /** The last D1 `seq` moved: where the next step starts. */
  lastSeq: number;
  remaining: number;
}

/**
 * Moves the next `limit` decisions of the D1 ledger, in `seq` order, into the shard each subject
 * has under its site's current shard count (where readers look first), then advances the cursor. Each shard gets its rows in one call
 * (`LedgerShard.importRows`), which chains them and skips event ids it holds: a step cut short is
 * safe to run again, and the cursor moves only after every shard took its rows.
 */
export async function importD1Step(env: Bindings, limit: number): Promise<ImportStep> {
  const afterSeq = await findImportCursor(env.DB);
  const events = await listLegacyEvents(env.DB, afterSeq, limit);
  const groups = new Map<string, AppendInput[]>();
  const counts = new Map<string, number>();
  for (const event of events) {
    // consent_events references sites, so every row's site exists.
    const shardCount = counts.get(event.siteId) ?? (await findSite(env.DB, event.siteId))?.ledgerShards ?? 1;
    counts.set(event.siteId, shardCount);
    const shard = shardOfSubject(event.subjectId, shardCount);
    const key = `${event.siteId}\n${shard}`;
    const group = groups.get(key) ?? [];
    group.push(appendInput(event, shard));
    groups.set(key, group);
  }
  const results = await Promise.all([...groups.values()].map((rows) => shardOf(env, rows[0]!.siteId, rows[0]!.shard).importRows(rows)));
  const lastSeq = events[events.length - 1]?.seq ?? afterSeq;
  if (events.length > 0) await saveImportCursor(env.DB, lastSeq);
  const imported = results.reduce((sum, result) => sum + result.imported, 0);
  return { read: events.length, imported, skipped: events.length - imported, lastSeq, remaining: await countLegacyEventsAfter(env.DB, lastSeq) };
}

function appendInput(event: LegacyEvent, shard: number): AppendInput {
  const { seq: _seq, ...entry } = event;
  return { ...entry, shard };
}
