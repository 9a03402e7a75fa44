import { NoticeQuerySchema } from '@novoaigen/consent-schema';
import { type Context, Hono } from 'hono';
import { findNotice, listNoticeLocales, listNoticeVersions } from '../db/notices.js';
import { findLatestConfig } from '../db/sites.js';
import type { AppEnv } from '../env.js';
import { AppError } from '../errors.js';
import { valid } from '../validation.js';

/** The locale asked for, then the site's default locale. */
async function localesToTry(c: Context<AppEnv>, asked: string | undefined): Promise<string[]> {
  const fallback = (await findLatestConfig(c.env.DB, c.get('site').id))?.config.locale ?? 'en';
  return [...new Set([asked, fallback].filter((locale): locale is string => Boolean(locale)))];
}

/**
 * `GET /v1/sites/:siteId/notice?locale=&version=`: the notice (latest, or a given version) in the
 * locale asked for, falling back to the site's default locale; `GET …/notice/versions`: its versions,
 * and the locales the notice exists in.
 */
export const noticeRoutes = new Hono<AppEnv>()
  .get('/', valid('query', NoticeQuerySchema), async (c) => {
    const query = c.req.valid('query');
    for (const locale of await localesToTry(c, query.locale)) {
      const notice = await findNotice(c.env.DB, c.get('site').id, locale, query.version ?? null);
      if (notice) {
        // A given version never changes; the latest may.
        c.header('Cache-Control', query.version ? 'public, max-age=31536000, immutable' : 'public, max-age=300');
        c.header('Content-Language', notice.locale);
        return c.json(notice);
      }
    }
    throw new AppError(404, 'notice_not_found', 'This site has not published that notice.');
  })
  .get('/versions', valid('query', NoticeQuerySchema), async (c) => {
    for (const locale of await localesToTry(c, c.req.valid('query').locale)) {
      const versions = await listNoticeVersions(c.env.DB, c.get('site').id, locale);
      if (versions.length > 0) return c.json({ locale, versions, locales: await listNoticeLocales(c.env.DB, c.get('site').id) });
    }
    throw new AppError(404, 'notice_not_found', 'This site has not published that notice.');
  });
