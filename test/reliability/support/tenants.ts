import { env } from 'cloudflare:test';
import type { Role } from '@novoaigen/consent-schema';
import { admin, consentEvent, latestCode, outbox, postJson } from '../../../worker/test/fixtures.js';

export const ROLES: readonly Role[] = ['viewer', 'operator', 'admin'];

/** A rights request of a tenant with what its requester holds (status token, download token). */
export interface TenantRequest {
  id: string;
  email: string;
  statusToken: string;
  /** The code emailed last: the verification code of a pending request, the download code of an answered one. */
  code?: string;
  downloadToken?: string;
}

/** A site made through the admin API, with everything the reliability tests call it with. */
export interface Tenant {
  siteId: string;
  origin: string;
  /** A string found in this tenant's private data only (name, config, notice, requests, answer): it must never reach another tenant. */
  marker: string;
  keys: Record<Role, string>;
  /** Keys of each role that were minted, then revoked. */
  revoked: Record<Role, string>;
  /** Ids of keys that may be revoked by a test without locking the tenant out. */
  spareKeyIds: string[];
  revokedKeyIds: string[];
  /** A subject with decisions in the ledger, and one a test may erase. */
  subjectId: string;
  erasableSubjectId: string;
  /**
   * Rights requests in the states the routes need: waiting for the code (`pending`, whose code the
   * examples send, and `unverified`, whose code nobody sends: wrong codes pile up on it), verified,
   * answered.
   */
  requests: { pending: TenantRequest; unverified: TenantRequest; verified: TenantRequest; answered: TenantRequest };
}

const randomId = () => crypto.randomUUID().replaceAll('-', '');
/** A fresh client address per call, so the per-client write limits do not turn set-up calls into 429s. */
export const clientAddress = () => `198.51.${Math.floor(Math.random() * 256)}.${Math.floor(Math.random() * 256)}`;

async function expectStatus(res: Response, status: number, what: string): Promise<Response> {
  if (res.status !== status) throw new Error(`${what}: expected ${status}, got ${res.status} ${await res.text()}`);
  return res;
}

async function mintKey(siteId: string, adminKey: string, role: Role): Promise<{ keyId: string; key: string }> {
  const res = await expectStatus(await admin(`/v1/admin/sites/${siteId}/keys`, adminKey, { method: 'POST', json: { role } }), 201, `mint ${role} key`);
  return (await res.json()) as { keyId: string; key: string };
}

/** The categories every tenant publishes; the marker sits in a description, so a leak of the config shows. */
export const categories = (marker: string) => [
  { id: 'necessary', title: 'Necessary', description: 'Runs the site.', required: true },
  { id: 'analytics', title: 'Analytics', description: `Measures visits (${marker}).` },
  { id: 'marketing', title: 'Marketing', description: 'Offers.' },
];

/** A notice whose title carries the marker. */
export const noticeDocument = (marker: string) => ({
  title: `Privacy notice ${marker}`,
  lastUpdated: '2026-01-01',
  sections: [{ id: 'who-we-are', heading: 'Who we are', blocks: [{ type: 'paragraph', content: [{ text: `We are ${marker}.` }] }] }],
});

/** The consent revision every tenant is at after `createTenant` published its own categories. */
export const TENANT_REVISION = 2;

/** A rights request submitted (from a fresh client address) as a visitor of the tenant would. */
async function submitRequest(siteId: string, origin: string, marker: string, label: string): Promise<TenantRequest> {
  const email = `${label}-${randomId().slice(0, 8)}@example.org`;
  const body = { type: 'access', fullName: `Requester ${marker}`, email, details: `Everything about ${marker}.`, confirm: true };
  const res = await expectStatus(await postJson(`/v1/sites/${siteId}/rights-requests`, body, { origin, headers: { 'CF-Connecting-IP': clientAddress() } }), 202, 'submit request');
  const { requestId, statusToken } = (await res.json()) as { requestId: string; statusToken: string };
  return { id: requestId, email, statusToken };
}

async function verifyRequest(siteId: string, origin: string, request: TenantRequest): Promise<void> {
  const code = await latestCode(request.email);
  await expectStatus(await postJson(`/v1/sites/${siteId}/rights-requests/${request.id}/verify`, { code }, { origin }), 200, 'verify request');
}

/**
 * Uploads an answer package, reads the download token from the email the requester got, and asks
 * for a download code as the download page does: the request is then ready to be downloaded.
 */
