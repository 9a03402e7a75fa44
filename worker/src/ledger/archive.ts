import type { LedgerEntry } from '@novoaigen/consent-schema';
import { listCheckpoints } from '../db/ledger-checkpoints.js';
import type { Site } from '../db/sites.js';
import type { Bindings } from '../env.js';
import { ReceiptSigner } from '../security/receipt-signer.js';
import type { ChainedEntry } from './chain.js';
import { checkpointIssuer, sumOverSites } from './checkpoints.js';
import { allShards, ledgerEntry, type Sited, shard as shardOf, subjectEvents } from './ledger.js';
import { shardsOfSubject } from './shard-routing.js';

/** Rows one archive object holds at most (one per shard per run): bounds a run's memory and time. */
const ARCHIVE_MAX_ROWS = 5000;
const READ_BATCH = 1000;

/**
 * The first line of an archive object. `archive` is a JWS (`ArchiveClaims`) over the run of
 * positions and the chain's hashes at both ends; `checkpoints` are the shard's signed heads that
 * fall inside the run; `erased` lists positions an erasure request removed from the object later
 * (the JWS stays valid: it covers the chain's ends, not the bytes).
 */
export interface ArchiveHeader {
  archive: string;
  checkpoints: string[];
  erased: [number, number][];
}

type Archived = Sited & Pick<Site, 'retention'>;

/** Where a shard's archives live: one object per run of positions, named so they list in order. */
const shardPrefix = (siteId: string, shard: number) => `${siteId}/${shard}/`;
const objectKey = (siteId: string, shard: number, from: number, to: number) => `${shardPrefix(siteId, shard)}${String(from).padStart(12, '0')}-${String(to).padStart(12, '0')}.jsonl`;

/** The start of the site's proof window: decisions recorded before it go to cold storage. */
function proofWindowStart(site: Archived, now: Date): string {
  const start = new Date(now);
  start.setUTCMonth(start.getUTCMonth() - site.retention.consentMonths);
  return start.toISOString();
}

/**
 * Moves each shard's oldest rows, those recorded before the proof window, to R2 as one signed
 * JSONL object, then removes them from the shard (`removeBelow`, which records the purge, so
 * what stays hot still verifies). Only a prefix of the chain moves: the first row inside the
 * window stops the run, so positions stay contiguous. Returns the rows archived.
 */
export async function archiveSite(env: Bindings, site: Archived, now: Date): Promise<number> {
  const cutoff = proofWindowStart(site, now);
  const counts = await Promise.all(allShards(site).map((index) => archiveShard(env, site.id, index, cutoff)));
  return counts.reduce((sum, count) => sum + count, 0);
}

async function archiveShard(env: Bindings, siteId: string, index: number, cutoff: string): Promise<number> {
  const stub = shardOf(env, siteId, index);
  const rows: ChainedEntry[] = [];
  for (let after = 0; rows.length < ARCHIVE_MAX_ROWS; ) {
    const batch = await stub.range(after, Math.min(READ_BATCH, ARCHIVE_MAX_ROWS - rows.length));
    const stop = batch.findIndex((row) => row.recordedAt >= cutoff);
    const old = stop === -1 ? batch : batch.slice(0, stop);
    rows.push(...old);
    if (old.length < batch.length || batch.length === 0) break;
    after = batch[batch.length - 1]!.position;
  }
  const [first, last] = [rows[0], rows[rows.length - 1]];
  if (!first || !last) return 0;
  const checkpoints = (await listCheckpoints(env.DB, siteId)).filter((c) => c.shard === index && c.position >= first.position && c.position <= last.position).map((c) => c.jws);
  const claims = { iss: checkpointIssuer(env), siteId, shard: index, from: first.position, to: last.position, count: rows.length, prevHash: first.prevHash, rowHash: last.rowHash, at: new Date().toISOString() };
  const header: ArchiveHeader = { archive: await new ReceiptSigner(env).signArchive(claims), checkpoints, erased: [] };
  await env.LEDGER_ARCHIVE.put(objectKey(siteId, index, first.position, last.position), archiveBody(header, rows), { httpMetadata: { contentType: 'application/x-ndjson' } });
  // Only once the object is stored: a run cut short leaves the rows hot and archives them again.
  return stub.removeBelow(last.position, 'archived');
}

