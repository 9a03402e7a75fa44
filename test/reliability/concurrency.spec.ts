import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { admin, consentEvent, postJson, storedLedger } from '../../worker/test/fixtures.js';
import { checkAnswer } from './support/answer-check.js';
import { clientAddress, createTenant, noticeDocument, TENANT_REVISION } from './support/tenants.js';

/** How many identical writes race each other. */
const RACERS = 4;

/** Sends the same write `RACERS` times at once; every answer must keep the error contract. */
async function race(send: () => Promise<Response>): Promise<number[]> {
  const answers = await Promise.all(Array.from({ length: RACERS }, send));
  return Promise.all(answers.map(async (res) => (await checkAnswer(res, 'POST')).status));
}

/**
 * The same write sent several times at once, as double clicks, retries and two operators do: one
 * wins, the others get the documented answer (a replay or a 409), never a 500 from the database.
 */
describe('concurrent writes', () => {
  it('creates a site once when the same id is asked for at once: one 201, the rest 409 site_exists', async () => {
    const siteId = `race-${crypto.randomUUID().slice(0, 8)}`;
    const statuses = await race(() => admin('/v1/admin/sites', env.ADMIN_ROOT_KEY, { method: 'POST', json: { name: 'Race', origins: ['https://race.example'], siteId } }));
    expect(statuses.sort()).toEqual([201, ...Array(RACERS - 1).fill(409)]);
  });

  it('publishes one config version and one notice version per round, the rest 409 conflict', async () => {
    const tenant = await createTenant('race');
    const config = await race(() => admin(`/v1/admin/sites/${tenant.siteId}/config`, tenant.keys.admin, { method: 'PUT', json: { categories: [{ id: 'necessary', title: 'N', description: 'N', required: true }] } }));
    expect(config.filter((status) => status === 201)).toHaveLength(1);
    expect(config.filter((status) => status !== 201).every((status) => status === 409)).toBe(true);
    const notice = await race(() => admin(`/v1/admin/sites/${tenant.siteId}/notices/en`, tenant.keys.admin, { method: 'PUT', json: { document: noticeDocument(tenant.marker) } }));
    expect(notice.filter((status) => status === 201)).toHaveLength(1);
  });

  it('records a consent event once when it is sent several times at once', async () => {
    const tenant = await createTenant('race-ledger');
    const event = consentEvent({ subjectId: tenant.subjectId, revision: TENANT_REVISION });
    const statuses = await race(() => postJson(`/v1/sites/${tenant.siteId}/consents`, event, { origin: tenant.origin, headers: { 'CF-Connecting-IP': clientAddress() } }));
    expect(statuses).toEqual(Array(RACERS).fill(201));
    const rows = (await storedLedger(tenant.siteId)).filter((row) => row.eventId === event.eventId);
    expect(rows).toHaveLength(1);
  });
});
