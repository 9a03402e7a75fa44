import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { admin, createAdminSite, latestCode, postJson } from '../../test/fixtures.js';
import { listUnboundValues } from '../db/sealed-values.js';
import { resealUnboundValues } from '../services/reseal.js';
import { DataCipher, type SealContext, SealedValueError } from './data-cipher.js';
import { fromBase64, randomBytes, toBase64Url } from './encoding.js';

const here: SealContext = { table: 'rights_requests', column: 'email_enc', site: 'site-a', row: 'request-1' };

/** A value as releases before the encryption context sealed it: `<key id>.<iv>.<ciphertext>`, no associated data. */
async function sealedUnbound(plaintext: string, keyId = 'k1'): Promise<string> {
  const raw = (JSON.parse(env.DATA_KEYS) as Record<string, string>)[keyId]!;
  const key = await crypto.subtle.importKey('raw', fromBase64(raw), 'AES-GCM', false, ['encrypt']);
  const iv = randomBytes(12);
  const ciphertext = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, new TextEncoder().encode(plaintext));
  return `${keyId}.${toBase64Url(iv)}.${toBase64Url(new Uint8Array(ciphertext))}`;
}

describe('DataCipher', () => {
  it('encrypts with the current key id and still decrypts data sealed under an older key', async () => {
    const before = new DataCipher({ ...env, DATA_KEY_ID: 'k1' });
    const old = await before.encrypt('dpo@old.example', here);
    expect(old).toMatch(/^v2\.k1\./);
    const now = new DataCipher(env);
    const fresh = await now.encrypt('dpo@old.example', here);
    expect(fresh).toMatch(/^v2\.k2\./);
    expect(fresh).not.toBe(await now.encrypt('dpo@old.example', here));
    expect(await now.decrypt(old, here)).toBe('dpo@old.example');
    expect(await now.decrypt(fresh, here)).toBe('dpo@old.example');
  });

  it('refuses tampered ciphertexts and gives stable keyed lookup hashes', async () => {
    const cipher = new DataCipher(env);
    const sealed = await cipher.encrypt('secret', here);
    // One bit flipped in the ciphertext bytes themselves: rewriting base64 characters can leave the
    // bytes unchanged (the last character carries padding bits), which made this test flaky.
    const [marker, id, iv, ciphertext] = sealed.split('.');
    const bytes = fromBase64(ciphertext!);
    bytes[0]! ^= 1;
    await expect(cipher.decrypt(`${marker}.${id}.${iv}.${toBase64Url(bytes)}`, here)).rejects.toBeInstanceOf(SealedValueError);
    expect(await cipher.lookupHash('a@b.example')).toBe(await cipher.lookupHash('a@b.example'));
    expect(await cipher.lookupHash('a@b.example')).not.toBe(await cipher.lookupHash('c@b.example'));
    expect(await cipher.lookupHash('a@b.example')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('binds a value to its table, column, site and row: moved anywhere else it does not decrypt', async () => {
    const cipher = new DataCipher(env);
    const sealed = await cipher.encrypt('requester@example.org', here);
    for (const elsewhere of [{ ...here, row: 'request-2' }, { ...here, column: 'full_name_enc' }, { ...here, site: 'site-b' }, { ...here, table: 'sites' }]) {
      await expect(cipher.decrypt(sealed, elsewhere), JSON.stringify(elsewhere)).rejects.toBeInstanceOf(SealedValueError);
    }
    const bytes = await cipher.encryptBytes(await new Response('{"orders":[]}').arrayBuffer(), here);
    expect(new TextDecoder().decode(await cipher.decryptBytes(bytes, here))).toBe('{"orders":[]}');
    await expect(cipher.decryptBytes(bytes, { ...here, row: 'request-2' })).rejects.toBeInstanceOf(SealedValueError);
  });

  it('still decrypts values of the first format, sealed without context', async () => {
    const cipher = new DataCipher(env);
    expect(await cipher.decrypt(await sealedUnbound('dpo@old.example'), here)).toBe('dpo@old.example');
    const raw = (JSON.parse(env.DATA_KEYS) as Record<string, string>).k1!;
    const key = await crypto.subtle.importKey('raw', fromBase64(raw), 'AES-GCM', false, ['encrypt']);
    const iv = randomBytes(12);
    const ciphertext = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, new TextEncoder().encode('package')));
    const oldBytes = new Uint8Array([...new TextEncoder().encode('k1.'), ...iv, ...ciphertext]);
    expect(new TextDecoder().decode(await cipher.decryptBytes(oldBytes, here))).toBe('package');
  });

  it('answers a value moved to another site with a clear error that names nothing of it', async () => {
    const site = await createAdminSite('Moved value');
    const email = `moved-${site.siteId}@example.org`;
    const { requestId } = (await (await postJson(`/v1/sites/${site.siteId}/rights-requests`, { type: 'access', fullName: 'Ada', email, confirm: true })).json()) as { requestId: string };
    // A requester's email copied into the site's privacy-contact column, which its viewers read.
    await env.DB.prepare('UPDATE sites SET privacy_email_enc = (SELECT email_enc FROM rights_requests WHERE id = ?) WHERE id = ?').bind(requestId, site.siteId).run();
    const res = await admin(`/v1/admin/sites/${site.siteId}`, site.keys.viewer);
    expect(res.status).toBe(500);
    const body = await res.text();
    expect(JSON.parse(body)).toMatchObject({ error: { code: 'stored_value_unreadable' } });
    expect(body).not.toContain(email);
    expect(body).not.toMatch(/OperationError|rights_requests|decrypt\(/);
  });
});

describe('re-sealing job', () => {
  it('rewrites values of the first format bound to their place, once; they still decrypt', async () => {
    const site = await createAdminSite('Old rows');
    const email = `old-${site.siteId}@example.org`;
    const { requestId } = (await (await postJson(`/v1/sites/${site.siteId}/rights-requests`, { type: 'correction', fullName: 'Grace Hopper', email, details: 'my address', confirm: true })).json()) as { requestId: string };
    await postJson(`/v1/sites/${site.siteId}/rights-requests/${requestId}/verify`, { code: await latestCode(email) });
    await admin(`/v1/admin/sites/${site.siteId}/rights-requests/${requestId}/status`, site.keys.operator, { method: 'POST', json: { status: 'in_progress', note: 'called them' } });
    // The rows as an older release wrote them.
    await env.DB.batch([
      env.DB.prepare('UPDATE rights_requests SET email_enc = ?, full_name_enc = ?, details_enc = ? WHERE id = ?').bind(await sealedUnbound(email), await sealedUnbound('Grace Hopper'), await sealedUnbound('my address'), requestId),
      env.DB.prepare('UPDATE rights_request_history SET note_enc = ? WHERE request_id = ? AND note_enc IS NOT NULL').bind(await sealedUnbound('called them'), requestId),
      env.DB.prepare('UPDATE sites SET privacy_email_enc = ?, turnstile_secret_enc = NULL WHERE id = ?').bind(await sealedUnbound('dpo@old.example'), site.siteId),
    ]);
    const unbound = "substr(email_enc, 1, 3) <> 'v2.' OR substr(full_name_enc, 1, 3) <> 'v2.' OR substr(details_enc, 1, 3) <> 'v2.'";
    expect(await env.DB.prepare(`SELECT COUNT(*) AS n FROM rights_requests WHERE id = ? AND (${unbound})`).bind(requestId).first('n')).toBe(1);

    // Bounded batches until nothing is left; other tests' rows may be moved too.
    let moved = 0;
    for (let run = 0, rewritten = -1; rewritten !== 0; run += 1) {
      expect(run, 'runs until nothing is left').toBeLessThan(100);
      rewritten = await resealUnboundValues(env, 3);
      expect(rewritten).toBeLessThanOrEqual(3);
      moved += rewritten;
    }
    expect(moved).toBeGreaterThanOrEqual(5);
    expect(await resealUnboundValues(env)).toBe(0);

    const row = await env.DB.prepare('SELECT email_enc, full_name_enc, details_enc FROM rights_requests WHERE id = ?').bind(requestId).first<Record<string, string>>();
    for (const value of Object.values(row!)) expect(value).toMatch(/^v2\.k2\./);
    expect(await env.DB.prepare('SELECT note_enc FROM rights_request_history WHERE request_id = ? AND note_enc IS NOT NULL').bind(requestId).first('note_enc')).toMatch(/^v2\./);
    expect(await env.DB.prepare('SELECT privacy_email_enc FROM sites WHERE id = ?').bind(site.siteId).first('privacy_email_enc')).toMatch(/^v2\./);

    const read = (await (await admin(`/v1/admin/sites/${site.siteId}/rights-requests/${requestId}`, site.keys.operator)).json()) as Record<string, unknown> & { history: { note: string | null }[] };
    expect(read).toMatchObject({ email, fullName: 'Grace Hopper', details: 'my address' });
    expect(read.history.map((entry) => entry.note)).toContain('called them');
    expect(await (await admin(`/v1/admin/sites/${site.siteId}`, site.keys.viewer)).json()).toMatchObject({ forwarding: { privacyEmail: 'dpo@old.example' } });
  });

  it('leaves a value alone that changed after it was read', async () => {
    const site = await createAdminSite('Changed meanwhile');
    // Every older value elsewhere moved first, so this site's is the one the next listing reads.
    for (let run = 0; (await resealUnboundValues(env, 50)) > 0; run += 1) expect(run, 'runs until nothing is left').toBeLessThan(100);
    await env.DB.prepare('UPDATE sites SET turnstile_secret_enc = ? WHERE id = ?').bind(await sealedUnbound('turnstile-old-secret'), site.siteId).run();
    const [value] = await listUnboundValues(env.DB, 1);
    expect(value?.context).toEqual({ table: 'sites', column: 'turnstile_secret_enc', site: site.siteId, row: site.siteId });
    const cipher = new DataCipher(env);
    const newer = await cipher.encrypt('turnstile-new-secret', value!.context);
    await env.DB.prepare('UPDATE sites SET turnstile_secret_enc = ? WHERE id = ?').bind(newer, site.siteId).run();
    await env.DB.batch([value!.replace(env.DB, await cipher.encrypt('turnstile-old-secret', value!.context))]);
    expect(await env.DB.prepare('SELECT turnstile_secret_enc FROM sites WHERE id = ?').bind(site.siteId).first('turnstile_secret_enc')).toBe(newer);
  });
});
