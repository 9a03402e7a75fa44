import { fromBase64 } from '../security/encoding.js';
import { type CheckpointClaims, type PublicJwk, verifyCheckpoint } from '../security/receipt-signer.js';
import { type ChainedEntry, chainContent, genesisHash, rowHash } from './chain.js';

/**
 * What a purge took out of a shard's chain (retention, erasure, archiving), as the admin API lists
 * it. The chain of what remains verifies only where such a record covers each missing position.
 */
export interface LedgerPurge {
  siteId: string;
  shard: number;
  reason: string;
  /** Inclusive position ranges removed, ascending: `[from, to]` pairs. */
  positions: number[][];
  /** Rows removed: the total size of `positions`. */
  count: number;
  at: string;
}

export interface VerifyInput {
  /** Compact JWS checkpoints as the admin API lists them. */
  checkpoints: string[];
  purges: LedgerPurge[];
  jwks: { keys: PublicJwk[] };
  /** The API origin the verifier trusts; a checkpoint naming another issuer is refused. */
  issuer: string;
}

/** Where the ledger first fails to verify, and why. */
export interface VerifyFailure {
  siteId: string | null;
  shard: number | null;
  position: number | null;
  eventId: string | null;
  /** 1-based row of the export, when the failure is at a row. */
  row: number | null;
  reason: string;
}

export interface ShardReport {
  siteId: string;
  shard: number;
  rows: number;
  lastPosition: number;
  checkpoints: number;
  /** Missing positions a purge record accounts for; the row after each is chained on trust. */
  purgedGaps: [number, number][];
}

export type VerifyResult = { ok: true; rows: number; checkpoints: number; shards: ShardReport[] } | { ok: false; rows: number; failure: VerifyFailure };

/** Thrown inside the walk to stop at the first failure; turned into the result at the end. */
class ChainBreak extends Error {
  constructor(readonly failure: VerifyFailure) {
    super(failure.reason);
  }
}

interface ShardState {
  report: ShardReport;
  lastHash: string;
  /** This shard's checkpoints by ascending position, and the first not yet reached. */
  checkpoints: CheckpointClaims[];
  nextCheckpoint: number;
  purges: Purge[];
  /** The union of the purges' ranges, merged and ascending. */
  purged: [number, number][];
}

/** A purge record whose ranges were checked to be pairs. */
type Purge = Omit<LedgerPurge, 'positions'> & { positions: [number, number][] };

const shardKey = (siteId: string, shard: number) => `${siteId}\n${shard}`;
const HEX_HASH = /^[0-9a-f]{64}$/;

/**
 * Checks a ledger export (rows in any shard order, each shard's rows in position order) against
 * signed checkpoints and purge records; stops at the first failure. The algorithm, so anyone can
 * reimplement it, is in the README ("Verifying the ledger").
 */
export async function verifyLedger(rows: AsyncIterable<unknown> | Iterable<unknown>, input: VerifyInput): Promise<VerifyResult> {
  let rowNumber = 0;
  try {
    const shards = await shardStates(input);
    for await (const value of rows) {
      rowNumber += 1;
      await checkRow(value, rowNumber, shards);
    }
    for (const state of shards.values()) checkTail(state);
    const reports = [...shards.values()].map((state) => state.report).sort((a, b) => a.siteId.localeCompare(b.siteId) || a.shard - b.shard);
    return { ok: true, rows: rowNumber, checkpoints: input.checkpoints.length, shards: reports };
  } catch (error) {
    if (error instanceof ChainBreak) return { ok: false, rows: rowNumber, failure: error.failure };
    throw error;
  }
}

async function newShardState(siteId: string, shard: number): Promise<ShardState> {
  return {
    report: { siteId, shard, rows: 0, lastPosition: 0, checkpoints: 0, purgedGaps: [] },
    lastHash: await genesisHash(siteId, shard),
    checkpoints: [],
    nextCheckpoint: 0,
    purges: [],
    purged: [],
  };
}

