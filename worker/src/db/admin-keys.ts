import type { Role } from '@novoaigen/consent-schema';

/** An admin key as stored: never the secret, only its hash. */
export interface AdminKey {
  id: string;
  siteId: string;
  role: Role;
  secretHash: string;
  createdAt: string;
  createdBy: string;
  revokedAt: string | null;
}

interface KeyRow {
  id: string;
  site_id: string;
  role: Role;
  secret_hash: string;
  created_at: string;
  created_by: string;
  revoked_at: string | null;
}

const toKey = (row: KeyRow): AdminKey => ({
  id: row.id,
  siteId: row.site_id,
  role: row.role,
  secretHash: row.secret_hash,
  createdAt: row.created_at,
  createdBy: row.created_by,
  revokedAt: row.revoked_at,
});

export async function findAdminKey(db: D1Database, keyId: string): Promise<AdminKey | null> {
  const row = await db.prepare('SELECT * FROM admin_keys WHERE id = ?').bind(keyId).first<KeyRow>();
  return row ? toKey(row) : null;
}

export async function listAdminKeys(db: D1Database, siteId: string): Promise<AdminKey[]> {
  const { results } = await db.prepare('SELECT * FROM admin_keys WHERE site_id = ? ORDER BY created_at').bind(siteId).all<KeyRow>();
  return results.map(toKey);
}

export function insertAdminKeyStatement(db: D1Database, key: Pick<AdminKey, 'id' | 'siteId' | 'role' | 'secretHash' | 'createdBy'>): D1PreparedStatement {
  return db
    .prepare('INSERT INTO admin_keys (id, site_id, role, secret_hash, created_by) VALUES (?, ?, ?, ?, ?)')
    .bind(key.id, key.siteId, key.role, key.secretHash, key.createdBy);
}

/** Revokes a key of the site; matching on both ids keeps one site from revoking another's keys. */
export function revokeAdminKeyStatement(db: D1Database, siteId: string, keyId: string): D1PreparedStatement {
  return db
    .prepare("UPDATE admin_keys SET revoked_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE site_id = ? AND id = ? AND revoked_at IS NULL")
    .bind(siteId, keyId);
}
