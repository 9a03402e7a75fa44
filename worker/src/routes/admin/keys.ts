import { CreateKeySchema } from '@novoaigen/consent-schema';
import { Hono } from 'hono';
import { findAdminKey, insertAdminKeyStatement, listAdminKeys, revokeAdminKeyStatement } from '../../db/admin-keys.js';
import type { AppEnv } from '../../env.js';
import { AppError } from '../../errors.js';
import { requireSiteRole } from '../../middleware/admin-auth.js';
import { jsonBody } from '../../middleware/json-body.js';
import { mintKey } from '../../security/admin-keys.js';
import { isStoredId } from '../../validation.js';
import { audited } from './audit-context.js';

/** `/v1/admin/sites/:siteId/keys` (admin): list, create (the key is shown once) and revoke keys. */
export const adminKeyRoutes = new Hono<AppEnv>()
  .use(requireSiteRole('admin'))
  .get('/', async (c) => {
    const keys = await listAdminKeys(c.env.DB, c.get('site').id);
    return c.json({ items: keys.map(({ secretHash: _hash, siteId: _site, ...key }) => key) });
  })
  .post('/', ...jsonBody(CreateKeySchema, 1024), async (c) => {
    const { role } = c.req.valid('json');
    const key = await mintKey();
    await c.env.DB.batch([
      insertAdminKeyStatement(c.env.DB, { id: key.id, siteId: c.get('site').id, role, secretHash: key.secretHash, createdBy: c.get('principal').actor }),
      audited(c, 'key.create', key.id, { role }),
    ]);
    return c.json({ keyId: key.id, key: key.token, role }, 201);
  })
  .delete('/:keyId', async (c) => {
    const keyId = c.req.param('keyId');
    const key = isStoredId(keyId) ? await findAdminKey(c.env.DB, keyId) : null;
    if (!key || key.siteId !== c.get('site').id || key.revokedAt !== null) throw new AppError(404, 'key_not_found', 'This site has no active key with that id.');
    await c.env.DB.batch([revokeAdminKeyStatement(c.env.DB, key.siteId, keyId), audited(c, 'key.revoke', keyId)]);
    return c.body(null, 204);
  });
