import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { admin, consentEvent, createAdminSite, latestCode, outbox, postJson, request } from '../../test/fixtures.js';
import { findRequest } from '../db/rights-requests.js';
import { type ReceiptClaims, ReceiptSigner } from '../security/receipt-signer.js';
import { provenSubjectId } from '../services/receipts.js';
import { dataHeldAbout } from '../services/response-package.js';

async function verified(siteId: string, email: string, extra: Record<string, unknown> = {}) {
  const { requestId } = (await (await postJson(`/v1/sites/${siteId}/rights-requests`, { type: 'access', fullName: 'Dorothy Vaughan', email, confirm: true, ...extra })).json()) as { requestId: string };
  await postJson(`/v1/sites/${siteId}/rights-requests/${requestId}/verify`, { code: await latestCode(email) });
  return requestId;
}

/** Records a decision of `subjectId` and returns the receipt the worker signed for it. */
async function receiptFor(siteId: string, subjectId: string): Promise<string> {
  const res = await postJson(`/v1/sites/${siteId}/consents`, consentEvent({ subjectId, method: 'accept_all', categories: { necessary: true, analytics: true, marketing: true } }));
  return ((await res.json()) as { receipt: string }).receipt;
}

/** The subject ids whose consent records the answer to `requestId` includes. */
async function answeredSubjects(siteId: string, requestId: string): Promise<string[]> {
  const held = await dataHeldAbout(env, (await findRequest(env.DB, siteId, requestId))!);
  return [...new Set(held.consentRecords.map((record) => record.subjectId))];
}

const storedSubject = (requestId: string) => env.DB.prepare('SELECT subject_id FROM rights_requests WHERE id = ?').bind(requestId).first('subject_id');

const linkIn = (text: string) => /(https:\/\/api\.test\/\S+download\?token=\S+)/.exec(text)?.[1] ?? '';