async function answerRequest(siteId: string, origin: string, operatorKey: string, request: TenantRequest, marker: string): Promise<void> {
  const path = `/v1/admin/sites/${siteId}/rights-requests/${request.id}/response`;
  await expectStatus(await admin(path, operatorKey, { method: 'PUT', json: { account: marker } }), 200, 'upload answer');
  const mail = (await outbox(request.email)).find((item) => item.subject === 'Your data is ready');
  request.downloadToken = /[?&]token=([A-Za-z0-9_-]+)/.exec(mail?.text ?? '')?.[1];
  if (!request.downloadToken) throw new Error(`no download link for ${request.email}`);
  await expectStatus(await postJson(`/v1/sites/${siteId}/rights-requests/${request.id}/download-code`, { token: request.downloadToken }, { origin }), 202, 'ask for a download code');
  const codeMail = (await outbox(request.email)).find((item) => item.subject === 'Your download code');
  request.code = /\b(\d{6})\b/.exec(codeMail?.text ?? '')?.[1];
}

/**
 * Waits until the forwarding queue has taken up every verified request of these tenants (the
 * consumer records an attempt a moment after each verification). Specs that compare tables around
 * a request start from there, so the queue's own later writes are not taken for the request's.
 */
export async function forwardingSettled(...tenants: Tenant[]): Promise<void> {
  const sites = JSON.stringify(tenants.map((tenant) => tenant.siteId));
  for (const deadline = Date.now() + 30_000; ; ) {
    const waiting = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM rights_requests WHERE site_id IN (SELECT value FROM json_each(?)) AND verified_at IS NOT NULL AND forwarding_status IN ('not_started', 'pending')",
    )
      .bind(sites)
      .first<{ n: number }>();
    if (waiting?.n === 0) return;
    if (Date.now() > deadline) throw new Error(`${waiting?.n} verified requests still wait for the forwarding queue`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * A site with one key of every role, revoked keys of every role, spare keys, its own config and
 * notice (both carrying the tenant's marker), two subjects in the ledger and rights requests in
 * every state the routes act on. All through the public and admin APIs, as a real tenant is made.
 */
export async function createTenant(label: string): Promise<Tenant> {
  const marker = `marker-${label}-${randomId().slice(0, 12)}`;
  const origin = `https://${label}.example`;
  const created = await expectStatus(await admin('/v1/admin/sites', env.ADMIN_ROOT_KEY, { method: 'POST', json: { name: `Site ${marker}`, origins: [origin] } }), 201, 'create site');
  const { siteId, adminKey } = (await created.json()) as { siteId: string; adminKey: string };

  const keys = { admin: adminKey, operator: (await mintKey(siteId, adminKey, 'operator')).key, viewer: (await mintKey(siteId, adminKey, 'viewer')).key };
  const revoked = {} as Record<Role, string>;
  const revokedKeyIds: string[] = [];
  for (const role of ROLES) {
    const minted = await mintKey(siteId, adminKey, role);
    await expectStatus(await admin(`/v1/admin/sites/${siteId}/keys/${minted.keyId}`, adminKey, { method: 'DELETE' }), 204, 'revoke key');
    revoked[role] = minted.key;
    revokedKeyIds.push(minted.keyId);
  }
  const spareKeyIds = [(await mintKey(siteId, adminKey, 'viewer')).keyId, (await mintKey(siteId, adminKey, 'operator')).keyId];

  await expectStatus(await admin(`/v1/admin/sites/${siteId}/config`, adminKey, { method: 'PUT', json: { categories: categories(marker) } }), 201, 'publish config');
  await expectStatus(await admin(`/v1/admin/sites/${siteId}/notices/en`, adminKey, { method: 'PUT', json: { document: noticeDocument(marker) } }), 201, 'publish notice');

  const subjectId = `subject-${label}-${randomId()}`.slice(0, 64);
  const erasableSubjectId = `erasable-${label}-${randomId()}`.slice(0, 64);
  for (const subject of [subjectId, subjectId, erasableSubjectId]) {
    const event = consentEvent({ subjectId: subject, revision: TENANT_REVISION });
    await expectStatus(await postJson(`/v1/sites/${siteId}/consents`, event, { origin, headers: { 'CF-Connecting-IP': clientAddress(), 'User-Agent': `Browser ${marker}` } }), 201, 'record consent');
  }

  const pending = await submitRequest(siteId, origin, marker, `${label}-pending`);
  const unverified = await submitRequest(siteId, origin, marker, `${label}-unverified`);
  const verified = await submitRequest(siteId, origin, marker, `${label}-verified`);
  const answered = await submitRequest(siteId, origin, marker, `${label}-answered`);
  pending.code = await latestCode(pending.email);
  await verifyRequest(siteId, origin, verified);
  await verifyRequest(siteId, origin, answered);
  await answerRequest(siteId, origin, keys.operator, answered, marker);

  return { siteId, origin, marker, keys, revoked, spareKeyIds, revokedKeyIds, subjectId, erasableSubjectId, requests: { pending, unverified, verified, answered } };
}
