import { env } from 'cloudflare:test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, request } from '../../worker/test/fixtures.js';
import { changedTables, snapshot } from './support/db-snapshot.js';
import { EXAMPLES, type Example, exampleFor } from './support/examples.js';
import { adminRoutes, apiRoutes, type Route, servedRouteKeys } from './support/routes.js';
import { bodyText, send } from './support/send.js';
import { createTenant, forwardingSettled, ROLES, type Tenant } from './support/tenants.js';

/** The one answer to a key of another site, whatever the route and whether the site exists. */
const FORBIDDEN = { error: { code: 'forbidden', message: 'This key may not do that on this site.' } };
/** Path parameters that name one tenant's rows (not the site itself). */
const OBJECT_PARAMS = ['subjectId', 'requestId', 'keyId'];

/** Cross-tenant calls: refused (4xx), or answered with the caller's own site's data only; and the controls. */
const figures = { calls: 0, refused: 0, ownDataOnly: 0, controls: 0 };
let a: Tenant;
let b: Tenant;

/** What of tenant A nobody else may see: its marker (in its name, config, notice, requests, answer) and its requesters' addresses. */
const privateStrings = (t: Tenant) => [t.marker, ...Object.values(t.requests).map((r) => r.email)];

/**
 * One cross-tenant call: counted, its answer checked for every private string of A (a refusal
 * carries none; an answer about B carries none either), and returned.
 */
async function cross(pending: Promise<Response>): Promise<{ status: number; text: string }> {
  const res = await pending;
  const text = await bodyText(res);
  for (const secret of privateStrings(a)) expect(text, `answer ${res.status} leaks ${secret}`).not.toContain(secret);
  figures.calls += 1;
  if (res.status >= 400) figures.refused += 1;
  else figures.ownDataOnly += 1;
  return { status: res.status, text };
}

/** A route's example on tenant `t`, optionally aimed at another site (every id in it stays `t`'s). */
function exampleOn(route: Route, t: Tenant, siteId = t.siteId): Required<Example> {
  const example = exampleFor(route.key, t, crypto.randomUUID().slice(0, 8));
  if (!example) throw new Error(`${route.key} has no example`);
  return { ...example, params: { ...example.params, siteId } };
}

/** The least key that may call the route on `t`: the control that shows the request itself was fine. */
const ownKey = (route: Route, t: Tenant) => (route.access === 'root' ? env.ADMIN_ROOT_KEY : t.keys[route.access as keyof Tenant['keys']]);

