import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkAnswer } from './support/answer-check.js';
import { exampleFor } from './support/examples.js';
import { apiRoutes } from './support/routes.js';
import { send } from './support/send.js';
import { createTenant, type Tenant } from './support/tenants.js';

/** Past D1's largest string (about 2.5 MB here: SQLITE_TOOBIG): a parameter bound into a query as it came would fail the query. */
const OVERSIZED = 'a'.repeat(3_000_000);

/**
 * Every path parameter of every route, far too long and of the right alphabet, with everything
 * else valid and the root key: each is answered as an unknown id (4xx), never by a failed query.
 */
describe('path parameters of any length', () => {
  let tenant: Tenant;
  beforeAll(async () => {
    tenant = await createTenant('long-params');
  });

  for (const route of apiRoutes().filter((r) => r.pathParams.length > 0)) {
    for (const param of route.pathParams) {
      it(`${route.key} with a ${OVERSIZED.length}-character {${param}}`, async () => {
        const example = exampleFor(route.key, tenant, crypto.randomUUID().slice(0, 8))!;
        const res = await send(route, { ...example, params: { ...example.params, [param]: OVERSIZED } }, { key: env.ADMIN_ROOT_KEY, origin: tenant.origin });
        const { status } = await checkAnswer(res, route.method);
        expect([400, 404]).toContain(status);
      });
    }
  }
});
