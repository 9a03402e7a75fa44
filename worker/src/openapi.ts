import {
  ApiErrorSchema,
  AuditQuerySchema,
  ConsentEventSchema,
  ConsentReceiptSchema,
  ConsentStateSchema,
  CreateKeySchema,
  CreateSiteSchema,
  LedgerEntrySchema,
  LedgerImportStepSchema,
  DownloadCodeRequestSchema,
  DownloadRequestSchema,
  LedgerQuerySchema,
  NoticeQuerySchema,
  PublishedNoticeSchema,
  PublishNoticeSchema,
  RequestListQuerySchema,
  RequestStatusChangeSchema,
  RightsRequestSchema,
  VerifyCodeSchema,
  SiteConfigDraftSchema,
  SiteConfigRecordSchema,
  SiteConfigSchema,
  UpdateSiteSchema,
} from '@novoaigen/consent-schema';
import * as z from 'zod/mini';
import { ConfigQuerySchema } from './services/visitor-config.js';

type Access = 'public' | 'root' | 'viewer' | 'operator' | 'admin';

/** One documented operation; the test checks this list against the app's real routes. */
interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  summary: string;
  access: Access;
  body?: z.core.$ZodType;
  query?: z.core.$ZodObject;
  success: { status: number; description: string; schema?: z.core.$ZodType; mediaTypes?: string[] };
  errors: number[];
}

/** The requester's link token (from the submit answer or the email), which the status and download pages need. */
const TokenQuerySchema = z.object({ token: z.string() });

const page = (item: z.core.$ZodType) => z.object({ items: z.array(item), nextCursor: z.nullable(z.string()) });

