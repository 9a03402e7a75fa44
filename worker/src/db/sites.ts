import { type SiteConfigRecord, SiteConfigRecordSchema } from '@novoaigen/consent-schema';
import * as z from 'zod/mini';

/** A tenant: one client website, with its settings. Encrypted columns stay sealed at this layer. */
export interface Site {
  id: string;
  name: string;
  /** Exact origins allowed to call the site's public routes. */
  allowedOrigins: string[];
  retention: { consentMonths: number; requestMonths: number; auditYears: number };
  deadlineDays: number;
  forwarding: { webhookUrl: string | null; webhookSecretSealed: string | null; privacyEmailSealed: string | null };
  /** When set, rights requests must carry a Cloudflare Turnstile token that this secret verifies. */
  turnstileSecretSealed: string | null;
  /** Shards new consent decisions are spread over (see ledger/shard-routing.ts). */
  ledgerShards: number;
  /** Every shard count the site has had, current one included, oldest first: readers ask each. */
  ledgerShardHistory: number[];
  /** Cap on the site's public writes per minute, all clients together. */
  writesPerMinute: number;
  createdAt: string;
  updatedAt: string;
}

/** A published config version: the JSON exactly as stored, and its parsed form (defaults applied). */
export interface ConfigVersion {
  version: number;
  revision: number;
  publishedAt: string;
  json: string;
  config: SiteConfigRecord;
}

const OriginsSchema = z.array(z.string());
const ShardCountsSchema = z.array(z.int());

interface SiteRow {
  id: string;
  name: string;
  allowed_origins: string;
  consent_retention_months: number;
  request_retention_months: number;
  audit_retention_years: number;
  deadline_days: number;
  webhook_url: string | null;
  webhook_secret_enc: string | null;
  privacy_email_enc: string | null;
  turnstile_secret_enc: string | null;
  ledger_shards: number;
  ledger_shard_history: string;
  writes_per_minute: number;
  created_at: string;
  updated_at: string;
}

interface ConfigRow {
  version: number;
  revision: number;
  published_at: string;
  config: string;
}

