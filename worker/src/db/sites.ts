import { type SiteConfig, SiteConfigSchema } from '@novo-consent/schema';
import * as z from 'zod/mini';

/** A tenant: one client website. */
export interface Site {
  id: string;
  name: string;
  /** Exact origins allowed to call the site's public routes. */
  allowedOrigins: string[];
}

/** A published config revision: the JSON exactly as stored (and served), and its parsed form. */
export interface ConfigRevision {
  revision: number;
  json: string;
  config: SiteConfig;
}

const OriginsSchema = z.array(z.string());

interface SiteRow {
  id: string;
  name: string;
  allowed_origins: string;
}

interface ConfigRow {
  revision: number;
  config: string;
}

export async function findSite(db: D1Database, siteId: string): Promise<Site | null> {
  const row = await db.prepare('SELECT id, name, allowed_origins FROM sites WHERE id = ?').bind(siteId).first<SiteRow>();
  if (!row) return null;
  return { id: row.id, name: row.name, allowedOrigins: OriginsSchema.parse(JSON.parse(row.allowed_origins)) };
}

function toRevision(row: ConfigRow): ConfigRevision {
  return { revision: row.revision, json: row.config, config: SiteConfigSchema.parse(JSON.parse(row.config)) };
}

/** The site's newest published config, or null if it has none yet. */
export async function findLatestConfig(db: D1Database, siteId: string): Promise<ConfigRevision | null> {
  const row = await db
    .prepare('SELECT revision, config FROM site_config_revisions WHERE site_id = ? ORDER BY revision DESC LIMIT 1')
    .bind(siteId)
    .first<ConfigRow>();
  return row ? toRevision(row) : null;
}

/** The config as it was at one revision, or null if the site never published that revision. */
export async function findConfigRevision(db: D1Database, siteId: string, revision: number): Promise<ConfigRevision | null> {
  const row = await db
    .prepare('SELECT revision, config FROM site_config_revisions WHERE site_id = ? AND revision = ?')
    .bind(siteId, revision)
    .first<ConfigRow>();
  return row ? toRevision(row) : null;
}

export async function insertSite(db: D1Database, site: Site): Promise<void> {
  await db
    .prepare('INSERT INTO sites (id, name, allowed_origins) VALUES (?, ?, ?)')
    .bind(site.id, site.name, JSON.stringify(site.allowedOrigins))
    .run();
}

/** Stores a new immutable config revision; the JSON stored is exactly what `GET …/config` will serve. */
export async function insertConfigRevision(db: D1Database, config: SiteConfig): Promise<void> {
  await db
    .prepare('INSERT INTO site_config_revisions (site_id, revision, config) VALUES (?, ?, ?)')
    .bind(config.siteId, config.revision, JSON.stringify(config))
    .run();
}
