import { LocaleSchema } from '@novoaigen/consent-schema';
import { type Context, Hono } from 'hono';
import { etag } from 'hono/etag';
import * as z from 'zod/mini';
import { findNoticeSummary } from '../db/notices.js';
import { type ConfigVersion, findLatestConfig } from '../db/sites.js';
import type { AppEnv } from '../env.js';
import { AppError } from '../errors.js';
import {
  ConfigQuerySchema,
  languageCandidates,
  type LanguageOffer,
  regionFromLocation,
  type RequestLocation,
  sendsGpc,
  visitorConfig,
  visitorLocale,
} from '../services/visitor-config.js';
import { valid } from '../validation.js';

/**
 * The answer depends on the visitor (language, region, GPC), so only their browser may keep it, for
 * `CONFIG_MAX_AGE_SECONDS` (a day by default: a returning visitor's page view asks nothing), then it
 * revalidates with the ETag (a 304 costs no body). Language is in the URL and region comes with the
 * connection; GPC is a header, hence `Vary: Sec-GPC`.
 */
const DEFAULT_MAX_AGE_SECONDS = 86_400;
/** The edge keeps each variant a minute by default: a publish reaches new visitors within it. */
const DEFAULT_EDGE_TTL_SECONDS = 60;

const seconds = (value: string | undefined, fallback: number) => (value !== undefined && /^\d+$/.test(value) ? Number(value) : fallback);

const LanguageOfferSchema = z.object({ locale: LocaleSchema, languages: z.optional(z.array(LocaleSchema)), forceLanguage: z.optional(LocaleSchema) });

/** Where the edge keeps a site's language offer, beside its variants. */
const offerCacheKey = (siteId: string) => new Request(`https://config.cache/${encodeURIComponent(siteId)}/languages`);

/**
 * The edge cache key of one variant of a site's config. It names the language the visitor is
 * served, negotiated from `lang` and the site's offer, not the tags they sent: every `lang` that
 * comes to the same language shares one entry, so made-up values cannot each cost a build.
 */
export function configCacheKey(siteId: string, offer: LanguageOffer, lang: string | undefined, region: string | null, gpc: boolean): Request {
  const locale = visitorLocale(offer, languageCandidates(lang));
  return new Request(`https://config.cache/${encodeURIComponent(siteId)}?${new URLSearchParams({ locale, region: region ?? '', gpc: String(gpc) })}`);
}

/** The site's language offer as the edge keeps it, or null when it has none (or an unreadable one). */
async function cachedOffer(siteId: string): Promise<LanguageOffer | null> {
  const entry = await caches.default.match(offerCacheKey(siteId));
  if (!entry) return null;
  const parsed = LanguageOfferSchema.safeParse(await entry.json().catch(() => null));
  return parsed.success ? parsed.data : null;
}

function keepAtEdge(c: Context<AppEnv>, key: Request, body: string, ttl: number, headers: Record<string, string> = {}) {
  c.executionCtx.waitUntil(caches.default.put(key, new Response(body, { headers: { ...headers, 'Cache-Control': `max-age=${ttl}` } })));
}

/** The notice in brief in the first of `locales` it exists in, as `GET …/notice` falls back to the site's own language. */
async function noticeSummary(db: D1Database, siteId: string, locales: string[]) {
  for (const locale of new Set(locales)) {
    const summary = await findNoticeSummary(db, siteId, locale);
    if (summary) return summary;
  }
  return null;
}

/**
 * `GET /v1/sites/:siteId/config?lang=`: the site's latest config as this visitor gets it (their
 * language, their region's regime, their GPC signal), with the current privacy notice in brief.
 */
export const configRoutes = new Hono<AppEnv>().get('/', valid('query', ConfigQuerySchema), etag(), async (c) => {
  const site = c.get('site');
  const query = c.req.valid('query');
  // Locally `request.cf` is Miniflare's placeholder (Austin, Texas), not where anyone is: development
  // takes the region from the query (the demo and the end-to-end tests show every regime from one
  // machine), else the site's fallback region.
  const region = c.env.ENVIRONMENT === 'development' ? (query.region ?? null) : regionFromLocation(c.req.raw.cf as RequestLocation | undefined);
  const gpc = sendsGpc(c.req.header('Sec-GPC'));
  c.header('Cache-Control', `private, max-age=${seconds(c.env.CONFIG_MAX_AGE_SECONDS, DEFAULT_MAX_AGE_SECONDS)}`);
  c.header('Vary', 'Sec-GPC', { append: true });

  // Every visitor of one variant (site, language served, region, GPC) gets the same answer: the edge
  // keeps it briefly, so a burst of page views costs one build, not one per view. The site's
  // language offer is kept beside it, so finding the variant costs no database read.
  const edgeTtl = seconds(c.env.CONFIG_EDGE_TTL_SECONDS, DEFAULT_EDGE_TTL_SECONDS);
  const readLatest = async (): Promise<ConfigVersion> => {
    const latest = await findLatestConfig(c.env.DB, site.id);
    if (!latest) throw new AppError(404, 'site_not_found', `Site "${site.id}" has not published a config yet.`);
    return latest;
  };
  let latest: ConfigVersion | null = null;
  const offer = (edgeTtl > 0 ? await cachedOffer(site.id) : null) ?? (latest = await readLatest()).config;
  const cacheKey = configCacheKey(site.id, offer, query.lang, region, gpc);
  const cached = edgeTtl > 0 ? await caches.default.match(cacheKey) : undefined;
  if (cached) {
    c.header('Content-Language', cached.headers.get('Content-Language') ?? undefined);
    c.header('X-Edge-Cache', 'hit');
    return c.body(await cached.text(), 200, { 'Content-Type': 'application/json' });
  }

  latest ??= await readLatest();
  const config = visitorConfig(latest.config, { languages: languageCandidates(query.lang), region, gpc });
  const notice = await noticeSummary(c.env.DB, site.id, [config.locale, latest.config.locale]);
  const body = JSON.stringify(notice ? { ...config, notice } : config);
  if (edgeTtl > 0) {
    const { locale, languages, forceLanguage } = latest.config;
    keepAtEdge(c, offerCacheKey(site.id), JSON.stringify({ locale, languages, forceLanguage }), edgeTtl);
    // A cached offer older than this config may have led to another language's key: keep nothing under it.
    if (new URL(cacheKey.url).searchParams.get('locale') === config.locale) {
      keepAtEdge(c, cacheKey, body, edgeTtl, { 'Content-Language': config.locale });
    }
  }
  c.header('Content-Language', config.locale);
  c.header('X-Edge-Cache', 'miss');
  return c.body(body, 200, { 'Content-Type': 'application/json' });
});