export const API_OPERATIONS: Operation[] = [
  {
    method: 'get',
    path: '/v1/sites/{siteId}/config',
    summary: "The site's config for this visitor: in their language (?lang=), with their region's regime and their GPC signal (private cache; ETag; Vary: Sec-GPC).",
    access: 'public',
    query: ConfigQuerySchema,
    success: { status: 200, description: "The latest published config as this visitor gets it, with the privacy notice in brief.", schema: SiteConfigSchema },
    errors: [400, 403, 404],
  },
  {
    method: 'post',
    path: '/v1/sites/{siteId}/consents',
    summary: 'Record one consent decision (idempotent by eventId).',
    access: 'public',
    body: ConsentEventSchema,
    success: { status: 201, description: 'Recorded (or replayed: same receipt, header Idempotent-Replayed).', schema: ConsentReceiptSchema },
    errors: [400, 403, 404, 409, 413, 415, 422, 429],
  },
  {
    method: 'get',
    path: '/v1/sites/{siteId}/consents/{subjectId}',
    summary: "The subject's latest decision.",
    access: 'public',
    success: { status: 200, description: 'The latest decision.', schema: ConsentStateSchema },
    errors: [403, 404],
  },
  {
    method: 'post',
    path: '/v1/sites/{siteId}/rights-requests',
    summary: 'Submit a rights request; emails a 6-digit code to confirm the address.',
    access: 'public',
    body: RightsRequestSchema,
    success: {
      status: 202,
      description: 'Waiting for the code.',
      schema: z.object({ requestId: z.string(), status: z.literal('pending_verification'), statusToken: z.string() }),
    },
    errors: [400, 403, 404, 413, 415, 422, 429],
  },
  {
    method: 'post',
    path: '/v1/sites/{siteId}/rights-requests/{requestId}/verify',
    summary: 'Confirm the email with the code (15 minutes, 5 tries); starts the clock.',
    access: 'public',
    body: VerifyCodeSchema,
    success: { status: 200, description: 'Verified.', schema: z.object({ requestId: z.string(), status: z.string(), dueAt: z.string() }) },
    errors: [400, 403, 404, 410, 422, 429],
  },
  {
    method: 'get',
    path: '/v1/sites/{siteId}/rights-requests/{requestId}',
    summary: 'What the requester may see of their request (needs ?token=).',
    access: 'public',
    query: TokenQuerySchema,
    success: { status: 200, description: 'Status, dates and history.' },
    errors: [403, 404],
  },
  {
    method: 'get',
    path: '/v1/sites/{siteId}/rights-requests/{requestId}/download',
    summary: 'The page a download link opens (needs ?token=): asks for a fresh email code, then downloads the answer.',
    access: 'public',
    query: TokenQuerySchema,
    success: { status: 200, description: 'An HTML page.', mediaTypes: ['text/html'] },
    errors: [404, 429],
  },
  {
    method: 'post',
    path: '/v1/sites/{siteId}/rights-requests/{requestId}/download-code',
    summary: 'Email a fresh code for downloading the answer.',
    access: 'public',
    body: DownloadCodeRequestSchema,
    success: { status: 202, description: 'Sent.' },
    errors: [400, 404, 429],
  },
  {
    method: 'post',
    path: '/v1/sites/{siteId}/rights-requests/{requestId}/download',
    summary: "The answer file: the operator's package and what the service itself holds about the requester.",
    access: 'public',
    body: DownloadRequestSchema,
    success: { status: 200, description: 'A JSON file (attachment).' },
    errors: [400, 403, 404, 410, 422, 429],
  },
  {
    method: 'get',
    path: '/v1/sites/{siteId}/notice',
    summary: "The site's privacy notice (latest, or ?version=), in ?locale= or the site's default locale.",
    access: 'public',
    query: NoticeQuerySchema,
    success: { status: 200, description: 'A published notice version.', schema: PublishedNoticeSchema },
    errors: [400, 403, 404],
  },
  {
    method: 'get',
    path: '/v1/sites/{siteId}/notice/versions',
    summary: "The notice's versions, newest first, with their dates and whether each was a material change.",
    access: 'public',
    query: NoticeQuerySchema,
    success: { status: 200, description: 'Versions.' },
    errors: [400, 403, 404],
  },
  {
    method: 'get',
    path: '/v1/dev/outbox',
    summary: 'Development only (ENVIRONMENT=development): the emails the dev outbox holds.',
    access: 'public',
    success: { status: 200, description: 'Emails, newest first.' },
    errors: [404],
  },
  {
    method: 'get',
    path: '/.well-known/jwks.json',
    summary: 'Public keys (Ed25519) that verify consent receipts.',
    access: 'public',
    success: { status: 200, description: 'A JSON Web Key Set.' },
    errors: [],
  },
  {
    method: 'get',
    path: '/.well-known/gpc.json',
    summary: 'Global Privacy Control support: this service honours the signal.',
    access: 'public',
    success: { status: 200, description: 'The GPC support resource.', schema: z.object({ gpc: z.boolean(), lastUpdate: z.iso.date() }) },
    errors: [],
  },
  {
    method: 'get',
    path: '/v1/openapi.json',
    summary: 'This document.',
    access: 'public',
    success: { status: 200, description: 'OpenAPI 3.1.' },
    errors: [],
  },
  {
    method: 'post',
    path: '/v1/admin/sites',
    summary: 'Create a site; answers its first admin key, shown once.',
    access: 'root',
    body: CreateSiteSchema,
    success: { status: 201, description: 'Created.', schema: z.object({ siteId: z.string(), adminKey: z.string(), keyId: z.string() }) },
    errors: [400, 401, 403, 409],
  },
  {
    method: 'get',
    path: '/v1/admin/sites/{siteId}',
    summary: "The site's settings (secrets only say whether they are set).",
    access: 'viewer',
    success: { status: 200, description: 'Settings.' },
    errors: [401, 403, 404],
  },
  {
    method: 'patch',
    path: '/v1/admin/sites/{siteId}',
    summary: 'Change name, origins, retention, deadline, forwarding, Turnstile, ledger shard count (only upwards) or write cap.',
    access: 'admin',
    body: UpdateSiteSchema,
    success: { status: 200, description: 'The updated settings.' },
    errors: [400, 401, 403, 404],
  },
  {
    method: 'get',
    path: '/v1/admin/sites/{siteId}/keys',
    summary: "The site's keys (never their secrets).",
    access: 'admin',
    success: { status: 200, description: 'Keys.' },
    errors: [401, 403, 404],
  },
  {
    method: 'post',
    path: '/v1/admin/sites/{siteId}/keys',
    summary: 'Create a key; the key is shown once.',
    access: 'admin',
    body: CreateKeySchema,
    success: { status: 201, description: 'Created.', schema: z.object({ keyId: z.string(), key: z.string(), role: z.string() }) },
    errors: [400, 401, 403, 404],
  },
  {
    method: 'delete',
    path: '/v1/admin/sites/{siteId}/keys/{keyId}',
    summary: 'Revoke a key.',
    access: 'admin',
    success: { status: 204, description: 'Revoked.' },
    errors: [401, 403, 404],
  },
  {
    method: 'get',
    path: '/v1/admin/sites/{siteId}/consents',
    summary: 'The ledger: a page (JSON), or the whole range streamed (format=csv|jsonl).',
    access: 'viewer',
    query: LedgerQuerySchema,
    success: { status: 200, description: 'A page, or a stream.', schema: page(LedgerEntrySchema), mediaTypes: ['application/json', 'text/csv', 'application/x-ndjson'] },
    errors: [400, 401, 403, 404],
  },
  {
    method: 'get',
    path: '/v1/admin/sites/{siteId}/consents/{subjectId}/proof',
    summary: "Proof of a subject's consent: every event with its signed receipt and the config versions shown.",
    access: 'viewer',
    success: { status: 200, description: 'The proof.' },
    errors: [400, 401, 403, 404],
  },
  {
    method: 'get',
    path: '/v1/admin/sites/{siteId}/ledger/checkpoints',
    summary: "What verifies the ledger with an export and the JWKS: every signed head of the site's shards, and every purge record.",
    access: 'viewer',
    success: {
      status: 200,
      description: 'Checkpoints (the JWS and its claims) and purges (reason, position ranges, count, time), by shard.',
      schema: z.object({
        checkpoints: z.array(z.object({ jws: z.string(), siteId: z.string(), shard: z.int(), position: z.int(), count: z.int(), rowHash: z.string(), at: z.string() })),
        purges: z.array(z.object({ siteId: z.string(), shard: z.int(), reason: z.string(), positions: z.array(z.array(z.int())), count: z.int(), at: z.string() })),
      }),
    },
    errors: [401, 403, 404],
  },
  {
    method: 'post',
    path: '/v1/admin/ledger/migrate',
    summary: 'Move the next rows of the D1 ledger (every site, in recording order) into the shards; resumable, idempotent by event id.',
    access: 'root',
    body: LedgerImportStepSchema,
    success: {
      status: 200,
      description: 'What the step did and what is left.',
      schema: z.object({ read: z.int(), imported: z.int(), skipped: z.int(), lastSeq: z.int(), remaining: z.int() }),
    },
    errors: [400, 401, 403, 413, 415],
  },
  {
    method: 'get',
    path: '/v1/admin/ledger/migrate',
    summary: "Where the move of the D1 ledger stands: rows left, and per site the D1 count beside its shards' counts.",
    access: 'root',
    success: {
      status: 200,
      description: 'Progress and counts.',
      schema: z.object({
        lastSeq: z.int(),
        remaining: z.int(),
        sites: z.array(z.object({ siteId: z.string(), d1Rows: z.int(), shardRows: z.array(z.object({ shard: z.int(), count: z.int(), position: z.int() })) })),
      }),
    },
    errors: [401, 403],
  },
  {
    method: 'delete',
    path: '/v1/admin/sites/{siteId}/subjects/{subjectId}',
    summary: "Erase a subject's consent data; the erasure is audited without the data.",
    access: 'operator',
    success: { status: 200, description: 'How many events were erased.', schema: z.object({ erasedConsentEvents: z.int() }) },
    errors: [400, 401, 403, 404],
  },
  {
    method: 'get',
    path: '/v1/admin/sites/{siteId}/config',
    summary: 'The latest config as published: every language, message and region rule.',
    access: 'viewer',
    success: {
      status: 200,
      description: 'The latest version.',
      schema: z.object({ version: z.int(), revision: z.int(), publishedAt: z.string(), config: SiteConfigRecordSchema }),
    },
    errors: [401, 403, 404],
  },
  {
    method: 'put',
    path: '/v1/admin/sites/{siteId}/config',
    summary: 'Publish a new config version (the revision grows when the change needs new consent).',
    access: 'admin',
    body: SiteConfigDraftSchema,
    success: { status: 201, description: 'Published.', schema: z.object({ version: z.int(), revision: z.int(), config: SiteConfigRecordSchema }) },
    errors: [400, 401, 403, 404, 409, 413, 415],
  },
  {
    method: 'get',
    path: '/v1/admin/sites/{siteId}/rights-requests',
    summary: 'Rights requests by due date, filtered by status, type or due date (no personal data).',
    access: 'operator',
    query: RequestListQuerySchema,
    success: { status: 200, description: 'A page of requests.' },
    errors: [400, 401, 403, 404],
  },
  {
    method: 'get',
    path: '/v1/admin/sites/{siteId}/rights-requests/{requestId}',
    summary: 'One request, decrypted, with its history (the read is audited).',
    access: 'operator',
    success: { status: 200, description: 'The request.' },
    errors: [401, 403, 404],
  },
  {
    method: 'post',
    path: '/v1/admin/sites/{siteId}/rights-requests/{requestId}/status',
    summary: 'Move a request along, or extend its deadline (with a reason, before the original due date).',
    access: 'operator',
    body: RequestStatusChangeSchema,
    success: { status: 200, description: 'The request after the change.' },
    errors: [400, 401, 403, 404, 409],
  },
  {
    method: 'put',
    path: '/v1/admin/sites/{siteId}/rights-requests/{requestId}/response',
    summary: 'Upload the answer package of an access or portability request (JSON or CSV, up to 10 MiB; stored encrypted); emails the requester a 7-day link.',
    access: 'operator',
    success: { status: 200, description: 'Stored; the requester was emailed.' },
    errors: [400, 401, 403, 404, 409, 413, 415],
  },
  {
    method: 'post',
    path: '/v1/admin/sites/{siteId}/rights-requests/{requestId}/forward',
    summary: "Send a request to the site's webhook again (for example after it was dead-lettered).",
    access: 'operator',
    success: { status: 202, description: 'Queued.' },
    errors: [401, 403, 404, 409, 503],
  },
  {
    method: 'put',
    path: '/v1/admin/sites/{siteId}/notices/{locale}',
    summary: 'Publish a new immutable version of the notice in a locale; a material change also bumps the consent revision.',
    access: 'admin',
    body: PublishNoticeSchema,
    success: { status: 201, description: 'Published.' },
    errors: [400, 401, 403, 404, 409],
  },
  {
    method: 'get',
    path: '/v1/admin/sites/{siteId}/audit',
    summary: 'Every admin action and purge: who, what, when, on what.',
    access: 'admin',
    query: AuditQuerySchema,
    success: { status: 200, description: 'A page of the audit log.' },
    errors: [400, 401, 403, 404],
  },
];

