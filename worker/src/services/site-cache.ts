import { type ConfigVersion, findConfigVersion, findSiteCatalogue, type SiteCatalogue } from '../db/sites.js';
import { shownWording, wordingHash } from './visitor-config.js';

/**
 * How long an isolate answers public routes from what it read of a site: settings, config and
 * notice versions. A publish in this isolate forgets the site at once; other isolates see it
 * within this time, and a write naming a version they do not know yet reads D1 again first.
 */
const SITE_CACHE_TTL_MS = 5_000;

/** Sites and config bodies kept per isolate; past this the oldest are dropped. */
const SITES_KEPT = 1_000;
const BODIES_KEPT = 512;
const WORDING_HASHES_KEPT = 512;

interface CachedCatalogue {
  loadedAt: number;
  catalogue: Promise<SiteCatalogue | null>;
}

/**
 * The per-isolate caches behind a consent write's single round trip. An isolate serves many
 * requests, so this state is module-level by design; each entry is keyed by site.
 */
const catalogues = new Map<string, CachedCatalogue>();
const bodies = new Map<string, Promise<ConfigVersion | null>>();
const wordingHashes = new Map<string, Promise<string>>();

function remember<V>(map: Map<string, V>, key: string, value: V, kept: number): V {
  map.delete(key);
  if (map.size >= kept) map.delete(map.keys().next().value as string);
  map.set(key, value);
  return value;
}

function load(db: D1Database, siteId: string, now: number): Promise<SiteCatalogue | null> {
  const catalogue = findSiteCatalogue(db, siteId);
  remember(catalogues, siteId, { loadedAt: now, catalogue }, SITES_KEPT);
  // A failed read is not kept: the next request tries again.
  catalogue.catch(() => catalogues.delete(siteId));
  return catalogue;
}

/** The site with its config and notice versions, at most `SITE_CACHE_TTL_MS` old. */
export function siteCatalogue(db: D1Database, siteId: string, now = Date.now()): Promise<SiteCatalogue | null> {
  const cached = catalogues.get(siteId);
  return cached && now - cached.loadedAt < SITE_CACHE_TTL_MS ? cached.catalogue : load(db, siteId, now);
}

/**
 * The catalogue read again from D1, for a write that names what the cached one lacks: a version
 * published in another isolate a moment ago is then found, not refused.
 */
export function freshSiteCatalogue(db: D1Database, siteId: string): Promise<SiteCatalogue | null> {
  return load(db, siteId, Date.now());
}

/** Forgets a site after a change to it (settings, config, notice) in this isolate. */
export function forgetSite(siteId: string): void {
  catalogues.delete(siteId);
}

/**
 * A published config version's body. Versions never change once published; the key carries the
 * publication time so a site deleted and created again under the same id is never confused.
 */
export function configBody(db: D1Database, siteId: string, version: number, publishedAt: string): Promise<ConfigVersion | null> {
  const key = `${siteId}|${version}|${publishedAt}`;
  const cached = bodies.get(key);
  if (cached) return cached;
  const body = findConfigVersion(db, siteId, version);
  body.catch(() => bodies.delete(key));
  return remember(bodies, key, body, BODIES_KEPT);
}

/**
 * Wording hashes by site, config version and language. The catalogues change only with a deploy
 * (a new isolate), so a write hashes the ~10 KB of words once per version and language.
 */
export function wordingHashOf(siteId: string, shown: ConfigVersion, locale: string): Promise<string> {
  const key = `${siteId}|${shown.version}|${shown.publishedAt}|${locale}`;
  return wordingHashes.get(key) ?? remember(wordingHashes, key, wordingHash(shownWording(shown.config, locale)), WORDING_HASHES_KEPT);
}
