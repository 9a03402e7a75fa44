import { CreateSiteSchema, UpdateSiteSchema } from '@novoaigen/consent-schema';
import { Hono } from 'hono';
import { insertAdminKeyStatement } from '../../db/admin-keys.js';
import { findSite, insertConfigVersionStatement, insertSiteStatement, type Site, updateSiteStatement } from '../../db/sites.js';
import type { AppEnv } from '../../env.js';
import { AppError } from '../../errors.js';
import { requireRoot, requireSiteRole } from '../../middleware/admin-auth.js';
import { jsonBody } from '../../middleware/json-body.js';
import { mintKey } from '../../security/admin-keys.js';
import { DataCipher } from '../../security/data-cipher.js';
import { randomBytes, toBase64Url } from '../../security/encoding.js';
import { defaultSiteConfig } from '../../services/site-config-publishing.js';
import { forgetSite } from '../../services/site-cache.js';
import { audited } from './audit-context.js';

const MAX_ADMIN_BODY_BYTES = 64 * 1024;

/** A site id from its name: `Acme Shop` → `acme-shop-x1y2z3`. The suffix keeps ids unguessable and unique. */
function siteIdFromName(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  const suffix = toBase64Url(randomBytes(6)).toLowerCase().replace(/[^a-z0-9]/g, '0');
  return slug ? `${slug}-${suffix}` : `site-${suffix}`;
}

/** A site's settings as the admin API shows them: secrets only say whether they are set. */
async function siteView(site: Site, cipher: DataCipher) {
  return {
    siteId: site.id,
    name: site.name,
    origins: site.allowedOrigins,
    retention: site.retention,
    deadlineDays: site.deadlineDays,
    forwarding: {
      webhookUrl: site.forwarding.webhookUrl,
      webhookSecretSet: site.forwarding.webhookSecretSealed !== null,
      privacyEmail: site.forwarding.privacyEmailSealed ? await cipher.decrypt(site.forwarding.privacyEmailSealed) : null,
    },
    turnstile: site.turnstileSecretSealed !== null,
    ledgerShards: site.ledgerShards,
    ledgerShardHistory: site.ledgerShardHistory,
    writesPerMinute: site.writesPerMinute,
    createdAt: site.createdAt,
    updatedAt: site.updatedAt,
  };
}

/** Seals a new secret value, keeps the stored one when the field was not sent, clears it on null. */
async function sealed(cipher: DataCipher, next: string | null | undefined, current: string | null): Promise<string | null> {
  if (next === undefined) return current;
  return next === null ? null : cipher.encrypt(next);
}

/** `/v1/admin/sites`: create (root), read (viewer) and change (admin) sites. */
export const adminSiteRoutes = new Hono<AppEnv>()
  .post('/', requireRoot, ...jsonBody(CreateSiteSchema, MAX_ADMIN_BODY_BYTES), async (c) => {
    const body = c.req.valid('json');
    const siteId = body.siteId ?? siteIdFromName(body.name);
    if (await findSite(c.env.DB, siteId)) throw new AppError(409, 'site_exists', `A site with id "${siteId}" already exists.`);
    const key = await mintKey();
    const principal = c.get('principal');
    try {
      await c.env.DB.batch([
        insertSiteStatement(c.env.DB, {
          id: siteId,
          name: body.name,
          allowedOrigins: body.origins,
          ledgerShards: body.ledgerShards,
          writesPerMinute: body.writesPerMinute,
        }),
        insertConfigVersionStatement(c.env.DB, defaultSiteConfig(siteId)),
        insertAdminKeyStatement(c.env.DB, { id: key.id, siteId, role: 'admin', secretHash: key.secretHash, createdBy: principal.actor }),
        audited(c, 'site.create', siteId, { name: body.name, origins: body.origins, adminKeyId: key.id }, siteId),
      ]);
    } catch (error) {
      // Two creations of the same id at once both pass the lookup above; the database keeps one.
      if (String(error).includes('UNIQUE')) throw new AppError(409, 'site_exists', `A site with id "${siteId}" already exists.`);
      throw error;
    }
    forgetSite(siteId);
    return c.json({ siteId, adminKey: key.token, keyId: key.id }, 201);
  })
  .get('/:siteId', requireSiteRole('viewer'), async (c) => c.json(await siteView(c.get('site'), new DataCipher(c.env))))
  .patch('/:siteId', requireSiteRole('admin'), ...jsonBody(UpdateSiteSchema, MAX_ADMIN_BODY_BYTES), async (c) => {
    const site = c.get('site');
    const body = c.req.valid('json');
    const cipher = new DataCipher(c.env);
    if (body.ledgerShards !== undefined && body.ledgerShards < site.ledgerShards) {
      throw new AppError(400, 'validation_failed', `The ledger has ${site.ledgerShards} shards; the count may only grow.`, [
        { path: 'ledgerShards', message: `must be at least ${site.ledgerShards}` },
      ]);
    }
    const ledgerShards = body.ledgerShards ?? site.ledgerShards;
    const updated: Site = {
      ...site,
      name: body.name ?? site.name,
      allowedOrigins: body.origins ?? site.allowedOrigins,
      retention: { ...site.retention, ...body.retention },
      deadlineDays: body.deadlineDays ?? site.deadlineDays,
      forwarding: {
        webhookUrl: body.forwarding?.webhookUrl === undefined ? site.forwarding.webhookUrl : body.forwarding.webhookUrl,
        webhookSecretSealed: await sealed(cipher, body.forwarding?.webhookSecret, site.forwarding.webhookSecretSealed),
        privacyEmailSealed: await sealed(cipher, body.forwarding?.privacyEmail?.toLowerCase(), site.forwarding.privacyEmailSealed),
      },
      turnstileSecretSealed: await sealed(cipher, body.turnstileSecret, site.turnstileSecretSealed),
      ledgerShards,
      ledgerShardHistory: site.ledgerShardHistory.includes(ledgerShards) ? site.ledgerShardHistory : [...site.ledgerShardHistory, ledgerShards],
      writesPerMinute: body.writesPerMinute ?? site.writesPerMinute,
    };
    // The audit names the fields that changed, never their (possibly secret or personal) values.
    const changed = Object.keys(body).flatMap((field) => {
      const value = body[field as keyof typeof body];
      return value && typeof value === 'object' && !Array.isArray(value) ? Object.keys(value).map((inner) => `${field}.${inner}`) : [field];
    });
    await c.env.DB.batch([updateSiteStatement(c.env.DB, updated), audited(c, 'site.update', site.id, { fields: changed })]);
    forgetSite(site.id);
    const stored = await findSite(c.env.DB, site.id);
    return c.json(await siteView(stored ?? updated, cipher));
  });