const jsonSchema = (schema: z.core.$ZodType, io: 'input' | 'output') => z.toJSONSchema(schema, { io, unrepresentable: 'any' });

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed JSON, or the request does not match its schema (`validation_failed`, `issues` lists the fields).',
  401: 'Missing or invalid admin key.',
  403: 'Origin not allowed, or the key may not do this on this site.',
  404: 'Unknown site, subject or key.',
  409: 'Conflict (event id reused with other content, site exists, concurrent publish, transition not allowed).',
  410: 'The verification code expired.',
  413: 'Body too large.',
  415: 'Not application/json.',
  422: 'Well-formed, but refused by the data (unknown category, revision, wrong code…).',
  429: 'Rate limited; see Retry-After.',
  503: 'The forwarding queue is unavailable; the request is queued again automatically.',
};

/** The OpenAPI 3.1 document, built from the same zod schemas that validate requests. */
export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of API_OPERATIONS) {
    const params = [...op.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
    const queryShape = op.query ? (jsonSchema(op.query, 'input') as { properties?: Record<string, unknown>; required?: string[] }) : null;
    const query = Object.entries(queryShape?.properties ?? {}).map(([name, schema]) => ({ name, in: 'query', required: queryShape?.required?.includes(name) ?? false, schema }));
    const content = op.success.schema
      ? Object.fromEntries((op.success.mediaTypes ?? ['application/json']).map((type) => [type, type === 'application/json' ? { schema: jsonSchema(op.success.schema!, 'output') } : {}]))
      : undefined;
    paths[op.path] ??= {};
    paths[op.path]![op.method] = {
      summary: op.summary,
      ...(op.access === 'public' ? {} : { security: [{ adminKey: [] }], 'x-required-role': op.access }),
      parameters: [...params, ...query],
      ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(op.body, 'input') } } } } : {}),
      responses: {
        [op.success.status]: { description: op.success.description, ...(content ? { content } : {}) },
        ...Object.fromEntries(
          op.errors.map((status) => [status, { description: ERROR_DESCRIPTIONS[status], content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }]),
        ),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Novo Consent API', version: '1.0.0', description: 'Consent ledger and site administration. Every error is `{ "error": { "code", "message", "issues"? } }`.' },
    components: {
      securitySchemes: { adminKey: { type: 'http', scheme: 'bearer', description: 'An admin key (`nck_…`) or the root key.' } },
      schemas: { Error: jsonSchema(ApiErrorSchema, 'output') },
    },
    paths,
  };
}