describe('answering access requests', () => {
  it('uploads a package encrypted, emails a 7-day link, and delivers it with what the service holds after a fresh code', async () => {
    const site = await createAdminSite('Answers');
    const email = 'dorothy@example.org';
    const subjectId = 'subject-answers-000000001';
    const receipt = await receiptFor(site.siteId, subjectId);
    const requestId = await verified(site.siteId, email, { receipt });

    const upload = await admin(`/v1/admin/sites/${site.siteId}/rights-requests/${requestId}/response`, site.keys.operator, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ crm: { name: 'Dorothy Vaughan', orders: 3 } }),
    });
    expect(upload.status).toBe(200);
    const stored = await env.RESPONSES.get(`${site.siteId}/${requestId}`);
    expect(new TextDecoder().decode(await stored!.arrayBuffer())).not.toContain('Dorothy');

    const mail = (await outbox(email)).find((m) => m.subject === 'Your data is ready');
    const link = new URL(linkIn(mail?.text ?? ''));
    const token = link.searchParams.get('token') ?? '';
    const page = await request(`${link.pathname}${link.search}`, { origin: null });
    expect(page.status).toBe(200);
    expect(page.headers.get('Content-Security-Policy')).toMatch(/script-src 'nonce-[^']+'/);
    expect(await page.text()).toContain('Email me a code');

    const base = `/v1/sites/${site.siteId}/rights-requests/${requestId}`;
    expect((await postJson(`${base}/download-code`, { token: 'x'.repeat(43) }, { origin: 'https://api.test' })).status).toBe(404);
    expect((await postJson(`${base}/download-code`, { token }, { origin: 'https://api.test' })).status).toBe(202);
    const code = /\b(\d{6})\b/.exec((await outbox(email)).find((m) => m.subject === 'Your download code')?.text ?? '')?.[1];
    const download = await postJson(`${base}/download`, { token, code }, { origin: 'https://api.test' });
    expect(download.status).toBe(200);
    expect(download.headers.get('Content-Disposition')).toContain('attachment');
    const file = (await download.json()) as {
      response: { contentType: string; content: unknown };
      heldByThisService: { rightsRequests: { requestId: string; history: { action: string }[] }[]; consentRecords: { subjectId: string; method: string }[] };
    };
    expect(file.response).toEqual({ contentType: 'application/json', content: { crm: { name: 'Dorothy Vaughan', orders: 3 } } });
    expect(file.heldByThisService.rightsRequests.map((r) => r.requestId)).toEqual([requestId]);
    expect(file.heldByThisService.rightsRequests[0]?.history.map((h) => h.action)).toEqual(expect.arrayContaining(['submitted', 'verified', 'response.uploaded']));
    expect(file.heldByThisService.consentRecords).toMatchObject([{ subjectId, method: 'accept_all' }]);

    // A code opens one download.
    expect((await postJson(`${base}/download`, { token, code }, { origin: 'https://api.test' })).status).toBe(403);
  });

  it('refuses packages for other request types, other media types, and expired links', async () => {
    const site = await createAdminSite('Answers refused');
    const deletion = await verified(site.siteId, 'del@example.org', { type: 'deletion' });
    const put = (id: string, contentType: string, body: string) =>
      admin(`/v1/admin/sites/${site.siteId}/rights-requests/${id}/response`, site.keys.operator, { method: 'PUT', headers: { 'Content-Type': contentType }, body });
    expect((await put(deletion, 'application/json', '{}')).status).toBe(409);
    const access = await verified(site.siteId, 'acc@example.org');
    expect((await put(access, 'text/plain', 'hello')).status).toBe(415);
    expect((await put(access, 'application/json', '{not json')).status).toBe(400);
    expect((await put(access, 'text/csv', 'field,value\nname,Ada\n')).status).toBe(200);
    expect((await admin(`/v1/admin/sites/${site.siteId}/rights-requests/${access}/response`, site.keys.viewer, { method: 'PUT', headers: { 'Content-Type': 'text/csv' }, body: 'a' })).status).toBe(403);

    const token = new URL(linkIn((await outbox('acc@example.org')).find((m) => m.subject === 'Your data is ready')?.text ?? '')).searchParams.get('token');
    await env.DB.prepare("UPDATE rights_requests SET download_expires_at = '2020-01-01T00:00:00.000Z' WHERE id = ?").bind(access).run();
    expect((await postJson(`/v1/sites/${site.siteId}/rights-requests/${access}/download-code`, { token }, { origin: 'https://api.test' })).status).toBe(404);
  });

  it('includes the consent records of a subject only when a receipt we signed for this site proved it', async () => {
    const site = await createAdminSite('Proven subjects');
    const mine = 'subject-proven-0000000001';
    const victim = 'subject-victim-0000000001';
    const receipt = await receiptFor(site.siteId, mine);
    await receiptFor(site.siteId, victim);

    const proven = await verified(site.siteId, 'proven@example.org', { receipt });
    expect(await storedSubject(proven)).toBe(mine);
    expect(await answeredSubjects(site.siteId, proven)).toEqual([mine]);

    // A bare subject id proves nothing: anyone can send the id of someone else's browser.
    const bare = await verified(site.siteId, 'bare@example.org', { subjectId: victim });
    expect(await storedSubject(bare)).toBeNull();
    expect(await answeredSubjects(site.siteId, bare)).toEqual([]);
  });

  it('accepts as proof only a receipt signed with our key, by our origin, for this site and the subject named', async () => {
    const site = await createAdminSite('Receipt proof');
    const other = await createAdminSite('Receipt proof, other site');
    const mine = 'subject-proof-00000000001';
    const victim = 'subject-proof-victim-0001';
    const receipt = await receiptFor(site.siteId, mine);
    const proof = (token: string | undefined, claimed?: string) => provenSubjectId(env, 'https://api.test', site.siteId, token, claimed);
    expect(await proof(receipt)).toBe(mine);
    expect(await proof(receipt, mine)).toBe(mine);
    // A real receipt does not vouch for another subject id sent beside it.
    expect(await proof(receipt, victim)).toBeNull();
    expect(await proof(undefined, victim)).toBeNull();
    // A receipt of another site; one naming another issuer; one signed with a key of the sender's own.
    expect(await proof(await receiptFor(other.siteId, victim))).toBeNull();
    const [header, payload, signature] = receipt.split('.');
    const claims = JSON.parse(atob(payload!.replace(/-/g, '+').replace(/_/g, '/'))) as ReceiptClaims;
    expect(await proof(await new ReceiptSigner(env).sign({ ...claims, sub: victim }))).toBe(victim);
    expect(await proof(await new ReceiptSigner(env).sign({ ...claims, iss: 'https://attacker.example', sub: victim }))).toBeNull();
    const forgedKey = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
    const forgedJwk = { ...(await crypto.subtle.exportKey('jwk', forgedKey.privateKey)), kid: new ReceiptSigner(env).kid };
    expect(await proof(await new ReceiptSigner({ RECEIPT_SIGNING_KEY: JSON.stringify(forgedJwk) }).sign({ ...claims, sub: victim }))).toBeNull();
    expect(await proof(`${header}.${payload}x.${signature}`)).toBeNull();
    expect(await proof('not a token')).toBeNull();
  });

  it('takes no consent records from an unverified request of the same email', async () => {
    const site = await createAdminSite('Unverified subjects');
    const email = 'unverified-subject@example.org';
    const subjectId = 'subject-unverif-000000001';
    // Someone submits in this email's name with a browser's receipt, and never confirms the code.
    const { requestId: unconfirmed } = (await (
      await postJson(`/v1/sites/${site.siteId}/rights-requests`, { type: 'access', fullName: 'Mallory', email, confirm: true, receipt: await receiptFor(site.siteId, subjectId) })
    ).json()) as { requestId: string };
    expect(await storedSubject(unconfirmed)).toBe(subjectId);
    const confirmed = await verified(site.siteId, email);
    expect(await answeredSubjects(site.siteId, confirmed)).toEqual([]);
  });
});
