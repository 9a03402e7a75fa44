import { consentEvent } from '../../../worker/test/fixtures.js';
import { categories, noticeDocument, type Tenant, TENANT_REVISION } from './tenants.js';

/** A request the API accepts, in parts: path parameters (raw), query, JSON body. */
export interface Example {
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
}

/** Builds a route's accepted request on a tenant; `nonce` makes ids and addresses unique per call. */
type ExampleBuilder = (tenant: Tenant, nonce: string) => Example;

/**
 * One accepted request per operation. The fuzz mutates these (besides bodies derived from the
 * schemas), so it reaches what lies behind validation: business rules, writes, emails. The
 * isolation test sends them with the wrong keys, then with the right one as the control. A route
 * without an example fails the coverage tests of both.
 */
export const EXAMPLES: Record<string, ExampleBuilder> = {
  'GET /.well-known/gpc.json': () => ({}),
  'GET /.well-known/jwks.json': () => ({}),
  'GET /v1/openapi.json': () => ({}),
  'GET /v1/dev/outbox': (t) => ({ query: { to: t.requests.pending.email } }),
  'GET /v1/sites/{siteId}/config': () => ({ query: { lang: 'de-AT,de,en' } }),
  'POST /v1/sites/{siteId}/consents': (t, nonce) => ({ body: consentEvent({ eventId: `evt-${nonce}`, subjectId: t.subjectId, revision: TENANT_REVISION }) }),
  'GET /v1/sites/{siteId}/consents/{subjectId}': (t) => ({ params: { subjectId: t.subjectId } }),
  'POST /v1/sites/{siteId}/rights-requests': (_t, nonce) => ({ body: { type: 'access', fullName: 'Fuzz Requester', email: `requester-${nonce}@example.org`, confirm: true } }),
  'POST /v1/sites/{siteId}/rights-requests/{requestId}/verify': (t) => ({ params: { requestId: t.requests.pending.id }, body: { code: t.requests.pending.code } }),
  'GET /v1/sites/{siteId}/rights-requests/{requestId}': (t) => ({ params: { requestId: t.requests.verified.id }, query: { token: t.requests.verified.statusToken } }),
  'GET /v1/sites/{siteId}/rights-requests/{requestId}/download': (t) => ({ params: { requestId: t.requests.answered.id }, query: { token: t.requests.answered.downloadToken ?? '' } }),
  'POST /v1/sites/{siteId}/rights-requests/{requestId}/download-code': (t) => ({ params: { requestId: t.requests.answered.id }, body: { token: t.requests.answered.downloadToken } }),
  'POST /v1/sites/{siteId}/rights-requests/{requestId}/download': (t) => ({
    params: { requestId: t.requests.answered.id },
    body: { token: t.requests.answered.downloadToken, code: t.requests.answered.code },
  }),
  'GET /v1/sites/{siteId}/notice': () => ({ query: { locale: 'en' } }),
  'GET /v1/sites/{siteId}/notice/versions': () => ({ query: { locale: 'en' } }),

  'POST /v1/admin/sites': (_t, nonce) => ({ body: { name: `Made by a test ${nonce}`, origins: [`https://made-${nonce}.example`] } }),
  'GET /v1/admin/sites/{siteId}': () => ({}),
  'PATCH /v1/admin/sites/{siteId}': () => ({ body: { deadlineDays: 25, retention: { consentMonths: 13 } } }),
  'GET /v1/admin/sites/{siteId}/keys': () => ({}),
  'POST /v1/admin/sites/{siteId}/keys': () => ({ body: { role: 'viewer' } }),
  'DELETE /v1/admin/sites/{siteId}/keys/{keyId}': (t) => ({ params: { keyId: t.spareKeyIds[0]! } }),
  'GET /v1/admin/sites/{siteId}/consents': (t) => ({ query: { subjectId: t.subjectId, limit: '10' } }),
  'GET /v1/admin/sites/{siteId}/consents/{subjectId}/proof': (t) => ({ params: { subjectId: t.subjectId } }),
  'DELETE /v1/admin/sites/{siteId}/subjects/{subjectId}': (t) => ({ params: { subjectId: t.erasableSubjectId } }),
  'GET /v1/admin/sites/{siteId}/ledger/checkpoints': () => ({}),
  'POST /v1/admin/ledger/migrate': () => ({ body: { limit: 10 } }),
  'GET /v1/admin/ledger/migrate': () => ({}),
  'GET /v1/admin/sites/{siteId}/config': () => ({}),
  'PUT /v1/admin/sites/{siteId}/config': (t) => ({ body: { categories: categories(t.marker), messages: { en: { bannerTitle: 'Your choices' } } } }),
  'GET /v1/admin/sites/{siteId}/audit': () => ({ query: { limit: '50' } }),
  'PUT /v1/admin/sites/{siteId}/notices/{locale}': (t) => ({ params: { locale: 'en' }, body: { document: noticeDocument(t.marker) } }),
  'GET /v1/admin/sites/{siteId}/rights-requests': () => ({ query: { status: 'verified' } }),
  'GET /v1/admin/sites/{siteId}/rights-requests/{requestId}': (t) => ({ params: { requestId: t.requests.verified.id } }),
  'POST /v1/admin/sites/{siteId}/rights-requests/{requestId}/status': (t) => ({ params: { requestId: t.requests.verified.id }, body: { status: 'in_progress', note: 'Started.' } }),
  'PUT /v1/admin/sites/{siteId}/rights-requests/{requestId}/response': (t) => ({ params: { requestId: t.requests.answered.id }, body: { account: { plan: 'basic' } } }),
  'POST /v1/admin/sites/{siteId}/rights-requests/{requestId}/forward': (t) => ({ params: { requestId: t.requests.verified.id } }),
};

/** The example of a route on a tenant (the site id defaults to the tenant's), or undefined when the route has none. */
export function exampleFor(routeKey: string, tenant: Tenant, nonce: string): Required<Example> | undefined {
  const example = EXAMPLES[routeKey]?.(tenant, nonce);
  return example && { params: { siteId: tenant.siteId, ...example.params }, query: example.query ?? {}, body: example.body };
}
