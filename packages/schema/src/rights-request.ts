import * as z from 'zod/mini';
import { LocaleSchema, OpaqueIdSchema, textSchema } from './primitives.js';

/** The rights the privacy policy grants, plus `inquiry` for a general privacy question. */
export const RightsRequestTypeSchema = z.enum(['access', 'portability', 'correction', 'deletion', 'restriction', 'objection', 'opt_out_communications', 'inquiry']);

/** Where the requester lives, as they say; it decides which legal clock applies. */
export const RequesterRegionSchema = z.enum(['eu', 'uk', 'us-ca', 'other']);

/** Request types whose `details` must say what to change or what to object to. */
export const TYPES_NEEDING_DETAILS: readonly RightsRequestType[] = ['correction', 'objection'];

/**
 * A rights request as the form submits it (`POST /v1/sites/:siteId/rights-requests`). The form
 * validates with this same schema, so field messages match the worker's.
 */
export const RightsRequestSchema = z
  .strictObject({
    type: RightsRequestTypeSchema,
    fullName: textSchema(200),
    email: z.email('must be an email address').check(z.maxLength(254, 'must be at most 254 characters')),
    details: z.optional(z.string().check(z.trim(), z.maxLength(5000, 'must be at most 5000 characters'))),
    accountId: z.optional(z.string().check(z.trim(), z.maxLength(200, 'must be at most 200 characters'))),
    region: z._default(RequesterRegionSchema, 'other'),
    locale: z.optional(LocaleSchema),
    /** The requester confirms the request is theirs (or that they may act for the person). */
    confirm: z.literal(true, 'must be confirmed'),
    /**
     * The latest consent receipt the worker signed for this browser. It proves the browser's
     * subject id, so the answer to an access request can include this browser's consent records.
     */
    receipt: z.optional(z.string().check(z.maxLength(4096))),
    /** Sent alone by earlier forms, and then proves nothing: kept only if `receipt` names the same subject. */
    subjectId: z.optional(OpaqueIdSchema),
    /** A Cloudflare Turnstile token, required where the site turned Turnstile on. */
    turnstileToken: z.optional(z.string().check(z.maxLength(4096))),
    /** Honeypot: hidden from people, filled in by bots. */
    website: z.optional(z.string().check(z.maxLength(200))),
  })
  .check(
    z.superRefine(
      (request, ctx) => {
        if (TYPES_NEEDING_DETAILS.includes(request.type) && !request.details) {
          ctx.addIssue({ code: 'custom', path: ['details'], message: 'must say what to correct or what you object to', input: request.details });
        }
      },
      // Also when other fields fail, so a form can show every problem at once.
      { when: () => true },
    ),
  );

/** `POST …/rights-requests/:requestId/download-code` and `…/download`: the link token, and the fresh code. */
export const DownloadCodeRequestSchema = z.strictObject({ token: z.string().check(z.minLength(20), z.maxLength(100)) });
export const DownloadRequestSchema = z.strictObject({
  token: z.string().check(z.minLength(20), z.maxLength(100)),
  code: z.string().check(z.regex(/^\d{6}$/, 'must be the 6-digit code from the email')),
});

/** `POST …/rights-requests/:requestId/verify`. */
export const VerifyCodeSchema = z.strictObject({
  code: z.string().check(z.regex(/^\d{6}$/, 'must be the 6-digit code from the email')),
});

/** What an operator may do to a request (`POST /v1/admin/sites/:siteId/rights-requests/:requestId/status`). */
export const RequestStatusChangeSchema = z
  .strictObject({
    status: z.enum(['in_progress', 'completed', 'rejected', 'canceled', 'duplicate', 'extended']),
    /** Internal note, stored encrypted in the request's history. */
    note: z.optional(z.string().check(z.trim(), z.maxLength(5000))),
    /** Told to the requester: required to reject or extend. */
    reason: z.optional(z.string().check(z.trim(), z.maxLength(2000))),
    /** For `extended`: how many days to add (at most two months). */
    extendByDays: z.optional(z.int().check(z.gte(1), z.lte(61))),
  })
  .check(
    z.superRefine((change, ctx) => {
      if ((change.status === 'rejected' || change.status === 'extended') && !change.reason) {
        ctx.addIssue({ code: 'custom', path: ['reason'], message: `a reason is required to mark a request ${change.status}`, input: change.reason });
      }
      if (change.status === 'extended' && change.extendByDays === undefined) {
        ctx.addIssue({ code: 'custom', path: ['extendByDays'], message: 'say by how many days', input: change.extendByDays });
      }
    }),
  );

/** Lifecycle states of a request. */
export const RightsRequestStatusSchema = z.enum(['pending_verification', 'verified', 'in_progress', 'completed', 'rejected', 'canceled', 'duplicate']);

/** Query of `GET /v1/admin/sites/:siteId/rights-requests`. */
export const RequestListQuerySchema = z.strictObject({
  status: z.optional(RightsRequestStatusSchema),
  type: z.optional(RightsRequestTypeSchema),
  dueBefore: z.optional(z.iso.datetime({ offset: true })),
  cursor: z.optional(z.string().check(z.maxLength(200))),
  limit: z.optional(z.coerce.number().check(z.int(), z.gte(1), z.lte(500))),
});

export type RightsRequestType = z.output<typeof RightsRequestTypeSchema>;
export type RequesterRegion = z.output<typeof RequesterRegionSchema>;
export type RightsRequestInput = z.input<typeof RightsRequestSchema>;
export type RightsRequest = z.output<typeof RightsRequestSchema>;
export type RequestStatusChange = z.output<typeof RequestStatusChangeSchema>;
export type RightsRequestStatus = z.output<typeof RightsRequestStatusSchema>;
