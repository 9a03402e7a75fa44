import { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { isAnySiteOrigin } from '../db/sites.js';
import { AppError } from '../errors.js';
import { outboxSeal } from '../email/mailer.js';
import { DataCipher } from '../security/data-cipher.js';

interface OutboxRow {
  seq: number;
  to_hash: string;
  to_enc: string;
  subject: string;
  body_enc: string;
  sent_at: string;
}

/**
 * `GET /v1/dev/outbox?to=…`: emails the development outbox holds, newest first, so tests and the
 * demo can read verification codes. Exists only where ENVIRONMENT is `development`. Pages may read
 * it only from a site's own origin: any other page a developer opens must not read the codes of
 * their local worker.
 */
export const devOutboxRoutes = new Hono<AppEnv>().get('/', async (c) => {
  if (c.env.ENVIRONMENT !== 'development') throw new AppError(404, 'not_found', 'No route for GET /v1/dev/outbox.');
  const cipher = new DataCipher(c.env);
  const to = c.req.query('to')?.trim().toLowerCase();
  const { results } = await c.env.DB.prepare('SELECT * FROM dev_outbox WHERE (?1 IS NULL OR to_hash = ?1) ORDER BY seq DESC LIMIT 50')
    .bind(to ? await cipher.lookupHash(to) : null)
    .all<OutboxRow>();
  const origin = c.req.header('Origin');
  c.header('Vary', 'Origin');
  if (origin !== undefined && (await isAnySiteOrigin(c.env.DB, origin))) c.header('Access-Control-Allow-Origin', origin);
  return c.json({
    items: await Promise.all(
      results.map(async (row) => ({
        to: await cipher.decrypt(row.to_enc, outboxSeal(row.to_hash, 'to_enc')),
        subject: row.subject,
        text: await cipher.decrypt(row.body_enc, outboxSeal(row.to_hash, 'body_enc')),
        sentAt: row.sent_at,
      })),
    ),
  });
});