describe('tenant isolation', () => {
  beforeAll(async () => {
    a = await createTenant('alpha');
    b = await createTenant('beta');
    await forwardingSettled(a, b);
  });

  afterAll(() => {
    console.log(
      `Isolation: ${figures.calls} cross-tenant calls: ${figures.refused} refused, ${figures.ownDataOnly} answered with the caller's own site's data only, 0 with site A's; ` +
        `${figures.controls} controls with A's own keys accepted`,
    );
  });

  it('covers every admin route the app serves, each with an accepted example', () => {
    expect(adminRoutes().map((route) => route.key).sort()).toEqual(servedRouteKeys().filter((key) => key.includes(' /v1/admin/')));
    expect(apiRoutes().filter((route) => !EXAMPLES[route.key]).map((route) => route.key)).toEqual([]);
  });

  describe("another site's keys and revoked keys on site A's admin routes", () => {
    for (const route of adminRoutes()) {
      it(`${route.key}: refused (one answer, nothing written), then accepted with A's own ${route.access} key`, async () => {
        const example = exampleOn(route, a);
        const callers: [string, string, 401 | 403][] = [
          ...ROLES.map((role): [string, string, 403] => [`B's ${role} key`, b.keys[role], 403]),
          ...ROLES.map((role): [string, string, 401] => [`A's revoked ${role} key`, a.revoked[role], 401]),
          ...ROLES.map((role): [string, string, 401] => [`B's revoked ${role} key`, b.revoked[role], 401]),
        ];
        const before = await snapshot();
        for (const [label, key, expected] of callers) {
          const { status, text } = await cross(send(route, example, { key }));
          expect(status, `${label}: ${text}`).toBe(expected);
          if (expected === 403) expect(JSON.parse(text)).toEqual(FORBIDDEN);
          else expect(JSON.parse(text)).toMatchObject({ error: { code: 'unauthorized' } });
        }
        expect(changedTables(before, await snapshot())).toEqual([]);

        const control = await send(route, example, { key: ownKey(route, a) });
        expect(control.status, await bodyText(control)).toBeLessThan(300);
        figures.controls += 1;
      });
    }
  });

  describe("site B's keys on B's own routes, naming A's subjects, requests and keys", () => {
    for (const route of adminRoutes().filter((r) => r.pathParams.some((name) => OBJECT_PARAMS.includes(name)))) {
      it(`${route.key}: nothing of A is read, changed or revealed`, async () => {
        const example = exampleOn(route, a, b.siteId);
        const before = await snapshot(a.siteId);
        for (const role of ROLES) {
          const { status, text } = await cross(send(route, example, { key: b.keys[role] }));
          if (route.method === 'DELETE' && route.pathParams.includes('subjectId') && status === 200) {
            // Erasure is idempotent: on B, A's subject has nothing to erase.
            expect(JSON.parse(text)).toEqual({ erasedConsentEvents: 0 });
          } else {
            expect(status, `B's ${role} key: ${text}`).toBeGreaterThanOrEqual(400);
            expect(status).toBeLessThan(500);
          }
        }
        expect(changedTables(before, await snapshot(a.siteId))).toEqual([]);
      });
    }
  });

  describe("site A's public requests sent to site B", () => {
    for (const route of apiRoutes().filter((r) => r.access === 'public' && r.pathParams.includes('siteId'))) {
      it(`${route.key}: nothing of A comes back or changes`, async () => {
        const example = exampleOn(route, a, b.siteId);
        const before = await snapshot(a.siteId);
        for (const origin of [b.origin, undefined]) {
          const { status } = await cross(send(route, example, { origin }));
          // A's subjects, requests and tokens are unknown on B.
          if (route.pathParams.some((name) => OBJECT_PARAMS.includes(name))) expect(status).toBe(404);
        }
        expect(changedTables(before, await snapshot(a.siteId))).toEqual([]);
      });
    }
  });

  it("serves each site its own config and notice, and refuses a browser of the other site", async () => {
    for (const [own, other] of [
      [a, b],
      [b, a],
    ] as const) {
      for (const path of [`/v1/sites/${own.siteId}/config`, `/v1/sites/${own.siteId}/notice?locale=en`]) {
        const text = await bodyText(await request(path, { origin: own.origin }));
        expect(text).toContain(own.marker);
        expect(text).not.toContain(other.marker);
      }
    }
    expect((await cross(request(`/v1/sites/${b.siteId}/config`, { origin: a.origin }))).status).toBe(403);
  });

  it('knows a subject recorded on A only on A: state, proof, ledger, exports and erasure on B find nothing', async () => {
    expect((await request(`/v1/sites/${a.siteId}/consents/${a.subjectId}`, { origin: a.origin })).status).toBe(200);
    expect(await cross(request(`/v1/sites/${b.siteId}/consents/${a.subjectId}`, { origin: b.origin }))).toMatchObject({ status: 404, text: expect.stringContaining('subject_not_found') });
    expect((await cross(admin(`/v1/admin/sites/${b.siteId}/consents/${a.subjectId}/proof`, b.keys.viewer))).status).toBe(404);
    const filtered = await cross(admin(`/v1/admin/sites/${b.siteId}/consents?subjectId=${a.subjectId}`, b.keys.viewer));
    expect(JSON.parse(filtered.text)).toEqual({ items: [], nextCursor: null });
    for (const format of ['csv', 'jsonl', 'json']) {
      const { text } = await cross(admin(`/v1/admin/sites/${b.siteId}/consents?format=${format}`, b.keys.viewer));
      expect(text).toContain(b.subjectId);
      expect(text).not.toContain(a.subjectId);
    }
    const ledgerOfA = await snapshot(a.siteId);
    const erased = await cross(admin(`/v1/admin/sites/${b.siteId}/subjects/${a.subjectId}`, b.keys.operator, { method: 'DELETE' }));
    expect(JSON.parse(erased.text)).toEqual({ erasedConsentEvents: 0 });
    expect(changedTables(ledgerOfA, await snapshot(a.siteId))).toEqual([]);
  });

  it("keeps A's rights requests out of B's reach: status by token, download, operator list", async () => {
    const { verified, answered } = a.requests;
    expect((await request(`/v1/sites/${a.siteId}/rights-requests/${verified.id}?token=${verified.statusToken}`, { origin: a.origin })).status).toBe(200);
    expect((await cross(request(`/v1/sites/${b.siteId}/rights-requests/${verified.id}?token=${verified.statusToken}`, { origin: b.origin }))).status).toBe(404);
    expect((await cross(request(`/v1/sites/${b.siteId}/rights-requests/${answered.id}/download?token=${answered.downloadToken}`, { origin: b.origin }))).status).toBe(404);
    const list = await cross(admin(`/v1/admin/sites/${b.siteId}/rights-requests`, b.keys.operator));
    for (const request of Object.values(a.requests)) expect(list.text).not.toContain(request.id);
    expect((await cross(admin(`/v1/admin/sites/${a.siteId}/rights-requests`, b.keys.operator))).status).toBe(403);
  });
});