function archiveBody(header: ArchiveHeader, rows: ChainedEntry[]): string {
  return `${JSON.stringify(header)}\n${rows.map((row) => JSON.stringify(row)).join('\n')}\n`;
}

/** An archive object split into its header and rows. */
async function readArchive(env: Bindings, key: string): Promise<{ header: ArchiveHeader; rows: ChainedEntry[] } | null> {
  const object = await env.LEDGER_ARCHIVE.get(key);
  if (!object) return null;
  const [head, ...lines] = (await object.text()).split('\n').filter((line) => line !== '');
  return { header: JSON.parse(head ?? '{}') as ArchiveHeader, rows: lines.map((line) => JSON.parse(line) as ChainedEntry) };
}

/** The keys of every archive object of the shards a subject ever had. */
async function subjectArchiveKeys(env: Bindings, site: Sited, subjectId: string): Promise<string[]> {
  const keys: string[] = [];
  for (const index of shardsOfSubject(subjectId, site.ledgerShardHistory)) {
    let cursor: string | undefined;
    do {
      const listing = await env.LEDGER_ARCHIVE.list({ prefix: shardPrefix(site.id, index), ...(cursor ? { cursor } : {}) });
      keys.push(...listing.objects.map((object) => object.key));
      cursor = listing.truncated ? listing.cursor : undefined;
    } while (cursor);
  }
  return keys;
}

/**
 * Every decision of a subject, archived or hot, by recording time (proofs). Reads every archive
 * object of the subject's shards: proofs of decisions past the proof window are rare, and cold
 * storage trades their speed for the hot shards' size.
 */
export async function subjectEventsWithArchive(env: Bindings, site: Sited, subjectId: string): Promise<LedgerEntry[]> {
  // A row can be both archived and hot (an archive run cut short before its removal): one entry per event id.
  const events = new Map<string, LedgerEntry>();
  for (const key of await subjectArchiveKeys(env, site, subjectId)) {
    for (const row of (await readArchive(env, key))?.rows ?? []) if (row.subjectId === subjectId) events.set(row.eventId, ledgerEntry(row));
  }
  for (const event of await subjectEvents(env, site, subjectId)) events.set(event.eventId, event);
  return [...events.values()].sort((a, b) => (a.recordedAt < b.recordedAt ? -1 : a.recordedAt > b.recordedAt ? 1 : 0));
}

/**
 * Removes a subject's decisions from the archives (an erasure request): each object holding some
 * is written again without them, their positions added to its header's `erased`.
 */
export async function eraseArchivedSubject(env: Bindings, site: Sited, subjectId: string): Promise<number> {
  let erased = 0;
  for (const key of await subjectArchiveKeys(env, site, subjectId)) {
    const archive = await readArchive(env, key);
    const gone = archive?.rows.filter((row) => row.subjectId === subjectId) ?? [];
    if (!archive || gone.length === 0) continue;
    const header = { ...archive.header, erased: [...archive.header.erased, ...gone.map((row): [number, number] => [row.position, row.position])] };
    await env.LEDGER_ARCHIVE.put(key, archiveBody(header, archive.rows.filter((row) => row.subjectId !== subjectId)), { httpMetadata: { contentType: 'application/x-ndjson' } });
    erased += gone.length;
  }
  return erased;
}

/** The archive runs of every site (daily, after the retention purge). Returns the rows archived. */
export function archiveAllSites(env: Bindings, now: Date): Promise<number> {
  return sumOverSites(env, (site) => archiveSite(env, site, now));
}
