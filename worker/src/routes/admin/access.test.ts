import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { admin, type AdminSite, consentEvent, createAdminSite, postJson } from '../../../test/fixtures.js';

type Caller = 'none' | 'garbage' | 'revoked' | 'other-site' | 'viewer' | 'operator' | 'admin' | 'root';
type Needed = 'viewer' | 'operator' | 'admin' | 'root';

interface AdminRoute {
  name: string;
  needs: Needed;
  call: (site: AdminSite, key: string | null) => Promise<Response>;
}

const SUBJECT = 'subject-matrix-0000000001';

const ROUTES: AdminRoute[] = [
  { name: 'POST /sites', needs: 'root', call: (_s, key) => admin('/v1/admin/sites', key, { method: 'POST', json: { name: 'Another', origins: ['https://another.example'] } }) },
  { name: 'GET /sites/:id', needs: 'viewer', call: (s, key) => admin(`/v1/admin/sites/${s.siteId}`, key) },
  { name: 'PATCH /sites/:id', needs: 'admin', call: (s, key) => admin(`/v1/admin/sites/${s.siteId}`, key, { method: 'PATCH', json: { deadlineDays: 30 } }) },
  { name: 'GET /keys', needs: 'admin', call: (s, key) => admin(`/v1/admin/sites/${s.siteId}/keys`, key) },
  { name: 'POST /keys', needs: 'admin', call: (s, key) => admin(`/v1/admin/sites/${s.siteId}/keys`, key, { method: 'POST', json: { role: 'viewer' } }) },
  {
    name: 'DELETE /keys/:id',
    needs: 'admin',
    call: async (s, key) => {
      const minted = await admin(`/v1/admin/sites/${s.siteId}/keys`, s.keys.admin, { method: 'POST', json: { role: 'viewer' } });
      const { keyId } = (await minted.json()) as { keyId: string };
      return admin(`/v1/admin/sites/${s.siteId}/keys/${keyId}`, key, { method: 'DELETE' });
    },
  },
  { name: 'GET /consents', needs: 'viewer', call: (s, key) => admin(`/v1/admin/sites/${s.siteId}/consents`, key) },
  { name: 'GET /consents?format=csv', needs: 'viewer', call: (s, key) => admin(`/v1/admin/sites/${s.siteId}/consents?format=csv`, key) },
  { name: 'GET /consents/:subject/proof', needs: 'viewer', call: (s, key) => admin(`/v1/admin/sites/${s.siteId}/consents/${SUBJECT}/proof`, key) },
  { name: 'DELETE /subjects/:subject', needs: 'operator', call: (s, key) => admin(`/v1/admin/sites/${s.siteId}/subjects/subject-to-erase-000001`, key, { method: 'DELETE' }) },
  { name: 'GET /config', needs: 'viewer', call: (s, key) => admin(`/v1/admin/sites/${s.siteId}/config`, key) },
  {
    name: 'PUT /config',
    needs: 'admin',
    call: (s, key) =>
      admin(`/v1/admin/sites/${s.siteId}/config`, key, {
        method: 'PUT',
        json: { categories: [{ id: 'necessary', title: 'Necessary', description: 'Needed.', required: true }] },
      }),
  },
  { name: 'GET /audit', needs: 'admin', call: (s, key) => admin(`/v1/admin/sites/${s.siteId}/audit`, key) },
  {
    name: 'PUT /notices/:locale',
    needs: 'admin',
    call: (s, key) =>
      admin(`/v1/admin/sites/${s.siteId}/notices/en`, key, {
        method: 'PUT',
        json: { document: { title: 'Notice', lastUpdated: '2026-01-01', sections: [{ id: 'a', heading: 'A', blocks: [] }] } },
      }),
  },
  { name: 'GET /rights-requests', needs: 'operator', call: (s, key) => admin(`/v1/admin/sites/${s.siteId}/rights-requests`, key) },
];

const RANK: Record<Needed, number> = { viewer: 1, operator: 2, admin: 3, root: 4 };

function expectedStatus(caller: Caller, needs: Needed): 'ok' | 401 | 403 {
  if (caller === 'none' || caller === 'garbage' || caller === 'revoked') return 401;
  if (caller === 'root') return 'ok';
  if (caller === 'other-site') return 403;
  return RANK[caller] >= RANK[needs] ? 'ok' : 403;
}

describe('admin API access matrix', async () => {
  const site = await createAdminSite('Matrix site');
  const other = await createAdminSite('Other site');
  await postJson(`/v1/sites/${site.siteId}/consents`, consentEvent({ subjectId: SUBJECT, revision: 1 }));
  const revokedMint = await admin(`/v1/admin/sites/${site.siteId}/keys`, site.keys.admin, { method: 'POST', json: { role: 'admin' } });
  const revoked = (await revokedMint.json()) as { keyId: string; key: string };
  await admin(`/v1/admin/sites/${site.siteId}/keys/${revoked.keyId}`, site.keys.admin, { method: 'DELETE' });

  const keyOf: Record<Caller, string | null> = {
    none: null,
    garbage: 'nck_AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    revoked: revoked.key,
    'other-site': other.keys.admin,
    viewer: site.keys.viewer,
    operator: site.keys.operator,
    admin: site.keys.admin,
    root: env.ADMIN_ROOT_KEY,
  };

  for (const route of ROUTES) {
    for (const caller of Object.keys(keyOf) as Caller[]) {
      const expected = expectedStatus(caller, route.needs);
      it(`${route.name} with ${caller} key → ${expected}`, async () => {
        const res = await route.call(site, keyOf[caller]);
        if (expected === 'ok') {
          expect(res.status, await res.clone().text()).toBeGreaterThanOrEqual(200);
          expect(res.status).toBeLessThan(300);
        } else {
          expect(res.status).toBe(expected);
          const body = (await res.json()) as { error: { code: string; message: string } };
          expect(body.error.code).toBe(expected === 401 ? 'unauthorized' : 'forbidden');
          expect(body.error.message).not.toContain(other.siteId);
        }
        expect(res.headers.get('Cache-Control')).toBe('no-store');
      });
    }
  }

  it('gives a key of another site the same 403 for a site that does not exist', async () => {
    const missing = await admin('/v1/admin/sites/no-such-site-x', site.keys.admin);
    const existing = await admin(`/v1/admin/sites/${other.siteId}`, site.keys.admin);
    expect([missing.status, existing.status]).toEqual([403, 403]);
    expect(await missing.json()).toEqual(await existing.json());
  });
});
