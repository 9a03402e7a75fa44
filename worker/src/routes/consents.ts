import { ConsentEventSchema, OpaqueIdSchema, type ConsentEvent, type ConsentReceipt } from '@novoaigen/consent-schema';
import { Hono } from 'hono';
import { assertChoicesMatchConfig } from '../consent-rules.js';
import type { ConfigVersion, ConfigVersionRef, SiteCatalogue } from '../db/sites.js';
import type { AppEnv, Bindings } from '../env.js';
import { AppError } from '../errors.js';
import { appendDecision, latestState } from '../ledger/ledger.js';
import type { StoredReceipt } from '../ledger/ledger-shard.js';
import { jsonBody } from '../middleware/json-body.js';
import { limitPublicWrites } from '../middleware/rate-limit.js';
import { canonicalJson, sha256Hex } from '../security/hashing.js';
import { signReceipt } from '../services/receipts.js';
import { configBody, freshSiteCatalogue, siteCatalogue, wordingHashOf } from '../services/site-cache.js';
import { sendsGpc } from '../services/visitor-config.js';

/** Largest consent event body accepted. */
export const MAX_CONSENT_BODY_BYTES = 16 * 1024;

const MAX_USER_AGENT_LENGTH = 512;

function hashEvent(event: ConsentEvent): Promise<string> {
  return sha256Hex(canonicalJson(event));
}

/**
 * `POST /v1/sites/:siteId/consents` appends a decision to the ledger (idempotent by `eventId`);
 * `GET /v1/sites/:siteId/consents/:subjectId` returns the subject's latest decision.
 *
 * A write makes one awaited storage call, to the subject's ledger shard: the site, its config
 * versions and notice versions come from the isolate's cache, and the shard checks the event id,
 * appends and answers the receipt facts in one call.
 */
export const consentRoutes = new Hono<AppEnv>()
  .post('/', limitPublicWrites, ...jsonBody(ConsentEventSchema, MAX_CONSENT_BODY_BYTES), async (c) => {
    const site = c.get('site');
    const event = c.req.valid('json');
    const payloadHash = await hashEvent(event);
    const shown = await configShown(c.env.DB, site.id, event);
    assertChoicesMatchConfig(shown.config, event.categories);

    const result = await appendDecision(c.env, site, {
      receiptId: crypto.randomUUID(),
      recordedAt: new Date().toISOString(),
      payloadHash,
      configVersion: shown.version,
      // The browser's signal counts even when the page's SDK did not report it.
      gpc: event.gpc || sendsGpc(c.req.header('Sec-GPC')),
      eventId: event.eventId,
      subjectId: event.subjectId,
      categories: event.categories,
      revision: event.revision,
      noticeVersion: event.noticeVersion ?? null,
      method: event.method,
      locale: event.locale ?? null,
      region: event.region ?? null,
      regime: event.regime ?? null,
      occurredAt: event.occurredAt ?? null,
      userAgent: c.req.header('User-Agent')?.slice(0, MAX_USER_AGENT_LENGTH) ?? null,
      country: (c.req.raw.cf as IncomingRequestCfProperties | undefined)?.country ?? null,
      wordingHash: event.locale ? await wordingHashOf(site.id, shown, event.locale) : null,
    });
    if ('conflict' in result) throw new AppError(409, 'event_id_conflict', `Event ${event.eventId} was already recorded with different content.`);
    const receipt = await signedReceipt(c.env, new URL(c.req.url).origin, site.id, event, result.stored);
    return result.replayed ? c.json(receipt, 201, { 'Idempotent-Replayed': 'true' }) : c.json(receipt, 201);
  })
  .get('/:subjectId', async (c) => {
    const subjectId = c.req.param('subjectId');
    const state = OpaqueIdSchema.safeParse(subjectId).success ? await latestState(c.env, c.get('site'), subjectId) : null;
    if (!state) throw new AppError(404, 'subject_not_found', 'No consent has been recorded for this subject on this site.');
    c.header('Cache-Control', 'no-store');
    return c.json(state);
  });

/** The version a write names, or the newest of its revision, in a catalogue. */
function versionIn(catalogue: SiteCatalogue | null, event: ConsentEvent): ConfigVersionRef | undefined {
  const versions = catalogue?.configVersions ?? [];
  return event.configVersion === undefined
    ? versions.filter((v) => v.revision === event.revision).at(-1)
    : versions.find((v) => v.version === event.configVersion && v.revision === event.revision);
}

/**
 * The config version the visitor saw: the one they name, or the newest of their revision; and the
 * notice version they name must exist. Checked against the cached catalogue; what it lacks is
 * looked up once in D1 before the write is refused, so a version published a moment ago in
 * another isolate is accepted.
 */
async function configShown(db: D1Database, siteId: string, event: ConsentEvent): Promise<ConfigVersion> {
  let catalogue = await siteCatalogue(db, siteId);
  const known = (c: SiteCatalogue | null) => versionIn(c, event) !== undefined && (event.noticeVersion === undefined || c?.noticeVersions.includes(event.noticeVersion) === true);
  if (!known(catalogue)) catalogue = await freshSiteCatalogue(db, siteId);
  const ref = versionIn(catalogue, event);
  if (!ref && event.configVersion !== undefined) {
    throw new AppError(422, 'unknown_config_version', `This site has no config version ${event.configVersion} of revision ${event.revision}.`, [
      { path: 'configVersion', message: 'unknown config version for this revision' },
    ]);
  }
  if (!ref) throw new AppError(422, 'unknown_revision', `This site has no config revision ${event.revision}.`, [{ path: 'revision', message: 'unknown revision' }]);
  if (event.noticeVersion !== undefined && !catalogue?.noticeVersions.includes(event.noticeVersion)) {
    throw new AppError(422, 'unknown_notice_version', `This site has no notice version ${event.noticeVersion}.`, [{ path: 'noticeVersion', message: 'unknown notice version' }]);
  }
  const shown = await configBody(db, siteId, ref.version, ref.publishedAt);
  if (!shown) throw new Error(`config version ${ref.version} of site ${siteId} listed but not found`);
  return shown;
}

/** The answer to a recorded event: ids, time, and the signed receipt (identical for every replay). */
async function signedReceipt(env: Bindings, issuer: string, siteId: string, event: ConsentEvent, stored: StoredReceipt): Promise<ConsentReceipt> {
  const receipt = await signReceipt(env, issuer, siteId, { ...event, ...stored });
  return { receiptId: stored.receiptId, recordedAt: stored.recordedAt, receipt };
}
