import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv, RateLimiter } from '../env.js';
import { AppError } from '../errors.js';
import { sha256Hex } from '../security/hashing.js';

/** Writes one browser may send to one site per minute (a site's total is its `writesPerMinute` setting). */
export const CLIENT_WRITES_PER_MINUTE = 60;

/**
 * A fixed-window counter for runtimes without Cloudflare's rate-limiting binding. Per isolate, so
 * only approximate across a fleet; the binding is used wherever it exists.
 */
export class InMemoryRateLimiter implements RateLimiter {
  #windows = new Map<string, { start: number; count: number }>();
  constructor(
    readonly limitPerPeriod: number,
    readonly periodMs = 60_000,
    readonly now: () => number = Date.now,
  ) {}

  /** `limit` overrides the limiter's own for this key (a per-site setting). */
  async limit({ key, limit = this.limitPerPeriod }: { key: string; limit?: number }): Promise<{ success: boolean }> {
    const now = this.now();
    const window = this.#windows.get(key);
    if (!window || now - window.start >= this.periodMs) {
      if (this.#windows.size > 10_000) this.#windows.clear();
      this.#windows.set(key, { start: now, count: 1 });
      return { success: true };
    }
    window.count += 1;
    return { success: window.count <= limit };
  }
}

const fallbackClient = new InMemoryRateLimiter(CLIENT_WRITES_PER_MINUTE);
/**
 * Each site's cap is its own setting, while a rate-limiting binding has one limit for every key;
 * so the cap is counted here, per isolate and keyed by site. Across a fleet it then admits up to
 * the cap in every isolate that serves the site: a guard against one site flooding an isolate,
 * not an exact global quota (a global one would cost a round trip to a counter on every write).
 */
const siteWrites = new InMemoryRateLimiter(Number.MAX_SAFE_INTEGER);

/** A pseudonymous key for the calling client on a site: the address is hashed, never kept. */
export function clientKey(c: Context<AppEnv>): Promise<string> {
  return sha256Hex(`${c.get('site').id}:${c.req.header('CF-Connecting-IP') ?? 'unknown'}`);
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
  if (!perClient.success || !perSite.success) {
    c.header('Retry-After', '60');
    throw new AppError(429, 'rate_limited', 'Too many requests. Retry in a minute.');
  }
  await next();
});
