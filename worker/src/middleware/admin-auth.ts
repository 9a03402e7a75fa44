import { type Role, SiteIdSchema } from '@novoaigen/consent-schema';
import { createMiddleware } from 'hono/factory';
import { findAdminKey } from '../db/admin-keys.js';
import { findSite } from '../db/sites.js';
import type { AppEnv } from '../env.js';
import { AppError } from '../errors.js';
import { equalInConstantTime, parseKey, roleCovers, secretMatches } from '../security/admin-keys.js';

/** Who is calling the admin API: the root key, or a site's key with its role. */
export type Principal = { kind: 'root'; actor: 'root' } | { kind: 'key'; actor: string; siteId: string; role: Role };

const unauthorized = () => new AppError(401, 'unauthorized', 'Send a valid admin key as "Authorization: Bearer <key>".');
// One message whether the site exists or not, so a key never learns about other tenants.
const forbidden = () => new AppError(403, 'forbidden', 'This key may not do that on this site.');

/** Resolves `Authorization: Bearer …` to a principal, or answers 401. */
export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header('Authorization') ?? '';
  const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  if (!token) throw unauthorized();
  if (c.env.ADMIN_ROOT_KEY && (await equalInConstantTime(token, c.env.ADMIN_ROOT_KEY))) {
    c.set('principal', { kind: 'root', actor: 'root' });
    return next();
  }
  const parsed = parseKey(token);
  const key = parsed ? await findAdminKey(c.env.DB, parsed.id) : null;
  if (!parsed || !key || key.revokedAt !== null || !(await secretMatches(parsed.secret, key.secretHash))) throw unauthorized();
  c.set('principal', { kind: 'key', actor: key.id, siteId: key.siteId, role: key.role });
  await next();
});

/** Only the root key. */
export const requireRoot = createMiddleware<AppEnv>(async (c, next) => {
  if (c.get('principal').kind !== 'root') throw forbidden();
  await next();
});

/**
 * A key of the `:siteId` site with at least `role` (or the root key), then loads the site.
 * A key of another site gets the same 403 whether `:siteId` exists or not.
 */
export function requireSiteRole(role: Role) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const principal = c.get('principal');
    const siteId = c.req.param('siteId') ?? '';
    if (principal.kind === 'key' && (principal.siteId !== siteId || !roleCovers(principal.role, role))) throw forbidden();
    // The root key reaches this lookup with any `:siteId`: one that is not a site id names no site
    // (and an over-long one would make D1 fail), as in `loadSite`.
    const site = SiteIdSchema.safeParse(siteId).success ? await findSite(c.env.DB, siteId) : null;
    if (!site) throw new AppError(404, 'site_not_found', `There is no site with id "${siteId.slice(0, 64)}".`);
    c.set('site', site);
    await next();
  });
}
