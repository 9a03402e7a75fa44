import type { LedgerEntry } from '@novoaigen/consent-schema';
import { canonicalJson, sha256Hex } from '../security/hashing.js';

/**
 * One decision as a ledger shard keeps it: the admin API's entry plus its place in the shard's
 * hash chain. `position` counts from 1 per shard and is never reused, so a gap is visible.
 */
export interface ChainedEntry extends LedgerEntry {
  siteId: string;
  shard: number;
  position: number;
  /** `rowHash` of the row before it in the shard (the shard's genesis hash for position 1). */
  prevHash: string;
  /** SHA-256 (hex) of `prevHash`, a newline and the canonical JSON of every other field. */
  rowHash: string;
}

/** The fields a row's hash covers: all of them but the two hashes. */
export type ChainContent = Omit<ChainedEntry, 'prevHash' | 'rowHash'>;

/**
 * Where a shard's chain starts. Bound to the site and shard, so rows copied from one shard into
 * another do not verify there.
 */
export function genesisHash(siteId: string, shard: number): Promise<string> {
  return sha256Hex(`novo-ledger-v1\n${siteId}\n${shard}`);
}

/**
 * The hash of a row. Any change to a field, a row moved to another position, shard or site, or a
 * row taken out of the middle changes this hash or the next row's `prevHash`.
 */
export function rowHash(prevHash: string, content: ChainContent): Promise<string> {
  return sha256Hex(`${prevHash}\n${canonicalJson(content)}`);
}

/** The content part of a chained row (drops the hashes, whatever else the row object carries). */
export function chainContent(row: ChainedEntry): ChainContent {
  const { prevHash: _prev, rowHash: _hash, ...content } = row;
  return content;
}