/** Every checkpoint verified and every purge checked up front, grouped per shard. */
async function shardStates(input: VerifyInput): Promise<Map<string, ShardState>> {
  const shards = new Map<string, ShardState>();
  const stateOf = async (siteId: string, shard: number) => {
    const key = shardKey(siteId, shard);
    const state = shards.get(key) ?? (await newShardState(siteId, shard));
    shards.set(key, state);
    return state;
  };
  for (const [index, token] of input.checkpoints.entries()) {
    const claims = await verifyCheckpoint(token, input.jwks, input.issuer);
    if (!claims) {
      const claimed = unverifiedClaims(token);
      throw new ChainBreak({
        siteId: claimed?.siteId ?? null,
        shard: claimed?.shard ?? null,
        position: claimed?.position ?? null,
        eventId: null,
        row: null,
        reason: `checkpoint ${index + 1} does not verify: its signature, key (kid), type or issuer (${input.issuer}) does not match`,
      });
    }
    (await stateOf(claims.siteId, claims.shard)).checkpoints.push(claims);
  }
  for (const record of input.purges) {
    const fail = (reason: string) => new ChainBreak({ siteId: record.siteId, shard: record.shard, position: null, eventId: null, row: null, reason: `purge record of ${record.at} (${record.reason}) ${reason}` });
    const positions = record.positions.map(([from, to, ...rest]): [number, number] => {
      if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || rest.length > 0 || from! < 1 || to! < from!) throw fail(`has a range that is not [from, to]: ${JSON.stringify([from, to, ...rest])}`);
      return [from!, to!];
    });
    const size = positions.reduce((sum, [from, to]) => sum + (to - from + 1), 0);
    if (size !== record.count) throw fail(`states ${record.count} rows but its ranges hold ${size}`);
    (await stateOf(record.siteId, record.shard)).purges.push({ ...record, positions });
  }
  for (const state of shards.values()) {
    state.checkpoints.sort((a, b) => a.position - b.position);
    state.purged = mergeRanges(state.purges.flatMap((purge) => purge.positions));
    for (const checkpoint of state.checkpoints) checkCount(state, checkpoint);
  }
  return shards;
}

/**
 * A checkpoint's count is its position less the rows purged at or below it before it was signed.
 * A purge stamped in the same millisecond as the checkpoint may have come before or after it: each
 * such purge, in the shard's order, is tried both ways.
 */
function checkCount(state: ShardState, checkpoint: CheckpointClaims): void {
  const below = (purge: Purge) => purge.positions.reduce((sum, [from, to]) => sum + Math.max(0, Math.min(to, checkpoint.position) - from + 1), 0);
  let purged = state.purges.filter((purge) => purge.at < checkpoint.at).reduce((sum, purge) => sum + below(purge), 0);
  const possible = [purged];
  for (const tied of state.purges.filter((purge) => purge.at === checkpoint.at)) possible.push((purged += below(tied)));
  if (!possible.includes(checkpoint.position - checkpoint.count)) {
    throw new ChainBreak({
      siteId: checkpoint.siteId,
      shard: checkpoint.shard,
      position: checkpoint.position,
      eventId: null,
      row: null,
      reason: `checkpoint of ${checkpoint.at} counts ${checkpoint.count} rows; its position and the purges before it give ${checkpoint.position - possible[0]!}`,
    });
  }
}

