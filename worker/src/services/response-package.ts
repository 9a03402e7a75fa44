import { listHistory, listRequestsByEmail, type StoredRightsRequest } from '../db/rights-requests.js';
import { findSite } from '../db/sites.js';
import type { Bindings } from '../env.js';
import { subjectEvents } from '../ledger/ledger.js';
import { DataCipher } from '../security/data-cipher.js';

/** How long a download link works. */
export const DOWNLOAD_LINK_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** Where a request's answer package lives in R2. */
export const responseKey = (request: Pick<StoredRightsRequest, 'siteId' | 'id'>) => `${request.siteId}/${request.id}`;

/**
 * What the worker itself holds about the requester on this site: every request made from the same
 * email address, with its history, and the consent records of the browsers those requests came from.
 */
export async function dataHeldAbout(env: Bindings, request: StoredRightsRequest) {
  const requests = await listRequestsByEmail(env.DB, request.siteId, request.emailHash);
  const subjectIds = [...new Set(requests.map((r) => r.subjectId).filter((id): id is string => id !== null))];
  const site = await findSite(env.DB, request.siteId);
  const consentEvents = site ? (await Promise.all(subjectIds.map((subjectId) => subjectEvents(env, site, subjectId)))).flat() : [];
  return {
    rightsRequests: await Promise.all(
      requests.map(async (r) => ({
        requestId: r.id,
        type: r.type,
        status: r.status,
        receivedAt: r.receivedAt,
        dueAt: r.dueAt,
        closedAt: r.closedAt,
        history: (await listHistory(env.DB, r.siteId, r.id)).map(({ action, at }) => ({ action, at })),
      })),
    ),
    consentRecords: consentEvents,
  };
}

/** The answer file: the operator's package (decrypted) and what the worker holds, in one JSON document. */
export async function answerFile(env: Bindings, request: StoredRightsRequest, siteName: string) {
  const cipher = new DataCipher(env);
  const object = await env.RESPONSES.get(responseKey(request));
  const packageText = object ? new TextDecoder().decode(await cipher.decryptBytes(new Uint8Array(await object.arrayBuffer()))) : null;
  return {
    site: siteName,
    requestId: request.id,
    type: request.type,
    generatedAt: new Date().toISOString(),
    response: packageText === null ? null : { contentType: request.responseContentType, content: request.responseContentType === 'application/json' ? JSON.parse(packageText) : packageText },
    heldByThisService: await dataHeldAbout(env, request),
  };
}
