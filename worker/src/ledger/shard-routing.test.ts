import { describe, expect, it } from 'vitest';
import { shardOfSubject, shardsOfSubject } from './shard-routing.js';

const subjects = Array.from({ length: 4000 }, (_, i) => `subject-${i.toString(36).padStart(12, '0')}`);

describe('shard routing', () => {
  it('puts every subject in shard 0 of a one-shard site', () => {
    expect(new Set(subjects.map((s) => shardOfSubject(s, 1)))).toEqual(new Set([0]));
  });

  it('spreads subjects evenly over the shards', () => {
    const counts = new Array<number>(8).fill(0);
    for (const s of subjects) counts[shardOfSubject(s, 8)]! += 1;
    for (const count of counts) expect(count).toBeGreaterThan(500 * 0.8);
    for (const count of counts) expect(count).toBeLessThan(500 * 1.2);
  });

  it('moves only the share of subjects a raise needs, and only to the new shards', () => {
    const moved = subjects.filter((s) => shardOfSubject(s, 4) !== shardOfSubject(s, 5));
    expect(moved.length / subjects.length).toBeGreaterThan(0.15);
    expect(moved.length / subjects.length).toBeLessThan(0.25);
    for (const s of moved) expect(shardOfSubject(s, 5)).toBe(4);
  });

  it('names every shard a subject had under the counts the site went through', () => {
    const s = subjects.find((id) => shardOfSubject(id, 2) !== shardOfSubject(id, 8))!;
    expect(shardsOfSubject(s, [1, 2, 8])).toEqual([...new Set([0, shardOfSubject(s, 2), shardOfSubject(s, 8)])].sort((a, b) => a - b));
    expect(shardsOfSubject(s, [1])).toEqual([0]);
  });
});
