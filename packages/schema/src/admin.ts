import * as z from 'zod/mini';
import { CategoryChoicesSchema, ConsentMethodSchema } from './consent.js';
import { HttpUrlSchema, OpaqueIdSchema, SiteIdSchema, TimestampSchema, textSchema } from './primitives.js';
import { ConsentRegimeSchema } from './site-config.js';

/** What an admin key may do: `viewer` reads; `operator` also handles requests and erasures; `admin` also manages keys and settings. */
export const RoleSchema = z.enum(['viewer', 'operator', 'admin']);

/** An origin exactly as browsers send it: scheme, host and port, nothing else. */
export const OriginSchema = z.string().check(
  z.refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
    } catch {
      return false;
    }
  }, 'must be an origin such as https://shop.example (no path, no trailing slash)'),
);

const OriginsSchema = z.array(OriginSchema).check(z.minLength(1), z.maxLength(20));

/** How many ledger shards a site's new decisions are spread over; it may only grow. */
const LedgerShardsSchema = z.int().check(z.gte(1), z.lte(64));

/** The site's cap on public writes (all clients together), per minute. */
const WritesPerMinuteSchema = z.int().check(z.gte(1), z.lte(100_000_000));

/** `POST /v1/admin/sites` (root key). */
export const CreateSiteSchema = z.strictObject({
  name: textSchema(120),
  origins: OriginsSchema,
  /** Chosen id; generated from the name when left out. */
  siteId: z.optional(SiteIdSchema),
  ledgerShards: z.optional(LedgerShardsSchema),
  writesPerMinute: z.optional(WritesPerMinuteSchema),
});

/** `PATCH /v1/admin/sites/:siteId` (admin): any subset. `null` clears a forwarding setting. */
export const UpdateSiteSchema = z.strictObject({
  name: z.optional(textSchema(120)),
  origins: z.optional(OriginsSchema),
  retention: z.optional(
    z.strictObject({
      consentMonths: z.optional(z.int().check(z.gte(1), z.lte(120))),
      requestMonths: z.optional(z.int().check(z.gte(1), z.lte(120))),
      auditYears: z.optional(z.int().check(z.gte(1), z.lte(20))),
      /** Hours a rights request whose email was never confirmed is kept (72 by default; at most 30 days). */
      unverifiedHours: z.optional(z.int().check(z.gte(1), z.lte(720))),
    }),
  ),
  deadlineDays: z.optional(z.int().check(z.gte(1), z.lte(90))),
  forwarding: z.optional(
    z.strictObject({
      webhookUrl: z.optional(z.nullable(HttpUrlSchema)),
      webhookSecret: z.optional(z.nullable(z.string().check(z.minLength(16), z.maxLength(256)))),
      privacyEmail: z.optional(z.nullable(z.email())),
    }),
  ),
  /** Cloudflare Turnstile secret key for the rights-request form; `null` turns the check off. */
  turnstileSecret: z.optional(z.nullable(z.string().check(z.minLength(10), z.maxLength(200)))),
  /** Lower than the current count is refused: decisions already in a shard must stay findable. */
  ledgerShards: z.optional(LedgerShardsSchema),
  writesPerMinute: z.optional(WritesPerMinuteSchema),
});

/** `POST /v1/admin/sites/:siteId/keys` (admin). */
export const CreateKeySchema = z.strictObject({ role: RoleSchema });

const CURSOR_MESSAGE = 'must be a cursor returned by a previous page';
const pageLimit = z.optional(z.coerce.number().check(z.int(), z.gte(1), z.lte(1000)));

const pagination = {
  cursor: z.optional(z.string().check(z.regex(/^\d{1,18}$/, CURSOR_MESSAGE))),
  limit: pageLimit,
};

/** Query of `GET /v1/admin/sites/:siteId/consents`. */
export const LedgerQuerySchema = z.strictObject({
  from: z.optional(TimestampSchema),
  to: z.optional(TimestampSchema),
  subjectId: z.optional(OpaqueIdSchema),
  // The sharded ledger's cursors are base64url; the older numeric ones are a subset and still answer.
  cursor: z.optional(z.string().check(z.regex(/^[A-Za-z0-9_-]{1,200}$/, CURSOR_MESSAGE))),
  limit: pageLimit,
  format: z.optional(z.enum(['json', 'csv', 'jsonl'])),
});

/** Query of `GET /v1/admin/sites/:siteId/audit`. */
export const AuditQuerySchema = z.strictObject(pagination);

/** One ledger row as the admin API returns it. */
export const LedgerEntrySchema = z.object({
  receiptId: z.string(),
  eventId: z.string(),
  subjectId: z.string(),
  categories: CategoryChoicesSchema,
  revision: z.int(),
  configVersion: z.int(),
  noticeVersion: z.nullable(z.int()),
  method: ConsentMethodSchema,
  gpc: z.boolean(),
  locale: z.nullable(z.string()),
  occurredAt: z.nullable(z.string()),
  recordedAt: z.string(),
  userAgent: z.nullable(z.string()),
  country: z.nullable(z.string()),
  /** The region the SDK was told and the regime it applied when the visitor chose. */
  region: z.nullable(z.string()),
  regime: z.nullable(ConsentRegimeSchema),
  payloadHash: z.string(),
  /**
   * SHA-256 (hex) of the wording served for this config version and language (texts and
   * categories), recorded when the event arrived; null for older events or without a language.
   */
  wordingHash: z.nullable(z.string()),
});

/**
 * `POST /v1/admin/ledger/migrate` (root): one step of moving the D1 ledger into the shards. A step
 * runs in one request, so its size stays inside a Worker's CPU time.
 */
export const LedgerImportStepSchema = z.strictObject({
  limit: z.optional(z.int().check(z.gte(1), z.lte(2000))),
});

export type Role = z.output<typeof RoleSchema>;
export type CreateSite = z.output<typeof CreateSiteSchema>;
export type UpdateSite = z.output<typeof UpdateSiteSchema>;
export type LedgerQuery = z.output<typeof LedgerQuerySchema>;
export type LedgerEntry = z.output<typeof LedgerEntrySchema>;
