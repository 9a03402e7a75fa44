import * as z from 'zod/mini';
import { CategoryIdSchema, LocaleSchema, OpaqueIdSchema, TimestampSchema } from './primitives.js';
import { ConsentRegimeSchema, RegionCodeSchema } from './site-config.js';

/**
 * How a choice was made: the banner's buttons, the preferences dialog (`custom`), a toggle, an
 * embed placeholder's "Allow", the opt-out notice's acknowledgement (`notice`), the browser's
 * Global Privacy Control signal without any click (`gpc`), or the page's script (`api`).
 */
export const ConsentMethodSchema = z.enum(['accept_all', 'reject_all', 'custom', 'toggle', 'embed', 'notice', 'gpc', 'api']);

/** Category id → granted. */
export const CategoryChoicesSchema = z.record(CategoryIdSchema, z.boolean()).check(
  z.refine((choices) => Object.keys(choices).length <= 20, 'at most 20 categories'),
);

/** One consent decision as the browser sends it to `POST /v1/sites/:siteId/consents`. */
export const ConsentEventSchema = z.strictObject({
  /** Idempotency key: the same id sent twice is stored once. */
  eventId: OpaqueIdSchema,
  subjectId: OpaqueIdSchema,
  categories: CategoryChoicesSchema,
  revision: z.int().check(z.gte(1)),
  /** The config version whose texts the visitor saw; the latest of `revision` when left out. */
  configVersion: z.optional(z.int().check(z.gte(1))),
  /** The privacy-notice version the banner linked to. */
  noticeVersion: z.optional(z.int().check(z.gte(1))),
  method: ConsentMethodSchema,
  /** Whether the browser sent Global Privacy Control. */
  gpc: z._default(z.boolean(), false),
  locale: z.optional(LocaleSchema),
  /** The visitor's region as the worker told the SDK (`US-CA`), when known. */
  region: z.optional(z.nullable(RegionCodeSchema)),
  /** The regime the SDK applied: asked first (`opt-in`), notice with opt-out, or none. */
  regime: z.optional(ConsentRegimeSchema),
  /** When the visitor chose, by the browser's clock (the ledger also records server time). */
  occurredAt: z.optional(TimestampSchema),
});

/** The worker's acknowledgement of a stored consent event. */
export const ConsentReceiptSchema = z.object({
  receiptId: z.string(),
  recordedAt: TimestampSchema,
  /** A signed token (compact JWS, EdDSA) over site, subject, choices, revision, config version and time. */
  receipt: z.string(),
});

/** A visitor's current choices, as the SDK exposes them and the worker restores them. */
export const ConsentStateSchema = z.object({
  subjectId: OpaqueIdSchema,
  categories: CategoryChoicesSchema,
  revision: z.int().check(z.gte(1)),
  method: ConsentMethodSchema,
  gpc: z.boolean(),
  updatedAt: TimestampSchema,
});

export type ConsentMethod = z.output<typeof ConsentMethodSchema>;
export type CategoryChoices = z.output<typeof CategoryChoicesSchema>;
export type ConsentEvent = z.output<typeof ConsentEventSchema>;
export type ConsentEventInput = z.input<typeof ConsentEventSchema>;
export type ConsentReceipt = z.output<typeof ConsentReceiptSchema>;
export type ConsentState = z.output<typeof ConsentStateSchema>;
