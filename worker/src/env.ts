import type { Site } from './db/sites.js';
import type { LedgerShard } from './ledger/ledger-shard.js';
import type { Principal } from './middleware/admin-auth.js';

/** A forwarding job: which request of which site. */
export interface ForwardMessage {
  siteId: string;
  requestId: string;
}

/** Cloudflare's rate-limiting binding (`[[ratelimits]]` in wrangler.toml). */
export interface RateLimiter {
  limit(options: { key: string }): Promise<{ success: boolean }>;
}

/** The worker's bindings: D1 from `wrangler.toml`, the rest are Worker secrets (`wrangler secret put`; locally `worker/.dev.vars`). */
export interface Bindings {
  DB: D1Database;
  /** The consent ledger's shards, one object per (site, shard): `idFromName(`${siteId}:${shard}`)`. */
  LEDGER: DurableObjectNamespace<LedgerShard>;
  /** May create sites and act on every site. */
  ADMIN_ROOT_KEY: string;
  /** JSON object of key id → base64 AES-256 key, for data at rest. Old ids stay to decrypt old rows. */
  DATA_KEYS: string;
  /** The key id new data is encrypted with. */
  DATA_KEY_ID: string;
  /** Base64 HMAC key for lookups of encrypted values (emails, subject ids in the audit log). */
  LOOKUP_KEY: string;
  /** The Ed25519 private JWK (with `kid`) that signs consent receipts. */
  RECEIPT_SIGNING_KEY: string;
  /** Optional JSON array of retired public JWKs, still published so old receipts verify. */
  RECEIPT_RETIRED_PUBLIC_KEYS?: string;
  /**
   * This API's public origin (https://host): the issuer ledger checkpoints name, signed by a Cron
   * Trigger that has no request to take it from. Local workers get theirs from scripts/lib/local-worker.mjs.
   */
  API_ORIGIN?: string;
  /** `development` enables the dev email outbox; anything else is production. */
  ENVIRONMENT?: string;
  /** `dev-outbox` (development only) or `resend`; defaults by ENVIRONMENT. */
  EMAIL_PROVIDER?: string;
  RESEND_API_KEY?: string;
  /** Sender address of outgoing email, such as `Privacy <privacy@novoaigen.com>`. */
  EMAIL_FROM?: string;
  /** Rights-request submissions per email and per client (tight: each sends an email). */
  RIGHTS_RATE_LIMITER?: RateLimiter;
  /** Calls that take or send an emailed code, per request and per client; an in-memory fallback is used without it. */
  CODE_RATE_LIMITER?: RateLimiter;
  /** Answers to access and portability requests, encrypted. */
  RESPONSES: R2Bucket;
  /** Cold storage of ledger rows past a site's proof window (wrangler.toml). */
  LEDGER_ARCHIVE: R2Bucket;
  /** Verified rights requests waiting to be forwarded to the site's webhook. */
  FORWARD_QUEUE: Queue<ForwardMessage>;
  /**
   * How long a visitor's browser reuses the config without asking again, in seconds (default
   * 86400): a returning visitor makes no request for it within a day, and a publish reaches them
   * within a day (new visitors: within `CONFIG_EDGE_TTL_SECONDS`).
   */
  CONFIG_MAX_AGE_SECONDS?: string;
  /** How long the worker's edge cache answers the same config variant, in seconds (default 60; 0 turns it off). */
  CONFIG_EDGE_TTL_SECONDS?: string;
  /** Per-client limit of public writes; an in-memory fallback is used without it. */
  CLIENT_RATE_LIMITER?: RateLimiter;
}

/** Values middleware puts on the context for the routes below it. */
export interface Variables {
  site: Site;
  principal: Principal;
}

/** The Hono environment of every route. */
export interface AppEnv {
  Bindings: Bindings;
  Variables: Variables;
}