function toSite(row: SiteRow): Site {
  return {
    id: row.id,
    name: row.name,
    allowedOrigins: OriginsSchema.parse(JSON.parse(row.allowed_origins)),
    retention: { consentMonths: row.consent_retention_months, requestMonths: row.request_retention_months, auditYears: row.audit_retention_years },
    deadlineDays: row.deadline_days,
    forwarding: { webhookUrl: row.webhook_url, webhookSecretSealed: row.webhook_secret_enc, privacyEmailSealed: row.privacy_email_enc },
    turnstileSecretSealed: row.turnstile_secret_enc,
    ledgerShards: row.ledger_shards,
    ledgerShardHistory: ShardCountsSchema.parse(JSON.parse(row.ledger_shard_history)),
    writesPerMinute: row.writes_per_minute,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * Versions published before per-language messages hold `texts`: the site's words in the config's
 * own language. Stored versions are immutable, so they are read as `messages` of that language.
 */
function upgradeLegacyTexts(stored: Record<string, unknown>): Record<string, unknown> {
  const { texts, ...config } = stored;
  if (texts === undefined || config.messages !== undefined) return config;
  return { ...config, messages: { [typeof config.locale === 'string' ? config.locale : 'en']: texts } };
}

function toConfigVersion(row: ConfigRow): ConfigVersion {
  const config = SiteConfigRecordSchema.parse(upgradeLegacyTexts(JSON.parse(row.config) as Record<string, unknown>));
  return { version: row.version, revision: row.revision, publishedAt: row.published_at, json: row.config, config };
}

export async function findSite(db: D1Database, siteId: string): Promise<Site | null> {
  const row = await db.prepare('SELECT * FROM sites WHERE id = ?').bind(siteId).first<SiteRow>();
  return row ? toSite(row) : null;
}

/** Ids of every site, for jobs that visit each tenant in turn. */
export async function listSiteIds(db: D1Database): Promise<string[]> {
  const { results } = await db.prepare('SELECT id FROM sites ORDER BY id').all<{ id: string }>();
  return results.map((row) => row.id);
}

/** The statement that creates a site with default settings (the ledger's shards and write cap may be chosen). */
export function insertSiteStatement(
  db: D1Database,
  site: Pick<Site, 'id' | 'name' | 'allowedOrigins'> & Partial<Pick<Site, 'ledgerShards' | 'writesPerMinute'>>,
): D1PreparedStatement {
  const shards = site.ledgerShards ?? 1;
  const values = [site.id, site.name, JSON.stringify(site.allowedOrigins), shards, JSON.stringify([shards])];
  // Without a chosen cap the column's default (the migration explains it) applies.
  return site.writesPerMinute === undefined
    ? db.prepare('INSERT INTO sites (id, name, allowed_origins, ledger_shards, ledger_shard_history) VALUES (?, ?, ?, ?, ?)').bind(...values)
    : db
        .prepare('INSERT INTO sites (id, name, allowed_origins, ledger_shards, ledger_shard_history, writes_per_minute) VALUES (?, ?, ?, ?, ?, ?)')
        .bind(...values, site.writesPerMinute);
}

/** The statement that writes a site's settings back (all columns, as given). */
export function updateSiteStatement(db: D1Database, site: Site): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE sites
          SET name = ?, allowed_origins = ?, consent_retention_months = ?, request_retention_months = ?,
              audit_retention_years = ?, deadline_days = ?, webhook_url = ?, webhook_secret_enc = ?,
              privacy_email_enc = ?, turnstile_secret_enc = ?, ledger_shards = ?, ledger_shard_history = ?,
              writes_per_minute = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
        WHERE id = ?`,
    )
    .bind(
      site.name,
      JSON.stringify(site.allowedOrigins),
      site.retention.consentMonths,
      site.retention.requestMonths,
      site.retention.auditYears,
      site.deadlineDays,
      site.forwarding.webhookUrl,
      site.forwarding.webhookSecretSealed,
      site.forwarding.privacyEmailSealed,
      site.turnstileSecretSealed,
      site.ledgerShards,
      JSON.stringify(site.ledgerShardHistory),
      site.writesPerMinute,
      site.id,
    );
}

/** The site's newest published config, or null if it has none yet. */
export async function findLatestConfig(db: D1Database, siteId: string): Promise<ConfigVersion | null> {
  const row = await db
    .prepare('SELECT version, revision, published_at, config FROM site_config_versions WHERE site_id = ? ORDER BY version DESC LIMIT 1')
    .bind(siteId)
    .first<ConfigRow>();
  return row ? toConfigVersion(row) : null;
}

/** One published version, or null if the site never published it. */
export async function findConfigVersion(db: D1Database, siteId: string, version: number): Promise<ConfigVersion | null> {
  const row = await db
    .prepare('SELECT version, revision, published_at, config FROM site_config_versions WHERE site_id = ? AND version = ?')
    .bind(siteId, version)
    .first<ConfigRow>();
  return row ? toConfigVersion(row) : null;
}

/** The newest version published under a consent revision, or null if there is no such revision. */
export async function findLatestConfigOfRevision(db: D1Database, siteId: string, revision: number): Promise<ConfigVersion | null> {
  const row = await db
    .prepare('SELECT version, revision, published_at, config FROM site_config_versions WHERE site_id = ? AND revision = ? ORDER BY version DESC LIMIT 1')
    .bind(siteId, revision)
    .first<ConfigRow>();
  return row ? toConfigVersion(row) : null;
}

/** Several versions at once (for a proof of consent). */
export async function findConfigVersions(db: D1Database, siteId: string, versions: number[]): Promise<ConfigVersion[]> {
  if (versions.length === 0) return [];
  const { results } = await db
    .prepare(
      `SELECT version, revision, published_at, config FROM site_config_versions
        WHERE site_id = ? AND version IN (SELECT value FROM json_each(?)) ORDER BY version`,
    )
    .bind(siteId, JSON.stringify(versions))
    .all<ConfigRow>();
  return results.map(toConfigVersion);
}

/** The statement that stores a new immutable config version, as published (`GET …/config` derives each visitor's config from it). */
export function insertConfigVersionStatement(db: D1Database, config: SiteConfigRecord): D1PreparedStatement {
  return db
    .prepare('INSERT INTO site_config_versions (site_id, version, revision, config) VALUES (?, ?, ?, ?)')
    .bind(config.siteId, config.version, config.revision, JSON.stringify(config));
}

/** A published config version without its body: enough to check a write names a real one. */
export interface ConfigVersionRef {
  version: number;
  revision: number;
  publishedAt: string;
}

/** What a consent write checks about its site, read in one round trip: the site, its config versions and its notice versions. */
export interface SiteCatalogue {
  site: Site;
  configVersions: ConfigVersionRef[];
  noticeVersions: number[];
}

export async function findSiteCatalogue(db: D1Database, siteId: string): Promise<SiteCatalogue | null> {
  const [sites, versions, notices] = await db.batch<unknown>([
    db.prepare('SELECT * FROM sites WHERE id = ?').bind(siteId),
    db.prepare('SELECT version, revision, published_at FROM site_config_versions WHERE site_id = ? ORDER BY version').bind(siteId),
    db.prepare('SELECT DISTINCT version FROM notice_versions WHERE site_id = ?').bind(siteId),
  ]);
  const row = sites?.results[0] as SiteRow | undefined;
  if (!row) return null;
  return {
    site: toSite(row),
    configVersions: ((versions?.results ?? []) as Omit<ConfigRow, 'config'>[]).map((v) => ({ version: v.version, revision: v.revision, publishedAt: v.published_at })),
    noticeVersions: ((notices?.results ?? []) as { version: number }[]).map((n) => n.version),
  };
}

/** How long decisions last under each of the site's config versions (for retention purges). */
export async function findExpiryRules(db: D1Database, siteId: string): Promise<Record<number, { expiryDays: number; refusalExpiryDays: number | null }>> {
  const { results } = await db
    .prepare(
      `SELECT version, json_extract(config, '$.expiryDays') AS expiry, json_extract(config, '$.refusalExpiryDays') AS refusal
         FROM site_config_versions WHERE site_id = ?`,
    )
    .bind(siteId)
    .all<{ version: number; expiry: number; refusal: number | null }>();
  return Object.fromEntries(results.map((r) => [r.version, { expiryDays: r.expiry, refusalExpiryDays: r.refusal }]));
}