async function checkRow(value: unknown, rowNumber: number, shards: Map<string, ShardState>): Promise<void> {
  const row = chainedRow(value);
  if (!row) throw new ChainBreak({ siteId: null, shard: null, position: null, eventId: null, row: rowNumber, reason: 'not a chained ledger row (siteId, shard, position, prevHash, rowHash)' });
  const fail = (reason: string) => new ChainBreak({ siteId: row.siteId, shard: row.shard, position: row.position, eventId: row.eventId, row: rowNumber, reason });
  const key = shardKey(row.siteId, row.shard);
  const state = shards.get(key) ?? (await newShardState(row.siteId, row.shard));
  shards.set(key, state);
  const { report } = state;
  if (row.position <= report.lastPosition) throw fail(`position ${row.position} comes after position ${report.lastPosition}: rows reordered or repeated`);
  if (covered(state.purged, row.position, row.position)) throw fail(`a purge record says position ${row.position} was removed, yet the row is there`);
  const gap: [number, number] = [report.lastPosition + 1, row.position - 1];
  if (gap[0] <= gap[1]) {
    if (!covered(state.purged, gap[0], gap[1])) throw fail(`${describeRange(gap)} missing before this row (deleted, or rows out of order) and no purge record covers ${gap[0] === gap[1] ? 'it' : 'them'}`);
    report.purgedGaps.push(gap);
  } else if (row.prevHash !== state.lastHash) {
    throw fail(report.lastPosition === 0 ? 'prevHash is not the genesis hash of this site and shard' : `prevHash is not the rowHash of position ${report.lastPosition}`);
  }
  if ((await rowHash(row.prevHash, chainContent(row))) !== row.rowHash) throw fail("rowHash does not match the row's content: a field was changed");
  for (; state.nextCheckpoint < state.checkpoints.length; state.nextCheckpoint += 1) {
    const checkpoint = state.checkpoints[state.nextCheckpoint]!;
    if (checkpoint.position > row.position) break;
    // Below this row, a checkpoint can only fall in the purged gap just checked.
    if (checkpoint.position === row.position && checkpoint.rowHash !== row.rowHash) throw fail(`rowHash differs from the checkpoint signed at ${checkpoint.at}`);
    report.checkpoints += 1;
  }
  report.rows += 1;
  report.lastPosition = row.position;
  state.lastHash = row.rowHash;
}

/** After the last row: a checkpoint further on needs every position up to it purged. */
function checkTail(state: ShardState): void {
  const { report } = state;
  for (const checkpoint of state.checkpoints.slice(state.nextCheckpoint)) {
    const missing: [number, number] = [report.lastPosition + 1, checkpoint.position];
    if (!covered(state.purged, missing[0], missing[1])) {
      throw new ChainBreak({
        siteId: report.siteId,
        shard: report.shard,
        position: checkpoint.position,
        eventId: null,
        row: null,
        reason: `the export ends at position ${report.lastPosition}, but a checkpoint signed at ${checkpoint.at} reaches position ${checkpoint.position}: ${describeRange(missing)} missing`,
      });
    }
    report.checkpoints += 1;
  }
}

function chainedRow(value: unknown): ChainedEntry | null {
  if (!value || typeof value !== 'object') return null;
  const row = value as Partial<Record<keyof ChainedEntry, unknown>>;
  const valid =
    typeof row.siteId === 'string' &&
    Number.isSafeInteger(row.shard) &&
    (row.shard as number) >= 0 &&
    Number.isSafeInteger(row.position) &&
    (row.position as number) >= 1 &&
    typeof row.prevHash === 'string' &&
    HEX_HASH.test(row.prevHash) &&
    typeof row.rowHash === 'string' &&
    typeof row.eventId === 'string';
  return valid ? (value as ChainedEntry) : null;
}

/** The claims of a checkpoint that failed to verify, only to name its shard in the report. */
function unverifiedClaims(token: string): Partial<CheckpointClaims> | null {
  try {
    return JSON.parse(new TextDecoder().decode(fromBase64(token.split('.')[1] ?? ''))) as Partial<CheckpointClaims>;
  } catch {
    return null;
  }
}

function mergeRanges(ranges: [number, number][]): [number, number][] {
  const merged: [number, number][] = [];
  for (const [from, to] of [...ranges].sort((a, b) => a[0] - b[0])) {
    const last = merged[merged.length - 1];
    if (last && from <= last[1] + 1) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  return merged;
}

/** Whether merged ranges cover every position from `from` to `to`. */
function covered(merged: [number, number][], from: number, to: number): boolean {
  let low = 0;
  let high = merged.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const [start, end] = merged[middle]!;
    if (from < start) high = middle - 1;
    else if (from > end) low = middle + 1;
    else return to <= end;
  }
  return false;
}

const describeRange = ([from, to]: [number, number]) => (from === to ? `position ${from} is` : `positions ${from}–${to} are`);
