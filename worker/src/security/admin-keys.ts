import type { Role } from '@novoaigen/consent-schema';
import { randomBytes, toBase64Url } from './encoding.js';
import { sha256Hex } from './hashing.js';

const KEY_PATTERN = /^nck_([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{43})$/;

/** A freshly minted key: the full token is shown once, only the hash is stored. */
export interface MintedKey {
  id: string;
  token: string;
  secretHash: string;
}

/**
 * Mints an admin key `nck_<id>.<secret>`: a public 96-bit id to find the row, and a 256-bit secret
 * of which only the SHA-256 is stored (a fast hash is enough for a secret that random).
 */
export async function mintKey(): Promise<MintedKey> {
  const id = toBase64Url(randomBytes(12));
  const secret = toBase64Url(randomBytes(32));
  return { id, token: `nck_${id}.${secret}`, secretHash: await sha256Hex(secret) };
}

/** Splits a presented token; null when it is not shaped like one of ours. */
export function parseKey(token: string): { id: string; secret: string } | null {
  const match = KEY_PATTERN.exec(token);
  return match ? { id: match[1]!, secret: match[2]! } : null;
}

/** Compares a presented secret with a stored hash in constant time. */
export async function secretMatches(secret: string, storedHash: string): Promise<boolean> {
  return equalInConstantTime(await sha256Hex(secret), storedHash);
}

/** Constant-time comparison of two strings (by their SHA-256, so lengths never leak either). */
export async function equalInConstantTime(a: string, b: string): Promise<boolean> {
  const [left, right] = await Promise.all([a, b].map((text) => crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))));
  return crypto.subtle.timingSafeEqual(left!, right!);
}

const RANK: Record<Role, number> = { viewer: 1, operator: 2, admin: 3 };

/** Whether a key of role `held` may do what needs `needed`. */
export function roleCovers(held: Role, needed: Role): boolean {
  return RANK[held] >= RANK[needed];
}
