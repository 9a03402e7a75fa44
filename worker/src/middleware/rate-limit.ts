import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv, RateLimiter } from '../env.js';
import { AppError } from '../errors.js';
import { sha256Hex } from '../security/hashing.js';

/** Writes one browser may send to one site per minute (a site's total is its `writesPerMinute` setting). */
export const CLIENT_WRITES_PER_MINUTE = 60;

/** Tries at an emailed code (and loads of the download page) one request, or one client, may make per minute. */
export const CODE_TRIES_PER_MINUTE = 10;

/**
 * A fixed-window counter for runtimes without Cloudflare's rate-limiting binding. Per isolate, so
 * only approximate across a fleet; the binding is used wherever it exists. It keeps at most
 * `maxKeys` windows: when full, the key used least recently goes, so a flood of new keys cannot
 * reset the count of a client that keeps calling.
 */
export class InMemoryRateLimiter implements RateLimiter {
  #windows = new Map<string, { start: number; count: number }>();
  constructor(
    readonly limitPerPeriod: number,
    readonly periodMs = 60_000,
    readonly now: () => number = Date.now,
    readonly maxKeys = 10_000,
  ) {}

  /** `limit` overrides the limiter's own for this key (a per-site setting). */
  async limit({ key, limit = this.limitPerPeriod }: { key: string; limit?: number }): Promise<{ success: boolean }> {
    const now = this.now();
    const current = this.#windows.get(key);
    const window = current && now - current.start < this.periodMs ? current : { start: now, count: 0 };
    // A Map iterates in insertion order: re-inserting on every use keeps the least recently used first.
    this.#windows.delete(key);
    if (this.#windows.size >= this.maxKeys) this.#windows.delete(this.#windows.keys().next().value!);
    window.count += 1;
    this.#windows.set(key, window);
    return { success: window.count <= limit };
  }
}

const fallbackClient = new InMemoryRateLimiter(CLIENT_WRITES_PER_MINUTE);
const fallbackCodes = new InMemoryRateLimiter(CODE_TRIES_PER_MINUTE);
/**
 * Each site's cap is its own setting, while a rate-limiting binding has one limit for every key;
 * so the cap is counted here, per isolate and keyed by site. Across a fleet it then admits up to
 * the cap in every isolate that serves the site: a guard against one site flooding an isolate,
 * not an exact global quota (a global one would cost a round trip to a counter on every write).
 */
const siteWrites = new InMemoryRateLimiter(Number.MAX_SAFE_INTEGER);

/** The 16 bits of each group of an IPv6 address (`::` expanded, a dotted IPv4 tail read), or null when it is not one. */
function ipv6Groups(address: string): number[] | null {
  let text = address;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const v4 = ipv4Octets(dotted[1]!);
    if (!v4) return null;
    text = `${text.slice(0, dotted.index)}${((v4[0]! << 8) | v4[1]!).toString(16)}:${((v4[2]! << 8) | v4[3]!).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const parse = (part: string) => (part === '' ? [] : part.split(':'));
  const head = parse(halves[0]!);
  const tail = halves.length === 2 ? parse(halves[1]!) : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (!groups.every((group) => /^[0-9a-f]{1,4}$/i.test(group))) return null;
  return groups.map((group) => parseInt(group, 16));
}

function ipv4Octets(address: string): number[] | null {
  const octets = address.split('.');
  if (octets.length !== 4 || !octets.every((octet) => /^\d{1,3}$/.test(octet) && Number(octet) <= 255)) return null;
  return octets.map(Number);
}

/**
 * The network a client address counts as: an IPv4 address itself, an IPv6 address's /64 (one
 * subscriber usually holds a whole /64 and may pick any address in it), an IPv4-mapped IPv6
 * address as its IPv4 address. Anything else stands for itself, lower-cased.
 */
export function clientNetwork(address: string): string {
  const text = address.trim().toLowerCase();
  if (ipv4Octets(text)) return text;
  const groups = ipv6Groups(text);
  if (!groups) return text;
  if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff) {
    return [groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff].join('.');
  }
  return `${groups
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(':')}::/64`;
}

/** A pseudonymous key for the calling client's network on a site: the address is hashed, never kept. */
export function clientKey(c: Context<AppEnv>): Promise<string> {
  return sha256Hex(`${c.get('site').id}:${clientNetwork(c.req.header('CF-Connecting-IP') ?? 'unknown')}`);
}

function refuse(c: Context<AppEnv>): never {
  c.header('Retry-After', '60');
  throw new AppError(429, 'rate_limited', 'Too many requests. Retry in a minute.');
}

/**
 * Limits public writes per client (hashed address + site) and per site (the site's
 * `writesPerMinute`), answering 429 with
 * Retry-After. The SDK's outbox retries a 429 later, so a limited visitor loses nothing.
 */
export const limitPublicWrites = createMiddleware<AppEnv>(async (c, next) => {
  const site = c.get('site');
  const client = await clientKey(c);
  const [perClient, perSite] = await Promise.all([
    (c.env.CLIENT_RATE_LIMITER ?? fallbackClient).limit({ key: client }),
    siteWrites.limit({ key: site.id, limit: site.writesPerMinute }),
  ]);
  if (!perClient.success || !perSite.success) refuse(c);
  await next();
});

/**
 * Limits the routes that take or send an emailed code (and the download page that asks for one)
 * per request and per client: 10 a minute each. Guessing stays bounded by the five tries a code
 * has; this keeps a burst from costing a database write per guess.
 */
export const limitCodeRoutes = createMiddleware<AppEnv>(async (c, next) => {
  const limiter = c.env.CODE_RATE_LIMITER ?? fallbackCodes;
  const site = c.get('site');
  const [perRequest, perClient] = await Promise.all([
    limiter.limit({ key: `request:${site.id}:${c.req.param('requestId') ?? ''}` }),
    limiter.limit({ key: `client:${await clientKey(c)}` }),
  ]);
  if (!perRequest.success || !perClient.success) refuse(c);
  await next();
});
