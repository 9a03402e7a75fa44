/**
 * Which ledger shard holds a subject's decisions. Jump consistent hashing (Lamping & Veach, 2014):
 * raising a site's shard count from n to m moves only (m − n) / m of the subjects, and a subject
 * that moves keeps its older decisions in the shard it had under each earlier count. Readers ask
 * every shard the subject ever had (`shardsOfSubject`), so history survives any raise.
 */
export function jumpHash(key: bigint, buckets: number): number {
  let b = -1n;
  let j = 0n;
  let k = key;
  const n = BigInt(buckets);
  while (j < n) {
    b = j;
    k = (k * 2862933555777941757n + 1n) & 0xffff_ffff_ffff_ffffn;
    j = BigInt(Math.floor((Number(b) + 1) * (2 ** 31 / (Number(k >> 33n) + 1))));
  }
  return Number(b);
}

/** A 64-bit key from a subject id (FNV-1a): fast, stable across runtimes, no await in the hot path. */
export function subjectKey(subjectId: string): bigint {
  let hash = 0xcbf29ce484222325n;
  for (let i = 0; i < subjectId.length; i++) {
    hash ^= BigInt(subjectId.charCodeAt(i));
    hash = (hash * 0x100000001b3n) & 0xffff_ffff_ffff_ffffn;
  }
  return hash;
}

/** The shard a new decision of this subject goes to, with the site's current shard count. */
export function shardOfSubject(subjectId: string, shardCount: number): number {
  return jumpHash(subjectKey(subjectId), shardCount);
}

/**
 * Every shard that may hold decisions of this subject: its shard under each count the site has had
 * (`shardCounts`, every value the setting ever took, current one included).
 */
export function shardsOfSubject(subjectId: string, shardCounts: readonly number[]): number[] {
  const key = subjectKey(subjectId);
  return [...new Set(shardCounts.map((count) => jumpHash(key, count)))].sort((a, b) => a - b);
}
