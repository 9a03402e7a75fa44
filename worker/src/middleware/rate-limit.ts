import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv, RateLimiter } from '../env.js';
import { AppError } from '../errors.js';
import { sha256Hex } from '../security/hashing.js';

/** Writes one browser may send to one site per minute, and one site may receive in total. */
export const CLIENT_WRITES_PER_MINUTE = 60;
export const SITE_WRITES_PER_MINUTE = 10_000;

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

  async limit({ key }: { key: string }): Promise<{ success: boolean }> {
    const now = this.now();
    const window = this.#windows.get(key);
    if (!window || now - window.start >= this.periodMs) {
      if (this.#windows.size > 10_000) this.#windows.clear();
      this.#windows.set(key, { start: now, count: 1 });
      return { success: true };
    }
    window.count += 1;
    return { success: window.count <= this.limitPerPeriod };
  }
}

const fallbackClient = new InMemoryRateLimiter(CLIENT_WRITES_PER_MINUTE);
const fallbackSite = new InMemoryRateLimiter(SITE_WRITES_PER_MINUTE);

/** A pseudonymous key for the calling client on a site: the address is hashed, never kept. */
export function clientKey(c: Context<AppEnv>): Promise<string> {
  return sha256Hex(`${c.get('site').id}:${c.req.header('CF-Connecting-IP') ?? 'unknown'}`);
}

/**
 * Limits public writes per client (hashed address + site) and per site, answering 429 with
 * Retry-After. The SDK's outbox retries a 429 later, so a limited visitor loses nothing.
 */
export const limitPublicWrites = createMiddleware<AppEnv>(async (c, next) => {
  const site = c.get('site');
  const client = await clientKey(c);
  const [perClient, perSite] = await Promise.all([
    (c.env.CLIENT_RATE_LIMITER ?? fallbackClient).limit({ key: client }),
    (c.env.SITE_RATE_LIMITER ?? fallbackSite).limit({ key: site.id }),
  ]);
  if (!perClient.success || !perSite.success) {
    c.header('Retry-After', '60');
    throw new AppError(429, 'rate_limited', 'Too many requests. Retry in a minute.');
  }
  await next();
});
