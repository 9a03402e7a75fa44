import { NoticeDocumentSchema, type PublishedNotice } from '@novoaigen/consent-schema';

interface NoticeRow {
  site_id: string;
  locale: string;
  version: number;
  document: string;
  material_change: number;
  published_at: string;
}

const toNotice = (row: NoticeRow): PublishedNotice => ({
  siteId: row.site_id,
  locale: row.locale,
  version: row.version,
  publishedAt: row.published_at,
  materialChange: row.material_change === 1,
  document: NoticeDocumentSchema.parse(JSON.parse(row.document)),
});

/** One version, or the newest when `version` is null. */
export async function findNotice(db: D1Database, siteId: string, locale: string, version: number | null): Promise<PublishedNotice | null> {
  const row = await db
    .prepare('SELECT * FROM notice_versions WHERE site_id = ?1 AND locale = ?2 AND (?3 IS NULL OR version = ?3) ORDER BY version DESC LIMIT 1')
    .bind(siteId, locale, version)
    .first<NoticeRow>();
  return row ? toNotice(row) : null;
}

/** Every version of a notice, newest first, without the documents. */
export async function listNoticeVersions(db: D1Database, siteId: string, locale: string) {
  const { results } = await db
    .prepare(
      `SELECT version, published_at, material_change, json_extract(document, '$.lastUpdated') AS last_updated
         FROM notice_versions WHERE site_id = ? AND locale = ? ORDER BY version DESC`,
    )
    .bind(siteId, locale)
    .all<{ version: number; published_at: string; material_change: number; last_updated: string }>();
  return results.map((row) => ({ version: row.version, publishedAt: row.published_at, materialChange: row.material_change === 1, lastUpdated: row.last_updated }));
}

export function insertNoticeStatement(db: D1Database, notice: PublishedNotice): D1PreparedStatement {
  return db
    .prepare('INSERT INTO notice_versions (site_id, locale, version, document, material_change, published_at) VALUES (?, ?, ?, ?, ?, ?)')
    .bind(notice.siteId, notice.locale, notice.version, JSON.stringify(notice.document), notice.materialChange ? 1 : 0, notice.publishedAt);
}

/** The current notice of a locale in brief, for the public config: latest version, its date, and the last material change. */
export async function findNoticeSummary(db: D1Database, siteId: string, locale: string) {
  const row = await db
    .prepare(
      `SELECT version, json_extract(document, '$.lastUpdated') AS last_updated,
              (SELECT MAX(published_at) FROM notice_versions m WHERE m.site_id = n.site_id AND m.locale = n.locale AND m.material_change = 1) AS material_change_at
         FROM notice_versions n WHERE site_id = ? AND locale = ? ORDER BY version DESC LIMIT 1`,
    )
    .bind(siteId, locale)
    .first<{ version: number; last_updated: string; material_change_at: string | null }>();
  return row ? { version: row.version, lastUpdated: row.last_updated, materialChangeAt: row.material_change_at } : null;
}

/** Whether the site published a notice version with this number (in any locale). */
export async function noticeVersionExists(db: D1Database, siteId: string, version: number): Promise<boolean> {
  return (await db.prepare('SELECT 1 AS found FROM notice_versions WHERE site_id = ? AND version = ? LIMIT 1').bind(siteId, version).first()) !== null;
}

/** The locales in which the site published a notice. */
export async function listNoticeLocales(db: D1Database, siteId: string): Promise<string[]> {
  const { results } = await db.prepare('SELECT DISTINCT locale FROM notice_versions WHERE site_id = ? ORDER BY locale').bind(siteId).all<{ locale: string }>();
  return results.map((row) => row.locale);
}
