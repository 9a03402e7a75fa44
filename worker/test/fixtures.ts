import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { type ConsentEventInput, type SiteConfigRecordInput, SiteConfigRecordSchema } from '@novoaigen/consent-schema';
import app from '../src/index.js';
import { findSite, insertConfigVersionStatement, insertSiteStatement } from '../src/db/sites.js';
import type { Bindings } from '../src/env.js';
import type { ChainedEntry } from '../src/ledger/chain.js';
import { appendDecision } from '../src/ledger/ledger.js';
import type { AppendInput } from '../src/ledger/ledger-shard.js';
import { forgetSite } from '../src/services/site-cache.js';

export const ORIGIN = 'https://shop.example';

/** A site with the three demo categories at revision 1. */
export function siteConfig(siteId: string, overrides: Partial<SiteConfigRecordInput> = {}): SiteConfigRecordInput {
  return {
    siteId,
    revision: 1,
    version: 1,
    categories: [
      { id: 'necessary', title: 'Necessary', description: 'Needed to run the site.', required: true },
      { id: 'analytics', title: 'Analytics', description: 'Measures visits.', cookies: ['_ga*'] },
      { id: 'marketing', title: 'Marketing', description: 'Personalised offers.' },
    ],
    ...overrides,
  };
}

/** Creates a site through the db layer and publishes the given config versions. */
export async function createSite(siteId: string, configs: SiteConfigRecordInput[] = [siteConfig(siteId)], origins = [ORIGIN]) {
  await env.DB.batch([
    insertSiteStatement(env.DB, { id: siteId, name: `Site ${siteId}`, allowedOrigins: origins }),
    ...configs.map((config) => insertConfigVersionStatement(env.DB, SiteConfigRecordSchema.parse(config))),
  ]);
  // Written past the admin API, which would forget the site in this isolate's cache itself.
  forgetSite(siteId);
}

let counter = 0;
/** A valid consent event for the standard site config; ids are unique per call. */
export function consentEvent(overrides: Partial<ConsentEventInput> = {}): ConsentEventInput {
  counter += 1;
  return {
    eventId: `evt-${String(counter).padStart(4, '0')}-${crypto.randomUUID()}`,
    subjectId: 'subject-0000000000000001',
    categories: { necessary: true, analytics: false, marketing: false },
    revision: 1,
    method: 'reject_all',
    gpc: false,
    locale: 'en',
    occurredAt: new Date().toISOString(),
    ...overrides,
  };
}

/** How a test request differs from a browser on `ORIGIN` in development. */
export interface RequestOptions extends RequestInit {
  origin?: string | null;
  /** Bindings to change for this request, such as `ENVIRONMENT: 'production'`. */
  bindings?: Partial<Bindings>;
}

/** Calls the worker in-process, as a browser on `origin` would. */
export async function request(path: string, init: RequestOptions = {}): Promise<Response> {
  const { origin = ORIGIN, bindings, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (origin) headers.set('Origin', origin);
  // A real execution context, awaited, so work the worker hands to waitUntil (edge cache writes) is done when this resolves.
  const ctx = createExecutionContext();
  const res = await app.fetch(new Request(`https://api.test${path}`, { ...rest, headers }), { ...env, ...bindings }, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

/** POSTs a JSON body. */
export function postJson(path: string, body: unknown, init: RequestOptions = {}) {
  return request(path, {
    method: 'POST',
    ...init,
    headers: { 'Content-Type': 'application/json', ...init.headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** The ledger shards a site may have written to (test-only access to the Durable Objects). */
export async function ledgerShards(siteId: string) {
  const site = await findSite(env.DB, siteId);
  const count = site ? Math.max(...site.ledgerShardHistory) : 0;
  return Array.from({ length: count }, (_, index) => env.LEDGER.get(env.LEDGER.idFromName(`${siteId}:${index}`)));
}

/** Every ledger row of a site, straight from its shards (each in chain order, shard after shard). */
export async function storedLedger(siteId: string): Promise<ChainedEntry[]> {
  const rows: ChainedEntry[] = [];
  for (const shard of await ledgerShards(siteId)) {
    for (let batch = await shard.range(0, 1000); batch.length > 0; batch = await shard.range(batch[batch.length - 1]!.position, 1000)) rows.push(...batch);
  }
  return rows;
}

/** Rows in the ledger for a site, straight from its shards. */
export async function ledgerCount(siteId: string): Promise<number> {
  return (await storedLedger(siteId)).length;
}

/** Appends a ledger row as the consent route would, for tests that need rows of a past date or of any shape. */
export async function appendLedgerRow(siteId: string, row: Partial<Omit<AppendInput, 'siteId' | 'shard'>> & Pick<AppendInput, 'subjectId' | 'recordedAt'>) {
  const site = await findSite(env.DB, siteId);
  if (!site) throw new Error(`no site ${siteId}`);
  const result = await appendDecision(env, site, {
    receiptId: crypto.randomUUID(),
    eventId: crypto.randomUUID(),
    categories: { necessary: true, analytics: false, marketing: false },
    revision: 1,
    configVersion: 1,
    noticeVersion: null,
    method: 'custom',
    gpc: false,
    locale: null,
    region: null,
    regime: null,
    occurredAt: null,
    userAgent: null,
    country: null,
    payloadHash: 'h',
    wordingHash: null,
    ...row,
  });
  if ('conflict' in result) throw new Error(`event ${row.eventId ?? ''} conflicts`);
  return result.stored;
}

/** Calls the admin API with a bearer key. */
export function admin(path: string, key: string | null, init: RequestInit & { json?: unknown } = {}, bindings?: Partial<Bindings>) {
  const { json, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (key) headers.set('Authorization', `Bearer ${key}`);
  if (json !== undefined) headers.set('Content-Type', 'application/json');
  return request(path, { ...rest, headers, origin: null, bindings, body: json === undefined ? rest.body : JSON.stringify(json) });
}

/** A site made through the admin API, with one key per role. */
export interface AdminSite {
  siteId: string;
  keys: { admin: string; operator: string; viewer: string };
}

/** Creates a site with the root key and mints an operator and a viewer key for it. */
export async function createAdminSite(name: string, origins = [ORIGIN]): Promise<AdminSite> {
  const created = await admin('/v1/admin/sites', env.ADMIN_ROOT_KEY, { method: 'POST', json: { name, origins } });
  if (created.status !== 201) throw new Error(`site creation failed: ${created.status} ${await created.text()}`);
  const { siteId, adminKey } = (await created.json()) as { siteId: string; adminKey: string };
  const mint = async (role: string) => {
    const res = await admin(`/v1/admin/sites/${siteId}/keys`, adminKey, { method: 'POST', json: { role } });
    return ((await res.json()) as { key: string }).key;
  };
  return { siteId, keys: { admin: adminKey, operator: await mint('operator'), viewer: await mint('viewer') } };
}

/** The emails the development outbox holds for an address, newest first. */
export async function outbox(to: string): Promise<{ subject: string; text: string }[]> {
  const res = await request(`/v1/dev/outbox?to=${encodeURIComponent(to)}`, { origin: null });
  return ((await res.json()) as { items: { subject: string; text: string }[] }).items;
}

/** The 6-digit code in the newest verification email to `to`. */
export async function latestCode(to: string): Promise<string> {
  const message = (await outbox(to)).find((item) => item.subject === 'Your verification code');
  const code = /\b(\d{6})\b/.exec(message?.text ?? '')?.[1];
  if (!code) throw new Error(`no verification code for ${to}`);
  return code;
}
