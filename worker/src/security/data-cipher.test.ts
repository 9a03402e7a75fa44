import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { DataCipher } from './data-cipher.js';
import { fromBase64, toBase64Url } from './encoding.js';

describe('DataCipher', () => {
  it('encrypts with the current key id and still decrypts data sealed under an older key', async () => {
    const before = new DataCipher({ ...env, DATA_KEY_ID: 'k1' });
    const old = await before.encrypt('dpo@old.example');
    expect(old).toMatch(/^k1\./);
    const now = new DataCipher(env);
    const fresh = await now.encrypt('dpo@old.example');
    expect(fresh).toMatch(/^k2\./);
    expect(fresh).not.toBe(await now.encrypt('dpo@old.example'));
    expect(await now.decrypt(old)).toBe('dpo@old.example');
    expect(await now.decrypt(fresh)).toBe('dpo@old.example');
  });

  it('refuses tampered ciphertexts and gives stable keyed lookup hashes', async () => {
    const cipher = new DataCipher(env);
    const sealed = await cipher.encrypt('secret');
    // One bit flipped in the ciphertext bytes themselves: rewriting base64 characters can leave the
    // bytes unchanged (the last character carries padding bits), which made this test flaky.
    const [id, iv, ciphertext] = sealed.split('.');
    const bytes = fromBase64(ciphertext!);
    bytes[0]! ^= 1;
    await expect(cipher.decrypt(`${id}.${iv}.${toBase64Url(bytes)}`)).rejects.toThrow();
    expect(await cipher.lookupHash('a@b.example')).toBe(await cipher.lookupHash('a@b.example'));
    expect(await cipher.lookupHash('a@b.example')).not.toBe(await cipher.lookupHash('c@b.example'));
    expect(await cipher.lookupHash('a@b.example')).toMatch(/^[0-9a-f]{64}$/);
  });
});
